//! 账号管理 (admins): `GET/POST /api/accounts`, `POST /api/accounts/{id}/password-reset`,
//! `PUT /api/accounts/{id}/status`.

use actix_web::{get, post, put, web, HttpResponse};
use api_types::{
    AccountOut, AccountQuery, AccountStatusIn, ApiErrorBody, IssueAccountIn, OneTimePasswordOut,
    Page,
};
use uuid::Uuid;

use super::service;
use crate::app::state::AppState;
use crate::auth::AuthUser;
use crate::http::ApiResult;

/// Lists accounts (admins only), filtered by login, role, status or unit.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(AccountQuery),
    responses(
        (status = 200, body = Page<AccountOut>),
        (status = 403, description = "非管理员", body = ApiErrorBody)
    )
)]
#[get("/accounts")]
pub async fn list_accounts(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<AccountQuery>,
) -> ApiResult<web::Json<Page<AccountOut>>> {
    Ok(web::Json(
        service::list(&state.db, &user.actor(), &query).await?,
    ))
}

/// Issues the unit account `tuixiu<参保编码>` with a one-time password (shown once).
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    request_body = IssueAccountIn,
    responses(
        (status = 201, body = OneTimePasswordOut),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 409, description = "账号已存在", body = ApiErrorBody),
        (status = 422, description = "单位尚无参保编码", body = ApiErrorBody)
    )
)]
#[post("/accounts")]
pub async fn issue(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<IssueAccountIn>,
) -> ApiResult<HttpResponse> {
    let now = state.clock.now();
    let out = service::issue_unit_account(&state.db, &user.actor(), body.unit_id, now).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(out))
}

/// Resets a password to a one-time one that must be changed at the next login.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = OneTimePasswordOut),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 409, description = "不能重置自己的账号", body = ApiErrorBody)
    )
)]
#[post("/accounts/{id}/password-reset")]
pub async fn reset_password(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let now = state.clock.now();
    let out = service::reset_password(&state.db, &user.actor(), path.into_inner(), now).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(out))
}

/// Disables (停用; its tokens stop working) or enables (启用) an account.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = AccountStatusIn,
    responses(
        (status = 200, body = AccountOut),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 409, description = "不能停用自己的账号", body = ApiErrorBody)
    )
)]
#[put("/accounts/{id}/status")]
pub async fn set_status(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<Uuid>,
    body: web::Json<AccountStatusIn>,
) -> ApiResult<web::Json<AccountOut>> {
    let (id, now) = (path.into_inner(), state.clock.now());
    let out = service::set_disabled(&state.db, &user.actor(), id, body.disabled, now).await?;
    Ok(web::Json(out))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_accounts)
        .service(issue)
        .service(reset_password)
        .service(set_status);
}
