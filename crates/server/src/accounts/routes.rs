//! 账号管理 (admins): `GET/POST /api/accounts`, `POST /api/accounts/{id}/password-reset`,
//! `PUT /api/accounts/{id}/status`.

use actix_web::{get, post, put, web, HttpResponse};
use api_types::{
    AccountOut, AccountQuery, AccountStatusIn, IssueAccountIn, OneTimePasswordOut, Page,
};
use uuid::Uuid;

use super::service;
use crate::auth::Caller;
use crate::http::docs::{ChangeErrors, ListErrors};
use crate::http::ApiResult;

/// A one-time password is shown once: never kept by a cache.
fn secret(res: &mut actix_web::HttpResponseBuilder, out: OneTimePasswordOut) -> HttpResponse {
    res.insert_header(("Cache-Control", "no-store")).json(out)
}

/// Lists accounts (admins only), filtered by login, role, status or unit.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(AccountQuery),
    responses((status = 200, body = Page<AccountOut>), ListErrors)
)]
#[get("/accounts")]
pub async fn list_accounts(
    c: Caller,
    query: web::Query<AccountQuery>,
) -> ApiResult<web::Json<Page<AccountOut>>> {
    Ok(web::Json(service::list(&c.db, &c.actor, &query).await?))
}

/// Issues the unit account `tuixiu<参保编码>` with a one-time password (shown once); 409
/// when it exists, 422 when the unit has no enrollment code.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    request_body = IssueAccountIn,
    responses((status = 201, body = OneTimePasswordOut), ChangeErrors)
)]
#[post("/accounts")]
pub async fn issue(c: Caller, body: web::Json<IssueAccountIn>) -> ApiResult<HttpResponse> {
    let out = service::issue_unit_account(&c.db, &c.actor, body.unit_id, c.now).await?;
    Ok(secret(&mut HttpResponse::Created(), out))
}

/// Resets a password to a one-time one that must be changed at the next login (409 for
/// one's own account).
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    responses((status = 200, body = OneTimePasswordOut), ChangeErrors)
)]
#[post("/accounts/{id}/password-reset")]
pub async fn reset_password(c: Caller, path: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    let out = service::reset_password(&c.db, &c.actor, path.into_inner(), c.now).await?;
    Ok(secret(&mut HttpResponse::Ok(), out))
}

/// Disables (停用; its tokens stop working) or enables (启用) an account (409 for one's
/// own account).
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    request_body = AccountStatusIn,
    responses((status = 200, body = AccountOut), ChangeErrors)
)]
#[put("/accounts/{id}/status")]
pub async fn set_status(
    c: Caller,
    path: web::Path<Uuid>,
    body: web::Json<AccountStatusIn>,
) -> ApiResult<web::Json<AccountOut>> {
    let out =
        service::set_disabled(&c.db, &c.actor, path.into_inner(), body.disabled, c.now).await?;
    Ok(web::Json(out))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_accounts)
        .service(issue)
        .service(reset_password)
        .service(set_status);
}
