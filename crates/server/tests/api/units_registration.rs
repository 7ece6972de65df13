//! 企业注册 and the enterprise registry (a real HTTP call to the simulator).

use api_types::{CreditCodeLookupOut, ErrorCode, RegistrationOut};
use sea_orm::Set;
use simulator::Faults;

use crate::app::TestApp;
use crate::assertions::{assert_error, assert_json, invalid_fields};
use crate::fixtures::GOOD_PASSWORD;

const NAME: &str = "上海新注册科技有限公司";

#[tokio::test]
async fn a_unit_registers_and_logs_in_with_its_email() {
    let app = TestApp::with_simulator().await;
    let anonymous = app.anonymous();
    let padded = format!("  {NAME} ");
    let res = anonymous
        .registrations()
        .register(&padded, "Boss@Example.com", GOOD_PASSWORD)
        .await;
    let out: RegistrationOut = assert_json(res, 201).await;
    assert_eq!(out.unit_name, NAME);
    assert_eq!(
        Some(out.credit_code.clone()),
        simulator::credit_code_for(NAME)
    );
    let login = anonymous.auth().login(&out.account, GOOD_PASSWORD).await;
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
    let app = TestApp::with_simulator().await;
    let anonymous = app.anonymous();
    let registrations = anonymous.registrations();
    let res = registrations
        .register(NAME, "a@example.com", GOOD_PASSWORD)
        .await;
    assert_eq!(res.status().as_u16(), 201);
    let res = registrations
        .register(NAME, "b@example.com", GOOD_PASSWORD)
        .await;
    let body = assert_error(res, 409, ErrorCode::Conflict).await;
    assert!(body.message.contains("单位名称"), "{}", body.message);
    let res = registrations
        .register("上海另一家科技有限公司", "A@example.com", GOOD_PASSWORD)
        .await;
    let body = assert_error(res, 409, ErrorCode::Conflict).await;
    assert!(body.message.contains("邮箱"), "{}", body.message);
}

#[tokio::test]
async fn a_credit_code_already_held_by_another_unit_answers_409() {
    let app = TestApp::with_simulator().await;
    let other = app.unit("tuixiu100000001").await;
    app.update_unit(other.unit_id(), |u| {
        u.credit_code = Set(simulator::credit_code_for(NAME))
    })
    .await;
    let res = app
        .anonymous()
        .registrations()
        .register(NAME, "f@example.com", GOOD_PASSWORD)
        .await;
    let body = assert_error(res, 409, ErrorCode::Conflict).await;
    assert!(
        body.message.contains("统一社会信用代码"),
        "{}",
        body.message
    );
}

#[tokio::test]
async fn bad_fields_are_all_reported_and_nothing_is_created() {
    let app = TestApp::with_simulator().await;
    let anonymous = app.anonymous();
    let registrations = anonymous.registrations();
    let res = registrations.register("", "not-an-email", "short").await;
    let body = assert_error(res, 422, ErrorCode::ValidationFailed).await;
    assert_eq!(invalid_fields(&body), ["unit_name", "email", "password"]);
    let res = registrations
        .register("上海未登记的小店", "c@example.com", GOOD_PASSWORD)
        .await;
    let body = assert_error(res, 422, ErrorCode::ValidationFailed).await;
    assert!(body.message.contains("统一社会信用代码"));
    let res = anonymous
        .auth()
        .try_login("c@example.com", GOOD_PASSWORD)
        .await;
    assert_error(res, 401, ErrorCode::InvalidCredentials).await;
}

#[tokio::test]
async fn a_wrong_captcha_is_refused() {
    let app = TestApp::with_simulator().await;
    let anonymous = app.anonymous();
    let (captcha_id, _) = anonymous.auth().captcha().await;
    let res = anonymous
        .registrations()
        .register_with_captcha(
            (NAME, "d@example.com", GOOD_PASSWORD),
            (captcha_id, "zzzzzz"),
        )
        .await;
    assert_error(res, 400, ErrorCode::CaptchaInvalid).await;
}

#[tokio::test]
async fn the_credit_code_lookup_asks_the_registry() {
    let app = TestApp::with_simulator().await;
    let anonymous = app.anonymous();
    let res = anonymous.registrations().credit_code(NAME).await;
    let out: CreditCodeLookupOut = assert_json(res, 200).await;
    assert_eq!(out.credit_code, simulator::credit_code_for(NAME));
    let res = anonymous.registrations().credit_code("未登记的单位").await;
    let out: CreditCodeLookupOut = res.json().await.expect("body");
    assert_eq!(out.credit_code, None);
}

#[tokio::test]
async fn a_registry_that_is_down_gives_a_clear_503() {
    // Nothing listens on port 9 (discard) here: connection refused.
    let app = TestApp::builder()
        .settings(|s| s.simulator_url = "http://127.0.0.1:9".into())
        .spawn()
        .await;
    let res = app
        .anonymous()
        .registrations()
        .register(NAME, "e@example.com", GOOD_PASSWORD)
        .await;
    let body = assert_error(res, 503, ErrorCode::ServiceUnavailable).await;
    assert!(body.message.contains("企业登记信息"), "{}", body.message);
}

#[tokio::test]
async fn a_registry_answering_500_every_time_is_retried_then_503() {
    let app = TestApp::builder()
        .simulator(Faults {
            error_percent: 100,
            ..Faults::default()
        })
        .spawn()
        .await;
    let res = app.anonymous().registrations().credit_code(NAME).await;
    assert_error(res, 503, ErrorCode::ServiceUnavailable).await;
    // Retried: as many calls as `interfaces.registry.attempts` (3 by default).
    let url = format!("{}/admin/stats", app.state().settings.simulator_url);
    let stats: serde_json::Value = reqwest::get(url).await.unwrap().json().await.unwrap();
    let registry = &stats["interfaces"]["registry"];
    assert_eq!(registry["calls"], 3, "{registry}");
    assert_eq!(registry["status_5xx"], 3, "{registry}");
}
