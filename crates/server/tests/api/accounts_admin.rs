//! Admin: issue `tuixiu<参保编码>` with a one-time password, reset (forced change),
//! disable / enable, list filters, and the dictionaries.

use api_types::{AccountOut, DictionaryEntryOut, ErrorCode, OneTimePasswordOut, Page};
use reqwest::Method;

use crate::helpers::{assert_error, spawn_app, GOOD_PASSWORD};

#[tokio::test]
async fn issuing_a_unit_account_gives_a_one_time_password_that_must_be_changed() {
    let app = spawn_app().await;
    let admin = app.session("admin", "admin").await;
    let coded = app.session("tuixiu200000001", "unit").await;
    let uncoded = app.session_without_code("new@example.com").await;
    // The unit of `coded` already has tuixiu200000001.
    let res = app
        .send_as(
            Method::POST,
            &admin.token,
            "/api/accounts",
            serde_json::json!({"unit_id": coded.unit_id}),
        )
        .await;
    assert_error(res, 409, ErrorCode::Conflict).await;
    let res = app
        .send_as(
            Method::POST,
            &admin.token,
            "/api/accounts",
            serde_json::json!({"unit_id": uncoded.unit_id}),
        )
        .await;
    assert_error(res, 422, ErrorCode::RuleRefused).await;

    // Give the second unit a code, then issue its account.
    {
        use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
        let row = server::entities::unit::Entity::find_by_id(uncoded.unit_id.expect("unit"))
            .one(&app.db)
            .await
            .expect("query")
            .expect("unit");
        let mut active = row.into_active_model();
        active.enrollment_code = Set(Some("200000002".into()));
        active.update(&app.db).await.expect("code");
    }
    let res = app
        .send_as(
            Method::POST,
            &admin.token,
            "/api/accounts",
            serde_json::json!({"unit_id": uncoded.unit_id}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 201);
    let issued: OneTimePasswordOut = res.json().await.expect("body");
    assert_eq!(issued.account, "tuixiu200000002");
    assert!(domain::check_password_policy(&issued.one_time_password).is_ok());

    let login = app.login(&issued.account, &issued.one_time_password).await;
    assert!(login.me.must_change_password);
    let res = app.get_as(&login.access_token, "/api/operator").await;
    assert_error(res, 403, ErrorCode::PasswordChangeRequired).await;
    let res = app
        .change_password(
            &login.access_token,
            &issued.one_time_password,
            GOOD_PASSWORD,
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let again = app.login(&issued.account, GOOD_PASSWORD).await;
    assert_eq!(
        app.get_as(&again.access_token, "/api/operator")
            .await
            .status()
            .as_u16(),
        200
    );
}

#[tokio::test]
async fn a_reset_forces_a_change_and_ends_old_sessions() {
    let app = spawn_app().await;
    let admin = app.session("admin", "admin").await;
    let unit = app.session("tuixiu200000001", "unit").await;
    let path = format!("/api/accounts/{}/password-reset", unit.account_id);
    let res = app
        .send_as(Method::POST, &unit.token, &path, serde_json::json!({}))
        .await;
    assert_error(res, 403, ErrorCode::Forbidden).await;
    let res = app
        .send_as(Method::POST, &admin.token, &path, serde_json::json!({}))
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let reset: OneTimePasswordOut = res.json().await.expect("body");
    assert_error(app.get_me(&unit.token).await, 401, ErrorCode::Unauthorized).await;
    let res = app.login_raw("tuixiu200000001", GOOD_PASSWORD).await;
    assert_error(res, 401, ErrorCode::InvalidCredentials).await;
    let login = app.login("tuixiu200000001", &reset.one_time_password).await;
    assert!(login.me.must_change_password);
    // Admins do not reset themselves here.
    let own = format!("/api/accounts/{}/password-reset", admin.account_id);
    let res = app
        .send_as(Method::POST, &admin.token, &own, serde_json::json!({}))
        .await;
    assert_error(res, 409, ErrorCode::Conflict).await;
}

#[tokio::test]
async fn disabling_stops_login_and_tokens_and_enabling_restores_login() {
    let app = spawn_app().await;
    let admin = app.session("admin", "admin").await;
    let unit = app.session("tuixiu200000001", "unit").await;
    let path = format!("/api/accounts/{}/status", unit.account_id);
    let res = app
        .send_as(
            Method::PUT,
            &admin.token,
            &path,
            serde_json::json!({"disabled": true}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let out: AccountOut = res.json().await.expect("body");
    assert!(out.disabled);
    assert!(app.get_me(&unit.token).await.status().is_client_error());
    let res = app.login_raw("tuixiu200000001", GOOD_PASSWORD).await;
    assert_error(res, 403, ErrorCode::AccountDisabled).await;
    let page: Page<AccountOut> = app
        .get_as(&admin.token, "/api/accounts?disabled=true")
        .await
        .json()
        .await
        .expect("page");
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].account, "tuixiu200000001");
    let res = app
        .send_as(
            Method::PUT,
            &admin.token,
            &path,
            serde_json::json!({"disabled": false}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    app.login("tuixiu200000001", GOOD_PASSWORD).await;
    let own = format!("/api/accounts/{}/status", admin.account_id);
    let res = app
        .send_as(
            Method::PUT,
            &admin.token,
            &own,
            serde_json::json!({"disabled": true}),
        )
        .await;
    assert_error(res, 409, ErrorCode::Conflict).await;
    let page: Page<AccountOut> = app
        .get_as(&admin.token, "/api/accounts?role=unit&account=2000")
        .await
        .json()
        .await
        .expect("page");
    assert_eq!(page.total, 1);
}

#[tokio::test]
async fn admins_edit_the_dictionaries_and_forms_follow() {
    let app = spawn_app().await;
    let admin = app.session("admin", "admin").await;
    let unit = app.session("tuixiu200000001", "unit").await;
    let list: Vec<DictionaryEntryOut> = app
        .get_as(&unit.token, "/api/dictionaries/economic-type")
        .await
        .json()
        .await
        .expect("list");
    assert!(list.iter().any(|e| e.value == "国有企业"));
    assert_error(
        app.get_as(&unit.token, "/api/dictionaries/colours").await,
        400,
        ErrorCode::BadRequest,
    )
    .await;
    let entry = serde_json::json!({"value": "农民专业合作社", "sort_order": 5});
    let res = app
        .send_as(
            Method::POST,
            &unit.token,
            "/api/dictionaries/economic-type",
            entry.clone(),
        )
        .await;
    assert_error(res, 403, ErrorCode::Forbidden).await;
    let res = app
        .send_as(
            Method::POST,
            &admin.token,
            "/api/dictionaries/economic-type",
            entry.clone(),
        )
        .await;
    assert_eq!(res.status().as_u16(), 201);
    let created: DictionaryEntryOut = res.json().await.expect("body");
    let res = app
        .send_as(
            Method::POST,
            &admin.token,
            "/api/dictionaries/economic-type",
            entry,
        )
        .await;
    assert_error(res, 409, ErrorCode::Conflict).await;
    let res = app
        .send_as(
            Method::POST,
            &admin.token,
            "/api/dictionaries/economic-type",
            serde_json::json!({"value": " ", "sort_order": 1}),
        )
        .await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;
    let list: Vec<DictionaryEntryOut> = app
        .get_as(&unit.token, "/api/dictionaries/economic-type")
        .await
        .json()
        .await
        .expect("list");
    assert_eq!(list[0].value, "农民专业合作社", "sorted by sort_order");

    // Disable 国有企业: forms refuse it, admins still see it.
    let state_owned = list.iter().find(|e| e.value == "国有企业").expect("entry");
    let path = format!("/api/dictionaries/economic-type/{}", state_owned.id);
    let res = app
        .send_as(
            Method::PUT,
            &admin.token,
            &path,
            serde_json::json!({"value": "国有企业", "sort_order": 10, "disabled": true}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let unit_path = format!("/api/units/{}", unit.unit_id.expect("unit"));
    let res = app
        .put_unit(
            &unit.token,
            &unit_path,
            1,
            serde_json::json!({"address": "上海市某路1号", "postcode": "200000", "district_union": "黄浦区总工会", "economic_type": "国有企业"}),
        )
        .await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;
    let all: Vec<DictionaryEntryOut> = app
        .get_as(
            &admin.token,
            "/api/dictionaries/economic-type?include_disabled=true",
        )
        .await
        .json()
        .await
        .expect("list");
    assert!(all.iter().any(|e| e.value == "国有企业" && e.disabled));
    // An id of the other dictionary is not found under this one.
    let res = app
        .send_as(
            Method::PUT,
            &admin.token,
            &format!("/api/dictionaries/district-union/{}", created.id),
            serde_json::json!({"value": "x", "sort_order": 1}),
        )
        .await;
    assert_error(res, 404, ErrorCode::NotFound).await;
}
