//! The authorization walk: every endpoint of units and accounts with the wrong role, the
//! wrong unit and no token; refused calls change nothing (the audit log does not grow).

use api_types::ErrorCode;
use reqwest::Method;
use sea_orm::{EntityTrait, PaginatorTrait};
use server::entities::audit_log;

use crate::app::TestApp;
use crate::assertions::assert_error;
use crate::fixtures::{code_application_json, name_change_json, unit_json, PDF};

/// Who calls, method, path, body, expected status and code.
type Case<'a> = (
    &'a str,
    Method,
    &'a str,
    &'a serde_json::Value,
    (u16, ErrorCode),
);

#[tokio::test]
async fn every_endpoint_refuses_the_wrong_role_the_wrong_unit_and_anonymous_callers() {
    let app = TestApp::with_simulator().await;
    let unit_a = app.unit("tuixiu300000001").await;
    let unit_b = app.unit("tuixiu300000002").await;
    let applicant = app.unit_without_code("c@example.com").await;
    let reviewer = app.reviewer("shenhe01").await;
    let admin = app.admin("admin").await;
    let a_unit = unit_a.unit_id();

    let att_a = unit_a.attachments().upload_pdf("name_change").await;
    let att_c = applicant.attachments().upload_pdf("code_application").await;
    let code_body = code_application_json("上海授权测试有限公司", &[att_c]);
    let code_app = applicant.code_applications().submit(&code_body).await;
    let nc_body = name_change_json("上海授权改名有限公司", &[att_a]);
    let name_change = unit_a.name_changes().submit(&nc_body).await;

    let unit_body = unit_json();
    let operator_body =
        serde_json::json!({"name": "赵六", "mobile": "13312346961", "email": "z@example.com"});
    let review_body = serde_json::json!({"approved": true});
    let dict_body = serde_json::json!({"value": "新类型", "sort_order": 1});
    let dict = "/api/dictionaries/economic-type";
    let dict_entry = format!("{dict}/1");
    let attachment = format!("/api/attachments/{att_a}");
    let attachment_c = format!("/api/attachments/{att_c}");
    let code = format!("/api/code-applications/{}", code_app.id);
    let code_review = format!("{code}/review");
    let nc = format!("/api/name-changes/{}", name_change.id);
    let nc_review = format!("{nc}/review");
    let unit = format!("/api/units/{a_unit}");
    let confirm = format!("{unit}/confirmation");
    let history = format!("{unit}/name-history");
    let reset = format!("/api/accounts/{}/password-reset", unit_b.account_id());
    let status = format!("/api/accounts/{}/status", unit_b.account_id());
    let status_body = serde_json::json!({"disabled": true});
    let issue_body = serde_json::json!({"unit_id": a_unit});
    let empty = serde_json::json!({});

    let audit_before = audit_log::Entity::find()
        .count(&app.db)
        .await
        .expect("count");

    let forbidden = (403, ErrorCode::Forbidden);
    let not_found = (404, ErrorCode::NotFound);
    let cases: Vec<Case> = vec![
        ("reviewer", Method::GET, "/api/operator", &empty, forbidden),
        (
            "admin",
            Method::PUT,
            "/api/operator",
            &operator_body,
            forbidden,
        ),
        (
            "reviewer",
            Method::POST,
            "/api/code-applications",
            &code_body,
            forbidden,
        ),
        (
            "admin",
            Method::POST,
            "/api/code-applications",
            &code_body,
            forbidden,
        ),
        ("unit_b", Method::GET, &code, &empty, not_found),
        ("unit_b", Method::PUT, &code, &code_body, not_found),
        ("reviewer", Method::PUT, &code, &code_body, forbidden),
        (
            "unit_a",
            Method::POST,
            &code_review,
            &review_body,
            forbidden,
        ),
        ("admin", Method::POST, &code_review, &review_body, forbidden),
        ("unit_a", Method::GET, "/api/units", &empty, forbidden),
        ("unit_b", Method::GET, &unit, &empty, not_found),
        ("unit_b", Method::GET, &history, &empty, not_found),
        ("unit_b", Method::PUT, &unit, &unit_body, not_found),
        ("reviewer", Method::PUT, &unit, &unit_body, forbidden),
        ("admin", Method::PUT, &unit, &unit_body, forbidden),
        ("unit_b", Method::POST, &confirm, &empty, not_found),
        ("reviewer", Method::POST, &confirm, &empty, forbidden),
        (
            "reviewer",
            Method::POST,
            "/api/name-changes",
            &nc_body,
            forbidden,
        ),
        ("unit_b", Method::GET, &nc, &empty, not_found),
        ("unit_b", Method::PUT, &nc, &nc_body, not_found),
        ("admin", Method::PUT, &nc, &nc_body, forbidden),
        ("unit_a", Method::POST, &nc_review, &review_body, forbidden),
        ("admin", Method::POST, &nc_review, &review_body, forbidden),
        ("unit_b", Method::GET, &attachment, &empty, not_found),
        ("unit_a", Method::GET, "/api/accounts", &empty, forbidden),
        ("reviewer", Method::GET, "/api/accounts", &empty, forbidden),
        (
            "unit_a",
            Method::POST,
            "/api/accounts",
            &issue_body,
            forbidden,
        ),
        (
            "reviewer",
            Method::POST,
            "/api/accounts",
            &issue_body,
            forbidden,
        ),
        ("unit_a", Method::POST, &reset, &empty, forbidden),
        ("reviewer", Method::POST, &reset, &empty, forbidden),
        ("unit_a", Method::PUT, &status, &status_body, forbidden),
        ("reviewer", Method::PUT, &status, &status_body, forbidden),
        ("unit_a", Method::POST, dict, &dict_body, forbidden),
        ("reviewer", Method::POST, dict, &dict_body, forbidden),
        ("unit_a", Method::PUT, &dict_entry, &dict_body, forbidden),
        ("unit_a", Method::GET, "/api/audit-logs", &empty, forbidden),
        ("admin", Method::GET, "/api/operator", &empty, forbidden),
        (
            "admin",
            Method::POST,
            "/api/name-changes",
            &nc_body,
            forbidden,
        ),
        ("admin", Method::POST, &confirm, &empty, forbidden),
        ("reviewer", Method::PUT, &dict_entry, &dict_body, forbidden),
        ("unit_b", Method::GET, &attachment_c, &empty, not_found),
        ("unit_a", Method::GET, &code, &empty, not_found),
    ];
    for (who, method, path, body, (status, code)) in &cases {
        let client = match *who {
            "unit_a" => &unit_a,
            "unit_b" => &unit_b,
            "reviewer" => &reviewer,
            _ => &admin,
        };
        let res = if *method == Method::GET {
            client.get(path).await
        } else {
            client.send(method.clone(), path, body).await
        };
        assert_eq!(res.status().as_u16(), *status, "{who} {method} {path}");
        assert_error(res, *status, *code).await;
        // Anonymous callers: 401 everywhere.
        let res = app.anonymous().send(method.clone(), path, body).await;
        assert_eq!(res.status().as_u16(), 401, "anonymous {method} {path}");
    }
    // Uploads are for unit operators only.
    for client in [&reviewer, &admin] {
        let res = client.attachments().upload("other", "a.pdf", PDF).await;
        assert_error(res, 403, ErrorCode::Forbidden).await;
    }
    let audit_after = audit_log::Entity::find()
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(
        audit_before, audit_after,
        "refused calls must change nothing"
    );

    // The lists of a unit hold only its own records.
    assert_eq!(unit_b.code_applications().list("").await.total, 0);
    assert_eq!(unit_b.name_changes().list("").await.total, 0);
}
