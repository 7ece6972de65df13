//! The vocabulary of failures services speak, free of HTTP: every feature's error says
//! which [`ErrorCode`] it is and what `details` it carries; `http::error` alone turns that
//! into a status and a body.

use api_types::{ErrorCode, FieldError, RefusalReason};
use sea_orm::{DbErr, SqlErr};

/// A service failure: its machine-readable kind, its Chinese message (`Display`) and its
/// structured details. Implemented by every feature's error type.
pub trait Failure: std::error::Error + Send + Sync + 'static {
    /// The kind, as clients see it.
    fn code(&self) -> ErrorCode;
    /// Structured details (`details` of the error body).
    fn details(&self) -> Option<serde_json::Value> {
        None
    }
}

/// Failures every feature shares (公共错误). Feature errors wrap it for what is not
/// theirs alone.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The record does not exist, or the actor may not know that it does.
    #[error("{0}不存在")]
    NotFound(&'static str),
    /// Logged in, but the role or unit may not do this.
    #[error("无权执行此操作")]
    Forbidden,
    /// Someone else changed the record since the actor read it.
    #[error("数据已被他人修改，请刷新后重试")]
    VersionConflict,
    /// A change came without the version it is based on.
    #[error("缺少数据版本号（If-Match 请求头），请刷新页面后重试")]
    PreconditionRequired,
    /// One or more fields failed validation.
    #[error("{}", join_messages(.0))]
    Invalid(Vec<FieldError>),
    /// The record exists already, or its state forbids the change.
    #[error("{message}")]
    Conflict {
        /// Chinese sentence.
        message: String,
        /// The refusal's kind, when a workflow refused.
        reason: Option<RefusalReason>,
    },
    /// A business rule refused.
    #[error("{message}")]
    Refused {
        /// Chinese sentence.
        message: String,
        /// The refusal's kind.
        reason: Option<RefusalReason>,
        /// Further structured details (e.g. every row error of an import).
        details: Option<serde_json::Value>,
    },
    /// Too large an upload.
    #[error("{message}")]
    TooLarge {
        /// Chinese sentence naming the limit.
        message: String,
        /// The limit in bytes, when it is one.
        max_bytes: Option<u64>,
    },
    /// Too many requests of one kind from one client (or for one login) in a window.
    #[error("操作过于频繁，请{retry_after_seconds}秒后再试")]
    TooManyRequests {
        /// When the window ends, in seconds from now (at least 1).
        retry_after_seconds: u64,
    },
    /// A dependency is down; the message tells the user what to do.
    #[error("{message}")]
    Unavailable {
        /// Chinese sentence for the user.
        message: String,
        /// The cause, for the log only.
        cause: String,
    },
    /// A bug or corrupt data; the cause goes to the log, never to the client.
    #[error("系统内部错误，请稍后重试")]
    Internal(String),
    /// The database refused or failed.
    #[error("{}", db_message(.0))]
    Db(#[from] DbErr),
}

fn join_messages(fields: &[FieldError]) -> String {
    let mut messages: Vec<&str> = Vec::new();
    for f in fields {
        if !messages.contains(&f.message.as_str()) {
            messages.push(&f.message);
        }
    }
    messages.join("；")
}

/// The kind of a database failure: unique and foreign-key violations are conflicts, a
/// lost SQLite write race is a conflict too, an unreachable database is unavailable.
pub fn db_code(err: &DbErr) -> ErrorCode {
    match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_) | SqlErr::ForeignKeyConstraintViolation(_)) => {
            ErrorCode::Conflict
        }
        // SQLite refuses a write whose read snapshot another writer has just replaced
        // (SQLITE_BUSY, "database is locked"): the request lost a race, like a stale version.
        _ if err.to_string().contains("database is locked") => ErrorCode::Conflict,
        _ => match err {
            DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => ErrorCode::ServiceUnavailable,
            _ => ErrorCode::Internal,
        },
    }
}

fn db_message(err: &DbErr) -> &'static str {
    match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => "记录已存在，请勿重复提交",
        Some(SqlErr::ForeignKeyConstraintViolation(_)) => "该记录仍被其它数据引用，不能执行此操作",
        _ => match db_code(err) {
            ErrorCode::Conflict => "数据正被他人修改，请刷新后重试",
            ErrorCode::ServiceUnavailable => "服务暂不可用，请稍后重试",
            _ => "系统内部错误，请稍后重试",
        },
    }
}

impl ServiceError {
    /// One refused field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        ServiceError::Invalid(vec![FieldError {
            field: field.into(),
            message: message.into(),
        }])
    }

    /// A conflict without a refusal kind.
    pub fn conflict(message: impl Into<String>) -> Self {
        ServiceError::Conflict {
            message: message.into(),
            reason: None,
        }
    }

    /// A rule's refusal with its kind.
    pub fn refused(reason: RefusalReason, message: impl Into<String>) -> Self {
        ServiceError::Refused {
            message: message.into(),
            reason: Some(reason),
            details: None,
        }
    }

    /// A rule's refusal without a kind of its own.
    pub fn rule(message: impl Into<String>) -> Self {
        ServiceError::Refused {
            message: message.into(),
            reason: None,
            details: None,
        }
    }

    /// A bug or corrupt data (the cause is logged by the HTTP layer).
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        ServiceError::Internal(cause.to_string())
    }

    /// A stored value this build cannot read: corrupt data is an error, never a default.
    pub fn corrupt(what: &str, id: impl std::fmt::Display, raw: &str) -> Self {
        ServiceError::Internal(format!("unreadable {what} {raw:?} in {id}"))
    }
}

impl Failure for ServiceError {
    fn code(&self) -> ErrorCode {
        match self {
            ServiceError::NotFound(_) => ErrorCode::NotFound,
            ServiceError::Forbidden => ErrorCode::Forbidden,
            ServiceError::VersionConflict => ErrorCode::VersionConflict,
            ServiceError::PreconditionRequired => ErrorCode::PreconditionRequired,
            ServiceError::Invalid(_) => ErrorCode::ValidationFailed,
            ServiceError::Conflict { .. } => ErrorCode::Conflict,
            ServiceError::Refused { .. } => ErrorCode::RuleRefused,
            ServiceError::TooLarge { .. } => ErrorCode::PayloadTooLarge,
            ServiceError::TooManyRequests { .. } => ErrorCode::TooManyRequests,
            ServiceError::Unavailable { .. } => ErrorCode::ServiceUnavailable,
            ServiceError::Internal(_) => ErrorCode::Internal,
            ServiceError::Db(e) => db_code(e),
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        match self {
            ServiceError::Invalid(fields) => Some(serde_json::json!({ "fields": fields })),
            ServiceError::Conflict {
                reason: Some(reason),
                ..
            } => Some(serde_json::json!({ "reason": reason })),
            ServiceError::Refused {
                reason, details, ..
            } => {
                let mut out = details.clone().unwrap_or_else(|| serde_json::json!({}));
                if let (Some(reason), Some(map)) = (reason, out.as_object_mut()) {
                    map.insert("reason".into(), serde_json::json!(reason));
                }
                (!out.as_object().is_some_and(|m| m.is_empty())).then_some(out)
            }
            ServiceError::TooLarge {
                max_bytes: Some(max),
                ..
            } => Some(serde_json::json!({ "max_bytes": max })),
            ServiceError::TooManyRequests {
                retry_after_seconds,
            } => Some(serde_json::json!({ "retry_after_seconds": retry_after_seconds })),
            _ => None,
        }
    }
}

/// Shorthand for service results in the shared vocabulary.
pub type ServiceResult<T> = Result<T, ServiceError>;

/// Reads a stored enum value by its serde name (`roster_pending`, `male`, …).
pub fn parse_key<T: serde::de::DeserializeOwned>(raw: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(raw.to_owned())).ok()
}

/// A domain enum's serde name, as stored.
pub fn key<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Reads a stored enum value; a value this build cannot read is corrupt data.
pub fn stored<T: serde::de::DeserializeOwned>(
    what: &str,
    id: impl std::fmt::Display,
    raw: &str,
) -> ServiceResult<T> {
    parse_key(raw).ok_or_else(|| ServiceError::corrupt(what, id, raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two fields refused for the same reason (单位名称 and 经办人姓名 both empty) say it once
    /// in the message; `details.fields` still names each field, and the SPA labels them.
    #[test]
    fn a_refusal_says_each_reason_once() {
        let field = |field: &str, message: &str| FieldError {
            field: field.into(),
            message: message.into(),
        };
        let err = ServiceError::Invalid(vec![
            field("unit_name", "名称不能为空"),
            field("operator_name", "名称不能为空"),
            field("address", "请填写单位地址"),
        ]);
        assert_eq!(err.to_string(), "名称不能为空；请填写单位地址");
    }
}
