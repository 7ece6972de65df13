//! 接口密钥管理: `GET/POST /api/api-keys`, `POST /api/api-keys/{id}/revocation`. For people
//! only (admins, unit operators): a key cannot manage keys.

use actix_web::{get, post, web, HttpResponse};
use api_types::{ApiKeyCreatedOut, ApiKeyIn, ApiKeyOut, ApiKeyQuery, Page};
use uuid::Uuid;

use super::service;
use crate::auth::Caller;
use crate::http::docs::{ChangeErrors, ListErrors};
use crate::http::ApiResult;

/// The keys the caller manages, newest first: an admin's are all, a unit operator's its
/// unit's. Never the keys themselves.
#[utoipa::path(
    tag = "api-keys",
    security(("bearer" = [])),
    params(ApiKeyQuery),
    responses((status = 200, body = Page<ApiKeyOut>), ListErrors)
)]
#[get("/api-keys")]
pub async fn list_keys(
    c: Caller,
    query: web::Query<ApiKeyQuery>,
) -> ApiResult<web::Json<Page<ApiKeyOut>>> {
    Ok(web::Json(
        service::list(&c.db, &c.actor, &query, c.now).await?,
    ))
}

/// 新建接口密钥: answers the key once (`secret`); only its digest is kept. A unit
/// operator's key acts for its unit; an admin's for the unit named, or for the association
/// with a reviewer's rights when none is.
#[utoipa::path(
    tag = "api-keys",
    security(("bearer" = [])),
    request_body = ApiKeyIn,
    responses((status = 201, body = ApiKeyCreatedOut), ChangeErrors)
)]
#[post("/api-keys")]
pub async fn create_key(c: Caller, body: web::Json<ApiKeyIn>) -> ApiResult<HttpResponse> {
    let (key, secret) = service::create(&c.db, &c.actor, &body, c.now).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(ApiKeyCreatedOut { secret, key }))
}

/// 吊销: the key stops working at once, on every instance (409 when already revoked).
#[utoipa::path(
    tag = "api-keys",
    security(("bearer" = [])),
    responses((status = 200, body = ApiKeyOut), ChangeErrors)
)]
#[post("/api-keys/{id}/revocation")]
pub async fn revoke_key(c: Caller, id: web::Path<Uuid>) -> ApiResult<web::Json<ApiKeyOut>> {
    Ok(web::Json(
        service::revoke(&c.db, &c.actor, id.into_inner(), c.now).await?,
    ))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_keys)
        .service(create_key)
        .service(revoke_key);
}
