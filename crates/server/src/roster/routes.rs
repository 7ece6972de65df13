//! `/api/batches/{id}/roster…`: the roster of a batch — import (方式1), manual entry
//! (方式2), list, unmasked view, deletion, export — and the import template.

use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};
use api_types::{
    ApiErrorBody, BatchOut, ImportOut, Page, PersonAddedOut, PersonIn, RosterDeletionIn,
    RosterEntryOut, RosterPersonOut, RosterQuery,
};
use uuid::Uuid;

use super::{entry, export, import, service, template};
use crate::app::state::AppState;
use crate::auth::AuthUser;
use crate::batches::access::plan_of;
use crate::batches::view::out_loaded;
use crate::error::ServiceError;
use crate::http::{files, ApiResult, IfMatch};

/// What an upload of a roster is called in the 413 and 400 answers.
const ROSTER_FILE: &str = "参保名单文件";

/// The roster import template (参保名单导入模板), xlsx.
#[utoipa::path(
    tag = "roster",
    responses((status = 200, description = "xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
)]
#[get("/templates/roster")]
pub async fn roster_template() -> ApiResult<HttpResponse> {
    let bytes = template::roster_template().map_err(ServiceError::internal)?;
    Ok(files::xlsx("参保名单导入模板.xlsx", bytes))
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
    let page = service::list(&state.db, &user.actor(), id.into_inner(), &query).await?;
    Ok(web::Json(page))
}

/// 导入参保名单: the body is the .xlsx/.xls file. All or nothing; the list is replaced.
/// A refused file answers 422 with every error in `details.errors`.
#[utoipa::path(
    tag = "roster",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "批次 id"),
        ("If-Match" = String, Header, description = "批次的 version")
    ),
    request_body(content = String, description = "The workbook (.xlsx or .xls) as the raw body", content_type = "application/octet-stream"),
    responses(
        (status = 200, body = ImportOut),
        (status = 409, description = "状态不允许或数据已被修改", body = ApiErrorBody),
        (status = 413, description = "文件过大 (`payload_too_large`)", body = ApiErrorBody),
        (status = 422, description = "导入失败：`details.errors` 为每行错误 (`rule_refused`)", body = ApiErrorBody),
        (status = 428, description = "缺少 If-Match (`precondition_required`)", body = ApiErrorBody)
    )
)]
#[post("/batches/{id}/roster/import")]
pub async fn import_roster(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    version: IfMatch,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> ApiResult<web::Json<ImportOut>> {
    let limit = state.settings.roster_upload_max_bytes;
    let bytes = files::read_body(&req, payload, limit, ROSTER_FILE).await?;
    let (actor, now) = (user.actor(), state.clock.now());
    let (b, count) =
        import::import(&state.db, &actor, id.into_inner(), version.0, bytes, now).await?;
    Ok(web::Json(ImportOut {
        imported: count as u64,
        batch: out_loaded(&state.db, &b, now).await?,
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
    let limit = state.settings.roster_upload_max_bytes;
    let bytes = files::read_body(&req, payload, limit, ROSTER_FILE).await?;
    let (actor, now) = (user.actor(), state.clock.now());
    let (name, xlsx) = import::error_report(&state.db, &actor, id.into_inner(), bytes, now).await?;
    Ok(files::xlsx(&name, xlsx))
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
        export::export(&state.db, &user.actor(), id.into_inner(), state.clock.now()).await?;
    Ok(files::xlsx(&name, bytes))
}

/// 新增参保人员 (方式2): the import's rules for one person.
#[utoipa::path(
    tag = "roster",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "批次 id"),
        ("If-Match" = String, Header, description = "批次的 version")
    ),
    request_body = PersonIn,
    responses(
        (status = 201, body = PersonAddedOut),
        (status = 409, body = ApiErrorBody),
        (status = 422, description = "信息有误 (`validation_failed`, `details.fields`)", body = ApiErrorBody),
        (status = 428, description = "缺少 If-Match (`precondition_required`)", body = ApiErrorBody)
    )
)]
#[post("/batches/{id}/roster")]
pub async fn add_person(
    state: web::Data<AppState>,
    user: AuthUser,
    version: IfMatch,
    id: web::Path<Uuid>,
    body: web::Json<PersonIn>,
) -> ApiResult<HttpResponse> {
    let (actor, now) = (user.actor(), state.clock.now());
    let (b, e) = service::add(&state.db, &actor, id.into_inner(), version.0, &body, now).await?;
    let batch = out_loaded(&state.db, &b, now).await?;
    let plan = plan_of(&state.db, &b).await?;
    Ok(HttpResponse::Created().json(PersonAddedOut {
        person: entry::entry_out(&e, plan.premium.0)?,
        batch,
    }))
}

/// 清空参保名单.
#[utoipa::path(
    tag = "roster",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "批次 id"),
        ("If-Match" = String, Header, description = "批次的 version")
    ),
    responses(
        (status = 200, body = BatchOut),
        (status = 409, body = ApiErrorBody),
        (status = 428, description = "缺少 If-Match (`precondition_required`)", body = ApiErrorBody)
    )
)]
#[delete("/batches/{id}/roster")]
pub async fn clear_roster(
    state: web::Data<AppState>,
    user: AuthUser,
    version: IfMatch,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<BatchOut>> {
    let (actor, now) = (user.actor(), state.clock.now());
    let b = service::delete(&state.db, &actor, id.into_inner(), version.0, None, now).await?;
    Ok(web::Json(out_loaded(&state.db, &b, now).await?))
}

/// 批量删除: the checked people.
#[utoipa::path(
    tag = "roster",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "批次 id"),
        ("If-Match" = String, Header, description = "批次的 version")
    ),
    request_body = RosterDeletionIn,
    responses(
        (status = 200, body = BatchOut),
        (status = 404, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody),
        (status = 428, description = "缺少 If-Match (`precondition_required`)", body = ApiErrorBody)
    )
)]
#[post("/batches/{id}/roster/deletions")]
pub async fn delete_people(
    state: web::Data<AppState>,
    user: AuthUser,
    version: IfMatch,
    id: web::Path<Uuid>,
    body: web::Json<RosterDeletionIn>,
) -> ApiResult<web::Json<BatchOut>> {
    let (actor, now) = (user.actor(), state.clock.now());
    let ids = Some(body.ids.as_slice());
    let b = service::delete(&state.db, &actor, id.into_inner(), version.0, ids, now).await?;
    Ok(web::Json(out_loaded(&state.db, &b, now).await?))
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
    let person = service::view(&state.db, &user.actor(), id, entry_id, state.clock.now()).await?;
    Ok(web::Json(person))
}

/// 删除: one person.
#[utoipa::path(
    tag = "roster",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "批次 id"),
        ("entry_id" = Uuid, Path, description = "人员 id"),
        ("If-Match" = String, Header, description = "批次的 version")
    ),
    responses(
        (status = 200, body = BatchOut),
        (status = 404, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody),
        (status = 428, description = "缺少 If-Match (`precondition_required`)", body = ApiErrorBody)
    )
)]
#[delete("/batches/{id}/roster/{entry_id}")]
pub async fn delete_person(
    state: web::Data<AppState>,
    user: AuthUser,
    version: IfMatch,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<web::Json<BatchOut>> {
    let (id, entry_id) = path.into_inner();
    let (actor, now) = (user.actor(), state.clock.now());
    let ids = Some(std::slice::from_ref(&entry_id));
    let b = service::delete(&state.db, &actor, id, version.0, ids, now).await?;
    Ok(web::Json(out_loaded(&state.db, &b, now).await?))
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
