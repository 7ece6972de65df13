//! Batches (windows, numbering, list, isolation, deletion), payment method, the
//! withholding letter and optimistic concurrency.

use api_types::{BatchOut, ErrorCode, PaymentMethodKey};
use reqwest::Method;
use serde_json::json;

use crate::app::TestApp;
use crate::assertions::{assert_error, assert_json, assert_version_conflict};
use crate::fixtures::{valid_rows, workbook};

fn allows(b: &BatchOut, action: &str) -> bool {
    b.allowed_actions.iter().any(|a| a == action)
}

#[tokio::test]
async fn batches_open_only_inside_their_windows_with_daily_numbers() {
    let app = TestApp::spawn().await;
    let unit = app.unit("tuixiu100000003").await;
    app.travel("2026-11-30T10:00:00").await;
    let res = unit.batches().try_create("centralized").await;
    let body = assert_error(res, 422, ErrorCode::RuleRefused).await;
    assert!(
        body.message.contains("集中参保通道已于"),
        "{}",
        body.message
    );

    let first = unit.batches().create("instant").await;
    let second = unit.batches().create("instant").await;
    assert_eq!(first.batch_no, "TXZY202611300001");
    assert_eq!(second.batch_no, "TXZY202611300002");
    assert_eq!(first.plan_year, 2026);
    assert_eq!(first.status, "roster_pending");
    assert_eq!(first.status_label, "名单待导入");
    assert!(allows(&first, "choose_voucher"));
    assert!(allows(&first, "delete_batch"));
    assert!(!allows(&first, "choose_withholding"));
    assert!(!allows(&first, "import_roster"));

    // Inside the 2025 centralized window, instant enrollment has not opened yet.
    app.travel("2025-05-20T09:00:00").await;
    let c = unit.batches().create("centralized").await;
    assert_eq!(c.batch_no, "TXZY202505200001");
    assert_eq!(c.plan_year, 2025);
    assert!(allows(&c, "choose_withholding"));
    let res = unit.batches().try_create("instant").await;
    let body = assert_error(res, 422, ErrorCode::RuleRefused).await;
    assert!(body.message.contains("尚未开放"), "{}", body.message);

    let reviewer = app.reviewer("shenhe09").await;
    let res = reviewer.batches().try_create("centralized").await;
    assert_error(res, 403, ErrorCode::Forbidden).await;
}

#[tokio::test]
async fn the_list_filters_pages_and_keeps_units_apart() {
    let app = TestApp::spawn().await;
    app.travel("2026-11-30T10:00:00").await;
    let a = app.unit("tuixiu100000004").await;
    let b = app.unit("tuixiu100000005").await;
    let mut mine = Vec::new();
    for _ in 0..3 {
        mine.push(a.batches().create("instant").await);
    }
    let theirs = b.batches().create("instant").await;
    b.batches().create_voucher_batch().await;

    let page = a.batches().list("?page=1&page_size=2").await;
    assert_eq!(page.total, 3);
    assert_eq!(page.items.len(), 2);
    assert!(page.items.iter().all(|i| i.unit_id == mine[0].unit_id));
    let page2 = a.batches().list("?page=2&page_size=2").await;
    assert_eq!(page2.items.len(), 1);

    let by_no = a.batches().list("?batch_no=0002").await;
    assert_eq!(by_no.total, 1);
    assert_eq!(by_no.items[0].batch_no, mine[1].batch_no);
    assert_eq!(b.batches().list("?status=roster_pending").await.total, 2);
    let verifying = b.batches().list("?status=verification_pending").await;
    assert_eq!(verifying.total, 0);
    assert_eq!(b.batches().list("").await.total, 2);

    // Another unit's batch does not exist for this operator.
    let res = a.batches().get(theirs.id).await;
    assert_error(res, 404, ErrorCode::NotFound).await;
    let reviewer = app.reviewer("shenhe08").await;
    assert_eq!(reviewer.batches().list("").await.total, 5);
    let name = urlencode(&theirs.unit_name);
    let by_unit = reviewer.batches().list(&format!("?unit_name={name}")).await;
    assert_eq!(by_unit.total, 2);
    let bad = a.batches().try_list("?status=nonsense").await;
    assert_error(bad, 422, ErrorCode::ValidationFailed).await;
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn a_batch_is_deleted_while_allowed_and_only_by_its_unit() {
    let app = TestApp::spawn().await;
    app.travel("2026-11-30T10:00:00").await;
    let a = app.unit("tuixiu100000006").await;
    let b = app.unit("tuixiu100000007").await;
    let batch = a.batches().create("instant").await;
    assert_eq!(batch.version, 1);
    let res = b.batches().delete(&batch).await;
    assert_error(res, 404, ErrorCode::NotFound).await;
    let stale = BatchOut {
        version: 7,
        ..batch.clone()
    };
    assert_version_conflict(a.batches().delete(&stale).await).await;
    assert_eq!(a.batches().delete(&batch).await.status().as_u16(), 204);
    let res = a.batches().get(batch.id).await;
    assert_error(res, 404, ErrorCode::NotFound).await;
}

#[tokio::test]
async fn the_payment_method_is_chosen_once_within_the_cap_and_the_channel() {
    let app = TestApp::spawn().await;
    let unit = app.unit("tuixiu100000008").await;
    let batches = unit.batches();
    app.travel("2026-05-20T09:00:00").await;
    let b = batches.create("centralized").await;
    for (amount, code) in [
        (0, ErrorCode::ValidationFailed),
        (45_001, ErrorCode::ValidationFailed),
    ] {
        let body = json!({ "method": "withholding", "withholding_amount_fen": amount });
        assert_error(batches.choose_payment(&b, &body).await, 422, code).await;
    }
    let missing = json!({ "method": "withholding" });
    let res = batches.choose_payment(&b, &missing).await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;
    // Never locked before the stamped letter is uploaded.
    let no_letter = json!({ "method": "withholding", "withholding_amount_fen": 30_000 });
    let res = batches.choose_payment(&b, &no_letter).await;
    let body = assert_error(res, 422, ErrorCode::ValidationFailed).await;
    assert!(
        body.message.contains("委托代扣款申请书"),
        "{}",
        body.message
    );
    let letter = unit.attachments().upload_pdf("withholding_letter").await;
    let ok = json!({
        "method": "withholding", "withholding_amount_fen": 30_000, "withholding_letter_id": letter
    });
    let chosen: BatchOut = assert_json(batches.choose_payment(&b, &ok).await, 200).await;
    assert_eq!(chosen.withholding_amount_fen, Some(30_000));
    assert_eq!(chosen.withholding_letter_id, Some(letter));
    assert_eq!(chosen.version, b.version + 1);
    assert!(allows(&chosen, "import_roster"));
    // Never changed afterwards.
    let again = json!({ "method": "voucher" });
    let res = batches.choose_payment(&chosen, &again).await;
    let body = assert_error(res, 409, ErrorCode::Conflict).await;
    assert!(body.message.contains("不能修改"), "{}", body.message);

    // After 31 May 17:00 the withholding channel is closed; vouchers remain.
    app.travel("2026-05-31T17:00:00").await;
    let late = batches.create("centralized").await;
    assert!(!allows(&late, "choose_withholding"));
    let w = json!({ "method": "withholding", "withholding_amount_fen": 100 });
    let res = batches.choose_payment(&late, &w).await;
    let body = assert_error(res, 422, ErrorCode::RuleRefused).await;
    assert!(body.message.contains("通道已关闭"), "{}", body.message);
    let v = json!({ "method": "voucher" });
    let res = batches.choose_payment(&late, &v).await;
    assert_eq!(res.status().as_u16(), 200);
}

#[tokio::test]
async fn two_operators_with_the_same_version_cannot_both_write() {
    let app = TestApp::spawn().await;
    app.travel("2026-11-30T10:00:00").await;
    let unit = app.unit("tuixiu100000009").await;
    let b = unit.batches().create("instant").await;
    assert_eq!(b.version, 1);
    // Two tabs read version 1; the first choice wins, the second is stale.
    let body = json!({ "method": "voucher" });
    let batches = unit.batches();
    let (r1, r2) = tokio::join!(
        batches.choose_payment(&b, &body),
        batches.choose_payment(&b, &body)
    );
    let mut statuses = [r1.status().as_u16(), r2.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 409]);
    let after = unit.batches().fetch(b.id).await;
    assert_eq!(after.version, 2);
    // A stale roster write (still based on version 1) is refused too.
    let bytes = workbook(&valid_rows(1, 2));
    assert_version_conflict(unit.roster(&b).try_import(bytes).await).await;
}

#[tokio::test]
async fn a_batch_change_without_if_match_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    app.travel("2026-11-30T10:00:00").await;
    let unit = app.unit("tuixiu100000012").await;
    let b = unit.batches().create("instant").await;
    let path = format!("/api/batches/{}", b.id);
    let voucher = json!({ "method": "voucher" });
    let res = unit
        .send(Method::PUT, &format!("{path}/payment-method"), &voucher)
        .await;
    assert_error(res, 428, ErrorCode::PreconditionRequired).await;
    let res = unit.request(Method::DELETE, &path).send().await.unwrap();
    assert_error(res, 428, ErrorCode::PreconditionRequired).await;
    let after = unit.batches().fetch(b.id).await;
    assert_eq!(after.version, b.version);
    assert_eq!(after.payment_method, None);
    assert_eq!(after.status, "roster_pending");
}

#[tokio::test]
async fn the_withholding_letter_is_an_attachment_of_the_unit() {
    let app = TestApp::spawn().await;
    let unit = app.unit("tuixiu100000010").await;
    let stranger = app.unit("tuixiu100000011").await;
    app.travel("2026-05-20T09:00:00").await;
    let batches = unit.batches();
    let b = batches.create("centralized").await;
    let theirs = stranger
        .attachments()
        .upload_pdf("withholding_letter")
        .await;
    let body = json!({
        "method": "withholding", "withholding_amount_fen": 10_000, "withholding_letter_id": theirs
    });
    let res = batches.choose_payment(&b, &body).await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;
    let first = unit.attachments().upload_pdf("withholding_letter").await;
    let body = json!({
        "method": "withholding", "withholding_amount_fen": 10_000, "withholding_letter_id": first
    });
    let chosen: BatchOut = batches
        .choose_payment(&b, &body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(chosen.payment_method, Some(PaymentMethodKey::Withholding));
    assert_eq!(chosen.withholding_letter_id, Some(first));
    // A new letter replaces it.
    let letter = unit.attachments().upload_pdf("withholding_letter").await;
    let wrong = batches.set_withholding_letter(&chosen, theirs).await;
    assert_error(wrong, 422, ErrorCode::ValidationFailed).await;
    let res = batches.set_withholding_letter(&chosen, letter).await;
    let after: BatchOut = assert_json(res, 200).await;
    assert_eq!(after.withholding_letter_id, Some(letter));
    assert_version_conflict(batches.set_withholding_letter(&chosen, letter).await).await;
}
