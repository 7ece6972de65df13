//! Login, captcha, lockout, forced password change, token expiry and role checks.

use api_types::{ErrorCode, LoginOut, MeOut, Role};
use chrono::Duration;
use reqwest::Method;

use crate::app::{NewAccount, TestApp};
use crate::assertions::{assert_error, assert_json};
use crate::fixtures::GOOD_PASSWORD;

#[tokio::test]
async fn login_with_the_right_password_returns_a_token_that_me_accepts() {
    let app = TestApp::spawn().await;
    app.seed_account(NewAccount::new("shenhe01", Role::Reviewer))
        .await;

    let out = app
        .anonymous()
        .auth()
        .login("shenhe01", GOOD_PASSWORD)
        .await;
    assert_eq!(out.token_type, "Bearer");
    assert_eq!(out.me.role, Role::Reviewer);
    assert!(!out.me.must_change_password);

    let res = app.client_for(&out).auth().me().await;
    let me: MeOut = assert_json(res, 200).await;
    assert_eq!(me.account, "shenhe01");
    assert_eq!(me.id, out.me.id);
}

#[tokio::test]
async fn a_unit_operator_sees_their_unit_in_me() {
    let app = TestApp::spawn().await;
    app.seed_account(NewAccount::unit("tuixiu123000000")).await;
    let out = app
        .anonymous()
        .auth()
        .login("tuixiu123000000", GOOD_PASSWORD)
        .await;
    let unit = out.me.unit.expect("unit operator has a unit");
    assert_eq!(unit.enrollment_code.as_deref(), Some("123000000"));
}

#[tokio::test]
async fn a_wrong_password_is_refused_with_the_remaining_attempts() {
    let app = TestApp::spawn().await;
    app.seed_account(NewAccount::new("admin", Role::Admin))
        .await;

    let res = app.anonymous().auth().try_login("admin", "Wrong123!").await;
    let body = assert_error(res, 401, ErrorCode::InvalidCredentials).await;
    let details = body.details.expect("details");
    assert_eq!(details["remaining_attempts"], 4);
}

#[tokio::test]
async fn a_wrong_or_reused_captcha_is_refused() {
    let app = TestApp::spawn().await;
    app.seed_account(NewAccount::new("admin", Role::Admin))
        .await;
    let anonymous = app.anonymous();
    let auth = anonymous.auth();
    let (captcha_id, answer) = auth.captcha().await;
    let wrong = if answer == "2222" { "3333" } else { "2222" };
    let res = auth
        .login_with_captcha("admin", GOOD_PASSWORD, (captcha_id, wrong))
        .await;
    assert_error(res, 400, ErrorCode::CaptchaInvalid).await;
    // The captcha was consumed by the failed attempt: even the right answer is refused now.
    let res = auth
        .login_with_captcha("admin", GOOD_PASSWORD, (captcha_id, &answer))
        .await;
    assert_error(res, 400, ErrorCode::CaptchaInvalid).await;
}

#[tokio::test]
async fn an_expired_captcha_is_refused() {
    let app = TestApp::spawn().await;
    app.seed_account(NewAccount::new("admin", Role::Admin))
        .await;
    let anonymous = app.anonymous();
    let (captcha_id, answer) = anonymous.auth().captcha().await;
    app.clock.advance(Duration::minutes(6));
    let res = anonymous
        .auth()
        .login_with_captcha("admin", GOOD_PASSWORD, (captcha_id, &answer))
        .await;
    assert_error(res, 400, ErrorCode::CaptchaInvalid).await;
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_account_for_fifteen_minutes() {
    let app = TestApp::spawn().await;
    app.seed_account(NewAccount::unit("tuixiu1")).await;
    let anonymous = app.anonymous();
    let auth = anonymous.auth();

    for expected_remaining in [4, 3, 2, 1] {
        let res = auth.try_login("tuixiu1", "Wrong123!").await;
        let body = assert_error(res, 401, ErrorCode::InvalidCredentials).await;
        assert_eq!(
            body.details.expect("details")["remaining_attempts"],
            expected_remaining
        );
    }
    let res = auth.try_login("tuixiu1", "Wrong123!").await;
    assert_error(res, 423, ErrorCode::AccountLocked).await;

    // Even the right password is refused while locked.
    let res = auth.try_login("tuixiu1", GOOD_PASSWORD).await;
    let body = assert_error(res, 423, ErrorCode::AccountLocked).await;
    assert!(body.message.contains("15 分钟"), "{}", body.message);

    app.clock.advance(Duration::minutes(14));
    let res = auth.try_login("tuixiu1", GOOD_PASSWORD).await;
    assert_error(res, 423, ErrorCode::AccountLocked).await;

    app.clock
        .advance(Duration::minutes(1) + Duration::seconds(1));
    auth.login("tuixiu1", GOOD_PASSWORD).await;
}

#[tokio::test]
async fn a_successful_login_resets_the_failure_count() {
    let app = TestApp::spawn().await;
    app.seed_account(NewAccount::unit("tuixiu2")).await;
    let anonymous = app.anonymous();
    let auth = anonymous.auth();
    for _ in 0..4 {
        auth.try_login("tuixiu2", "Wrong123!").await;
    }
    auth.login("tuixiu2", GOOD_PASSWORD).await;
    let res = auth.try_login("tuixiu2", "Wrong123!").await;
    let body = assert_error(res, 401, ErrorCode::InvalidCredentials).await;
    assert_eq!(body.details.expect("details")["remaining_attempts"], 4);
}

#[tokio::test]
async fn a_disabled_account_cannot_log_in() {
    let app = TestApp::spawn().await;
    app.seed_account(NewAccount::unit("gone").disabled()).await;
    let res = app
        .anonymous()
        .auth()
        .try_login("gone", GOOD_PASSWORD)
        .await;
    assert_error(res, 403, ErrorCode::AccountDisabled).await;
}

#[tokio::test]
async fn a_system_issued_password_must_be_changed_before_anything_else() {
    let app = TestApp::spawn().await;
    let issued = NewAccount::unit("tuixiu123000000")
        .password("Txbz123456")
        .must_change_password();
    app.seed_account(issued).await;
    let out = app
        .anonymous()
        .auth()
        .login("tuixiu123000000", "Txbz123456")
        .await;
    assert!(out.me.must_change_password);
    let unit = app.client_for(&out);

    // /api/me works, everything else is refused until the change.
    assert_eq!(unit.auth().me().await.status().as_u16(), 200);
    let res = unit.audit_logs().try_list("").await;
    assert_error(res, 403, ErrorCode::PasswordChangeRequired).await;

    // The policy is enforced with a Chinese message naming what is missing.
    let res = unit.auth().change_password("Txbz123456", "abcdefgh").await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;
    // The old password must be right.
    let res = unit
        .auth()
        .change_password("Wrong123456", GOOD_PASSWORD)
        .await;
    assert_error(res, 401, ErrorCode::InvalidCredentials).await;

    let res = unit
        .auth()
        .change_password("Txbz123456", GOOD_PASSWORD)
        .await;
    let fresh: LoginOut = assert_json(res, 200).await;
    assert!(!fresh.me.must_change_password);

    // The old token stops working; the new one works; the new password logs in.
    let res = unit.auth().me().await;
    assert_error(res, 401, ErrorCode::Unauthorized).await;
    let res = app.client_for(&fresh).auth().me().await;
    assert_eq!(res.status().as_u16(), 200);
    let again = app
        .anonymous()
        .auth()
        .login("tuixiu123000000", GOOD_PASSWORD)
        .await;
    assert!(!again.me.must_change_password);
}

#[tokio::test]
async fn an_expired_token_is_refused_with_token_expired() {
    let app = TestApp::builder()
        .settings(|s| s.token_ttl_minutes = 30)
        .spawn()
        .await;
    let admin = app.admin("admin").await;
    app.clock.advance(Duration::minutes(29));
    assert_eq!(admin.auth().me().await.status().as_u16(), 200);
    app.clock.advance(Duration::minutes(1));
    let res = admin.auth().me().await;
    assert_error(res, 401, ErrorCode::TokenExpired).await;
}

#[tokio::test]
async fn requests_without_or_with_a_forged_token_are_unauthorized() {
    let app = TestApp::spawn().await;
    let res = app.anonymous().auth().me().await;
    assert_error(res, 401, ErrorCode::Unauthorized).await;
    let res = app.anonymous().with_token("not.a.token").auth().me().await;
    assert_error(res, 401, ErrorCode::Unauthorized).await;
}

#[tokio::test]
async fn roles_are_checked_on_every_restricted_endpoint() {
    let app = TestApp::spawn().await;
    let unit = app.unit("tuixiu9").await;
    let reviewer = app.reviewer("shenhe9").await;
    let admin = app.admin("admin9").await;

    // Audit log: reviewers and admins.
    let res = unit.audit_logs().try_list("").await;
    assert_error(res, 403, ErrorCode::Forbidden).await;
    for allowed in [&reviewer, &admin] {
        let res = allowed.audit_logs().try_list("").await;
        assert_eq!(res.status().as_u16(), 200);
    }
    // Account list: admins only.
    for refused in [&unit, &reviewer] {
        let res = refused.accounts().try_list("").await;
        assert_error(res, 403, ErrorCode::Forbidden).await;
    }
    let page: serde_json::Value = assert_json(admin.accounts().try_list("").await, 200).await;
    assert_eq!(page["total"], 3);
    // No list ever carries a password hash.
    assert!(!page.to_string().contains("argon2"));
}

#[tokio::test]
async fn logins_and_password_changes_are_audited() {
    let app = TestApp::spawn().await;
    let reviewer = app.reviewer("shenhe1").await;
    let res = reviewer
        .auth()
        .change_password(GOOD_PASSWORD, "Newpass#2026")
        .await;
    let fresh: LoginOut = res.json().await.expect("token");
    let actions = app
        .client_for(&fresh)
        .audit_logs()
        .actions("?page=1&page_size=10")
        .await;
    assert!(actions.iter().any(|a| a == "auth.login"), "{actions:?}");
    assert!(
        actions.iter().any(|a| a == "account.password_changed"),
        "{actions:?}"
    );
    // A login is logged under the account that logged in, not as 匿名.
    let logins = app
        .client_for(&fresh)
        .audit_logs()
        .list("?action=auth.login")
        .await;
    let entry = &logins["items"][0];
    assert_eq!(entry["actor_account"], "shenhe1", "{logins}");
    assert_eq!(entry["actor_label"], "shenhe1（职保会审核员）", "{logins}");
    assert_eq!(entry["action_label"], "登录", "{logins}");
}

#[tokio::test]
async fn malformed_requests_get_400_in_the_common_shape() {
    let app = TestApp::spawn().await;
    let anonymous = app.anonymous();
    let res = anonymous
        .request(Method::POST, "/api/auth/login")
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_error(res, 400, ErrorCode::BadRequest).await;
    let partial = serde_json::json!({ "account": "x" });
    let res = anonymous
        .send(Method::POST, "/api/auth/login", &partial)
        .await;
    assert_error(res, 400, ErrorCode::BadRequest).await;
    let res = anonymous.get("/api/no-such-thing").await;
    assert_error(res, 404, ErrorCode::NotFound).await;
}
