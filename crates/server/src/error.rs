//! One error type for the HTTP layer; every error leaves as `{ code, message, details }`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use api_types::{ApiErrorBody, ErrorCode, FieldError};
use sea_orm::{DbErr, SqlErr};

/// An error on its way to the client.
#[derive(Debug, thiserror::Error)]
#[error("{code:?}: {message}")]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Machine-readable code.
    pub code: ErrorCode,
    /// Chinese message for people.
    pub message: String,
    /// Structured details.
    pub details: Option<serde_json::Value>,
}

/// Shorthand for handler results.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// An error with no details.
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            details: None,
        }
    }

    /// Adds structured details.
    pub fn with_details(mut self, details: serde_json::Value) -> Self {
        self.details = Some(details);
        self
    }

    /// 400: the request could not be read.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, ErrorCode::BadRequest, message)
    }

    /// 422: a field failed validation.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        let fields = vec![FieldError {
            field: field.into(),
            message: message.clone(),
        }];
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
            message,
        )
        .with_details(serde_json::json!({ "fields": fields }))
    }

    /// 401: not logged in.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized, message)
    }

    /// 403: logged in but not allowed.
    pub fn forbidden() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
            "无权执行此操作",
        )
    }

    /// 404.
    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            format!("{what}不存在"),
        )
    }

    /// 409: already exists or the state forbids it.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, ErrorCode::Conflict, message)
    }

    /// 500 with an opaque body; the cause goes to the log only.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "系统内部错误，请稍后重试",
        )
    }

    /// 503: a dependency is down.
    pub fn unavailable(cause: impl std::fmt::Display) -> Self {
        tracing::warn!(error = %cause, "dependency unavailable");
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::ServiceUnavailable,
            "服务暂不可用，请稍后重试",
        )
    }
}

impl From<DbErr> for ApiError {
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                ApiError::conflict("记录已存在，请勿重复提交")
            }
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
                ApiError::conflict("该记录仍被其它数据引用，不能执行此操作")
            }
            // SQLite refuses a write whose read snapshot another writer has just replaced
            // (SQLITE_BUSY, "database is locked"): the request lost a race, like a stale version.
            _ if err.to_string().contains("database is locked") => {
                tracing::info!(error = %err, "write lost a race on SQLite");
                ApiError::conflict("数据正被他人修改，请刷新后重试")
            }
            _ => match err {
                DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => ApiError::unavailable(err),
                other => ApiError::internal(other),
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status).json(ApiErrorBody {
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
                    return ApiError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        ErrorCode::PayloadTooLarge,
                        "请求内容过大",
                    )
                    .into();
                }
                other => format!("请求内容无法解析：{other}"),
            };
            ApiError::bad_request(message).into()
        })
}

/// Bad path parameters (e.g. a malformed UUID) answer 400 in our shape.
pub fn path_config() -> actix_web::web::PathConfig {
    actix_web::web::PathConfig::default()
        .error_handler(|err, _req| ApiError::bad_request(format!("路径参数错误：{err}")).into())
}

/// Bad query strings answer 400 in our shape.
pub fn query_config() -> actix_web::web::QueryConfig {
    actix_web::web::QueryConfig::default()
        .error_handler(|err, _req| ApiError::bad_request(format!("查询参数错误：{err}")).into())
}
