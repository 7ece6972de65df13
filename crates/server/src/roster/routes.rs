//! `/api/batches/{id}/roster…`: the roster of a batch — import (方式1), manual entry
//! (方式2), list, unmasked view, deletion, export — and the import template.

use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};
use api_types::{
    BatchOut, ImportOut, Page, PersonAddedOut, PersonIn, RenewalOut, RosterDeletionIn,
    RosterEntryOut, RosterPersonOut, RosterQuery,
};
use uuid::Uuid;

use super::{entry, export, import, renewal, service, template};
use crate::auth::Caller;
use crate::batches::access::plan_of;
use crate::batches::view::out_loaded;
use crate::error::ServiceError;
use crate::http::docs::{
    IfMatchHeader, ListErrors, ReadErrors, UploadErrors, VersionedChangeErrors,
};
use crate::http::idempotent::{once, IdempotencyKeyHeader};
use crate::http::{files, ApiResult, IdempotencyKey, IfMatch};
use crate::idempotency;

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

/// One page of the roster; ID and mobile masked, no birth date. Search by 姓名 / 证件号
/// (the whole number or its last 4 characters; audited) / 状态 / 校验结果 / 代扣类型.
#[utoipa::path(
    tag = "roster",
    security(("bearer" = [])),
    params(RosterQuery),
    responses((status = 200, body = Page<RosterEntryOut>), ListErrors, ReadErrors)
)]
#[get("/batches/{id}/roster")]
pub async fn list_roster(
    c: Caller,
    id: web::Path<Uuid>,
    query: web::Query<RosterQuery>,
) -> ApiResult<web::Json<Page<RosterEntryOut>>> {
    Ok(web::Json(
        service::list(&c.db, &c.actor, id.into_inner(), &query, c.now).await?,
    ))
}

/// 导入参保名单: the body is the .xlsx/.xls file. All or nothing; the list is replaced.
///
/// A refused file answers 422 with its errors in `details.errors` (the first
/// `import.max_errors_in_answer`, 200 by default), their count in `details.errors_total`
/// and `details.errors_truncated` when some were left out (the error report lists all).
/// A file beyond the import limits (100,000 people, 32 columns, 200 characters a cell,
/// 32 sheets, what an .xlsx unpacks to) answers 422 with one error saying which.
/// With `Idempotency-Key`, a retry of the same file answers the first success again.
#[utoipa::path(
    tag = "roster",
    security(("bearer" = [])),
    params(IfMatchHeader, IdempotencyKeyHeader),
    request_body(content = String, description = "The workbook (.xlsx or .xls) as the raw body", content_type = "application/octet-stream"),
    responses((status = 200, body = ImportOut), UploadErrors)
)]
#[post("/batches/{id}/roster/import")]
pub async fn import_roster(
    c: Caller,
    req: HttpRequest,
    version: IfMatch,
    key: IdempotencyKey,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let bytes = files::read_body(
        &req,
        payload,
        c.settings.roster_upload_max_bytes,
        ROSTER_FILE,
    )
    .await?;
    let fingerprint = idempotency::fingerprint("POST", req.path(), &bytes);
    once(&c, &key, fingerprint, || async {
        let limits = &c.settings.import;
        let (b, count) = import::import_with(
            &c.db,
            &c.actor,
            id.into_inner(),
            version.0,
            bytes,
            limits,
            c.now,
        )
        .await?;
        Ok(HttpResponse::Ok().json(ImportOut {
            imported: count as u64,
            batch: out_loaded(&c.db, &b, c.now).await?,
        }))
    })
    .await
}

/// 沿用上年度名单: an empty batch takes over the people the unit insured last plan year,
/// without those found deceased and those already in another batch this plan year, under
/// this year's import rules (a person they refuse is left out and listed in `refused`).
/// The people are marked `renewed`: review them before 提交系统校验.
#[utoipa::path(
    tag = "roster",
    security(("bearer" = [])),
    params(IfMatchHeader),
    responses((status = 200, body = RenewalOut), VersionedChangeErrors)
)]
#[post("/batches/{id}/roster/renewal")]
pub async fn renew_roster(
    c: Caller,
    version: IfMatch,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<RenewalOut>> {
    let max_errors = c.settings.import.max_errors_in_answer;
    let r = renewal::renew(
        &c.db,
        &c.actor,
        id.into_inner(),
        version.0,
        max_errors,
        c.now,
    )
    .await?;
    let (renewed, deceased, elsewhere) = r.counts;
    Ok(web::Json(RenewalOut {
        message: renewal::message(&r),
        renewed: renewed as u64,
        deceased: deceased as u64,
        enrolled_elsewhere: elsewhere as u64,
        refused: r.refused,
        batch: out_loaded(&c.db, &r.batch, c.now).await?,
    }))
}

/// The error report of a file (the same body as the import): every row with its errors
/// in an extra column, as xlsx. Nothing is imported.
#[utoipa::path(
    tag = "roster",
    security(("bearer" = [])),
    request_body(content = String, description = "The workbook as the raw body", content_type = "application/octet-stream"),
    responses(
        (status = 200, description = "xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        UploadErrors
    )
)]
#[post("/batches/{id}/roster/error-report")]
pub async fn roster_error_report(
    c: Caller,
    req: HttpRequest,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let bytes = files::read_body(
        &req,
        payload,
        c.settings.roster_upload_max_bytes,
        ROSTER_FILE,
    )
    .await?;
    let limits = &c.settings.import;
    let (name, xlsx) =
        import::error_report(&c.db, &c.actor, id.into_inner(), bytes, limits, c.now).await?;
    Ok(files::xlsx(&name, xlsx))
}

/// 导出: the roster as xlsx with full IDs and mobiles (audited).
#[utoipa::path(
    tag = "roster",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ReadErrors
    )
)]
#[get("/batches/{id}/roster/export")]
pub async fn export_roster(c: Caller, id: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    let (name, bytes) = export::export(&c.db, &c.actor, id.into_inner(), c.now).await?;
    Ok(files::private(files::xlsx(&name, bytes)))
}

/// 新增参保人员 (方式2): the import's rules for one person (422 `validation_failed` with
/// `details.fields`). With `Idempotency-Key`, a retry answers the first success again.
#[utoipa::path(
    tag = "roster",
    security(("bearer" = [])),
    params(IfMatchHeader, IdempotencyKeyHeader),
    request_body = PersonIn,
    responses((status = 201, body = PersonAddedOut), VersionedChangeErrors)
)]
#[post("/batches/{id}/roster")]
pub async fn add_person(
    c: Caller,
    req: HttpRequest,
    version: IfMatch,
    key: IdempotencyKey,
    id: web::Path<Uuid>,
    body: web::Json<PersonIn>,
) -> ApiResult<HttpResponse> {
    let canonical = serde_json::to_vec(&body.0).map_err(ServiceError::internal)?;
    let fingerprint = idempotency::fingerprint("POST", req.path(), &canonical);
    once(&c, &key, fingerprint, || async {
        let (b, e) =
            service::add(&c.db, &c.actor, id.into_inner(), version.0, &body, c.now).await?;
        let plan = plan_of(&c.db, &b).await?;
        Ok(HttpResponse::Created().json(PersonAddedOut {
            person: entry::entry_out(&e, plan.premium.0)?,
            batch: out_loaded(&c.db, &b, c.now).await?,
        }))
    })
    .await
}

/// 清空参保名单.
#[utoipa::path(
    tag = "roster",
    security(("bearer" = [])),
    params(IfMatchHeader),
    responses((status = 200, body = BatchOut), VersionedChangeErrors)
)]
#[delete("/batches/{id}/roster")]
pub async fn clear_roster(
    c: Caller,
    version: IfMatch,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<BatchOut>> {
    let b = service::delete(&c.db, &c.actor, id.into_inner(), version.0, None, c.now).await?;
    Ok(web::Json(out_loaded(&c.db, &b, c.now).await?))
}

/// 批量删除: the checked people.
#[utoipa::path(
    tag = "roster",
    security(("bearer" = [])),
    params(IfMatchHeader),
    request_body = RosterDeletionIn,
    responses((status = 200, body = BatchOut), VersionedChangeErrors)
)]
#[post("/batches/{id}/roster/deletions")]
pub async fn delete_people(
    c: Caller,
    version: IfMatch,
    id: web::Path<Uuid>,
    body: web::Json<RosterDeletionIn>,
) -> ApiResult<web::Json<BatchOut>> {
    let ids = Some(body.ids.as_slice());
    let b = service::delete(&c.db, &c.actor, id.into_inner(), version.0, ids, c.now).await?;
    Ok(web::Json(out_loaded(&c.db, &b, c.now).await?))
}

/// 查看: one person with full ID and mobile; every read is audited.
#[utoipa::path(
    tag = "roster",
    security(("bearer" = [])),
    responses((status = 200, body = RosterPersonOut), ReadErrors)
)]
#[get("/batches/{id}/roster/{entry_id}")]
pub async fn view_person(c: Caller, path: web::Path<(Uuid, Uuid)>) -> ApiResult<HttpResponse> {
    let (id, entry_id) = path.into_inner();
    let person = service::view(&c.db, &c.actor, id, entry_id, c.now).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(person))
}

/// 删除: one person.
#[utoipa::path(
    tag = "roster",
    security(("bearer" = [])),
    params(IfMatchHeader),
    responses((status = 200, body = BatchOut), VersionedChangeErrors)
)]
#[delete("/batches/{id}/roster/{entry_id}")]
pub async fn delete_person(
    c: Caller,
    version: IfMatch,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<web::Json<BatchOut>> {
    let (id, entry_id) = path.into_inner();
    let ids = Some(std::slice::from_ref(&entry_id));
    let b = service::delete(&c.db, &c.actor, id, version.0, ids, c.now).await?;
    Ok(web::Json(out_loaded(&c.db, &b, c.now).await?))
}

/// Registers the routes (fixed paths before `{entry_id}`).
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(roster_template)
        .service(list_roster)
        .service(import_roster)
        .service(renew_roster)
        .service(roster_error_report)
        .service(export_roster)
        .service(add_person)
        .service(clear_roster)
        .service(delete_people)
        .service(view_person)
        .service(delete_person);
}
