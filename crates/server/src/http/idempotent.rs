//! The `Idempotency-Key` header and the run-once wrapper of the handlers that take it:
//! a first request runs and its successful answer is kept; a retry gets that answer again
//! (with `Idempotent-Replayed: true`). The rules live in [`crate::idempotency`].

use std::future::{ready, Future, Ready};

use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, HttpResponse};

use super::{ApiError, ApiResult};
use crate::auth::Caller;
use crate::idempotency::{self, Begin, Stored};

/// The header's name.
pub const HEADER: &str = "Idempotency-Key";

/// The key a request sent, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(pub Option<String>);

impl FromRequest for IdempotencyKey {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let key = match req.headers().get(HEADER) {
            None => Ok(None),
            Some(v) => v
                .to_str()
                .map(|s| Some(s.trim().to_owned()))
                .map_err(|_| ApiError::from(idempotency::IdempotencyError::Malformed)),
        };
        ready(key.map(IdempotencyKey))
    }
}

/// The header in the OpenAPI document.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
#[allow(dead_code)] // documentation only
pub struct IdempotencyKeyHeader {
    /// 幂等键（可选，1–200 个可见 ASCII 字符，如 UUID）：同一调用方 24 小时内以相同的键、相同的请求重试时，
    /// 返回首次成功的应答（`Idempotent-Replayed: true`）而不再执行；相同的键、不同的请求答 422
    /// `idempotency_key_reused`；首次请求仍在处理时答 409
    #[param(
        rename = "Idempotency-Key",
        min_length = 1,
        max_length = 200,
        pattern = r"^[!-~]{1,200}$"
    )]
    idempotency_key: Option<String>,
}

/// Runs `work` unless `key` was already answered for this caller; `fingerprint` is
/// [`idempotency::fingerprint`] of the request.
pub async fn once<F, Fut>(
    c: &Caller,
    key: &IdempotencyKey,
    fingerprint: String,
    work: F,
) -> ApiResult<HttpResponse>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = ApiResult<HttpResponse>>,
{
    let Some(key) = key.0.as_deref() else {
        return work().await;
    };
    let claim = match idempotency::begin(&c.db, &c.actor, key, &fingerprint, c.now).await? {
        Begin::Replay(stored) => return Ok(replay(&stored)),
        Begin::Run(claim) => claim,
    };
    let res = match work().await {
        Ok(res) if res.status().is_success() => res,
        other => {
            if let Err(e) = idempotency::release(&c.db, claim).await {
                tracing::error!(error = %e, "releasing an idempotency key failed");
            }
            return other;
        }
    };
    let status = res.status().as_u16();
    let etag = res
        .headers()
        .get(actix_web::http::header::ETAG)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let bytes = actix_web::body::to_bytes(res.into_body())
        .await
        .map_err(|_| crate::error::ServiceError::internal("reading an answer's body"))?;
    let stored = Stored {
        status,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        etag,
    };
    // The work is done: a failure to keep its answer must not turn it into an error.
    if let Err(e) = idempotency::complete(&c.db, claim, &stored).await {
        tracing::error!(error = %e, "keeping an idempotent answer failed");
    }
    if rand::random::<u8>() == 0 {
        if let Err(e) = idempotency::sweep(&c.db, c.now).await {
            tracing::warn!(error = %e, "sweeping idempotency keys failed");
        }
    }
    Ok(answer(&stored, false))
}

fn replay(stored: &Stored) -> HttpResponse {
    answer(stored, true)
}

fn answer(stored: &Stored, replayed: bool) -> HttpResponse {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let mut res = HttpResponse::build(status);
    res.content_type("application/json");
    if let Some(etag) = &stored.etag {
        res.insert_header((actix_web::http::header::ETAG, etag.as_str()));
    }
    if replayed {
        res.insert_header(("Idempotent-Replayed", "true"));
    }
    res.body(stored.body.clone())
}
