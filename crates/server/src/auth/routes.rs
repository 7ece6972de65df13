//! `POST /api/auth/captcha`, `POST /api/auth/login`, `GET /api/me`, `PUT /api/me/password`.

use actix_web::{get, post, put, web, HttpResponse};
use api_types::{ApiErrorBody, CaptchaOut, ChangePasswordIn, LoginIn, LoginOut, MeOut};
use chrono::Duration;

use super::{captcha, service, throttle, ClientIp, SessionUser};
use crate::app::state::AppState;
use crate::http::docs::TooManyRequests;
use crate::http::ApiResult;
use crate::time::shanghai;

/// Issues a new image captcha (验证码). At most `rate_limits.captcha_per_ip` per client
/// address (429 `too_many_requests` with `Retry-After` beyond).
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, body = CaptchaOut),
        TooManyRequests,
        (status = 500, body = ApiErrorBody)
    )
)]
#[post("/auth/captcha")]
pub async fn new_captcha(state: web::Data<AppState>, ip: ClientIp) -> ApiResult<HttpResponse> {
    let now = state.clock.now();
    let limit = state.settings.rate_limits.captcha_per_ip;
    throttle::enforce(&state.db, "captcha:ip", &ip.0, limit, now).await?;
    let issued = captcha::issue(
        &state.db,
        now,
        Duration::seconds(state.settings.captcha_ttl_seconds),
    )
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(CaptchaOut {
            captcha_id: issued.id,
            image_data_url: format!("data:image/png;base64,{}", issued.png_base64),
            expires_at: shanghai(issued.expires_at),
        }))
}

/// Logs in with account, password and captcha; returns an access token.
///
/// Five wrong passwords in a row lock the account for 15 minutes (configurable); an account
/// name nobody has answers exactly the same, so the answers do not tell which accounts
/// exist. A system-issued password (`me.must_change_password`) must be changed with
/// `PUT /api/me/password` before any other call is accepted. At most
/// `rate_limits.login_per_ip` attempts per client address and `login_per_account` per
/// account name (429 `too_many_requests` with `Retry-After` beyond).
#[utoipa::path(
    tag = "auth",
    request_body = LoginIn,
    responses(
        (status = 200, body = LoginOut),
        (status = 400, description = "验证码错误或已过期 (`captcha_invalid`)", body = ApiErrorBody),
        (status = 401, description = "账号或密码错误 (`invalid_credentials`)", body = ApiErrorBody),
        (status = 403, description = "账号已停用 (`account_disabled`)", body = ApiErrorBody),
        (status = 422, description = "账号、密码或验证码未填写 (`validation_failed`)", body = ApiErrorBody),
        (status = 423, description = "账号已锁定 (`account_locked`)", body = ApiErrorBody),
        TooManyRequests
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    ip: ClientIp,
    body: web::Json<LoginIn>,
) -> ApiResult<web::Json<LoginOut>> {
    let limit = state.settings.rate_limits.login_per_ip;
    throttle::enforce(&state.db, "login:ip", &ip.0, limit, state.clock.now()).await?;
    Ok(web::Json(service::login(&state, &body).await?))
}

/// The logged-in account. Works while a password change is pending.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses((status = 200, body = MeOut), (status = 401, body = ApiErrorBody))
)]
#[get("/me")]
pub async fn me(state: web::Data<AppState>, user: SessionUser) -> ApiResult<web::Json<MeOut>> {
    Ok(web::Json(service::me_out(&state.db, &user.account).await?))
}

/// Changes one's own password (8–20 characters with a letter, a digit and a special
/// character). Answers a new token: tokens issued before stop working.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body = ChangePasswordIn,
    responses(
        (status = 200, body = LoginOut),
        (status = 400, description = "请求无法解析 (`bad_request`)", body = ApiErrorBody),
        (status = 401, description = "原密码错误 (`invalid_credentials`) 或未登录", body = ApiErrorBody),
        (status = 422, description = "新密码不符合规则 (`validation_failed`)", body = ApiErrorBody)
    )
)]
#[put("/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    user: SessionUser,
    body: web::Json<ChangePasswordIn>,
) -> ApiResult<web::Json<LoginOut>> {
    let body = body.into_inner();
    let out = service::change_password(&state, &user, body.old_password, body.new_password).await?;
    Ok(web::Json(out))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(new_captcha)
        .service(login)
        .service(me)
        .service(change_password);
}
