//! The error answers the OpenAPI document lists for each kind of endpoint, written once:
//! every status a handler of that kind can return, each with the error body. One type per
//! status; the kinds are unions of them.

use std::collections::BTreeMap;

use api_types::ApiErrorBody;
use utoipa::openapi::response::Response;
use utoipa::openapi::RefOr;
use utoipa::IntoResponses;

/// Documentation types: never built, only listed in `responses(...)`.
macro_rules! status {
    ($name:ident, $code:literal, $doc:literal) => {
        #[doc = $doc]
        #[derive(IntoResponses)]
        #[response(status = $code)]
        #[allow(dead_code)] // documentation only
        pub struct $name(ApiErrorBody);
    };
}

status!(
    BadRequest,
    400,
    "请求无法解析：JSON、路径或查询参数、If-Match (`bad_request`)"
);
status!(
    Unauthorized,
    401,
    "未登录或登录已过期，或接口密钥无效、已过期、已吊销 (`unauthorized`, `token_expired`)"
);
status!(
    Forbidden,
    403,
    "角色不允许、接口密钥缺少权限 (`forbidden`, `details.required_scope`) 或须先修改密码 (`password_change_required`)"
);
status!(NotFound, 404, "记录不存在，或不属于本单位 (`not_found`)");
status!(
    Conflict,
    409,
    "已存在、状态不允许 (`conflict`, `details.reason`) 或数据已被他人修改 (`version_conflict`)"
);
status!(TooLarge, 413, "文件过大 (`payload_too_large`)");
status!(
    Refused,
    422,
    "字段不符合规则 (`validation_failed`, `details.fields`)、业务规则不允许 (`rule_refused`, `details.reason`) 或文件被拒绝 (`details.errors`)"
);
status!(
    PreconditionRequired,
    428,
    "缺少数据版本号 If-Match (`precondition_required`)"
);

/// 429 of the rate-limited anonymous endpoints and of integrator keys: when to come back, in `Retry-After` and in
/// `details.retry_after_seconds`.
#[derive(IntoResponses)]
#[response(
    status = 429,
    description = "请求过于频繁 (`too_many_requests`, `details.retry_after_seconds`)",
    headers(("Retry-After" = u64, description = "几秒后可以再试"))
)]
#[allow(dead_code)] // documentation only
pub struct TooManyRequests(ApiErrorBody);

/// A union of statuses.
macro_rules! statuses {
    ($(#[$meta:meta])* $name:ident = $($part:ident),+) => {
        $(#[$meta])*
        #[allow(dead_code)] // documentation only
        pub struct $name;

        impl IntoResponses for $name {
            fn responses() -> BTreeMap<String, RefOr<Response>> {
                let mut all = BTreeMap::new();
                $(all.append(&mut $part::responses());)+
                all
            }
        }
    };
}

statuses!(
    /// A read of one record by a logged-in caller.
    ReadErrors = BadRequest, Unauthorized, Forbidden, NotFound
);
statuses!(
    /// A list of a logged-in caller (filters may be refused).
    ListErrors = BadRequest, Unauthorized, Forbidden, Refused
);
statuses!(
    /// A change by a logged-in caller.
    ChangeErrors = BadRequest, Unauthorized, Forbidden, NotFound, Conflict, Refused
);
statuses!(
    /// A change of a versioned record (a batch, its roster, a unit): 428 without `If-Match`.
    VersionedChangeErrors = BadRequest, Unauthorized, Forbidden, NotFound, Conflict, Refused,
        PreconditionRequired
);
statuses!(
    /// An upload into a versioned record (a roster file): also 413 beyond the size limit.
    UploadErrors = BadRequest, Unauthorized, Forbidden, NotFound, Conflict, TooLarge, Refused,
        PreconditionRequired
);

/// The version a change is based on, as the `If-Match` header (`"3"`).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
#[allow(dead_code)] // documentation only
pub struct IfMatchHeader {
    /// 数据的 version（读取时的 `version` 或 `ETag`）
    #[param(rename = "If-Match", pattern = r#"^(W/)?"[0-9]{1,9}"$"#)]
    if_match: String,
}
