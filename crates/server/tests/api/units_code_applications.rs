//! 参保编码申请: submit, list (masked), reject with a reason, resubmit, approve (code assigned).

use api_types::{ApplicationListItem, CodeApplicationOut, ErrorCode, MeOut, Page};
use reqwest::Method;

use crate::helpers::{assert_error, spawn_app};
use crate::support::code_application_json;

const NAME: &str = "上海申请编码机械有限公司";

#[tokio::test]
async fn reject_then_resubmit_then_approve_assigns_the_code() {
    let app = spawn_app().await;
    let unit = app.session_without_code("u1@example.com").await;
    let reviewer = app.session("shenhe01", "reviewer").await;
    let file = app.upload_pdf(&unit.token, "code_application").await;
    let body = code_application_json(NAME, &[file]);

    let res = app
        .send_as(
            Method::POST,
            &unit.token,
            "/api/code-applications",
            body.clone(),
        )
        .await;
    assert_eq!(res.status().as_u16(), 201);
    let created: CodeApplicationOut = res.json().await.expect("body");
    assert_eq!(created.status, api_types::ApplicationStatus::Pending);
    assert_eq!(created.attachments.len(), 1);
    let path = format!("/api/code-applications/{}", created.id);

    // A second one while the first is pending.
    let res = app
        .send_as(
            Method::POST,
            &unit.token,
            "/api/code-applications",
            body.clone(),
        )
        .await;
    assert_error(res, 409, ErrorCode::Conflict).await;
    // A pending one cannot be edited.
    let res = app
        .send_as(Method::PUT, &unit.token, &path, body.clone())
        .await;
    assert_error(res, 409, ErrorCode::Conflict).await;

    // The reviewer's queue: masked mobile, filter by status and name.
    let res = app
        .get_as(
            &reviewer.token,
            "/api/code-applications?status=pending&unit_name=申请编码",
        )
        .await;
    let page: Page<ApplicationListItem> = res.json().await.expect("page");
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].operator_mobile_masked, "133****6961");
    let res = app
        .get_as(&reviewer.token, "/api/code-applications?status=approved")
        .await;
    let page: Page<ApplicationListItem> = res.json().await.expect("page");
    assert_eq!(page.total, 0);

    // Rejecting needs a reason.
    let review = format!("{path}/review");
    let res = app
        .send_as(
            Method::POST,
            &reviewer.token,
            &review,
            serde_json::json!({"approved": false}),
        )
        .await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;
    let res = app
        .send_as(
            Method::POST,
            &reviewer.token,
            &review,
            serde_json::json!({"approved": false, "reason": "营业执照复印件未加盖公章"}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let rejected: CodeApplicationOut = res.json().await.expect("body");
    assert_eq!(rejected.status, api_types::ApplicationStatus::Rejected);
    let res = app.get_as(&unit.token, &path).await;
    let seen: CodeApplicationOut = res.json().await.expect("body");
    assert_eq!(
        seen.reject_reason.as_deref(),
        Some("营业执照复印件未加盖公章")
    );
    // Reviewing twice is refused.
    let res = app
        .send_as(
            Method::POST,
            &reviewer.token,
            &review,
            serde_json::json!({"approved": true}),
        )
        .await;
    assert_error(res, 409, ErrorCode::Conflict).await;

    // The unit edits and resubmits.
    let mut fixed = body.clone();
    fixed["address"] = "上海市浦东新区世纪大道200号".into();
    let res = app.send_as(Method::PUT, &unit.token, &path, fixed).await;
    assert_eq!(res.status().as_u16(), 200);
    let resubmitted: CodeApplicationOut = res.json().await.expect("body");
    assert_eq!(resubmitted.status, api_types::ApplicationStatus::Pending);
    assert_eq!(resubmitted.reject_reason, None);

    let res = app
        .send_as(
            Method::POST,
            &reviewer.token,
            &review,
            serde_json::json!({"approved": true}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let approved: CodeApplicationOut = res.json().await.expect("body");
    let code = approved.enrollment_code.expect("code assigned");
    assert_eq!(code.len(), 9);
    let me: MeOut = app.get_me(&unit.token).await.json().await.expect("me");
    let unit_out = me.unit.expect("unit");
    assert_eq!(unit_out.enrollment_code.as_deref(), Some(code.as_str()));
    assert_eq!(unit_out.name, NAME);
    let res = app
        .get_as(
            &reviewer.token,
            &format!("/api/code-applications?enrollment_code={code}"),
        )
        .await;
    let page: Page<ApplicationListItem> = res.json().await.expect("page");
    assert_eq!(page.total, 1);
    // With a code, no new application.
    let res = app
        .send_as(Method::POST, &unit.token, "/api/code-applications", body)
        .await;
    assert_error(res, 409, ErrorCode::Conflict).await;

    // Everything is in the audit log.
    let res = app
        .get_as(
            &reviewer.token,
            &format!(
                "/api/audit-logs?target_type=code_application&target_id={}",
                created.id
            ),
        )
        .await;
    let logs: serde_json::Value = res.json().await.expect("logs");
    let actions: Vec<&str> = logs["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    for action in [
        "code_application.submitted",
        "code_application.rejected",
        "code_application.resubmitted",
        "code_application.approved",
        "code_application.viewed",
    ] {
        assert!(actions.contains(&action), "{action} missing in {actions:?}");
    }
}

#[tokio::test]
async fn every_field_is_checked() {
    let app = spawn_app().await;
    let unit = app.session_without_code("u1@example.com").await;
    let mut body = code_application_json(NAME, &[]);
    body["credit_code"] = "91310115MA1H3XYZ8X".into();
    body["operator_mobile"] = "12345".into();
    body["operator_email"] = "nope".into();
    body["postcode"] = "20012".into();
    body["district_union"] = "不存在的工会".into();
    body["economic_type"] = "".into();
    body["address"] = "".into();
    body["phone"] = "abc".into();
    let res = app
        .send_as(Method::POST, &unit.token, "/api/code-applications", body)
        .await;
    let err = assert_error(res, 422, ErrorCode::ValidationFailed).await;
    let mut fields: Vec<String> = err.details.expect("details")["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["field"].as_str().unwrap_or_default().to_string())
        .collect();
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
    let page: Page<ApplicationListItem> = app
        .get_as(&unit.token, "/api/code-applications")
        .await
        .json()
        .await
        .expect("page");
    assert_eq!(page.total, 0, "nothing was stored");
}

#[tokio::test]
async fn attachments_must_be_the_units_own_and_for_this_purpose() {
    let app = spawn_app().await;
    let unit = app.session_without_code("u1@example.com").await;
    let other = app.session_without_code("u2@example.com").await;
    let foreign = app.upload_pdf(&other.token, "code_application").await;
    let wrong_purpose = app.upload_pdf(&unit.token, "name_change").await;
    for ids in [vec![foreign], vec![wrong_purpose]] {
        let res = app
            .send_as(
                Method::POST,
                &unit.token,
                "/api/code-applications",
                code_application_json(NAME, &ids),
            )
            .await;
        assert_error(res, 422, ErrorCode::ValidationFailed).await;
    }
}

#[tokio::test]
async fn units_see_only_their_own_applications() {
    let app = spawn_app().await;
    let unit = app.session_without_code("u1@example.com").await;
    let other = app.session_without_code("u2@example.com").await;
    let file = app.upload_pdf(&unit.token, "code_application").await;
    let res = app
        .send_as(
            Method::POST,
            &unit.token,
            "/api/code-applications",
            code_application_json(NAME, &[file]),
        )
        .await;
    let created: CodeApplicationOut = res.json().await.expect("body");
    let page: Page<ApplicationListItem> = app
        .get_as(&other.token, "/api/code-applications")
        .await
        .json()
        .await
        .expect("page");
    assert_eq!(page.total, 0);
    let path = format!("/api/code-applications/{}", created.id);
    assert_error(
        app.get_as(&other.token, &path).await,
        404,
        ErrorCode::NotFound,
    )
    .await;
    let res = app
        .send_as(
            Method::PUT,
            &other.token,
            &path,
            code_application_json(NAME, &[file]),
        )
        .await;
    assert_error(res, 404, ErrorCode::NotFound).await;
    let res = app
        .send_as(
            Method::POST,
            &unit.token,
            &format!("{path}/review"),
            serde_json::json!({"approved": true}),
        )
        .await;
    assert_error(res, 403, ErrorCode::Forbidden).await;
}

#[tokio::test]
async fn a_reviewer_may_choose_the_code_but_not_a_taken_one() {
    let app = spawn_app().await;
    let _existing = app.session("tuixiu123000000", "unit").await;
    let unit = app.session_without_code("u1@example.com").await;
    let reviewer = app.session("shenhe01", "reviewer").await;
    let file = app.upload_pdf(&unit.token, "code_application").await;
    let res = app
        .send_as(
            Method::POST,
            &unit.token,
            "/api/code-applications",
            code_application_json(NAME, &[file]),
        )
        .await;
    let created: CodeApplicationOut = res.json().await.expect("body");
    let review = format!("/api/code-applications/{}/review", created.id);
    for (code, status, error) in [
        ("12300000", 422, ErrorCode::ValidationFailed),
        ("123000000", 409, ErrorCode::Conflict),
    ] {
        let res = app
            .send_as(
                Method::POST,
                &reviewer.token,
                &review,
                serde_json::json!({"approved": true, "enrollment_code": code}),
            )
            .await;
        assert_error(res, status, error).await;
    }
    // Without a code the next free one after the highest is used.
    let res = app
        .send_as(
            Method::POST,
            &reviewer.token,
            &review,
            serde_json::json!({"approved": true}),
        )
        .await;
    let approved: CodeApplicationOut = res.json().await.expect("body");
    assert_eq!(approved.enrollment_code.as_deref(), Some("123000001"));
}

#[tokio::test]
async fn two_reviewers_deciding_at_once_do_not_both_win() {
    let app = spawn_app().await;
    let unit = app.session_without_code("u1@example.com").await;
    let first = app.session("shenhe01", "reviewer").await;
    let second = app.session("shenhe02", "reviewer").await;
    let file = app.upload_pdf(&unit.token, "code_application").await;
    let res = app
        .send_as(
            Method::POST,
            &unit.token,
            "/api/code-applications",
            code_application_json(NAME, &[file]),
        )
        .await;
    let created: CodeApplicationOut = res.json().await.expect("body");
    let review = format!("/api/code-applications/{}/review", created.id);
    let approve = serde_json::json!({"approved": true});
    let reject = serde_json::json!({"approved": false, "reason": "材料不全"});
    let (a, b) = tokio::join!(
        app.send_as(Method::POST, &first.token, &review, approve),
        app.send_as(Method::POST, &second.token, &review, reject),
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses[0], 200, "one decision wins: {statuses:?}");
    assert_eq!(statuses[1], 409, "the other is refused: {statuses:?}");
    let logs: serde_json::Value = app
        .get_as(
            &first.token,
            &format!("/api/audit-logs?target_id={}", created.id),
        )
        .await
        .json()
        .await
        .expect("logs");
    let decisions = logs["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|e| {
            matches!(
                e["action"].as_str(),
                Some("code_application.approved" | "code_application.rejected")
            )
        })
        .count();
    assert_eq!(decisions, 1);
}

#[tokio::test]
async fn two_submissions_at_once_leave_one_pending_application() {
    let app = spawn_app().await;
    let unit = app.session_without_code("u2@example.com").await;
    let file = app.upload_pdf(&unit.token, "code_application").await;
    let body = code_application_json(NAME, &[file]);
    let (a, b) = tokio::join!(
        app.send_as(
            Method::POST,
            &unit.token,
            "/api/code-applications",
            body.clone()
        ),
        app.send_as(Method::POST, &unit.token, "/api/code-applications", body),
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [201, 409], "one submission wins");
    let list: serde_json::Value = app
        .get_as(&unit.token, "/api/code-applications")
        .await
        .json()
        .await
        .expect("list");
    assert_eq!(list["total"], 1);
}
