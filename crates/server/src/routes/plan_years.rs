//! `/api/plan-years`: the plan-year settings (保障年度设置); everyone reads, admins edit.

use actix_web::{get, put, web, HttpRequest};
use api_types::{ApiErrorBody, CurrentPlanYearOut, PlanYearIn, PlanYearOut, Role};
use domain::BatchKind;
use sea_orm::TransactionTrait;

use crate::audit::{self, AuditEntry};
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::services::plan_years;
use crate::services::refusal::if_match;
use crate::state::AppState;

/// Every plan year, newest first.
#[utoipa::path(
    tag = "plan-years",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<PlanYearOut>), (status = 401, body = ApiErrorBody))
)]
#[get("/plan-years")]
pub async fn list_plan_years(
    state: web::Data<AppState>,
    _user: AuthUser,
) -> ApiResult<web::Json<Vec<PlanYearOut>>> {
    let rows = plan_years::all(&state.db).await?;
    Ok(web::Json(rows.iter().map(plan_years::out).collect()))
}

/// The plan year taking enrollments now, and which windows are open at this instant.
#[utoipa::path(
    tag = "plan-years",
    security(("bearer" = [])),
    responses(
        (status = 200, body = CurrentPlanYearOut),
        (status = 404, description = "没有正在参保的保障年度", body = ApiErrorBody)
    )
)]
#[get("/plan-years/current")]
pub async fn current_plan_year(
    state: web::Data<AppState>,
    _user: AuthUser,
) -> ApiResult<web::Json<CurrentPlanYearOut>> {
    let now = state.clock.now();
    let row = plan_years::current(&state.db, now)
        .await?
        .ok_or_else(|| ApiError::not_found("当前保障年度"))?;
    let p = plan_years::to_domain(&row);
    Ok(web::Json(CurrentPlanYearOut {
        now: now.with_timezone(&chrono_tz::Asia::Shanghai).fixed_offset(),
        centralized_open: p.can_open_batch(BatchKind::Centralized, now).is_ok(),
        instant_open: p.can_open_batch(BatchKind::Instant, now).is_ok(),
        withholding_channel_open: p.withholding_channel_open(now),
        plan_year: plan_years::out(&row),
    }))
}

/// Creates or replaces a plan year's settings (admins). Send the version read as
/// `If-Match` to refuse a concurrent edit (409 `version_conflict`).
#[utoipa::path(
    tag = "plan-years",
    security(("bearer" = [])),
    params(("year" = i32, Path, description = "保障年度")),
    request_body = PlanYearIn,
    responses(
        (status = 200, body = PlanYearOut),
        (status = 403, description = "非管理员", body = ApiErrorBody),
        (status = 409, description = "数据已被他人修改 (`version_conflict`)", body = ApiErrorBody),
        (status = 422, description = "设置不合理 (`validation_failed`)", body = ApiErrorBody)
    )
)]
#[put("/plan-years/{year}")]
pub async fn put_plan_year(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    year: web::Path<i32>,
    body: web::Json<PlanYearIn>,
) -> ApiResult<web::Json<PlanYearOut>> {
    user.require(&[Role::Admin])?;
    let version = if_match(&req)?;
    let p = plan_years::from_input(year.into_inner(), &body)?;
    let now = state.clock.now();
    let txn = state.db.begin().await?;
    let (before, after) = plan_years::upsert(&txn, &p, version, now).await?;
    audit::record(
        &txn,
        now,
        AuditEntry {
            actor: Some(&user.0),
            action: if before.is_some() {
                "plan_year.updated"
            } else {
                "plan_year.created"
            },
            target_type: "plan_year",
            target_id: Some(after.year.to_string()),
            before: before
                .as_ref()
                .and_then(|b| serde_json::to_value(plan_years::out(b)).ok()),
            after: serde_json::to_value(plan_years::out(&after)).ok(),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(web::Json(plan_years::out(&after)))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_plan_years)
        .service(current_plan_year)
        .service(put_plan_year);
}
