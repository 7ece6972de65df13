//! The one error body every endpoint returns.

use serde::{Deserialize, Serialize};

/// Machine-readable error code (错误代码); clients match on it, people read `message`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request is malformed (bad JSON, wrong types, missing fields).
    BadRequest,
    /// A field failed validation.
    ValidationFailed,
    /// No or unreadable credentials.
    Unauthorized,
    /// The access token has expired: log in again.
    TokenExpired,
    /// Account or password wrong.
    InvalidCredentials,
    /// The captcha answer is wrong or has expired.
    CaptchaInvalid,
    /// Too many wrong passwords: the account is locked for a while.
    AccountLocked,
    /// The account was disabled by an administrator.
    AccountDisabled,
    /// The password was issued by the system and must be changed first.
    PasswordChangeRequired,
    /// Logged in, but not allowed (wrong role or another unit's data).
    Forbidden,
    /// No such resource.
    NotFound,
    /// The path exists but does not take this method (`Allow` lists those it takes).
    MethodNotAllowed,
    /// The resource already exists or the state forbids the change.
    Conflict,
    /// The resource changed since it was read (stale version).
    VersionConflict,
    /// A change was sent without the version it is based on (`If-Match`).
    PreconditionRequired,
    /// A business rule refused the request.
    RuleRefused,
    /// An `Idempotency-Key` was used before for a different request (another body or path).
    IdempotencyKeyReused,
    /// The upload is too large.
    PayloadTooLarge,
    /// Too many requests from this client (or for this login) in a short time: wait the
    /// `Retry-After` seconds (also `details.retry_after_seconds`).
    TooManyRequests,
    /// A dependency (database, external interface) is unavailable.
    ServiceUnavailable,
    /// An unexpected server error; the cause is in the server log.
    Internal,
}

/// The JSON body of every error response: `{ "code", "message", "details" }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiErrorBody {
    /// Machine-readable code.
    pub code: ErrorCode,
    /// A Chinese sentence for the person using the product.
    pub message: String,
    /// Structured details (field errors, remaining attempts, …); `null` when none.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub details: Option<serde_json::Value>,
}

/// One field's validation error, used in `details.fields` of `validation_failed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The JSON field name.
    pub field: String,
    /// Why it was refused, in Chinese.
    pub message: String,
}
