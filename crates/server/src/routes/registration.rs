//! `POST /api/registrations` (企业注册, anonymous) and `GET /api/registry/credit-code`
//! (the enterprise registry's code for a name, shown on the registration form).

use actix_web::{get, post, web, HttpResponse};
use api_types::{
    ApiErrorBody, CreditCodeLookupOut, CreditCodeQuery, RegistrationIn, RegistrationOut,
};

use crate::error::{ApiError, ApiResult};
use crate::services::{registration, registry};
use crate::state::AppState;

/// Registers a unit without a union: the credit code comes from the enterprise registry,
/// the email becomes the login.
#[utoipa::path(
    tag = "units",
    request_body = RegistrationIn,
    responses(
        (status = 201, body = RegistrationOut),
        (status = 400, description = "验证码错误 (`captcha_invalid`)", body = ApiErrorBody),
        (status = 409, description = "单位名称、信用代码或邮箱已注册", body = ApiErrorBody),
        (status = 422, description = "字段不符合规则或名称查不到信用代码", body = ApiErrorBody),
        (status = 503, description = "企业登记信息查询服务不可用", body = ApiErrorBody)
    )
)]
#[post("/registrations")]
pub async fn register(
    state: web::Data<AppState>,
    body: web::Json<RegistrationIn>,
) -> ApiResult<HttpResponse> {
    let out = registration::register(&state, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(out))
}

/// Looks up the 统一社会信用代码 of a unit name (`credit_code` is null when not registered).
#[utoipa::path(
    tag = "units",
    params(CreditCodeQuery),
    responses(
        (status = 200, body = CreditCodeLookupOut),
        (status = 422, body = ApiErrorBody),
        (status = 503, description = "企业登记信息查询服务不可用", body = ApiErrorBody)
    )
)]
#[get("/registry/credit-code")]
pub async fn lookup(
    state: web::Data<AppState>,
    query: web::Query<CreditCodeQuery>,
) -> ApiResult<web::Json<CreditCodeLookupOut>> {
    let name =
        domain::UnitName::parse(&query.name).map_err(|e| ApiError::field("name", e.to_string()))?;
    let credit_code =
        registry::lookup_credit_code(&state.settings.simulator_url, name.as_str()).await?;
    Ok(web::Json(CreditCodeLookupOut {
        name: name.as_str().to_string(),
        credit_code,
    }))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(register).service(lookup);
}
