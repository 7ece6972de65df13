//! Admin: issue `tuixiu<参保编码>` with a one-time password, reset (forced change),
//! disable / enable and the list filters.

use api_types::{AccountOut, ErrorCode, OneTimePasswordOut, Page};
use sea_orm::Set;

use crate::app::TestApp;
use crate::assertions::{assert_error, assert_json};
use crate::fixtures::GOOD_PASSWORD;

#[tokio::test]
async fn issuing_a_unit_account_gives_a_one_time_password_that_must_be_changed() {
    let app = TestApp::spawn().await;
    let admin = app.admin("admin").await;
    let coded = app.unit("tuixiu200000001").await;
    let uncoded = app.unit_without_code("new@example.com").await;
    // The unit of `coded` already has tuixiu200000001.
    let res = admin.accounts().issue(coded.unit_id()).await;
    assert_error(res, 409, ErrorCode::Conflict).await;
    let res = admin.accounts().issue(uncoded.unit_id()).await;
    assert_error(res, 422, ErrorCode::RuleRefused).await;

    // Give the second unit a code, then issue its account.
    app.update_unit(uncoded.unit_id(), |u| {
        u.enrollment_code = Set(Some("200000002".into()))
    })
    .await;
    let res = admin.accounts().issue(uncoded.unit_id()).await;
    let issued: OneTimePasswordOut = assert_json(res, 201).await;
    assert_eq!(issued.account, "tuixiu200000002");
    assert!(domain::check_password_policy(&issued.one_time_password).is_ok());

    let login = app
        .anonymous()
        .auth()
        .login(&issued.account, &issued.one_time_password)
        .await;
    assert!(login.me.must_change_password);
    let operator = app.client_for(&login);
    let res = operator.operator().get().await;
    assert_error(res, 403, ErrorCode::PasswordChangeRequired).await;
    let res = operator
        .auth()
        .change_password(&issued.one_time_password, GOOD_PASSWORD)
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let again = app.log_in(&issued.account, GOOD_PASSWORD).await;
    assert_eq!(again.operator().get().await.status().as_u16(), 200);
}

#[tokio::test]
async fn a_reset_forces_a_change_and_ends_old_sessions() {
    let app = TestApp::spawn().await;
    let admin = app.admin("admin").await;
    let unit = app.unit("tuixiu200000001").await;
    let res = unit.accounts().reset_password(unit.account_id()).await;
    assert_error(res, 403, ErrorCode::Forbidden).await;
    let res = admin.accounts().reset_password(unit.account_id()).await;
    let reset: OneTimePasswordOut = assert_json(res, 200).await;
    assert_error(unit.auth().me().await, 401, ErrorCode::Unauthorized).await;
    let anonymous = app.anonymous();
    let res = anonymous
        .auth()
        .try_login("tuixiu200000001", GOOD_PASSWORD)
        .await;
    assert_error(res, 401, ErrorCode::InvalidCredentials).await;
    let login = anonymous
        .auth()
        .login("tuixiu200000001", &reset.one_time_password)
        .await;
    assert!(login.me.must_change_password);
    // Admins do not reset themselves here.
    let res = admin.accounts().reset_password(admin.account_id()).await;
    assert_error(res, 409, ErrorCode::Conflict).await;
}

#[tokio::test]
async fn disabling_stops_login_and_tokens_and_enabling_restores_login() {
    let app = TestApp::spawn().await;
    let admin = app.admin("admin").await;
    let unit = app.unit("tuixiu200000001").await;
    let res = admin.accounts().set_disabled(unit.account_id(), true).await;
    let out: AccountOut = assert_json(res, 200).await;
    assert!(out.disabled);
    assert!(unit.auth().me().await.status().is_client_error());
    let anonymous = app.anonymous();
    let res = anonymous
        .auth()
        .try_login("tuixiu200000001", GOOD_PASSWORD)
        .await;
    assert_error(res, 403, ErrorCode::AccountDisabled).await;
    let page: Page<AccountOut> = admin.accounts().list("?disabled=true").await;
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].account, "tuixiu200000001");
    let res = admin
        .accounts()
        .set_disabled(unit.account_id(), false)
        .await;
    assert_eq!(res.status().as_u16(), 200);
    anonymous
        .auth()
        .login("tuixiu200000001", GOOD_PASSWORD)
        .await;
    let res = admin
        .accounts()
        .set_disabled(admin.account_id(), true)
        .await;
    assert_error(res, 409, ErrorCode::Conflict).await;
    let page = admin.accounts().list("?role=unit&account=2000").await;
    assert_eq!(page.total, 1);
}
