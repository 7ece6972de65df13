//! Why a key was refused.

use api_types::{ApiScope, ErrorCode};

use crate::error::{Failure, ServiceError};

/// A refused key or a route it may not call.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// No such key (a wrong or mistyped one).
    #[error("接口密钥无效")]
    Unknown,
    /// Its expiry has passed.
    #[error("接口密钥已过期，请联系管理员或单位经办人重新生成")]
    Expired,
    /// Someone revoked it.
    #[error("接口密钥已吊销")]
    Revoked,
    /// The account that made it, or every account of its unit, is disabled (停用): a key
    /// acts for people, so it stops with them and works again when they are enabled.
    #[error("接口密钥所属账号已停用")]
    AccountDisabled,
    /// The route needs a scope the key lacks.
    #[error("该接口密钥没有“{}”（{}）权限", .0.label_zh(), .0.as_str())]
    MissingScope(ApiScope),
    /// The route is for people only (accounts, settings, key management, …).
    #[error("该接口不支持接口密钥调用，请登录后操作")]
    PeopleOnly,
    /// Anything else (the rate limit, the database).
    #[error(transparent)]
    Service(#[from] ServiceError),
}

impl From<sea_orm::DbErr> for KeyError {
    fn from(err: sea_orm::DbErr) -> Self {
        KeyError::Service(err.into())
    }
}

impl Failure for KeyError {
    fn code(&self) -> ErrorCode {
        match self {
            KeyError::Unknown
            | KeyError::Expired
            | KeyError::Revoked
            | KeyError::AccountDisabled => ErrorCode::Unauthorized,
            KeyError::MissingScope(_) | KeyError::PeopleOnly => ErrorCode::Forbidden,
            KeyError::Service(e) => e.code(),
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        match self {
            KeyError::MissingScope(s) => Some(serde_json::json!({ "required_scope": s })),
            KeyError::Service(e) => e.details(),
            _ => None,
        }
    }
}
