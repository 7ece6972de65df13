//! A simulator of the platform's external interfaces (SPEC §13), owned by us so that
//! development and tests make real HTTP calls. Answers are deterministic functions of the
//! question; latency and faults are injected from configuration.
//!
//! So far: the enterprise registry (unit name → unified social credit code). Later issues
//! add social security, pension withholding, the bank and mail.

use std::net::TcpListener;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::{get, web, App, HttpResponse, HttpServer};
use rand::Rng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Latency and fault injection, read from `SIM_*` environment variables.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    /// Added to every answer.
    pub latency: Duration,
    /// Share (0–100) of requests answered 500.
    pub error_percent: u8,
    /// Share (0–100) of requests answered 429.
    pub throttle_percent: u8,
    /// Share (0–100) of requests that hang for 30 s (to exercise client timeouts).
    pub timeout_percent: u8,
}

impl Faults {
    /// Reads `SIM_LATENCY_MS`, `SIM_ERROR_PERCENT`, `SIM_THROTTLE_PERCENT`, `SIM_TIMEOUT_PERCENT`.
    pub fn from_env() -> Self {
        let num = |key: &str| std::env::var(key).ok().and_then(|v| v.parse::<u64>().ok());
        let pct = |key: &str| num(key).map(|v| v.min(100) as u8).unwrap_or(0);
        Faults {
            latency: Duration::from_millis(num("SIM_LATENCY_MS").unwrap_or(0)),
            error_percent: pct("SIM_ERROR_PERCENT"),
            throttle_percent: pct("SIM_THROTTLE_PERCENT"),
            timeout_percent: pct("SIM_TIMEOUT_PERCENT"),
        }
    }

    /// Sleeps for the latency and maybe returns an injected failure.
    async fn apply(&self) -> Option<HttpResponse> {
        if !self.latency.is_zero() {
            tokio::time::sleep(self.latency).await;
        }
        let roll: u8 = rand::thread_rng().gen_range(0..100);
        if roll < self.timeout_percent {
            tokio::time::sleep(Duration::from_secs(30)).await;
        }
        if roll < self.error_percent {
            return Some(HttpResponse::InternalServerError().json(serde_json::json!({
                "error": "injected failure"
            })));
        }
        if roll < self.error_percent.saturating_add(self.throttle_percent) {
            return Some(
                HttpResponse::TooManyRequests()
                    .insert_header(("Retry-After", "1"))
                    .json(serde_json::json!({ "error": "rate limited" })),
            );
        }
        None
    }
}

/// Query of the enterprise registry.
#[derive(Debug, Deserialize)]
pub struct RegistryQuery {
    /// The unit's full name.
    pub name: String,
}

/// A registry hit.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct RegistryOut {
    /// The registered name.
    pub name: String,
    /// 统一社会信用代码.
    pub credit_code: String,
}

/// The credit code the simulated registry assigns to a name: a deterministic, valid
/// GB 32100-2015 code; names containing `未登记` are not registered.
pub fn credit_code_for(name: &str) -> Option<String> {
    let name = name.trim();
    if name.is_empty() || name.contains("未登记") {
        return None;
    }
    const CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let digest = Sha256::digest(name.as_bytes());
    // 9 (enterprise) 1 (company) + Shanghai area code 310115 + 9 organisation characters.
    let mut first17 = String::from("91310115");
    for byte in digest.iter().take(9) {
        first17.push(CHARS[(*byte as usize) % CHARS.len()] as char);
    }
    let check = domain::credit_code::credit_code_check_char(&first17)?;
    first17.push(check);
    Some(first17)
}

#[get("/healthz")]
async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

#[get("/registry/companies")]
async fn registry(faults: web::Data<Faults>, query: web::Query<RegistryQuery>) -> HttpResponse {
    if let Some(failure) = faults.apply().await {
        return failure;
    }
    match credit_code_for(&query.name) {
        Some(credit_code) => HttpResponse::Ok().json(RegistryOut {
            name: query.name.trim().to_string(),
            credit_code,
        }),
        None => HttpResponse::NotFound().json(serde_json::json!({ "error": "not registered" })),
    }
}

/// Starts the simulator on `listener`.
pub fn run(listener: TcpListener, faults: Faults) -> std::io::Result<Server> {
    let faults = web::Data::new(faults);
    Ok(HttpServer::new(move || {
        App::new()
            .app_data(faults.clone())
            .service(healthz)
            .service(registry)
    })
    .listen(listener)?
    .run())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_codes_are_deterministic_and_valid() {
        let a = credit_code_for("上海示范精密机械有限公司").expect("registered");
        assert_eq!(
            Some(a.clone()),
            credit_code_for(" 上海示范精密机械有限公司 ")
        );
        assert!(domain::credit_code::CreditCode::parse(&a).is_ok(), "{a}");
        assert_ne!(Some(a), credit_code_for("上海另一家公司"));
        assert_eq!(credit_code_for("未登记的单位"), None);
    }
}
