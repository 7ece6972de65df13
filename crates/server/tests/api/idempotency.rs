//! `Idempotency-Key` on roster import and 新增参保人员: a retry of the same request answers
//! the first success without doing it again; the same key with another request is refused;
//! keys belong to one caller, a failed request keeps nothing, and keys end after 24 hours.

use api_types::{BatchOut, ErrorCode, ImportOut, PersonAddedOut};
use chrono::Duration;
use reqwest::{Method, Response};
use serde_json::json;

use crate::app::{Client, TestApp};
use crate::assertions::{assert_error, assert_json};
use crate::fixtures::{mobile, resident_id, valid_rows, workbook};

async fn import(c: &Client, b: &BatchOut, version: i32, key: &str, file: Vec<u8>) -> Response {
    c.request(
        Method::POST,
        &format!("/api/batches/{}/roster/import", b.id),
    )
    .header("If-Match", format!("\"{version}\""))
    .header("Idempotency-Key", key)
    .header("Content-Type", "application/octet-stream")
    .body(file)
    .send()
    .await
    .unwrap()
}

async fn add(c: &Client, b: &BatchOut, version: i32, key: &str, seq: u32) -> Response {
    let person = json!({
        "name": "张三", "doc_type": "resident_id", "id_number": resident_id(seq),
        "mobile": mobile(seq)
    });
    c.request(Method::POST, &format!("/api/batches/{}/roster", b.id))
        .header("If-Match", format!("\"{version}\""))
        .header("Idempotency-Key", key)
        .json(&person)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_retried_import_answers_the_first_success_without_importing_again() {
    let (app, unit, b) = TestApp::with_voucher_batch("tuixiu310000001").await;
    let created = unit.api_keys().create(&["roster:write"], None).await;
    let key = app.integrator(&created.secret);
    let file = workbook(&valid_rows(1, 3));
    let first = import(&key, &b, b.version, "import-1", file.clone()).await;
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: ImportOut = assert_json(first, 200).await;
    assert_eq!(first.batch.version, b.version + 1);

    let again = import(&key, &b, b.version, "import-1", file.clone()).await;
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: ImportOut = assert_json(again, 200).await;
    assert_eq!(again, first);
    let now = unit.batches().fetch(b.id).await;
    assert_eq!(now.version, b.version + 1, "imported once");
    let admin = app.admin("admin31").await;
    let actions = admin.audit_logs().actions("?action=roster.imported").await;
    assert_eq!(actions.len(), 1);

    // The same key with another file: refused, nothing done.
    let other = workbook(&valid_rows(10, 2));
    let res = import(&key, &b, now.version, "import-1", other.clone()).await;
    let body = assert_error(res, 422, ErrorCode::IdempotencyKeyReused).await;
    assert!(body.message.contains("Idempotency-Key"), "{}", body.message);
    assert_eq!(unit.batches().fetch(b.id).await.version, now.version);
    // …and with the same file on another path (another batch).
    let b2 = unit.batches().create_voucher_batch().await;
    let res = import(&key, &b2, b2.version, "import-1", file).await;
    assert_error(res, 422, ErrorCode::IdempotencyKeyReused).await;

    // A day later the key is free again.
    app.clock.advance(Duration::hours(25));
    let res = import(&key, &b, now.version, "import-1", other).await;
    let out: ImportOut = assert_json(res, 200).await;
    assert_eq!(out.imported, 2);
}

#[tokio::test]
async fn a_retried_person_is_added_once_and_keys_belong_to_one_caller() {
    let (app, unit, b) = TestApp::with_voucher_batch("tuixiu310000002").await;
    let created = unit.api_keys().create(&["roster:write"], None).await;
    let key = app.integrator(&created.secret);
    let first: PersonAddedOut = assert_json(add(&key, &b, b.version, "p-1", 1).await, 201).await;
    let res = add(&key, &b, b.version, "p-1", 1).await;
    assert_eq!(res.status().as_u16(), 201);
    assert_eq!(res.headers()["idempotent-replayed"], "true");
    let again: PersonAddedOut = res.json().await.unwrap();
    assert_eq!(again, first);
    assert_eq!(unit.roster(&b).list("").await.total, 1);
    let res = add(&key, &b, b.version, "p-1", 2).await;
    assert_error(res, 422, ErrorCode::IdempotencyKeyReused).await;

    // The operator's own "p-1" is another key: it runs (and meets the batch's version).
    let res = add(&unit, &b, first.batch.version, "p-1", 2).await;
    assert_eq!(res.status().as_u16(), 201);
    assert!(res.headers().get("idempotent-replayed").is_none());
    assert_eq!(unit.roster(&b).list("").await.total, 2);
}

#[tokio::test]
async fn a_failed_request_keeps_nothing_and_a_bad_key_is_refused() {
    let (_app, unit, b) = TestApp::with_voucher_batch("tuixiu310000003").await;
    // A stale version fails; the retry with the right one and the same key runs.
    let res = add(&unit, &b, b.version + 7, "retry-me", 1).await;
    assert_error(res, 409, ErrorCode::VersionConflict).await;
    let res = add(&unit, &b, b.version, "retry-me", 1).await;
    assert_eq!(res.status().as_u16(), 201);
    assert!(res.headers().get("idempotent-replayed").is_none());

    let long = "x".repeat(201);
    let person = json!({ "name": "李四", "doc_type": "resident_id", "id_number": resident_id(2) });
    for bad in [long.as_str(), "含中文", "has space"] {
        let value = reqwest::header::HeaderValue::from_bytes(bad.as_bytes()).unwrap();
        let res = unit
            .request(Method::POST, &format!("/api/batches/{}/roster", b.id))
            .header("If-Match", "\"9\"")
            .header("Idempotency-Key", value)
            .json(&person)
            .send()
            .await
            .unwrap();
        let body = assert_error(res, 400, ErrorCode::BadRequest).await;
        assert!(body.message.contains("Idempotency-Key"), "{}", body.message);
    }
    assert_eq!(unit.roster(&b).list("").await.total, 1);
}
