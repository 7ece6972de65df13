//! Login, captcha, lockout, forced password change, token expiry and role checks.

use api_types::{ErrorCode, LoginOut, MeOut, Role};
use chrono::Duration;

use crate::helpers::{assert_error, spawn_app, spawn_app_with, GOOD_PASSWORD};

#[tokio::test]
async fn login_with_the_right_password_returns_a_token_that_me_accepts() {
    let app = spawn_app().await;
    app.create_account("shenhe01", GOOD_PASSWORD, "reviewer", false)
        .await;

    let out = app.login("shenhe01", GOOD_PASSWORD).await;
    assert_eq!(out.token_type, "Bearer");
    assert_eq!(out.me.role, Role::Reviewer);
    assert!(!out.me.must_change_password);

    let res = app.get_me(&out.access_token).await;
    assert_eq!(res.status().as_u16(), 200);
    let me: MeOut = res.json().await.expect("me");
    assert_eq!(me.account, "shenhe01");
    assert_eq!(me.id, out.me.id);
}

#[tokio::test]
async fn a_unit_operator_sees_their_unit_in_me() {
    let app = spawn_app().await;
    app.create_account("tuixiu123000000", GOOD_PASSWORD, "unit", false)
        .await;
    let out = app.login("tuixiu123000000", GOOD_PASSWORD).await;
    let unit = out.me.unit.expect("unit operator has a unit");
    assert_eq!(unit.enrollment_code.as_deref(), Some("123000000"));
}

#[tokio::test]
async fn a_wrong_password_is_refused_with_the_remaining_attempts() {
    let app = spawn_app().await;
    app.create_account("admin", GOOD_PASSWORD, "admin", false)
        .await;

    let res = app.login_raw("admin", "Wrong123!").await;
    let body = assert_error(res, 401, ErrorCode::InvalidCredentials).await;
    let details = body.details.expect("details");
    assert_eq!(details["remaining_attempts"], 4);
}

#[tokio::test]
async fn an_unknown_account_gets_the_same_answer_as_a_wrong_password() {
    let app = spawn_app().await;
    let res = app.login_raw("nobody", GOOD_PASSWORD).await;
    let body = assert_error(res, 401, ErrorCode::InvalidCredentials).await;
    assert_eq!(body.message, "账号或密码错误");
}

#[tokio::test]
async fn a_wrong_or_reused_captcha_is_refused() {
    let app = spawn_app().await;
    app.create_account("admin", GOOD_PASSWORD, "admin", false)
        .await;
    let (captcha_id, answer) = app.captcha().await;
    let wrong = if answer == "2222" { "3333" } else { "2222" };
    let send = |answer: String| {
        app.client
            .post(app.url("/api/auth/login"))
            .json(&serde_json::json!({
                "account": "admin", "password": GOOD_PASSWORD,
                "captcha_id": captcha_id, "captcha_answer": answer,
            }))
            .send()
    };
    let res = send(wrong.to_string()).await.expect("request");
    assert_error(res, 400, ErrorCode::CaptchaInvalid).await;
    // The captcha was consumed by the failed attempt: even the right answer is refused now.
    let res = send(answer).await.expect("request");
    assert_error(res, 400, ErrorCode::CaptchaInvalid).await;
}

#[tokio::test]
async fn an_expired_captcha_is_refused() {
    let app = spawn_app().await;
    app.create_account("admin", GOOD_PASSWORD, "admin", false)
        .await;
    let (captcha_id, answer) = app.captcha().await;
    app.clock.advance(Duration::minutes(6));
    let res = app
        .client
        .post(app.url("/api/auth/login"))
        .json(&serde_json::json!({
            "account": "admin", "password": GOOD_PASSWORD,
            "captcha_id": captcha_id, "captcha_answer": answer,
        }))
        .send()
        .await
        .expect("request");
    assert_error(res, 400, ErrorCode::CaptchaInvalid).await;
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_account_for_fifteen_minutes() {
    let app = spawn_app().await;
    app.create_account("tuixiu1", GOOD_PASSWORD, "unit", false)
        .await;

    for expected_remaining in [4, 3, 2, 1] {
        let res = app.login_raw("tuixiu1", "Wrong123!").await;
        let body = assert_error(res, 401, ErrorCode::InvalidCredentials).await;
        assert_eq!(
            body.details.expect("details")["remaining_attempts"],
            expected_remaining
        );
    }
    let res = app.login_raw("tuixiu1", "Wrong123!").await;
    assert_error(res, 423, ErrorCode::AccountLocked).await;

    // Even the right password is refused while locked.
    let res = app.login_raw("tuixiu1", GOOD_PASSWORD).await;
    let body = assert_error(res, 423, ErrorCode::AccountLocked).await;
    assert!(body.message.contains("15 分钟"), "{}", body.message);

    app.clock.advance(Duration::minutes(14));
    let res = app.login_raw("tuixiu1", GOOD_PASSWORD).await;
    assert_error(res, 423, ErrorCode::AccountLocked).await;

    app.clock
        .advance(Duration::minutes(1) + Duration::seconds(1));
    app.login("tuixiu1", GOOD_PASSWORD).await;
}

#[tokio::test]
async fn a_successful_login_resets_the_failure_count() {
    let app = spawn_app().await;
    app.create_account("tuixiu2", GOOD_PASSWORD, "unit", false)
        .await;
    for _ in 0..4 {
        app.login_raw("tuixiu2", "Wrong123!").await;
    }
    app.login("tuixiu2", GOOD_PASSWORD).await;
    let res = app.login_raw("tuixiu2", "Wrong123!").await;
    let body = assert_error(res, 401, ErrorCode::InvalidCredentials).await;
    assert_eq!(body.details.expect("details")["remaining_attempts"], 4);
}

#[tokio::test]
async fn a_disabled_account_cannot_log_in() {
    use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
    let app = spawn_app().await;
    let id = app
        .create_account("gone", GOOD_PASSWORD, "unit", false)
        .await;
    let acc = server::entities::account::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("row");
    let mut active = acc.into_active_model();
    active.disabled = Set(true);
    active.update(&app.db).await.expect("disable");
    let res = app.login_raw("gone", GOOD_PASSWORD).await;
    assert_error(res, 403, ErrorCode::AccountDisabled).await;
}

#[tokio::test]
async fn a_system_issued_password_must_be_changed_before_anything_else() {
    let app = spawn_app().await;
    app.create_account("tuixiu123000000", "Txbz123456", "unit", true)
        .await;
    let out = app.login("tuixiu123000000", "Txbz123456").await;
    assert!(out.me.must_change_password);

    // /api/me works, everything else is refused until the change.
    assert_eq!(app.get_me(&out.access_token).await.status().as_u16(), 200);
    let res = app
        .client
        .get(app.url("/api/audit-logs"))
        .bearer_auth(&out.access_token)
        .send()
        .await
        .expect("request");
    assert_error(res, 403, ErrorCode::PasswordChangeRequired).await;

    // The policy is enforced with a Chinese message naming what is missing.
    let res = app
        .change_password(&out.access_token, "Txbz123456", "abcdefgh")
        .await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;
    // The old password must be right.
    let res = app
        .change_password(&out.access_token, "Wrong123456", GOOD_PASSWORD)
        .await;
    assert_error(res, 401, ErrorCode::InvalidCredentials).await;

    let res = app
        .change_password(&out.access_token, "Txbz123456", GOOD_PASSWORD)
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let fresh: LoginOut = res.json().await.expect("new token");
    assert!(!fresh.me.must_change_password);

    // The old token stops working; the new one works; the new password logs in.
    let res = app.get_me(&out.access_token).await;
    assert_error(res, 401, ErrorCode::Unauthorized).await;
    assert_eq!(app.get_me(&fresh.access_token).await.status().as_u16(), 200);
    let again = app.login("tuixiu123000000", GOOD_PASSWORD).await;
    assert!(!again.me.must_change_password);
}

#[tokio::test]
async fn an_expired_token_is_refused_with_token_expired() {
    let app = spawn_app_with(|s| s.token_ttl_minutes = 30).await;
    app.create_account("admin", GOOD_PASSWORD, "admin", false)
        .await;
    let out = app.login("admin", GOOD_PASSWORD).await;
    app.clock.advance(Duration::minutes(29));
    assert_eq!(app.get_me(&out.access_token).await.status().as_u16(), 200);
    app.clock.advance(Duration::minutes(1));
    let res = app.get_me(&out.access_token).await;
    assert_error(res, 401, ErrorCode::TokenExpired).await;
}

#[tokio::test]
async fn requests_without_or_with_a_forged_token_are_unauthorized() {
    let app = spawn_app().await;
    let res = app
        .client
        .get(app.url("/api/me"))
        .send()
        .await
        .expect("request");
    assert_error(res, 401, ErrorCode::Unauthorized).await;
    let res = app.get_me("not.a.token").await;
    assert_error(res, 401, ErrorCode::Unauthorized).await;
}

#[tokio::test]
async fn roles_are_checked_on_every_restricted_endpoint() {
    let app = spawn_app().await;
    app.create_account("tuixiu9", GOOD_PASSWORD, "unit", false)
        .await;
    app.create_account("shenhe9", GOOD_PASSWORD, "reviewer", false)
        .await;
    app.create_account("admin9", GOOD_PASSWORD, "admin", false)
        .await;
    let unit = app.login("tuixiu9", GOOD_PASSWORD).await.access_token;
    let reviewer = app.login("shenhe9", GOOD_PASSWORD).await.access_token;
    let admin = app.login("admin9", GOOD_PASSWORD).await.access_token;

    let get = |path: &'static str, token: String| {
        let req = app.client.get(app.url(path)).bearer_auth(token);
        async move { req.send().await.expect("request") }
    };
    // Audit log: reviewers and admins.
    assert_error(
        get("/api/audit-logs", unit.clone()).await,
        403,
        ErrorCode::Forbidden,
    )
    .await;
    assert_eq!(
        get("/api/audit-logs", reviewer.clone())
            .await
            .status()
            .as_u16(),
        200
    );
    assert_eq!(
        get("/api/audit-logs", admin.clone())
            .await
            .status()
            .as_u16(),
        200
    );
    // Account list: admins only.
    assert_error(get("/api/accounts", unit).await, 403, ErrorCode::Forbidden).await;
    assert_error(
        get("/api/accounts", reviewer).await,
        403,
        ErrorCode::Forbidden,
    )
    .await;
    let res = get("/api/accounts", admin).await;
    assert_eq!(res.status().as_u16(), 200);
    let page: serde_json::Value = res.json().await.expect("page");
    assert_eq!(page["total"], 3);
    // No list ever carries a password hash.
    assert!(!page.to_string().contains("argon2"));
}

#[tokio::test]
async fn logins_and_password_changes_are_audited() {
    let app = spawn_app().await;
    app.create_account("shenhe1", GOOD_PASSWORD, "reviewer", false)
        .await;
    let out = app.login("shenhe1", GOOD_PASSWORD).await;
    let res = app
        .change_password(&out.access_token, GOOD_PASSWORD, "Newpass#2026")
        .await;
    let fresh: LoginOut = res.json().await.expect("token");
    let page: serde_json::Value = app
        .client
        .get(app.url("/api/audit-logs?page=1&page_size=10"))
        .bearer_auth(&fresh.access_token)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("page");
    let actions: Vec<&str> = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["action"].as_str())
        .collect();
    assert!(actions.contains(&"auth.login"), "{actions:?}");
    assert!(actions.contains(&"account.password_changed"), "{actions:?}");
}

#[tokio::test]
async fn malformed_requests_get_400_in_the_common_shape() {
    let app = spawn_app().await;
    let res = app
        .client
        .post(app.url("/api/auth/login"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("request");
    assert_error(res, 400, ErrorCode::BadRequest).await;
    let res = app
        .client
        .post(app.url("/api/auth/login"))
        .json(&serde_json::json!({ "account": "x" }))
        .send()
        .await
        .expect("request");
    assert_error(res, 400, ErrorCode::BadRequest).await;
    let res = app
        .client
        .get(app.url("/api/no-such-thing"))
        .send()
        .await
        .expect("request");
    assert_error(res, 404, ErrorCode::NotFound).await;
}
