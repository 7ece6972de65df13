//! `/api/units…` (单位信息维护), `/api/operator` (经办人信息), `/api/registrations`
//! (企业注册, anonymous) and `/api/registry/credit-code` (the registry's code for a name).

use actix_web::{get, post, put, web, HttpResponse};
use api_types::{
    ApiErrorBody, CreditCodeLookupOut, CreditCodeQuery, OperatorIn, OperatorOut, Page,
    RegistrationIn, RegistrationOut, UnitIn, UnitNameHistoryOut, UnitOut, UnitQuery,
};
use uuid::Uuid;

use super::{operator, registration, service};
use crate::app::state::AppState;
use crate::auth::{throttle, Caller, ClientIp};
use crate::error::ServiceError;
use crate::http::docs::{
    ChangeErrors, IfMatchHeader, ListErrors, ReadErrors, TooManyRequests, VersionedChangeErrors,
};
use crate::http::{ApiResult, IfMatch};
use crate::interfaces::registry;

/// Lists units by name or code (reviewers and admins).
#[utoipa::path(
    tag = "units",
    security(("bearer" = [])),
    params(UnitQuery),
    responses((status = 200, body = Page<UnitOut>), ListErrors)
)]
#[get("/units")]
pub async fn list(c: Caller, query: web::Query<UnitQuery>) -> ApiResult<web::Json<Page<UnitOut>>> {
    Ok(web::Json(service::list(&c.db, &c.actor, &query).await?))
}

/// A unit's information with the registry's credit code for its name
/// (`registry_status = not_found` → apply for a name change). The `ETag` is its version.
#[utoipa::path(
    tag = "units",
    security(("bearer" = [])),
    responses((status = 200, body = UnitOut), ReadErrors)
)]
#[get("/units/{id}")]
pub async fn detail(c: Caller, path: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    let registry = c.interfaces.registry.as_ref();
    let out = service::show(&c.db, registry, &c.actor, path.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", format!("\"{}\"", out.version)))
        .json(out))
}

/// 修改并保存 (the unit's operator): address, postcode, district union, economic type.
#[utoipa::path(
    tag = "units",
    security(("bearer" = [])),
    params(IfMatchHeader),
    request_body = UnitIn,
    responses((status = 200, body = UnitOut), VersionedChangeErrors)
)]
#[put("/units/{id}")]
pub async fn update(
    c: Caller,
    version: IfMatch,
    path: web::Path<Uuid>,
    body: web::Json<UnitIn>,
) -> ApiResult<web::Json<UnitOut>> {
    let row = service::update(&c.db, &c.actor, path.into_inner(), version.0, &body, c.now).await?;
    let found = service::registry_match(c.interfaces.registry.as_ref(), &row.name).await;
    Ok(web::Json(service::to_out(row, &found)))
}

/// 信息确认无误: refused (422 `rule_refused`) while the name matches no credit code; 503
/// while the registry cannot be asked.
#[utoipa::path(
    tag = "units",
    security(("bearer" = [])),
    responses(
        (status = 200, body = UnitOut),
        (status = 503, description = "企业登记信息查询服务不可用", body = ApiErrorBody),
        ChangeErrors
    )
)]
#[post("/units/{id}/confirmation")]
pub async fn confirm(c: Caller, path: web::Path<Uuid>) -> ApiResult<web::Json<UnitOut>> {
    let registry = c.interfaces.registry.as_ref();
    let out = service::confirm(&c.db, registry, &c.actor, path.into_inner(), c.now).await?;
    Ok(web::Json(out))
}

/// The unit's approved name changes, newest first.
#[utoipa::path(
    tag = "units",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<UnitNameHistoryOut>), ReadErrors)
)]
#[get("/units/{id}/name-history")]
pub async fn name_history(
    c: Caller,
    path: web::Path<Uuid>,
) -> ApiResult<web::Json<Vec<UnitNameHistoryOut>>> {
    Ok(web::Json(
        service::name_history(&c.db, &c.actor, path.into_inner()).await?,
    ))
}

/// The operator's own name, mobile and email.
#[utoipa::path(
    tag = "units",
    security(("bearer" = [])),
    responses((status = 200, body = OperatorOut), ReadErrors)
)]
#[get("/operator")]
pub async fn get_operator(c: Caller) -> ApiResult<web::Json<OperatorOut>> {
    Ok(web::Json(operator::show(&c.db, &c.actor).await?))
}

/// Edits the operator's name, mobile and email (notifications go to the email).
#[utoipa::path(
    tag = "units",
    security(("bearer" = [])),
    request_body = OperatorIn,
    responses((status = 200, body = OperatorOut), ChangeErrors)
)]
#[put("/operator")]
pub async fn put_operator(
    c: Caller,
    body: web::Json<OperatorIn>,
) -> ApiResult<web::Json<OperatorOut>> {
    Ok(web::Json(
        operator::update(&c.db, &c.actor, &body, c.now).await?,
    ))
}

/// Registers a unit without a union: the credit code comes from the enterprise registry,
/// the email becomes the login. At most `rate_limits.registration_per_ip` per client
/// address (429 `too_many_requests` with `Retry-After` beyond).
#[utoipa::path(
    tag = "units",
    request_body = RegistrationIn,
    responses(
        (status = 201, body = RegistrationOut),
        (status = 400, description = "请求无法解析 (`bad_request`) 或验证码错误 (`captcha_invalid`)", body = ApiErrorBody),
        (status = 409, description = "单位名称、信用代码或邮箱已注册", body = ApiErrorBody),
        (status = 422, description = "字段不符合规则或名称查不到信用代码", body = ApiErrorBody),
        TooManyRequests,
        (status = 503, description = "企业登记信息查询服务不可用", body = ApiErrorBody)
    )
)]
#[post("/registrations")]
pub async fn register(
    state: web::Data<AppState>,
    ip: ClientIp,
    body: web::Json<RegistrationIn>,
) -> ApiResult<HttpResponse> {
    let limit = state.settings.rate_limits.registration_per_ip;
    throttle::enforce(
        &state.db,
        "registration:ip",
        &ip.0,
        limit,
        state.clock.now(),
    )
    .await?;
    let out = registration::register(&state, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(out))
}

/// Looks up the 统一社会信用代码 of a unit name (`credit_code` is null when not registered).
/// Anonymous, so at most `rate_limits.credit_code_lookup_per_ip` per client address (429
/// `too_many_requests` with `Retry-After` beyond): each lookup is a call to the registry.
#[utoipa::path(
    tag = "units",
    params(CreditCodeQuery),
    responses(
        (status = 200, body = CreditCodeLookupOut),
        (status = 400, description = "查询参数错误 (`bad_request`)", body = ApiErrorBody),
        (status = 422, description = "单位名称不符合规则 (`validation_failed`)", body = ApiErrorBody),
        TooManyRequests,
        (status = 503, description = "企业登记信息查询服务不可用", body = ApiErrorBody)
    )
)]
#[get("/registry/credit-code")]
pub async fn lookup(
    state: web::Data<AppState>,
    ip: ClientIp,
    query: web::Query<CreditCodeQuery>,
) -> ApiResult<web::Json<CreditCodeLookupOut>> {
    let limit = state.settings.rate_limits.credit_code_lookup_per_ip;
    throttle::enforce(&state.db, "credit_code:ip", &ip.0, limit, state.clock.now()).await?;
    let name = domain::UnitName::parse(&query.name)
        .map_err(|e| ServiceError::field("name", e.to_string()))?;
    let registry = state.interfaces.registry.as_ref();
    let credit_code = registry
        .credit_code(name.as_str())
        .await
        .map_err(registry::unavailable)?;
    Ok(web::Json(CreditCodeLookupOut {
        name: name.as_str().to_string(),
        credit_code,
    }))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list)
        .service(detail)
        .service(update)
        .service(confirm)
        .service(name_history)
        .service(get_operator)
        .service(put_operator)
        .service(register)
        .service(lookup);
}
