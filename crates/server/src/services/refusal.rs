//! Errors shared by the batch and roster services: refusals of the domain, stale
//! versions, and the `If-Match` header that carries the version a client read.

use actix_web::http::StatusCode;
use actix_web::HttpRequest;
use api_types::ErrorCode;
use domain::BatchRefusal;

use crate::error::ApiError;

/// 409 `version_conflict`: someone else changed the record since it was read.
pub fn version_conflict() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        ErrorCode::VersionConflict,
        "数据已被他人修改，请刷新后重试",
    )
}

/// 422 `rule_refused` with a Chinese reason.
pub fn rule_refused(message: impl Into<String>) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::RuleRefused,
        message,
    )
}

/// A refusal of the batch state machine: 409 when the status forbids the action,
/// 422 when a rule (window, method, …) does.
pub fn batch_refusal(r: BatchRefusal) -> ApiError {
    match r {
        BatchRefusal::NotAllowedInStatus { .. } | BatchRefusal::PaymentMethodAlreadyChosen => {
            ApiError::conflict(r.to_string())
        }
        other => rule_refused(other.to_string()),
    }
}

/// The version in `If-Match` (`"3"`, `3` or `W/"3"`), if sent; 400 when unreadable.
pub fn if_match(req: &HttpRequest) -> Result<Option<i32>, ApiError> {
    let Some(raw) = req.headers().get(actix_web::http::header::IF_MATCH) else {
        return Ok(None);
    };
    let s = raw
        .to_str()
        .map_err(|_| ApiError::bad_request("If-Match 请求头无法读取"))?;
    let s = s.trim().trim_start_matches("W/").trim_matches('"');
    s.parse::<i32>()
        .map(Some)
        .map_err(|_| ApiError::bad_request("If-Match 请求头应为数据版本号，如 \"3\""))
}
