//! The server's log never holds an ID number or a mobile: a whole import → verification →
//! export flow runs (including refused files, the audited views and an external interface
//! that times out, whose errors name the URL they called), and the log of the process is
//! searched for every ID number and mobile the flow used.

use api_types::{BatchOut, ErrorCode};
use server::interfaces::Limits;
use simulator::Faults;

use crate::app::{logs, Client, TestApp};
use crate::assertions::{assert_error, assert_import_refused};
use crate::fixtures::{mobile, resident_id, resident_row, t, valid_rows, workbook};

/// The people of this test (seq numbers no other test uses).
const FIRST: u32 = 901;
const PEOPLE: u32 = 8;
const SLOW_FIRST: u32 = 921;
const SLOW_PEOPLE: u32 = 3;
const ADDED_ID_SEQ: u32 = 931;
const ADDED_MOBILE: &str = "13312349931";

async fn start_verification(unit: &Client, b: &BatchOut) -> BatchOut {
    unit.verification(b).start().await
}

#[tokio::test]
async fn no_id_number_or_mobile_reaches_the_log() {
    // A normal day: import, add, search, view, export, verify, export the results.
    let app = TestApp::with_simulator().await;
    app.travel("2026-11-30T10:00:00").await;
    let unit = app.unit("tuixiu200000031").await;
    let b = unit.batches().create_voucher_batch().await;
    let mut refused = valid_rows(FIRST, 2);
    refused.push(resident_row(
        "重复",
        t(&resident_id(FIRST)),
        &mobile(FIRST + 50),
    ));
    assert_import_refused(unit.roster(&b).try_import(workbook(&refused)).await).await;
    let imported = unit
        .roster(&b)
        .import(workbook(&valid_rows(FIRST, PEOPLE)))
        .await;
    let person = serde_json::json!({
        "name": "张三", "doc_type": "resident_id",
        "id_number": resident_id(ADDED_ID_SEQ), "mobile": ADDED_MOBILE,
    });
    let added = unit.roster(&imported.batch).add(&person).await;
    let res = unit.roster(&added.batch).try_add(&person).await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;
    let roster = unit.roster(&added.batch);
    let found = roster
        .list(&format!("?id_number={}", resident_id(FIRST + 1)))
        .await;
    assert_eq!(found.total, 1);
    assert_eq!(
        roster.person(found.items[0].id).await.status().as_u16(),
        200
    );
    assert_eq!(roster.export().await.status().as_u16(), 200);
    let started = start_verification(&unit, &added.batch).await;
    for _ in 0..20 {
        if app.run_pending_tasks().await == 0 {
            break;
        }
    }
    let done = unit.batches().fetch(started.id).await;
    assert_eq!(done.status, "verified");
    let export = format!("/api/batches/{}/verification/export?unmasked=true", b.id);
    assert_eq!(unit.get(&export).await.status().as_u16(), 200);

    // A bad day: the social-security interface hangs, one person at a time (no batch
    // endpoint), and every call times out.
    let slow = TestApp::builder()
        .simulator(Faults {
            timeout_percent: 100,
            ..Faults::default()
        })
        .settings(|s| {
            s.interfaces.batch_endpoints = false;
            let quick = Limits {
                timeout_ms: 150,
                attempts: 2,
                backoff_ms: 10,
                max_backoff_ms: 20,
                ..Limits::default()
            };
            s.interfaces.social_security_persons = quick.clone();
            s.interfaces.pension = quick;
        })
        .spawn()
        .await;
    slow.travel("2026-11-30T10:00:00").await;
    let unit = slow.unit("tuixiu200000032").await;
    let b = unit.batches().create_voucher_batch().await;
    let imported = unit
        .roster(&b)
        .import(workbook(&valid_rows(SLOW_FIRST, SLOW_PEOPLE)))
        .await;
    start_verification(&unit, &imported.batch).await;
    slow.run_pending_tasks().await;

    let log = logs::captured();
    assert!(
        log.contains("verification: interface unavailable"),
        "the failing calls were logged (or the capture is empty)"
    );
    let mut secrets: Vec<String> = (FIRST..FIRST + PEOPLE)
        .chain(SLOW_FIRST..SLOW_FIRST + SLOW_PEOPLE)
        .flat_map(|seq| [resident_id(seq), mobile(seq)])
        .collect();
    secrets.extend([
        resident_id(ADDED_ID_SEQ),
        ADDED_MOBILE.to_owned(),
        mobile(FIRST + 50),
    ]);
    let leaks: Vec<&str> = log
        .lines()
        .filter(|line| secrets.iter().any(|s| line.contains(s.as_str())) || holds_any(line))
        .collect();
    assert!(
        leaks.is_empty(),
        "personal data in the log:\n{}",
        leaks.join("\n")
    );
}

/// Whether a log line holds any resident ID number (a valid check digit) or mainland mobile
/// as a word of its own — from this test or any other test of the process that logged
/// before this one looked.
fn holds_any(line: &str) -> bool {
    line.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| match word.len() {
            18 => domain::IdNumber::parse(domain::DocumentType::ResidentId, word).is_ok(),
            11 => word.starts_with('1') && domain::Mobile::parse(word).is_ok(),
            _ => false,
        })
}
