//! `GET /metrics`: for a scraper on this machine, or anyone with the metrics token.

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};

use super::{KindLabel, KindLabels, Metrics};
use crate::app::state::AppState;
use crate::entities::{notification, task};
use crate::http::error::ApiError;

const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Whether the request may read the metrics: the token (compared as digests, so the
/// comparison's time says nothing about the token), or a loopback peer when allowed.
fn allowed(req: &HttpRequest, state: &AppState) -> bool {
    let settings = &state.settings.metrics;
    if let Some(token) = &settings.token {
        let given = req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if let Some(given) = given {
            let want = Sha256::digest(token.expose_secret().as_bytes());
            if Sha256::digest(given.as_bytes()) == want {
                return true;
            }
        }
    }
    settings.allow_loopback && req.peer_addr().is_some_and(|a| a.ip().is_loopback())
}

/// Sets the figures of the shared database.
async fn read_database(state: &AppState, m: &Metrics) -> Result<(), sea_orm::DbErr> {
    let now = state.clock.now();
    let counts: Vec<(String, String, i64)> = task::Entity::find()
        .select_only()
        .column(task::Column::Kind)
        .column(task::Column::State)
        .column_as(Expr::col(task::Column::Id).count(), "n")
        .filter(task::Column::State.is_in(["queued", "running", "paused", "dead"]))
        .group_by(task::Column::Kind)
        .group_by(task::Column::State)
        .into_tuple()
        .all(&state.db)
        .await?;
    let oldest: Vec<(String, Option<DateTime<Utc>>)> = task::Entity::find()
        .select_only()
        .column(task::Column::Kind)
        .column_as(Expr::col(task::Column::RunAt).min(), "oldest")
        .filter(task::Column::State.eq("queued"))
        .filter(task::Column::RunAt.lte(now))
        .group_by(task::Column::Kind)
        .into_tuple()
        .all(&state.db)
        .await?;
    let pending: Vec<(i64, Option<DateTime<Utc>>)> = notification::Entity::find()
        .select_only()
        .column_as(Expr::col(notification::Column::Id).count(), "n")
        .column_as(Expr::col(notification::Column::CreatedAt).min(), "oldest")
        .filter(notification::Column::MailStatus.eq("pending"))
        .into_tuple()
        .all(&state.db)
        .await?;
    let age = |t: Option<DateTime<Utc>>| t.map_or(0, |t| (now - t).num_seconds().max(0));
    m.tasks.clear();
    for (kind, state, n) in counts {
        m.tasks.get_or_create(&KindLabels { kind, state }).set(n);
    }
    m.oldest_queued_seconds.clear();
    for (kind, at) in oldest {
        m.oldest_queued_seconds
            .get_or_create(&KindLabel { kind })
            .set(age(at));
    }
    let (n, at) = pending.into_iter().next().unwrap_or((0, None));
    m.outbox_pending.set(n);
    m.outbox_oldest_seconds.set(age(at));
    Ok(())
}

/// The instance's counters and the shared queue's figures.
#[utoipa::path(
    tag = "health",
    responses(
        (status = 200, description = "Prometheus / OpenMetrics text", content_type = "application/openmetrics-text", body = String),
        (status = 403, description = "不在允许的网络内且未提供令牌", body = api_types::ApiErrorBody),
        (status = 503, description = "数据库不可用", body = api_types::ApiErrorBody)
    ),
    security((), ("metrics_token" = []))
)]
#[get("/metrics")]
pub async fn scrape(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    if !allowed(&req, &state) {
        return Err(crate::error::ServiceError::Forbidden.into());
    }
    read_database(&state, &state.metrics)
        .await
        .map_err(crate::error::ServiceError::from)?;
    let text = state
        .metrics
        .encode()
        .map_err(crate::error::ServiceError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type(CONTENT_TYPE)
        .insert_header(("Cache-Control", "no-store"))
        .body(text))
}

/// Registers `/metrics`.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(scrape);
}
