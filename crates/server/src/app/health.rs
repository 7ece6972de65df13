//! `/healthz` (the process answers) and `/readyz` (the database answers too).

use actix_web::{get, web, HttpResponse};
use api_types::HealthOut;

use crate::app::state::AppState;

/// Liveness: the process is up.
#[utoipa::path(tag = "health", responses((status = 200, body = HealthOut)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(HealthOut {
        status: "ok".into(),
    })
}

/// Readiness: the database answers.
#[utoipa::path(
    tag = "health",
    responses(
        (status = 200, body = HealthOut),
        (status = 503, description = "数据库不可用", body = HealthOut)
    )
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    match state.db.ping().await {
        Ok(()) => HttpResponse::Ok().json(HealthOut {
            status: "ok".into(),
        }),
        Err(err) => {
            tracing::warn!(error = %err, "readiness check failed");
            HttpResponse::ServiceUnavailable().json(HealthOut {
                status: "unavailable".into(),
            })
        }
    }
}

/// Registers the probes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(healthz).service(readyz);
}
