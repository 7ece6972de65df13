//! The error answers the OpenAPI document lists for each kind of endpoint, written once:
//! every status a handler of that kind can return, each with the error body.

use api_types::ApiErrorBody;
use utoipa::IntoResponses;

/// A read of one record of a logged-in caller.
#[derive(IntoResponses)]
#[allow(dead_code)] // documentation only
pub enum ReadErrors {
    /// 路径参数错误 (`bad_request`)
    #[response(status = 400)]
    BadRequest(ApiErrorBody),
    /// 未登录或登录已过期 (`unauthorized`, `token_expired`)
    #[response(status = 401)]
    Unauthorized(ApiErrorBody),
    /// 角色不允许 (`forbidden`) 或须先修改密码 (`password_change_required`)
    #[response(status = 403)]
    Forbidden(ApiErrorBody),
    /// 记录不存在，或不属于本单位 (`not_found`)
    #[response(status = 404)]
    NotFound(ApiErrorBody),
}

/// A list of a logged-in caller.
#[derive(IntoResponses)]
#[allow(dead_code)] // documentation only
pub enum ListErrors {
    /// 查询参数错误 (`bad_request`)
    #[response(status = 400)]
    BadRequest(ApiErrorBody),
    /// 未登录或登录已过期 (`unauthorized`, `token_expired`)
    #[response(status = 401)]
    Unauthorized(ApiErrorBody),
    /// 角色不允许 (`forbidden`) 或须先修改密码 (`password_change_required`)
    #[response(status = 403)]
    Forbidden(ApiErrorBody),
    /// 筛选条件无效 (`validation_failed`)
    #[response(status = 422)]
    Invalid(ApiErrorBody),
}

/// A change by a logged-in caller.
#[derive(IntoResponses)]
#[allow(dead_code)] // documentation only
pub enum ChangeErrors {
    /// 请求内容无法解析 (`bad_request`)
    #[response(status = 400)]
    BadRequest(ApiErrorBody),
    /// 未登录或登录已过期 (`unauthorized`, `token_expired`)
    #[response(status = 401)]
    Unauthorized(ApiErrorBody),
    /// 角色不允许 (`forbidden`) 或须先修改密码 (`password_change_required`)
    #[response(status = 403)]
    Forbidden(ApiErrorBody),
    /// 记录不存在，或不属于本单位 (`not_found`)
    #[response(status = 404)]
    NotFound(ApiErrorBody),
    /// 已存在、状态不允许 (`conflict`, `details.reason`) 或数据已被他人修改 (`version_conflict`)
    #[response(status = 409)]
    Conflict(ApiErrorBody),
    /// 字段不符合规则 (`validation_failed`, `details.fields`) 或业务规则不允许 (`rule_refused`, `details.reason`)
    #[response(status = 422)]
    Refused(ApiErrorBody),
}

/// A change of a versioned record (a batch, its roster, a unit): as [`ChangeErrors`], and
/// 428 without `If-Match`.
#[derive(IntoResponses)]
#[allow(dead_code)] // documentation only
pub enum VersionedChangeErrors {
    /// 请求内容或 If-Match 无法解析 (`bad_request`)
    #[response(status = 400)]
    BadRequest(ApiErrorBody),
    /// 未登录或登录已过期 (`unauthorized`, `token_expired`)
    #[response(status = 401)]
    Unauthorized(ApiErrorBody),
    /// 角色不允许 (`forbidden`) 或须先修改密码 (`password_change_required`)
    #[response(status = 403)]
    Forbidden(ApiErrorBody),
    /// 记录不存在，或不属于本单位 (`not_found`)
    #[response(status = 404)]
    NotFound(ApiErrorBody),
    /// 状态不允许 (`conflict`, `details.reason`) 或数据已被他人修改 (`version_conflict`)
    #[response(status = 409)]
    Conflict(ApiErrorBody),
    /// 字段不符合规则 (`validation_failed`, `details.fields`) 或业务规则不允许 (`rule_refused`, `details.reason`)
    #[response(status = 422)]
    Refused(ApiErrorBody),
    /// 缺少数据版本号 If-Match (`precondition_required`)
    #[response(status = 428)]
    PreconditionRequired(ApiErrorBody),
}

/// The version a change is based on, as the `If-Match` header (`"3"`).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
#[allow(dead_code)] // documentation only
pub struct IfMatchHeader {
    /// 数据的 version（读取时的 `version` 或 `ETag`）
    #[param(rename = "If-Match")]
    if_match: String,
}

/// An upload into a versioned record (a roster file): as [`VersionedChangeErrors`], and 413
/// beyond the size limit.
#[derive(IntoResponses)]
#[allow(dead_code)] // documentation only
pub enum UploadErrors {
    /// 上传内容或 If-Match 无法解析、文件为空 (`bad_request`)
    #[response(status = 400)]
    BadRequest(ApiErrorBody),
    /// 未登录或登录已过期 (`unauthorized`, `token_expired`)
    #[response(status = 401)]
    Unauthorized(ApiErrorBody),
    /// 角色不允许 (`forbidden`) 或须先修改密码 (`password_change_required`)
    #[response(status = 403)]
    Forbidden(ApiErrorBody),
    /// 记录不存在，或不属于本单位 (`not_found`)
    #[response(status = 404)]
    NotFound(ApiErrorBody),
    /// 状态不允许 (`conflict`, `details.reason`) 或数据已被他人修改 (`version_conflict`)
    #[response(status = 409)]
    Conflict(ApiErrorBody),
    /// 文件过大 (`payload_too_large`)
    #[response(status = 413)]
    TooLarge(ApiErrorBody),
    /// 文件被拒绝：`details.errors` 为每行错误 (`rule_refused`)，或业务规则不允许 (`details.reason`)
    #[response(status = 422)]
    Refused(ApiErrorBody),
    /// 缺少数据版本号 If-Match (`precondition_required`)
    #[response(status = 428)]
    PreconditionRequired(ApiErrorBody),
}
