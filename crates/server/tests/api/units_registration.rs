//! 企业注册 and the enterprise registry (a real HTTP call to the simulator).

use api_types::{CreditCodeLookupOut, ErrorCode, RegistrationOut};
use sea_orm::EntityTrait;
use simulator::Faults;

use crate::helpers::{assert_error, spawn_app_with, TestApp, GOOD_PASSWORD};
use crate::support::{spawn_with_registry, start_simulator};

const NAME: &str = "上海新注册科技有限公司";

async fn register(app: &TestApp, name: &str, email: &str, password: &str) -> reqwest::Response {
    let (captcha_id, answer) = app.captcha().await;
    app.client
        .post(app.url("/api/registrations"))
        .json(&serde_json::json!({
            "unit_name": name,
            "email": email,
            "password": password,
            "captcha_id": captcha_id,
            "captcha_answer": answer,
        }))
        .send()
        .await
        .expect("register")
}

#[tokio::test]
async fn a_unit_registers_and_logs_in_with_its_email() {
    let app = spawn_with_registry().await;
    let res = register(
        &app,
        &format!("  {NAME} "),
        "Boss@Example.com",
        GOOD_PASSWORD,
    )
    .await;
    assert_eq!(res.status().as_u16(), 201);
    let out: RegistrationOut = res.json().await.expect("body");
    assert_eq!(out.unit_name, NAME);
    assert_eq!(
        Some(out.credit_code.clone()),
        simulator::credit_code_for(NAME)
    );
    let login = app.login(&out.account, GOOD_PASSWORD).await;
    let me = login.me;
    assert!(!me.must_change_password);
    let unit = me.unit.expect("unit");
    assert_eq!(unit.name, NAME);
    assert_eq!(
        unit.enrollment_code, None,
        "a code is applied for separately"
    );
}

#[tokio::test]
async fn duplicates_answer_409() {
    let app = spawn_with_registry().await;
    let res = register(&app, NAME, "a@example.com", GOOD_PASSWORD).await;
    assert_eq!(res.status().as_u16(), 201);
    let body = assert_error(
        register(&app, NAME, "b@example.com", GOOD_PASSWORD).await,
        409,
        ErrorCode::Conflict,
    )
    .await;
    assert!(body.message.contains("单位名称"), "{}", body.message);
    let body = assert_error(
        register(
            &app,
            "上海另一家科技有限公司",
            "A@example.com",
            GOOD_PASSWORD,
        )
        .await,
        409,
        ErrorCode::Conflict,
    )
    .await;
    assert!(body.message.contains("邮箱"), "{}", body.message);
}

#[tokio::test]
async fn a_credit_code_already_held_by_another_unit_answers_409() {
    use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
    let app = spawn_with_registry().await;
    let other = app.session("tuixiu100000001", "unit").await;
    let row = server::entities::unit::Entity::find_by_id(other.unit_id.expect("unit"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("unit");
    let mut active = row.into_active_model();
    active.credit_code = Set(simulator::credit_code_for(NAME));
    active.update(&app.db).await.expect("code");
    let body = assert_error(
        register(&app, NAME, "f@example.com", GOOD_PASSWORD).await,
        409,
        ErrorCode::Conflict,
    )
    .await;
    assert!(
        body.message.contains("统一社会信用代码"),
        "{}",
        body.message
    );
}

#[tokio::test]
async fn bad_fields_are_all_reported_and_nothing_is_created() {
    let app = spawn_with_registry().await;
    let res = register(&app, "", "not-an-email", "short").await;
    let body = assert_error(res, 422, ErrorCode::ValidationFailed).await;
    let fields: Vec<String> = body.details.expect("details")["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["field"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(fields, ["unit_name", "email", "password"]);
    let res = register(&app, "上海未登记的小店", "c@example.com", GOOD_PASSWORD).await;
    let body = assert_error(res, 422, ErrorCode::ValidationFailed).await;
    assert!(body.message.contains("统一社会信用代码"));
    let res = app.login_raw("c@example.com", GOOD_PASSWORD).await;
    assert_error(res, 401, ErrorCode::InvalidCredentials).await;
}

#[tokio::test]
async fn a_wrong_captcha_is_refused() {
    let app = spawn_with_registry().await;
    let (captcha_id, _) = app.captcha().await;
    let res = app
        .client
        .post(app.url("/api/registrations"))
        .json(&serde_json::json!({
            "unit_name": NAME, "email": "d@example.com", "password": GOOD_PASSWORD,
            "captcha_id": captcha_id, "captcha_answer": "zzzzzz",
        }))
        .send()
        .await
        .expect("register");
    assert_error(res, 400, ErrorCode::CaptchaInvalid).await;
}

#[tokio::test]
async fn the_credit_code_lookup_asks_the_registry() {
    let app = spawn_with_registry().await;
    let res = app
        .client
        .get(app.url("/api/registry/credit-code"))
        .query(&[("name", NAME)])
        .send()
        .await
        .expect("lookup");
    assert_eq!(res.status().as_u16(), 200);
    let out: CreditCodeLookupOut = res.json().await.expect("body");
    assert_eq!(out.credit_code, simulator::credit_code_for(NAME));
    let res = app
        .client
        .get(app.url("/api/registry/credit-code"))
        .query(&[("name", "未登记的单位")])
        .send()
        .await
        .expect("lookup");
    let out: CreditCodeLookupOut = res.json().await.expect("body");
    assert_eq!(out.credit_code, None);
}

#[tokio::test]
async fn a_registry_that_is_down_gives_a_clear_503() {
    // Nothing listens on port 9 (discard) here: connection refused.
    let app = spawn_app_with(|s| s.simulator_url = "http://127.0.0.1:9".into()).await;
    let body = assert_error(
        register(&app, NAME, "e@example.com", GOOD_PASSWORD).await,
        503,
        ErrorCode::ServiceUnavailable,
    )
    .await;
    assert!(body.message.contains("企业登记信息"), "{}", body.message);
}

#[tokio::test]
async fn a_registry_answering_500_every_time_is_retried_then_503() {
    let url = start_simulator(Faults {
        error_percent: 100,
        ..Faults::default()
    });
    let app = spawn_app_with(move |s| s.simulator_url = url).await;
    let res = app
        .client
        .get(app.url("/api/registry/credit-code"))
        .query(&[("name", NAME)])
        .send()
        .await
        .expect("lookup");
    assert_error(res, 503, ErrorCode::ServiceUnavailable).await;
}
