//! The one mapping from service failures to HTTP: every error leaves as
//! `{ code, message, details }` with the status its `ErrorCode` has.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use api_types::{ApiErrorBody, ErrorCode};

use crate::error::Failure;

/// An error on its way to the client.
#[derive(Debug, thiserror::Error)]
#[error("{code:?}: {message}")]
pub struct ApiError {
    /// Machine-readable code; the status follows from it.
    pub code: ErrorCode,
    /// Chinese message for people.
    pub message: String,
    /// Structured details.
    pub details: Option<serde_json::Value>,
}

/// Shorthand for handler results.
pub type ApiResult<T> = Result<T, ApiError>;

/// The status of each error code (one code, one status).
pub fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::BadRequest | ErrorCode::CaptchaInvalid => StatusCode::BAD_REQUEST,
        ErrorCode::Unauthorized | ErrorCode::TokenExpired | ErrorCode::InvalidCredentials => {
            StatusCode::UNAUTHORIZED
        }
        ErrorCode::Forbidden | ErrorCode::AccountDisabled | ErrorCode::PasswordChangeRequired => {
            StatusCode::FORBIDDEN
        }
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::Conflict | ErrorCode::VersionConflict => StatusCode::CONFLICT,
        ErrorCode::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
        ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::ValidationFailed | ErrorCode::RuleRefused | ErrorCode::IdempotencyKeyReused => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        ErrorCode::AccountLocked => StatusCode::LOCKED,
        ErrorCode::ServiceUnavailable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl ApiError {
    /// 400: the request could not be read.
    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError {
            code: ErrorCode::BadRequest,
            message: message.into(),
            details: None,
        }
    }

    /// 404 for a path outside the API's routes.
    pub fn no_route() -> Self {
        ApiError {
            code: ErrorCode::NotFound,
            message: "接口不存在".into(),
            details: None,
        }
    }

    /// 405 for a known path asked with a method it does not take.
    pub fn method_not_allowed() -> Self {
        ApiError {
            code: ErrorCode::MethodNotAllowed,
            message: "该接口不支持此请求方法".into(),
            details: None,
        }
    }

    /// 413 for a body beyond a limit.
    pub fn too_large(message: impl Into<String>) -> Self {
        ApiError {
            code: ErrorCode::PayloadTooLarge,
            message: message.into(),
            details: None,
        }
    }
}

/// Every service failure becomes an `ApiError`; the cause of a 5xx goes to the log only,
/// its body stays opaque.
impl<E: Failure> From<E> for ApiError {
    fn from(err: E) -> Self {
        let code = err.code();
        match code {
            ErrorCode::Internal => tracing::error!(error = ?err, "internal error"),
            ErrorCode::ServiceUnavailable => tracing::warn!(error = ?err, "dependency unavailable"),
            _ => {}
        }
        ApiError {
            code,
            message: err.to_string(),
            details: err.details(),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        status_of(self.code)
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status_code());
        // A 429 says when to come back, in the header clients and proxies read.
        if let Some(secs) = self
            .details
            .as_ref()
            .and_then(|d| d.get("retry_after_seconds"))
            .and_then(serde_json::Value::as_u64)
        {
            res.insert_header((actix_web::http::header::RETRY_AFTER, secs.to_string()));
        }
        res.json(ApiErrorBody {
            code: self.code,
            message: self.message.clone(),
            details: self.details.clone(),
        })
    }
}

/// Turns actix's extractor errors (bad JSON, bad path, bad query) into our error body.
pub fn json_config() -> actix_web::web::JsonConfig {
    actix_web::web::JsonConfig::default()
        .limit(1024 * 1024)
        .error_handler(|err, _req| {
            let message = match &err {
                actix_web::error::JsonPayloadError::ContentType => {
                    "请求格式错误：需要 application/json".to_string()
                }
                actix_web::error::JsonPayloadError::Overflow { .. }
                | actix_web::error::JsonPayloadError::OverflowKnownLength { .. } => {
                    return ApiError::too_large("请求内容过大").into();
                }
                other => format!("请求内容无法解析：{other}"),
            };
            ApiError::bad_request(message).into()
        })
}

/// Bad path parameters (e.g. a malformed UUID) answer 400 in our shape, except on a path
/// that, read with typed parameters, is another route's which does not take this method:
/// `PUT /api/plan-years/current` is a 405 (`Allow: GET`), not a bad plan year.
pub fn path_config() -> actix_web::web::PathConfig {
    actix_web::web::PathConfig::default().error_handler(|err, req| {
        let table = req.app_data::<actix_web::web::Data<super::methods::RouteTable>>();
        if let Some(allowed) = table.and_then(|t| t.allowed(req.path())) {
            if !allowed.contains(req.method()) {
                let mut res = ApiError::method_not_allowed().error_response();
                if let Ok(value) = actix_web::http::header::HeaderValue::from_str(
                    &super::methods::allow_header(&allowed),
                ) {
                    res.headers_mut()
                        .insert(actix_web::http::header::ALLOW, value);
                }
                return actix_web::error::InternalError::from_response(err, res).into();
            }
        }
        ApiError::bad_request(format!("路径参数错误：{err}")).into()
    })
}

/// Bad query strings answer 400 in our shape.
pub fn query_config() -> actix_web::web::QueryConfig {
    actix_web::web::QueryConfig::default()
        .error_handler(|err, _req| ApiError::bad_request(format!("查询参数错误：{err}")).into())
}
