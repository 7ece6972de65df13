//! `/api/plan-years`: the plan-year settings (保障年度设置); everyone reads, admins edit.

use actix_web::{get, put, web};
use api_types::{ApiErrorBody, CurrentPlanYearOut, PlanYearIn, PlanYearOut};

use super::service;
use crate::app::state::AppState;
use crate::auth::AuthUser;
use crate::http::{ApiResult, IfMatch};

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
    let rows = service::all(&state.db).await?;
    Ok(web::Json(rows.iter().map(service::out).collect()))
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
    Ok(web::Json(
        service::current(&state.db, state.clock.now()).await?,
    ))
}

/// Creates or replaces a plan year's settings (admins). Send the version read as
/// `If-Match` to refuse a concurrent edit (409 `version_conflict`); a new year needs none.
#[utoipa::path(
    tag = "plan-years",
    security(("bearer" = [])),
    params(
        ("year" = i32, Path, description = "保障年度"),
        ("If-Match" = Option<String>, Header, description = "保障年度设置的 version（修改时）")
    ),
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
    version: IfMatch,
    year: web::Path<i32>,
    body: web::Json<PlanYearIn>,
) -> ApiResult<web::Json<PlanYearOut>> {
    let (year, now) = (year.into_inner(), state.clock.now());
    let out = service::save(&state.db, &user.actor(), year, version.0, &body, now).await?;
    Ok(web::Json(out))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_plan_years)
        .service(current_plan_year)
        .service(put_plan_year);
}
