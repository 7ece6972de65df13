//! 单位信息维护: `GET /api/units` (reviewers, admins), `GET/PUT /api/units/{id}`,
//! `POST /api/units/{id}/confirmation` (信息确认无误).

use actix_web::{get, post, put, web, HttpRequest};
use api_types::{ApiErrorBody, Page, Role, UnitIn, UnitNameHistoryOut, UnitOut, UnitQuery};
use sea_orm::TransactionTrait;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::entities::unit_name_history;
use crate::error::ApiResult;
use crate::services::units as svc;
use crate::state::AppState;

/// Lists units by name or code (reviewers and admins).
#[utoipa::path(
    tag = "units",
    security(("bearer" = [])),
    params(UnitQuery),
    responses((status = 200, body = Page<UnitOut>), (status = 403, body = ApiErrorBody))
)]
#[get("/units")]
pub async fn list(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<UnitQuery>,
) -> ApiResult<web::Json<Page<UnitOut>>> {
    user.require(&[Role::Reviewer, Role::Admin])?;
    Ok(web::Json(svc::list(&state.db, &query).await?))
}

/// A unit's information with the registry's credit code for its name
/// (`registry_status = not_found` → apply for a name change).
#[utoipa::path(
    tag = "units",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = UnitOut), (status = 404, body = ApiErrorBody))
)]
#[get("/units/{id}")]
pub async fn detail(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<Uuid>,
) -> ApiResult<web::Json<UnitOut>> {
    let row = svc::find_visible(&state.db, &user.0, path.into_inner()).await?;
    let found = svc::registry_match(&state.settings.simulator_url, &row.name).await;
    Ok(web::Json(svc::to_out(row, &found)))
}

/// 修改并保存 (the unit's operator): address, postcode, district union, economic type.
#[utoipa::path(
    tag = "units",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path),
        ("If-Match" = String, Header, description = "单位信息的 version")
    ),
    request_body = UnitIn,
    responses(
        (status = 200, body = UnitOut),
        (status = 404, body = ApiErrorBody),
        (status = 409, description = "版本冲突 (`version_conflict`)", body = ApiErrorBody),
        (status = 428, description = "缺少 If-Match (`precondition_required`)", body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)
    )
)]
#[put("/units/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    path: web::Path<Uuid>,
    body: web::Json<UnitIn>,
) -> ApiResult<web::Json<UnitOut>> {
    let me = user.require(&[Role::Unit])?;
    let version = crate::services::refusal::if_match(&req)?;
    let txn = state.db.begin().await?;
    let row = svc::update(
        &txn,
        state.clock.now(),
        me,
        path.into_inner(),
        version,
        &body,
    )
    .await?;
    txn.commit().await?;
    let found = svc::registry_match(&state.settings.simulator_url, &row.name).await;
    Ok(web::Json(svc::to_out(row, &found)))
}

/// 信息确认无误: refused (422 `rule_refused`) while the name matches no credit code.
#[utoipa::path(
    tag = "units",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = UnitOut),
        (status = 404, body = ApiErrorBody),
        (status = 422, description = "信息不全或名称无法匹配信用代码", body = ApiErrorBody),
        (status = 503, body = ApiErrorBody)
    )
)]
#[post("/units/{id}/confirmation")]
pub async fn confirm(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<Uuid>,
) -> ApiResult<web::Json<UnitOut>> {
    let me = user.require(&[Role::Unit])?;
    let row = svc::find_visible(&state.db, me, path.into_inner()).await?;
    let found = svc::registry_match(&state.settings.simulator_url, &row.name).await;
    let txn = state.db.begin().await?;
    let row = svc::confirm(&txn, state.clock.now(), me, row, &found).await?;
    txn.commit().await?;
    Ok(web::Json(svc::to_out(row, &found)))
}

/// The unit's approved name changes, newest first.
#[utoipa::path(
    tag = "units",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<UnitNameHistoryOut>), (status = 404, body = ApiErrorBody))
)]
#[get("/units/{id}/name-history")]
pub async fn name_history(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<Uuid>,
) -> ApiResult<web::Json<Vec<UnitNameHistoryOut>>> {
    let row = svc::find_visible(&state.db, &user.0, path.into_inner()).await?;
    let items = unit_name_history::Entity::find()
        .filter(unit_name_history::Column::UnitId.eq(row.id))
        .order_by_desc(unit_name_history::Column::ChangedAt)
        .all(&state.db)
        .await?
        .into_iter()
        .map(|h| UnitNameHistoryOut {
            old_name: h.old_name,
            new_name: h.new_name,
            name_change_id: h.name_change_id,
            changed_at: h.changed_at.fixed_offset(),
        })
        .collect();
    Ok(web::Json(items))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list)
        .service(detail)
        .service(update)
        .service(confirm)
        .service(name_history);
}
