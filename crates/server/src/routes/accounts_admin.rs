//! Admin work on accounts: `POST /api/accounts` (issue `tuixiu<参保编码>`),
//! `POST /api/accounts/{id}/password-reset`, `PUT /api/accounts/{id}/status`.

use actix_web::{post, put, web, HttpResponse};
use api_types::{
    AccountOut, AccountStatusIn, ApiErrorBody, IssueAccountIn, OneTimePasswordOut, Role,
};
use sea_orm::TransactionTrait;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::routes::admin::account_out;
use crate::services::accounts_admin as svc;
use crate::state::AppState;

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
    let me = user.require(&[Role::Admin])?;
    let txn = state.db.begin().await?;
    let out = svc::issue_unit_account(&txn, state.clock.now(), me, body.unit_id).await?;
    txn.commit().await?;
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
    let me = user.require(&[Role::Admin])?;
    let txn = state.db.begin().await?;
    let out = svc::reset_password(&txn, state.clock.now(), me, path.into_inner()).await?;
    txn.commit().await?;
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
    let me = user.require(&[Role::Admin])?;
    let txn = state.db.begin().await?;
    let row = svc::set_disabled(
        &txn,
        state.clock.now(),
        me,
        path.into_inner(),
        body.disabled,
    )
    .await?;
    txn.commit().await?;
    Ok(web::Json(account_out(row)?))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(issue)
        .service(reset_password)
        .service(set_status);
}
