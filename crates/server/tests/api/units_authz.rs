//! The authorization walk: every endpoint of units and accounts with the wrong role, the
//! wrong unit and no token; refused calls change nothing (the audit log does not grow).

use api_types::{CodeApplicationOut, ErrorCode, NameChangeOut};
use reqwest::Method;
use sea_orm::{EntityTrait, PaginatorTrait};
use server::entities::audit_log;

use crate::helpers::assert_error;
use crate::support::{code_application_json, name_change_json, spawn_with_registry, PDF};

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
    let app = spawn_with_registry().await;
    let unit_a = app.session("tuixiu300000001", "unit").await;
    let unit_b = app.session("tuixiu300000002", "unit").await;
    let applicant = app.session_without_code("c@example.com").await;
    let reviewer = app.session("shenhe01", "reviewer").await;
    let admin = app.session("admin", "admin").await;
    let a_unit = unit_a.unit_id.expect("unit");

    let att_a = app.upload_pdf(&unit_a.token, "name_change").await;
    let att_c = app.upload_pdf(&applicant.token, "code_application").await;
    let code_body = code_application_json("上海授权测试有限公司", &[att_c]);
    let res = app
        .send_as(
            Method::POST,
            &applicant.token,
            "/api/code-applications",
            code_body.clone(),
        )
        .await;
    let code_app: CodeApplicationOut = res.json().await.expect("code application");
    let nc_body = name_change_json("上海授权改名有限公司", &[att_a]);
    let res = app
        .send_as(
            Method::POST,
            &unit_a.token,
            "/api/name-changes",
            nc_body.clone(),
        )
        .await;
    let name_change: NameChangeOut = res.json().await.expect("name change");

    let unit_body = serde_json::json!({
        "address": "上海市某路1号", "postcode": "200000",
        "district_union": "黄浦区总工会", "economic_type": "国有企业",
    });
    let operator_body =
        serde_json::json!({"name": "赵六", "mobile": "13312346961", "email": "z@example.com"});
    let review_body = serde_json::json!({"approved": true});
    let dict_body = serde_json::json!({"value": "新类型", "sort_order": 1});
    let attachment = format!("/api/attachments/{att_a}");
    let attachment_c = format!("/api/attachments/{att_c}");
    let code = format!("/api/code-applications/{}", code_app.id);
    let code_review = format!("{code}/review");
    let nc = format!("/api/name-changes/{}", name_change.id);
    let nc_review = format!("{nc}/review");
    let unit = format!("/api/units/{a_unit}");
    let confirm = format!("{unit}/confirmation");
    let history = format!("{unit}/name-history");
    let reset = format!("/api/accounts/{}/password-reset", unit_b.account_id);
    let status = format!("/api/accounts/{}/status", unit_b.account_id);
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
        (
            "unit_a",
            Method::POST,
            "/api/dictionaries/economic-type",
            &dict_body,
            forbidden,
        ),
        (
            "reviewer",
            Method::POST,
            "/api/dictionaries/economic-type",
            &dict_body,
            forbidden,
        ),
        (
            "unit_a",
            Method::PUT,
            "/api/dictionaries/economic-type/1",
            &dict_body,
            forbidden,
        ),
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
        (
            "reviewer",
            Method::PUT,
            "/api/dictionaries/economic-type/1",
            &dict_body,
            forbidden,
        ),
        ("unit_b", Method::GET, &attachment_c, &empty, not_found),
        ("unit_a", Method::GET, &code, &empty, not_found),
    ];
    for (who, method, path, body, (status, code)) in &cases {
        let token = match *who {
            "unit_a" => &unit_a.token,
            "unit_b" => &unit_b.token,
            "reviewer" => &reviewer.token,
            _ => &admin.token,
        };
        let res = if *method == Method::GET {
            app.get_as(token, path).await
        } else {
            app.send_as(method.clone(), token, path, (*body).clone())
                .await
        };
        assert_eq!(res.status().as_u16(), *status, "{who} {method} {path}");
        assert_error(res, *status, *code).await;
        // Anonymous callers: 401 everywhere.
        let res = app
            .client
            .request(method.clone(), app.url(path))
            .json(*body)
            .send()
            .await
            .expect("anonymous");
        assert_eq!(res.status().as_u16(), 401, "anonymous {method} {path}");
    }
    // Uploads are for unit operators only.
    for token in [&reviewer.token, &admin.token] {
        let res = app.upload(token, "other", "a.pdf", PDF).await;
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
    let res = app.get_as(&unit_b.token, "/api/code-applications").await;
    let page: serde_json::Value = res.json().await.expect("page");
    assert_eq!(page["total"], 0);
    let res = app.get_as(&unit_b.token, "/api/name-changes").await;
    let page: serde_json::Value = res.json().await.expect("page");
    assert_eq!(page["total"], 0);
}
