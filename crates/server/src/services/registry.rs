//! The enterprise registry (企业登记信息): unit name → 统一社会信用代码, over HTTP
//! (`GET {simulator_url}/registry/companies?name=…`). Bounded time, bounded retries on
//! 5xx and 429, and a clear 503 when it stays down.

use std::sync::OnceLock;
use std::time::Duration;

use actix_web::http::StatusCode;
use api_types::ErrorCode;
use serde::Deserialize;

use crate::error::ApiError;

/// Time allowed for one request.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(3);
/// Attempts in all (the first one and the retries).
const ATTEMPTS: u32 = 3;
/// Pause before the first retry; doubled each time.
const BACKOFF: Duration = Duration::from_millis(200);

#[derive(Deserialize)]
struct RegistryHit {
    credit_code: String,
}

fn client() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .connect_timeout(Duration::from_secs(2))
            .build()
            .unwrap_or_default()
    })
}

/// The 503 answered when the registry cannot be reached.
pub fn registry_down(cause: impl std::fmt::Display) -> ApiError {
    tracing::warn!(error = %cause, "enterprise registry unavailable");
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::ServiceUnavailable,
        "企业登记信息查询服务暂不可用，无法获取统一社会信用代码，请稍后重试",
    )
}

/// Looks the name up: `Some(code)` when registered, `None` when not, 503 when the registry
/// is down after the retries.
pub async fn lookup_credit_code(base_url: &str, name: &str) -> Result<Option<String>, ApiError> {
    let url = format!("{}/registry/companies", base_url.trim_end_matches('/'));
    let mut last_error = String::new();
    for attempt in 0..ATTEMPTS {
        if attempt > 0 {
            tokio::time::sleep(BACKOFF * 2u32.pow(attempt - 1)).await;
        }
        let res = match client().get(&url).query(&[("name", name)]).send().await {
            Ok(res) => res,
            Err(err) => {
                last_error = err.to_string();
                // A refused connection will not heal within a second: stop early.
                if err.is_connect() {
                    break;
                }
                continue;
            }
        };
        let status = res.status();
        if status == reqwest::StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if status.is_success() {
            let hit: RegistryHit = res.json().await.map_err(registry_down)?;
            return Ok(Some(hit.credit_code));
        }
        last_error = format!("registry answered {status}");
        if !(status.is_server_error() || status == reqwest::StatusCode::TOO_MANY_REQUESTS) {
            break;
        }
    }
    Err(registry_down(last_error))
}
