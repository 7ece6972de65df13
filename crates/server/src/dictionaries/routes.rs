//! 字典维护: `GET /api/dictionaries/{kind}` (everyone logged in), `POST` and
//! `PUT /api/dictionaries/{kind}/{id}` (admins). Kinds: `district-union`, `economic-type`.

use actix_web::{get, post, put, web, HttpResponse};
use api_types::{
    ApiErrorBody, DictionaryEntryIn, DictionaryEntryOut, DictionaryKind, DictionaryQuery,
};

use super::service;
use crate::app::state::AppState;
use crate::auth::AuthUser;
use crate::http::ApiResult;

/// The values of a dictionary in display order.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("kind" = DictionaryKind, Path), DictionaryQuery),
    responses((status = 200, body = Vec<DictionaryEntryOut>), (status = 400, body = ApiErrorBody))
)]
#[get("/dictionaries/{kind}")]
pub async fn list(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<DictionaryKind>,
    query: web::Query<DictionaryQuery>,
) -> ApiResult<web::Json<Vec<DictionaryEntryOut>>> {
    let all = query.include_disabled.unwrap_or(false);
    let items = service::list(&state.db, &user.actor(), path.into_inner(), all).await?;
    Ok(web::Json(items))
}

/// Adds a value (admins); a duplicate value answers 409.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("kind" = DictionaryKind, Path)),
    request_body = DictionaryEntryIn,
    responses(
        (status = 201, body = DictionaryEntryOut),
        (status = 403, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)
    )
)]
#[post("/dictionaries/{kind}")]
pub async fn create(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<DictionaryKind>,
    body: web::Json<DictionaryEntryIn>,
) -> ApiResult<HttpResponse> {
    let (kind, now) = (path.into_inner(), state.clock.now());
    let out = service::create(&state.db, &user.actor(), kind, &body, now).await?;
    Ok(HttpResponse::Created().json(out))
}

/// Renames, reorders, disables or enables a value (admins). Records keep their old text.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("kind" = DictionaryKind, Path), ("id" = i32, Path)),
    request_body = DictionaryEntryIn,
    responses(
        (status = 200, body = DictionaryEntryOut),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)
    )
)]
#[put("/dictionaries/{kind}/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(DictionaryKind, i32)>,
    body: web::Json<DictionaryEntryIn>,
) -> ApiResult<web::Json<DictionaryEntryOut>> {
    let ((kind, id), now) = (path.into_inner(), state.clock.now());
    let out = service::update(&state.db, &user.actor(), kind, id, &body, now).await?;
    Ok(web::Json(out))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list).service(create).service(update);
}
