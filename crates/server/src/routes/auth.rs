//! `POST /api/auth/captcha` and `POST /api/auth/login`.

use actix_web::http::StatusCode;
use actix_web::{post, web, HttpResponse};
use api_types::{ApiErrorBody, CaptchaOut, ErrorCode, LoginIn, LoginOut};
use chrono::Duration;

use crate::audit::{self, AuditEntry};
use crate::auth::captcha;
use crate::error::{ApiError, ApiResult};
use crate::services::accounts;
use crate::state::AppState;

/// Issues a new image captcha (验证码).
#[utoipa::path(
    tag = "auth",
    responses((status = 200, body = CaptchaOut), (status = 500, body = ApiErrorBody))
)]
#[post("/auth/captcha")]
pub async fn new_captcha(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let issued = captcha::issue(
        &state.db,
        state.clock.now(),
        Duration::seconds(state.settings.captcha_ttl_seconds),
    )
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(CaptchaOut {
            captcha_id: issued.id,
            image_data_url: format!("data:image/png;base64,{}", issued.png_base64),
            expires_at: issued.expires_at.fixed_offset(),
        }))
}

/// Logs in with account, password and captcha; returns an access token.
///
/// Five wrong passwords in a row lock the account for 15 minutes (configurable).
/// A system-issued password (`me.must_change_password`) must be changed with
/// `PUT /api/me/password` before any other call is accepted.
#[utoipa::path(
    tag = "auth",
    request_body = LoginIn,
    responses(
        (status = 200, body = LoginOut),
        (status = 400, description = "验证码错误或已过期 (`captcha_invalid`)", body = ApiErrorBody),
        (status = 401, description = "账号或密码错误 (`invalid_credentials`)", body = ApiErrorBody),
        (status = 403, description = "账号已停用 (`account_disabled`)", body = ApiErrorBody),
        (status = 423, description = "账号已锁定 (`account_locked`)", body = ApiErrorBody)
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    body: web::Json<LoginIn>,
) -> ApiResult<web::Json<LoginOut>> {
    let body = body.into_inner();
    if body.account.trim().is_empty() {
        return Err(ApiError::field("account", "请输入账号"));
    }
    if body.password.is_empty() {
        return Err(ApiError::field("password", "请输入密码"));
    }
    let now = state.clock.now();
    let captcha_ok =
        captcha::consume(&state.db, body.captcha_id, &body.captcha_answer, now).await?;
    if !captcha_ok && !state.settings.captcha_disabled {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::CaptchaInvalid,
            "验证码错误或已过期，请重新输入",
        ));
    }
    let account = accounts::authenticate(&state, &body.account, body.password).await?;
    let out = accounts::login_out(&state, &account).await?;
    audit::record(
        &state.db,
        now,
        AuditEntry {
            actor: None,
            action: "auth.login",
            target_type: "account",
            target_id: Some(account.id.to_string()),
            before: None,
            after: None,
        },
    )
    .await?;
    Ok(web::Json(out))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(new_captcha).service(login);
}
