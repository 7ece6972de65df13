//! The masked roster list cannot be unmasked: it shows the first 3 and last 4 characters of
//! an ID number and no birth date (a resident ID's digits 7–14), a search by 证件号 finds a
//! whole number or its last 4 characters only (a prefix search read the hidden digits back
//! one request at a time), and every such search is in the audit log without the number.

use api_types::{ErrorCode, RosterPersonOut};

use crate::app::TestApp;
use crate::assertions::{assert_error, assert_json};
use crate::fixtures::{resident_id, valid_rows, workbook};

#[tokio::test]
async fn the_list_shows_three_and_four_characters_and_no_birth_date() {
    let (_app, unit, b) = TestApp::with_voucher_batch("tuixiu200000021").await;
    let imported = unit.roster(&b).import(workbook(&valid_rows(1, 3))).await;
    let roster = unit.roster(&imported.batch);
    let res = unit
        .get(&format!("/api/batches/{}/roster", imported.batch.id))
        .await;
    let page: serde_json::Value = assert_json(res, 200).await;
    for (i, item) in page["items"].as_array().unwrap().iter().enumerate() {
        let id = resident_id(u32::try_from(i).unwrap() + 1);
        let expected = format!("{}{}{}", &id[..3], "*".repeat(11), &id[14..]);
        assert_eq!(item["id_number_masked"], expected.as_str());
        assert!(item.get("birth_date").is_none(), "{item}");
    }
    let text = page.to_string();
    for leak in ["1950-01-01", "19500101", "110101"] {
        assert!(!text.contains(leak), "the list gives away {leak}: {text}");
    }
    // The audited single-person view still has it.
    let first = page["items"][0]["id"].as_str().unwrap().parse().unwrap();
    let full: RosterPersonOut = assert_json(roster.person(first).await, 200).await;
    assert_eq!(full.birth_date.to_string(), "1950-01-01");
    assert_eq!(full.id_number, resident_id(1));
}

#[tokio::test]
async fn an_id_number_is_searched_whole_or_by_its_last_four_and_each_search_is_audited() {
    let (app, unit, b) = TestApp::with_voucher_batch("tuixiu200000022").await;
    let imported = unit.roster(&b).import(workbook(&valid_rows(1, 25))).await;
    let roster = unit.roster(&imported.batch);
    let id = resident_id(7);

    // A prefix no longer narrows the list down digit by digit.
    for prefix in [&id[..6], &id[..10], &id[..17]] {
        assert_eq!(roster.list(&format!("?id_number={prefix}")).await.total, 0);
    }
    let whole = roster.list(&format!("?id_number={id}")).await;
    assert_eq!(whole.total, 1);
    let lower = roster
        .list(&format!("?id_number={}", id.to_lowercase()))
        .await;
    assert_eq!(lower.total, 1, "normalised like an import");
    let last_four = roster.list(&format!("?id_number={}", &id[14..])).await;
    assert_eq!(last_four.total, 1);
    assert_eq!(last_four.items[0].id, whole.items[0].id);

    // Wildcards and fragments too short to mean anything are refused, not matched.
    for refused in ["%25", "_", "110_", "007"] {
        let path = format!("/api/batches/{}/roster?id_number={refused}", b.id);
        assert_error(unit.get(&path).await, 422, ErrorCode::ValidationFailed).await;
    }

    // Six searches by ID number (three prefixes, whole, lower case, last four), each in the
    // audit log with what it found and without the number.
    let admin = app.admin("admin22").await;
    let logs = admin
        .audit_logs()
        .list("?action=roster.searched_by_id_number&page_size=50")
        .await;
    assert_eq!(logs["total"], 6, "{logs}");
    let entry = &logs["items"][0];
    assert_eq!(entry["target_type"], "batch");
    assert_eq!(entry["target_id"], b.id.to_string());
    assert_eq!(entry["actor_account"], "tuixiu200000022");
    let text = logs.to_string();
    assert!(
        text.contains("\"last_four\"") && text.contains("\"exact\""),
        "{text}"
    );
    for part in [&id[..], &id[..6], &id[14..]] {
        assert!(!text.contains(part), "the audit log holds {part}: {text}");
    }
    // A search by name is not audited.
    roster.list("?name=人员一").await;
    let logs = admin
        .audit_logs()
        .list("?action=roster.searched_by_id_number")
        .await;
    assert_eq!(logs["total"], 6);
}
