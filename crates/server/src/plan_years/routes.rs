//! `/api/plan-years`: the plan-year settings (保障年度设置); everyone reads, admins edit.

use actix_web::{get, put, web};
use api_types::{CurrentPlanYearOut, PlanYearIn, PlanYearOut};

use super::service;
use crate::auth::Caller;
use crate::http::docs::{ListErrors, ReadErrors, VersionedChangeErrors};
use crate::http::{ApiResult, IfMatch};

/// Every plan year, newest first.
#[utoipa::path(
    tag = "plan-years",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<PlanYearOut>), ListErrors)
)]
#[get("/plan-years")]
pub async fn list_plan_years(c: Caller) -> ApiResult<web::Json<Vec<PlanYearOut>>> {
    let rows = service::all(&c.db).await?;
    Ok(web::Json(rows.iter().map(service::out).collect()))
}

/// The plan year taking enrollments now, and which windows are open at this instant (404
/// when none is).
#[utoipa::path(
    tag = "plan-years",
    security(("bearer" = [])),
    responses((status = 200, body = CurrentPlanYearOut), ReadErrors)
)]
#[get("/plan-years/current")]
pub async fn current_plan_year(c: Caller) -> ApiResult<web::Json<CurrentPlanYearOut>> {
    Ok(web::Json(service::current(&c.db, c.now).await?))
}

/// Creates a plan year (no `If-Match`) or replaces one's settings (admins): a replacement
/// is based on the version read, sent as `If-Match` (409 `version_conflict` when stale, 428
/// without it).
#[utoipa::path(
    tag = "plan-years",
    security(("bearer" = [])),
    params(
        ("year" = i32, Path, description = "保障年度"),
        ("If-Match" = Option<String>, Header, nullable = false, pattern = r#"^(W/)?"[0-9]{1,9}"$"#, description = "保障年度设置的 version（修改已有年度时必填）")
    ),
    request_body = PlanYearIn,
    responses((status = 200, body = PlanYearOut), VersionedChangeErrors)
)]
#[put("/plan-years/{year}")]
pub async fn put_plan_year(
    c: Caller,
    version: IfMatch,
    year: web::Path<i32>,
    body: web::Json<PlanYearIn>,
) -> ApiResult<web::Json<PlanYearOut>> {
    let out = service::save(&c.db, &c.actor, year.into_inner(), version.0, &body, c.now).await?;
    Ok(web::Json(out))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_plan_years)
        .service(current_plan_year)
        .service(put_plan_year);
}
