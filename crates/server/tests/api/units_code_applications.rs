//! 参保编码申请: submit, list (masked), reject with a reason, resubmit, approve (code assigned).

use api_types::{ApplicationStatus, CodeApplicationOut, ErrorCode, MeOut};
use serde_json::json;

use crate::app::TestApp;
use crate::assertions::{assert_error, assert_json, invalid_fields};
use crate::fixtures::code_application_json;

const NAME: &str = "上海申请编码机械有限公司";

#[tokio::test]
async fn reject_then_resubmit_then_approve_assigns_the_code() {
    let app = TestApp::spawn().await;
    let unit = app.unit_without_code("u1@example.com").await;
    let reviewer = app.reviewer("shenhe01").await;
    let file = unit.attachments().upload_pdf("code_application").await;
    let body = code_application_json(NAME, &[file]);
    let mine = unit.code_applications();
    let queue = reviewer.code_applications();

    let created = mine.submit(&body).await;
    assert_eq!(created.status, ApplicationStatus::Pending);
    assert_eq!(created.attachments.len(), 1);

    // A second one while the first is pending.
    assert_error(mine.try_submit(&body).await, 409, ErrorCode::Conflict).await;
    // A pending one cannot be edited.
    let res = mine.resubmit(created.id, &body).await;
    assert_error(res, 409, ErrorCode::Conflict).await;

    // The reviewer's queue: masked mobile, filter by status and name.
    let page = queue.list("?status=pending&unit_name=申请编码").await;
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].operator_mobile_masked, "133****6961");
    assert_eq!(queue.list("?status=approved").await.total, 0);

    // Rejecting needs a reason.
    let res = queue.review(created.id, &json!({"approved": false})).await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;
    let res = queue.reject(created.id, "营业执照复印件未加盖公章").await;
    let rejected: CodeApplicationOut = assert_json(res, 200).await;
    assert_eq!(rejected.status, ApplicationStatus::Rejected);
    let seen: CodeApplicationOut = mine.get(created.id).await.json().await.unwrap();
    assert_eq!(
        seen.reject_reason.as_deref(),
        Some("营业执照复印件未加盖公章")
    );
    // Reviewing twice is refused.
    let res = queue.approve(created.id).await;
    assert_error(res, 409, ErrorCode::Conflict).await;

    // The unit edits and resubmits.
    let mut fixed = body.clone();
    fixed["address"] = "上海市浦东新区世纪大道200号".into();
    let res = mine.resubmit(created.id, &fixed).await;
    let resubmitted: CodeApplicationOut = assert_json(res, 200).await;
    assert_eq!(resubmitted.status, ApplicationStatus::Pending);
    assert_eq!(resubmitted.reject_reason, None);

    let approved: CodeApplicationOut = assert_json(queue.approve(created.id).await, 200).await;
    let code = approved.enrollment_code.expect("code assigned");
    assert_eq!(code.len(), 9);
    let me: MeOut = unit.auth().me().await.json().await.unwrap();
    let unit_out = me.unit.expect("unit");
    assert_eq!(unit_out.enrollment_code.as_deref(), Some(code.as_str()));
    assert_eq!(unit_out.name, NAME);
    let by_code = queue.list(&format!("?enrollment_code={code}")).await;
    assert_eq!(by_code.total, 1);
    // With a code, no new application.
    assert_error(mine.try_submit(&body).await, 409, ErrorCode::Conflict).await;

    // Everything is in the audit log.
    let query = format!("?target_type=code_application&target_id={}", created.id);
    let actions = reviewer.audit_logs().actions(&query).await;
    for action in [
        "code_application.submitted",
        "code_application.rejected",
        "code_application.resubmitted",
        "code_application.approved",
        "code_application.viewed",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} missing in {actions:?}"
        );
    }
}

#[tokio::test]
async fn every_field_is_checked() {
    let app = TestApp::spawn().await;
    let unit = app.unit_without_code("u1@example.com").await;
    let mut body = code_application_json(NAME, &[]);
    body["credit_code"] = "91310115MA1H3XYZ8X".into();
    body["operator_mobile"] = "12345".into();
    body["operator_email"] = "nope".into();
    body["postcode"] = "20012".into();
    body["district_union"] = "不存在的工会".into();
    body["economic_type"] = "".into();
    body["address"] = "".into();
    body["phone"] = "abc".into();
    let res = unit.code_applications().try_submit(&body).await;
    let err = assert_error(res, 422, ErrorCode::ValidationFailed).await;
    let mut fields = invalid_fields(&err);
    fields.sort();
    assert_eq!(
        fields,
        [
            "address",
            "attachment_ids",
            "credit_code",
            "district_union",
            "economic_type",
            "operator_email",
            "operator_mobile",
            "phone",
            "postcode"
        ]
    );
    let page = unit.code_applications().list("").await;
    assert_eq!(page.total, 0, "nothing was stored");
}

#[tokio::test]
async fn attachments_must_be_the_units_own_and_for_this_purpose() {
    let app = TestApp::spawn().await;
    let unit = app.unit_without_code("u1@example.com").await;
    let other = app.unit_without_code("u2@example.com").await;
    let foreign = other.attachments().upload_pdf("code_application").await;
    let wrong_purpose = unit.attachments().upload_pdf("name_change").await;
    for ids in [vec![foreign], vec![wrong_purpose]] {
        let body = code_application_json(NAME, &ids);
        let res = unit.code_applications().try_submit(&body).await;
        assert_error(res, 422, ErrorCode::ValidationFailed).await;
    }
}

#[tokio::test]
async fn units_see_only_their_own_applications() {
    let app = TestApp::spawn().await;
    let unit = app.unit_without_code("u1@example.com").await;
    let other = app.unit_without_code("u2@example.com").await;
    let file = unit.attachments().upload_pdf("code_application").await;
    let body = code_application_json(NAME, &[file]);
    let created = unit.code_applications().submit(&body).await;
    let theirs = other.code_applications();
    assert_eq!(theirs.list("").await.total, 0);
    let res = theirs.get(created.id).await;
    assert_error(res, 404, ErrorCode::NotFound).await;
    let res = theirs.resubmit(created.id, &body).await;
    assert_error(res, 404, ErrorCode::NotFound).await;
    let res = unit.code_applications().approve(created.id).await;
    assert_error(res, 403, ErrorCode::Forbidden).await;
}

#[tokio::test]
async fn a_reviewer_may_choose_the_code_but_not_a_taken_one() {
    let app = TestApp::spawn().await;
    let _existing = app.unit("tuixiu123000000").await;
    let unit = app.unit_without_code("u1@example.com").await;
    let reviewer = app.reviewer("shenhe01").await;
    let file = unit.attachments().upload_pdf("code_application").await;
    let body = code_application_json(NAME, &[file]);
    let created = unit.code_applications().submit(&body).await;
    let queue = reviewer.code_applications();
    for (code, status, error) in [
        ("12300000", 422, ErrorCode::ValidationFailed),
        ("123000000", 409, ErrorCode::Conflict),
    ] {
        let decision = json!({"approved": true, "enrollment_code": code});
        let res = queue.review(created.id, &decision).await;
        assert_error(res, status, error).await;
    }
    // Without a code the next free one after the highest is used.
    let approved: CodeApplicationOut = queue.approve(created.id).await.json().await.unwrap();
    assert_eq!(approved.enrollment_code.as_deref(), Some("123000001"));
}

#[tokio::test]
async fn two_reviewers_deciding_at_once_do_not_both_win() {
    let app = TestApp::spawn().await;
    let unit = app.unit_without_code("u1@example.com").await;
    let first = app.reviewer("shenhe01").await;
    let second = app.reviewer("shenhe02").await;
    let file = unit.attachments().upload_pdf("code_application").await;
    let body = code_application_json(NAME, &[file]);
    let created = unit.code_applications().submit(&body).await;
    let (by_first, by_second) = (first.code_applications(), second.code_applications());
    let (a, b) = tokio::join!(
        by_first.approve(created.id),
        by_second.reject(created.id, "材料不全"),
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses[0], 200, "one decision wins: {statuses:?}");
    assert_eq!(statuses[1], 409, "the other is refused: {statuses:?}");
    let query = format!("?target_id={}", created.id);
    let actions = first.audit_logs().actions(&query).await;
    let decisions = actions
        .iter()
        .filter(|a| {
            matches!(
                a.as_str(),
                "code_application.approved" | "code_application.rejected"
            )
        })
        .count();
    assert_eq!(decisions, 1);
}

#[tokio::test]
async fn two_submissions_at_once_leave_one_pending_application() {
    let app = TestApp::spawn().await;
    let unit = app.unit_without_code("u2@example.com").await;
    let file = unit.attachments().upload_pdf("code_application").await;
    let body = code_application_json(NAME, &[file]);
    let mine = unit.code_applications();
    let (a, b) = tokio::join!(mine.try_submit(&body), mine.try_submit(&body));
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [201, 409], "one submission wins");
    assert_eq!(mine.list("").await.total, 1);
}
