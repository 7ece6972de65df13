//! 参保编码申请: `POST/GET /api/code-applications`, `GET/PUT /api/code-applications/{id}`,
//! `POST /api/code-applications/{id}/review` (reviewers).

use actix_web::{get, post, put, web, HttpResponse};
use api_types::{
    ApiErrorBody, ApplicationListItem, ApplicationQuery, CodeApplicationIn, CodeApplicationOut,
    Page, ReviewIn, Role,
};
use sea_orm::TransactionTrait;
use uuid::Uuid;

use crate::audit::{self, AuditEntry};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::services::code_applications as svc;
use crate::state::AppState;

/// Applies for an enrollment code (a unit without one).
#[utoipa::path(
    tag = "code-applications",
    security(("bearer" = [])),
    request_body = CodeApplicationIn,
    responses(
        (status = 201, body = CodeApplicationOut),
        (status = 403, body = ApiErrorBody),
        (status = 409, description = "已有参保编码或已有申请中的申请", body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)
    )
)]
#[post("/code-applications")]
pub async fn submit(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<CodeApplicationIn>,
) -> ApiResult<HttpResponse> {
    let me = user.require(&[Role::Unit])?;
    let txn = state.db.begin().await?;
    let row = svc::submit(&txn, state.clock.now(), me, &body).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(svc::to_out(&state.db, row).await?))
}

/// Lists applications (a unit its own; reviewers and admins all), filtered and paged.
#[utoipa::path(
    tag = "code-applications",
    security(("bearer" = [])),
    params(ApplicationQuery),
    responses((status = 200, body = Page<ApplicationListItem>))
)]
#[get("/code-applications")]
pub async fn list(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<ApplicationQuery>,
) -> ApiResult<web::Json<Page<ApplicationListItem>>> {
    Ok(web::Json(svc::list(&state.db, &user.0, &query).await?))
}

/// One application with its attachments (unmasked: the read is audited).
#[utoipa::path(
    tag = "code-applications",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = CodeApplicationOut), (status = 404, body = ApiErrorBody))
)]
#[get("/code-applications/{id}")]
pub async fn detail(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<Uuid>,
) -> ApiResult<web::Json<CodeApplicationOut>> {
    let row = svc::find_visible(&state.db, &user.0, path.into_inner()).await?;
    audit::record(
        &state.db,
        state.clock.now(),
        AuditEntry {
            actor: Some(&user.0),
            action: "code_application.viewed",
            target_type: "code_application",
            target_id: Some(row.id.to_string()),
            before: None,
            after: None,
        },
    )
    .await?;
    Ok(web::Json(svc::to_out(&state.db, row).await?))
}

/// Edits a rejected application and submits it again (申请中).
#[utoipa::path(
    tag = "code-applications",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = CodeApplicationIn,
    responses(
        (status = 200, body = CodeApplicationOut),
        (status = 404, body = ApiErrorBody),
        (status = 409, description = "不是审核不通过状态", body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)
    )
)]
#[put("/code-applications/{id}")]
pub async fn resubmit(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<Uuid>,
    body: web::Json<CodeApplicationIn>,
) -> ApiResult<web::Json<CodeApplicationOut>> {
    let me = user.require(&[Role::Unit])?;
    let txn = state.db.begin().await?;
    let row = svc::resubmit(&txn, state.clock.now(), me, path.into_inner(), &body).await?;
    txn.commit().await?;
    Ok(web::Json(svc::to_out(&state.db, row).await?))
}

/// Approves (assigns the 参保编码) or rejects with a reason (reviewers).
#[utoipa::path(
    tag = "code-applications",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = ReviewIn,
    responses(
        (status = 200, body = CodeApplicationOut),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 409, description = "已审核或参保编码已被使用", body = ApiErrorBody),
        (status = 422, description = "缺少不通过原因", body = ApiErrorBody)
    )
)]
#[post("/code-applications/{id}/review")]
pub async fn review(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<Uuid>,
    body: web::Json<ReviewIn>,
) -> ApiResult<web::Json<CodeApplicationOut>> {
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
