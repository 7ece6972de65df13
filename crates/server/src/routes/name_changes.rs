//! 修改单位名称: `POST/GET /api/name-changes`, `GET/PUT /api/name-changes/{id}`,
//! `POST /api/name-changes/{id}/review` (reviewers).

use actix_web::{get, post, put, web, HttpResponse};
use api_types::{
    ApiErrorBody, ApplicationListItem, ApplicationQuery, NameChangeIn, NameChangeOut, Page,
    ReviewIn, Role,
};
use sea_orm::TransactionTrait;
use uuid::Uuid;

use crate::audit::{self, AuditEntry};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::services::name_changes as svc;
use crate::state::AppState;

/// Applies for a new unit name (the new name must be in the enterprise registry).
#[utoipa::path(
    tag = "name-changes",
    security(("bearer" = [])),
    request_body = NameChangeIn,
    responses(
        (status = 201, body = NameChangeOut),
        (status = 403, body = ApiErrorBody),
        (status = 409, description = "已有申请中的申请或名称已被使用", body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)
    )
)]
#[post("/name-changes")]
pub async fn submit(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<NameChangeIn>,
) -> ApiResult<HttpResponse> {
    let me = user.require(&[Role::Unit])?;
    let registered = svc::ask_registry(&state.settings.simulator_url, &body).await?;
    let txn = state.db.begin().await?;
    let row = svc::submit(&txn, &registered, state.clock.now(), me, &body).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(svc::to_out(&state.db, row).await?))
}

/// Lists name changes (a unit its own; reviewers and admins all), filtered and paged.
#[utoipa::path(
    tag = "name-changes",
    security(("bearer" = [])),
    params(ApplicationQuery),
    responses((status = 200, body = Page<ApplicationListItem>))
)]
#[get("/name-changes")]
pub async fn list(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<ApplicationQuery>,
) -> ApiResult<web::Json<Page<ApplicationListItem>>> {
    Ok(web::Json(svc::list(&state.db, &user.0, &query).await?))
}

/// One name change with its attachments (unmasked: the read is audited).
#[utoipa::path(
    tag = "name-changes",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = NameChangeOut), (status = 404, body = ApiErrorBody))
)]
#[get("/name-changes/{id}")]
pub async fn detail(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<Uuid>,
) -> ApiResult<web::Json<NameChangeOut>> {
    let row = svc::find_visible(&state.db, &user.0, path.into_inner()).await?;
    audit::record(
        &state.db,
        state.clock.now(),
        AuditEntry {
            actor: Some(&user.0),
            action: "name_change.viewed",
            target_type: "name_change",
            target_id: Some(row.id.to_string()),
            before: None,
            after: None,
        },
    )
    .await?;
    Ok(web::Json(svc::to_out(&state.db, row).await?))
}

/// Edits a rejected name change and submits it again (申请中).
#[utoipa::path(
    tag = "name-changes",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = NameChangeIn,
    responses(
        (status = 200, body = NameChangeOut),
        (status = 404, body = ApiErrorBody),
        (status = 409, description = "不是审核不通过状态", body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)
    )
)]
#[put("/name-changes/{id}")]
pub async fn resubmit(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<Uuid>,
    body: web::Json<NameChangeIn>,
) -> ApiResult<web::Json<NameChangeOut>> {
    let me = user.require(&[Role::Unit])?;
    let registered = svc::ask_registry(&state.settings.simulator_url, &body).await?;
    let txn = state.db.begin().await?;
    let row = svc::resubmit(
        &txn,
        &registered,
        state.clock.now(),
        me,
        path.into_inner(),
        &body,
    )
    .await?;
    txn.commit().await?;
    Ok(web::Json(svc::to_out(&state.db, row).await?))
}

/// Approves (the unit's name changes, recorded in history) or rejects with a reason (reviewers).
#[utoipa::path(
    tag = "name-changes",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = ReviewIn,
    responses(
        (status = 200, body = NameChangeOut),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 409, description = "已审核或名称已被使用", body = ApiErrorBody),
        (status = 422, description = "缺少不通过原因", body = ApiErrorBody)
    )
)]
#[post("/name-changes/{id}/review")]
pub async fn review(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<Uuid>,
    body: web::Json<ReviewIn>,
) -> ApiResult<web::Json<NameChangeOut>> {
    let me = user.require(&[Role::Reviewer])?;
    let txn = state.db.begin().await?;
    let row = svc::review(&txn, state.clock.now(), me, path.into_inner(), &body).await?;
    txn.commit().await?;
    Ok(web::Json(svc::to_out(&state.db, row).await?))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(submit)
        .service(list)
        .service(detail)
        .service(resubmit)
        .service(review);
}
