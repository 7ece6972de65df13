//! The OpenAPI document: the handlers' `#[utoipa::path]` annotations, collected from the
//! very route registrations the server uses, plus the shared metadata below.

use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::{IntoResponses, Modify, OpenApi};
use utoipa_actix_web::AppExt;

/// Title, description, tags and shared schemas.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "退休住院计划 单位团体线上参保 API",
        description = "REST API of the group enrollment platform of Shanghai's Retiree \
Hospitalization Plan. Every error is `{ code, message, details }` (`ApiErrorBody`): `code` \
is machine-readable, `message` is Chinese for people. Authenticate with \
`Authorization: Bearer <access_token>` from `POST /api/auth/login`, or — integrators \
(第三方系统), on the operations that list the `api_key` scheme — with `X-API-Key: rtpk_…` \
from `POST /api/api-keys`, which must hold the scope named there; a key is rate-limited (429 \
with `Retry-After`). `POST …/roster/import` and `POST …/roster` take an `Idempotency-Key` \
header for safe retries. Lists take `page` (from 1) \
and `page_size` (default 10, max 100). Money is integer fen in `*_fen` fields; times are \
RFC 3339 with offset; plan dates are `YYYY-MM-DD`.",
        version = "0.1.0"
    ),
    modifiers(&BearerAuth),
    components(schemas(
        api_types::ApiErrorBody,
        api_types::ErrorCode,
        api_types::FieldError,
        api_types::RefusalReason
    )),
    tags(
        (name = "health", description = "Liveness and readiness probes"),
        (name = "auth", description = "登录、验证码、当前用户、修改密码"),
        (name = "admin", description = "账号管理与操作日志"),
        (name = "api-keys", description = "接口密钥（第三方系统对接）：新建、列表、吊销"),
        (name = "attachments", description = "附件上传与下载"),
        (name = "units", description = "企业注册、经办人信息、单位信息与修改单位名称"),
        (name = "code-applications", description = "参保编码申请与审核"),
        (name = "name-changes", description = "修改单位名称申请与审核"),
        (name = "plan-years", description = "保障年度设置"),
        (name = "batches", description = "参保批次：新建、列表、查看、删除、选择参保缴费方式"),
        (name = "roster", description = "参保名单：模板、导入、新增、查看、删除、清空、导出"),
        (name = "verification", description = "系统校验：提交、进度、继续、导出、异常处理"),
        (name = "review", description = "提交职保会审核：参保比例、相关材料、无社保人员情形；职保会审核：待审核列表、审核通过/不通过、审核记录"),
        (name = "withholding", description = "代扣申请：冻结代扣名单、受理与代扣受理单、银行代扣结果、参保名单确定"),
        (name = "vouchers", description = "缴费凭证管理：缴费、退款、电子票据信息，提交凭证审核，参保确认单"),
        (name = "notifications", description = "消息提醒：本人（本单位）的消息、未读数、标为已读；同一内容发送至经办人邮箱"),
        (name = "statistics", description = "统计：按区局工会、按日、按参保类型与缴费方式的参保人数与费用，批次状态，上年度参保本年度未参保的单位")
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
        components.add_security_scheme(
            "metrics_token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The `api_key` scheme, and on each operation a key may call (`api_keys::scopes::ROUTES`)
/// the scope it needs and the key's 429.
struct KeyAuth;

impl Modify for KeyAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                crate::api_keys::HEADER,
                "接口密钥（`rtpk_…`，见 `POST /api/api-keys`）",
            ))),
        );
        let too_many = crate::http::docs::TooManyRequests::responses();
        for (method, path, scope) in crate::api_keys::scopes::ROUTES {
            let Some(item) = openapi.paths.paths.get_mut(*path) else {
                continue; // the test `every_key_route_exists` fails instead
            };
            let op = match *method {
                "GET" => item.get.as_mut(),
                "POST" => item.post.as_mut(),
                "PUT" => item.put.as_mut(),
                "DELETE" => item.delete.as_mut(),
                _ => None,
            };
            let Some(op) = op else { continue };
            op.security
                .get_or_insert_with(Vec::new)
                .push(SecurityRequirement::new("api_key", [scope.as_str()]));
            for (status, response) in &too_many {
                op.responses
                    .responses
                    .entry(status.clone())
                    .or_insert_with(|| response.clone());
            }
        }
    }
}

/// The document exactly as `/api/openapi.json` serves it.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, mut api) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(crate::app::register_routes)
        .split_for_parts();
    // After the paths are collected: it annotates them.
    KeyAuth.modify(&mut api);
    api
}

/// The document as pretty JSON with a trailing newline (the committed file's form).
pub fn document_json() -> String {
    let mut json = document()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    json.push('\n');
    json
}

#[cfg(test)]
mod tests {
    /// The scope table names operations that exist: a renamed route cannot silently fall
    /// out of what keys may call.
    #[test]
    fn every_key_route_exists() {
        let doc = super::document();
        for (method, path, _) in crate::api_keys::scopes::ROUTES {
            let item = doc.paths.paths.get(*path);
            let op = item.and_then(|i| match *method {
                "GET" => i.get.as_ref(),
                "POST" => i.post.as_ref(),
                "PUT" => i.put.as_ref(),
                "DELETE" => i.delete.as_ref(),
                _ => None,
            });
            let op = op.unwrap_or_else(|| panic!("{method} {path} is no operation"));
            let schemes: Vec<String> = op
                .security
                .iter()
                .flatten()
                .filter_map(|r| serde_json::to_value(r).ok())
                .flat_map(|v| v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()))
                .flatten()
                .collect();
            assert!(schemes.contains(&"api_key".to_owned()), "{method} {path}");
        }
    }
}
