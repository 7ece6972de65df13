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

/// The kind of a refusal of the batch state machine, as sent in `details.reason`, with
/// the refusal's figures.
pub fn refusal_details(r: &BatchRefusal) -> serde_json::Value {
    use api_types::RefusalReason as R;
    use BatchRefusal as B;
    let reason = match r {
        B::NotAllowedInStatus { .. } => R::NotAllowedInStatus,
        B::PaymentMethodAlreadyChosen => R::PaymentMethodAlreadyChosen,
        B::PaymentMethodNotChosen => R::PaymentMethodNotChosen,
        B::WithholdingChannelClosed => R::WithholdingChannelClosed,
        B::WindowClosed => R::WindowClosed,
        B::EmptyRoster => R::EmptyRoster,
        B::NothingToDelete => R::NothingToDelete,
        B::DeletionExceedsRoster => R::DeletionExceedsRoster,
        B::BlockingAnomalies(_) => R::BlockingAnomalies,
        B::ReviewRequirementsUnmet => R::ReviewRequirementsUnmet,
        B::WithholdingDetailsIncomplete => R::WithholdingDetailsIncomplete,
        B::NotWithholdingBatch => R::NotWithholdingBatch,
        B::WithholdingApplicationClosed => R::WithholdingApplicationClosed,
        B::NoWithholdablePeople => R::NoWithholdablePeople,
        B::WithholdingNotApplied => R::WithholdingNotApplied,
        B::OnlyFailedDeductionsDeletable => R::OnlyFailedDeductionsDeletable,
        B::TooManyDeletions(_) => R::TooManyDeletions,
        B::CannotDeleteEveryone => R::CannotDeleteEveryone,
        B::RatioWouldBreak => R::RatioWouldBreak,
        B::VouchersUnbalanced => R::VouchersUnbalanced,
    };
    let mut details = serde_json::json!({ "reason": reason });
    match r {
        B::NotAllowedInStatus { status, action } => {
            details["status"] = serde_json::to_value(status).unwrap_or_default();
            details["action"] = serde_json::to_value(action).unwrap_or_default();
        }
        B::BlockingAnomalies(n) | B::TooManyDeletions(n) => details["count"] = (*n).into(),
        _ => {}
    }
    details
}

/// A refusal of the batch state machine: 409 when the status forbids the action,
/// 422 when a rule (window, method, …) does; `details.reason` says which.
pub fn batch_refusal(r: BatchRefusal) -> ApiError {
    let details = refusal_details(&r);
    match r {
        BatchRefusal::NotAllowedInStatus { .. } | BatchRefusal::PaymentMethodAlreadyChosen => {
            ApiError::conflict(r.to_string())
        }
        other => rule_refused(other.to_string()),
    }
    .with_details(details)
}

/// 428 `precondition_required`: a change sent without the version it is based on.
pub fn precondition_required() -> ApiError {
    ApiError::new(
        StatusCode::PRECONDITION_REQUIRED,
        ErrorCode::PreconditionRequired,
        "缺少数据版本号（If-Match 请求头），请刷新页面后重试",
    )
}

/// The version in `If-Match`; 428 when missing.
pub fn required_if_match(req: &HttpRequest) -> Result<i32, ApiError> {
    if_match(req)?.ok_or_else(precondition_required)
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
