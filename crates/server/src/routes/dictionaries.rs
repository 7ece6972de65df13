//! 字典维护: `GET /api/dictionaries/{kind}` (everyone logged in), `POST` and
//! `PUT /api/dictionaries/{kind}/{id}` (admins). Kinds: `district-union`, `economic-type`.

use actix_web::{get, post, put, web, HttpResponse};
use api_types::{
    ApiErrorBody, DictionaryEntryIn, DictionaryEntryOut, DictionaryKind, DictionaryQuery, Role,
};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set, TransactionTrait};

use crate::audit::{self, AuditEntry};
use crate::auth::AuthUser;
use crate::entities::dictionary_entry;
use crate::error::{ApiError, ApiResult};
use crate::services::dictionaries as svc;
use crate::state::AppState;

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
    let all = query.include_disabled.unwrap_or(false) && user.0.role == Role::Admin;
    Ok(web::Json(
        svc::list(&state.db, path.into_inner(), all).await?,
    ))
}

fn check(input: &DictionaryEntryIn) -> Result<String, ApiError> {
    let value = input.value.trim();
    if value.is_empty() || value.chars().count() > 100 || value.chars().any(char::is_control) {
        return Err(ApiError::field(
            "value",
            "字典值应为1至100个字，且不能包含控制字符",
        ));
    }
    Ok(value.to_string())
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
    let me = user.require(&[Role::Admin])?;
    let kind = path.into_inner();
    let value = check(&body)?;
    let now = state.clock.now();
    let txn = state.db.begin().await?;
    let row = dictionary_entry::ActiveModel {
        kind: Set(svc::kind_str(kind).into()),
        value: Set(value),
        sort_order: Set(body.sort_order),
        disabled: Set(body.disabled),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| match ApiError::from(e) {
        err if err.status.as_u16() == 409 => ApiError::conflict("该字典值已存在"),
        err => err,
    })?;
    audit::record(
        &txn,
        now,
        AuditEntry {
            actor: Some(me),
            action: "dictionary.created",
            target_type: "dictionary_entry",
            target_id: Some(row.id.to_string()),
            before: None,
            after: Some(serde_json::json!({ "kind": row.kind, "value": row.value })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(svc::to_out(kind, row)))
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
    let me = user.require(&[Role::Admin])?;
    let (kind, id) = path.into_inner();
    let value = check(&body)?;
    let now = state.clock.now();
    let txn = state.db.begin().await?;
    let row = dictionary_entry::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .filter(|r| r.kind == svc::kind_str(kind))
        .ok_or_else(|| ApiError::not_found("字典值"))?;
    let before = serde_json::json!({ "value": row.value, "sort_order": row.sort_order, "disabled": row.disabled });
    let mut active = row.into_active_model();
    active.value = Set(value);
    active.sort_order = Set(body.sort_order);
    active.disabled = Set(body.disabled);
    let row = active
        .update(&txn)
        .await
        .map_err(|e| match ApiError::from(e) {
            err if err.status.as_u16() == 409 => ApiError::conflict("该字典值已存在"),
            err => err,
        })?;
    audit::record(
        &txn,
        now,
        AuditEntry {
            actor: Some(me),
            action: "dictionary.updated",
            target_type: "dictionary_entry",
            target_id: Some(row.id.to_string()),
            before: Some(before),
            after: Some(serde_json::json!({ "value": row.value, "sort_order": row.sort_order, "disabled": row.disabled })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(web::Json(svc::to_out(kind, row)))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list).service(create).service(update);
}
