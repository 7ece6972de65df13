//! `/api/statistics` (统计) and its xlsx export.

use actix_web::{get, web, HttpResponse};
use api_types::{StatisticsOut, StatisticsQuery};

use super::{export, service};
use crate::auth::Caller;
use crate::http::docs::ReadErrors;
use crate::http::{files, ApiResult};

/// 统计 of a plan year (default: the current one): enrolled units, people and premiums in
/// all, 今日 / 本周 / 本月, by 所属区局工会, by day, by 参保类型 and 缴费方式; batches in each
/// status and the mean days to 参保已完成; units enrolled last year and not yet this year.
/// Reviewers and admins.
#[utoipa::path(
    tag = "statistics",
    security(("bearer" = [])),
    params(StatisticsQuery),
    responses((status = 200, body = StatisticsOut), ReadErrors)
)]
#[get("/statistics")]
pub async fn get_statistics(
    c: Caller,
    q: web::Query<StatisticsQuery>,
) -> ApiResult<web::Json<StatisticsOut>> {
    Ok(web::Json(
        service::statistics(&c.db, &c.actor, &q, c.now).await?,
    ))
}

/// The same figures as an xlsx workbook, a sheet per breakdown.
#[utoipa::path(
    tag = "statistics",
    security(("bearer" = [])),
    params(StatisticsQuery),
    responses(
        (status = 200, description = "统计_<年度>.xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ReadErrors
    )
)]
#[get("/statistics/export")]
pub async fn export_statistics(
    c: Caller,
    q: web::Query<StatisticsQuery>,
) -> ApiResult<HttpResponse> {
    let s = service::statistics(&c.db, &c.actor, &q, c.now).await?;
    let (name, bytes) = export::workbook(&s)?;
    Ok(files::private(files::xlsx(&name, bytes)))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_statistics).service(export_statistics);
}
