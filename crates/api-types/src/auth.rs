//! Login, captcha, the current user and password changes.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Role of an account (角色).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 单位经办人: acts for one unit.
    Unit,
    /// 职保会审核员: reviews everything, cannot act as a unit.
    Reviewer,
    /// 管理员: manages accounts and settings.
    Admin,
}

impl Role {
    /// The Chinese name shown in the SPA.
    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Unit => "单位经办人",
            Role::Reviewer => "职保会审核员",
            Role::Admin => "管理员",
        }
    }
}

/// A fresh image captcha (验证码). The answer is kept by the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaptchaOut {
    /// Pass this back with the answer when logging in.
    pub captcha_id: Uuid,
    /// The image as a `data:image/png;base64,…` URL.
    pub image_data_url: String,
    /// When the captcha stops being accepted.
    pub expires_at: DateTime<FixedOffset>,
}

/// Login request: account + password + captcha.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginIn {
    /// Login name, e.g. `tuixiu123000000` or a registered email.
    pub account: String,
    /// The password.
    pub password: String,
    /// The id from `POST /api/auth/captcha`.
    pub captcha_id: Uuid,
    /// The characters shown in the captcha image (case-insensitive).
    pub captcha_answer: String,
}

/// A successful login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginOut {
    /// Send as `Authorization: Bearer <token>`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// When the token stops being accepted.
    pub expires_at: DateTime<FixedOffset>,
    /// The logged-in account.
    pub me: MeOut,
}

/// The unit an operator account acts for (参保单位).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitSummaryOut {
    /// Public id of the unit.
    pub id: Uuid,
    /// 参保单位 (full name).
    pub name: String,
    /// 参保编码, when assigned.
    pub enrollment_code: Option<String>,
}

/// The current account (`GET /api/me`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeOut {
    /// Public id of the account (the token's subject).
    pub id: Uuid,
    /// Login name.
    pub account: String,
    /// Role.
    pub role: Role,
    /// The name shown in the app header.
    pub display_name: String,
    /// The unit, for unit operators.
    pub unit: Option<UnitSummaryOut>,
    /// True while a system-issued password has not been changed: every other call is refused.
    pub must_change_password: bool,
}

/// Change one's own password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePasswordIn {
    /// The current password.
    pub old_password: String,
    /// The new password: 8–20 characters with a letter, a digit and a special character.
    pub new_password: String,
}
