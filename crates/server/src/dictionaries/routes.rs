//! 字典维护: `GET /api/dictionaries/{kind}` (everyone logged in), `POST` and
//! `PUT /api/dictionaries/{kind}/{id}` (admins). Kinds: `district-union`, `economic-type`, `reject-reason`.

use actix_web::{get, post, put, web, HttpResponse};
use api_types::{DictionaryEntryIn, DictionaryEntryOut, DictionaryKind, DictionaryQuery};

use super::service;
use crate::auth::Caller;
use crate::http::docs::{ChangeErrors, ListErrors};
use crate::http::ApiResult;

/// The values of a dictionary in display order (disabled ones too, for admins who ask).
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("kind" = DictionaryKind, Path), DictionaryQuery),
    responses((status = 200, body = Vec<DictionaryEntryOut>), ListErrors)
)]
#[get("/dictionaries/{kind}")]
pub async fn list(
    c: Caller,
    path: web::Path<DictionaryKind>,
    query: web::Query<DictionaryQuery>,
) -> ApiResult<web::Json<Vec<DictionaryEntryOut>>> {
    let all = query.include_disabled.unwrap_or(false);
    Ok(web::Json(
        service::list(&c.db, &c.actor, path.into_inner(), all).await?,
    ))
}

/// Adds a value (admins); a duplicate value answers 409.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("kind" = DictionaryKind, Path)),
    request_body = DictionaryEntryIn,
    responses((status = 201, body = DictionaryEntryOut), ChangeErrors)
)]
#[post("/dictionaries/{kind}")]
pub async fn create(
    c: Caller,
    path: web::Path<DictionaryKind>,
    body: web::Json<DictionaryEntryIn>,
) -> ApiResult<HttpResponse> {
    let out = service::create(&c.db, &c.actor, path.into_inner(), &body, c.now).await?;
    Ok(HttpResponse::Created().json(out))
}

/// Renames, reorders, disables or enables a value (admins). Records keep their old text.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("kind" = DictionaryKind, Path), ("id" = i32, Path)),
    request_body = DictionaryEntryIn,
    responses((status = 200, body = DictionaryEntryOut), ChangeErrors)
)]
#[put("/dictionaries/{kind}/{id}")]
pub async fn update(
    c: Caller,
    path: web::Path<(DictionaryKind, i32)>,
    body: web::Json<DictionaryEntryIn>,
) -> ApiResult<web::Json<DictionaryEntryOut>> {
    let (kind, id) = path.into_inner();
    Ok(web::Json(
        service::update(&c.db, &c.actor, kind, id, &body, c.now).await?,
    ))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list).service(create).service(update);
}
