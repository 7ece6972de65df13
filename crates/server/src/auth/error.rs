//! Why authentication or an own-account change failed.

use api_types::ErrorCode;
use chrono::{DateTime, Utc};

use crate::error::{Failure, ServiceError};

/// A refused login, token or password change.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// The captcha answer is wrong, expired or used.
    #[error("验证码错误或已过期，请重新输入")]
    CaptchaInvalid,
    /// Account or password wrong; `remaining` attempts before the lock, when known.
    #[error("{}", match .remaining {
        Some(n) => format!("账号或密码错误，再错 {n} 次账号将被锁定"),
        None => "账号或密码错误".to_owned(),
    })]
    InvalidCredentials {
        /// Attempts left before the account locks.
        remaining: Option<i32>,
    },
    /// The old password of a change is wrong.
    #[error("原密码错误")]
    WrongOldPassword,
    /// Too many wrong passwords.
    #[error("密码错误次数过多，账号已锁定，请 {minutes} 分钟后再试")]
    Locked {
        /// Until when.
        until: DateTime<Utc>,
        /// Minutes left, rounded up.
        minutes: i64,
    },
    /// Disabled by an administrator.
    #[error("账号已停用，请联系管理员")]
    Disabled,
    /// A system-issued password must be changed before anything else.
    #[error("首次登录或密码已重置，请先修改密码")]
    PasswordChangeRequired,
    /// The token ran out.
    #[error("登录已过期，请重新登录")]
    TokenExpired,
    /// No token, a malformed or forged one, or one of a changed password.
    #[error("{0}")]
    Unauthorized(&'static str),
    /// Anything else.
    #[error(transparent)]
    Service(#[from] ServiceError),
}

impl From<sea_orm::DbErr> for AuthError {
    fn from(err: sea_orm::DbErr) -> Self {
        AuthError::Service(err.into())
    }
}

impl AuthError {
    /// The lock answer, with the minutes left rounded up (never "0 分钟" while locked).
    pub fn locked(until: DateTime<Utc>, now: DateTime<Utc>) -> Self {
        AuthError::Locked {
            until,
            minutes: ((until - now).num_seconds() + 59) / 60,
        }
    }
}

impl Failure for AuthError {
    fn code(&self) -> ErrorCode {
        match self {
            AuthError::CaptchaInvalid => ErrorCode::CaptchaInvalid,
            AuthError::InvalidCredentials { .. } | AuthError::WrongOldPassword => {
                ErrorCode::InvalidCredentials
            }
            AuthError::Locked { .. } => ErrorCode::AccountLocked,
            AuthError::Disabled => ErrorCode::AccountDisabled,
            AuthError::PasswordChangeRequired => ErrorCode::PasswordChangeRequired,
            AuthError::TokenExpired => ErrorCode::TokenExpired,
            AuthError::Unauthorized(_) => ErrorCode::Unauthorized,
            AuthError::Service(e) => e.code(),
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        match self {
            AuthError::InvalidCredentials { remaining: Some(n) } => {
                Some(serde_json::json!({ "remaining_attempts": n }))
            }
            AuthError::Locked { until, .. } => {
                Some(serde_json::json!({ "locked_until": until.to_rfc3339() }))
            }
            AuthError::Service(e) => e.details(),
            _ => None,
        }
    }
}
