//! `/api/batches/{id}/roster…`: the roster of a batch — import (方式1), manual entry
//! (方式2), list, unmasked view, deletion, export — and the import template.

use actix_web::http::StatusCode;
use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};
use api_types::{
    ApiErrorBody, BatchOut, ErrorCode, ImportOut, Page, PersonAddedOut, PersonIn, RosterDeletionIn,
    RosterEntryOut, RosterPersonOut, RosterQuery,
};
use futures_util::StreamExt;
use uuid::Uuid;

use super::batches::xlsx_download;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::services::refusal::if_match;
use crate::services::roster_import::{self, Checked};
use crate::services::{batches, roster, roster_export, template};
use crate::state::AppState;

/// Reads an uploaded file (the raw request body) up to `limit` bytes; 413 beyond.
async fn read_upload(
    req: &HttpRequest,
    mut payload: web::Payload,
    limit: usize,
) -> ApiResult<Vec<u8>> {
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::PayloadTooLarge,
            format!("导入文件过大，不能超过{}MB", limit / (1024 * 1024)),
        )
    };
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(declared.unwrap_or(0));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::bad_request(format!("上传中断：{e}")))?;
        if bytes.len() + chunk.len() > limit {
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    if bytes.is_empty() {
        return Err(ApiError::bad_request("请上传参保名单文件"));
    }
    Ok(bytes)
}

/// The roster import template (参保名单导入模板), xlsx.
#[utoipa::path(
    tag = "roster",
    responses((status = 200, description = "xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
)]
#[get("/templates/roster")]
pub async fn roster_template() -> ApiResult<HttpResponse> {
    let bytes = template::roster_template().map_err(ApiError::internal)?;
    Ok(xlsx_download("参保名单导入模板.xlsx", bytes))
}

/// One page of the roster; ID and mobile masked. Search by 姓名 / 证件号 / 状态.
#[utoipa::path(
    tag = "roster",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "批次 id"), RosterQuery),
    responses((status = 200, body = Page<RosterEntryOut>), (status = 404, body = ApiErrorBody))
)]
#[get("/batches/{id}/roster")]
pub async fn list_roster(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    query: web::Query<RosterQuery>,
) -> ApiResult<web::Json<Page<RosterEntryOut>>> {
    Ok(web::Json(
        roster::list(&state.db, &user.0, id.into_inner(), &query).await?,
    ))
}

/// 导入参保名单: the body is the .xlsx/.xls file. All or nothing; the list is replaced.
/// A refused file answers 422 with every error in `details.errors`.
#[utoipa::path(
    tag = "roster",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "批次 id"),
        ("If-Match" = Option<String>, Header, description = "批次的 version")
    ),
    request_body(content = String, description = "The workbook (.xlsx or .xls) as the raw body", content_type = "application/octet-stream"),
    responses(
        (status = 200, body = ImportOut),
        (status = 409, description = "状态不允许或数据已被修改", body = ApiErrorBody),
        (status = 413, description = "文件过大 (`payload_too_large`)", body = ApiErrorBody),
        (status = 422, description = "导入失败：`details.errors` 为每行错误 (`rule_refused`)", body = ApiErrorBody)
    )
)]
#[post("/batches/{id}/roster/import")]
pub async fn import_roster(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> ApiResult<web::Json<ImportOut>> {
    let version = if_match(&req)?;
    let bytes = read_upload(&req, payload, state.settings.roster_upload_max_bytes).await?;
    let now = state.clock.now();
    let (b, count) =
        roster_import::import(&state.db, &user.0, id.into_inner(), version, bytes, now).await?;
    Ok(web::Json(ImportOut {
        imported: count as u64,
        batch: batches::out_loaded(&state.db, &b, now).await?,
    }))
}

/// The error report of a file (the same body as the import): every row with its errors
/// in an extra column, as xlsx. Nothing is imported.
#[utoipa::path(
    tag = "roster",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "批次 id")),
    request_body(content = String, description = "The workbook as the raw body", content_type = "application/octet-stream"),
    responses(
        (status = 200, description = "xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 413, body = ApiErrorBody)
    )
)]
#[post("/batches/{id}/roster/error-report")]
pub async fn roster_error_report(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let b = batches::readable(&state.db, &user.0, id.into_inner()).await?;
    let bytes = read_upload(&req, payload, state.settings.roster_upload_max_bytes).await?;
    let plan = batches::plan_of(&state.db, &b).await?;
    let (rows, errors) =
        match roster_import::check(&state.db, &b, &plan, bytes, state.clock.now()).await? {
            Checked::Valid(_) => (Vec::new(), Vec::new()),
            Checked::Invalid(rows, errors) => (rows, errors),
            Checked::BadFile(errors) => (Vec::new(), errors),
        };
    let xlsx = actix_web::web::block(move || roster_export::error_report(&rows, &errors))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    Ok(xlsx_download(
        &format!("导入错误_{}.xlsx", b.batch_no),
        xlsx,
    ))
}

/// 导出: the roster as xlsx with full IDs and mobiles (audited).
#[utoipa::path(
    tag = "roster",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "批次 id")),
    responses(
        (status = 200, description = "xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 404, body = ApiErrorBody)
    )
)]
#[get("/batches/{id}/roster/export")]
pub async fn export_roster(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let (name, bytes) =
        roster_export::export(&state.db, &user.0, id.into_inner(), state.clock.now()).await?;
    Ok(xlsx_download(&name, bytes))
}

/// 新增参保人员 (方式2): the import's rules for one person.
#[utoipa::path(
    tag = "roster",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "批次 id"),
        ("If-Match" = Option<String>, Header, description = "批次的 version")
    ),
    request_body = PersonIn,
    responses(
        (status = 201, body = PersonAddedOut),
        (status = 409, body = ApiErrorBody),
        (status = 422, description = "信息有误 (`validation_failed`, `details.fields`)", body = ApiErrorBody)
    )
)]
#[post("/batches/{id}/roster")]
pub async fn add_person(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<PersonIn>,
) -> ApiResult<HttpResponse> {
    let version = if_match(&req)?;
    let now = state.clock.now();
    let (b, e) = roster::add(&state.db, &user.0, id.into_inner(), version, &body, now).await?;
    let batch = batches::out_loaded(&state.db, &b, now).await?;
    let plan = batches::plan_of(&state.db, &b).await?;
    Ok(HttpResponse::Created().json(PersonAddedOut {
        person: roster::entry_out(&e, plan.premium.0),
        batch,
    }))
}

/// 清空参保名单.
#[utoipa::path(
    tag = "roster",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "批次 id"),
        ("If-Match" = Option<String>, Header, description = "批次的 version")
    ),
    responses((status = 200, body = BatchOut), (status = 409, body = ApiErrorBody))
)]
#[delete("/batches/{id}/roster")]
pub async fn clear_roster(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<BatchOut>> {
    let version = if_match(&req)?;
    let now = state.clock.now();
    let b = roster::delete(&state.db, &user.0, id.into_inner(), version, None, now).await?;
    Ok(web::Json(batches::out_loaded(&state.db, &b, now).await?))
}

/// 批量删除: the checked people.
#[utoipa::path(
    tag = "roster",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "批次 id"),
        ("If-Match" = Option<String>, Header, description = "批次的 version")
    ),
    request_body = RosterDeletionIn,
    responses((status = 200, body = BatchOut), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody))
)]
#[post("/batches/{id}/roster/deletions")]
pub async fn delete_people(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<RosterDeletionIn>,
) -> ApiResult<web::Json<BatchOut>> {
    let version = if_match(&req)?;
    let now = state.clock.now();
    let b = roster::delete(
        &state.db,
        &user.0,
        id.into_inner(),
        version,
        Some(&body.ids),
        now,
    )
    .await?;
    Ok(web::Json(batches::out_loaded(&state.db, &b, now).await?))
}

/// 查看: one person with full ID and mobile; every read is audited.
#[utoipa::path(
    tag = "roster",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "批次 id"), ("entry_id" = Uuid, Path, description = "人员 id")),
    responses((status = 200, body = RosterPersonOut), (status = 404, body = ApiErrorBody))
)]
#[get("/batches/{id}/roster/{entry_id}")]
pub async fn view_person(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<web::Json<RosterPersonOut>> {
    let (id, entry_id) = path.into_inner();
    Ok(web::Json(
        roster::view(&state.db, &user.0, id, entry_id, state.clock.now()).await?,
    ))
}

/// 删除: one person.
#[utoipa::path(
    tag = "roster",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "批次 id"),
        ("entry_id" = Uuid, Path, description = "人员 id"),
        ("If-Match" = Option<String>, Header, description = "批次的 version")
    ),
    responses((status = 200, body = BatchOut), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody))
)]
#[delete("/batches/{id}/roster/{entry_id}")]
pub async fn delete_person(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<web::Json<BatchOut>> {
    let version = if_match(&req)?;
    let (id, entry_id) = path.into_inner();
    let now = state.clock.now();
    let b = roster::delete(&state.db, &user.0, id, version, Some(&[entry_id]), now).await?;
    Ok(web::Json(batches::out_loaded(&state.db, &b, now).await?))
}

/// Registers the routes (fixed paths before `{entry_id}`).
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(roster_template)
        .service(list_roster)
        .service(import_roster)
        .service(roster_error_report)
        .service(export_roster)
        .service(add_person)
        .service(clear_roster)
        .service(delete_people)
        .service(view_person)
        .service(delete_person);
}
