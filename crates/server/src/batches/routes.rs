//! `/api/batches`: open, list, view and delete batches; choose the payment method; the
//! withholding letter and its template.

use actix_web::{delete, get, post, put, web, HttpResponse};
use api_types::{BatchIn, BatchOut, BatchQuery, Page, PaymentMethodIn, WithholdingLetterIn};
use uuid::Uuid;

use super::{create, payment_method, service, view};
use crate::auth::Caller;
use crate::error::ServiceError;
use crate::http::docs::{
    ChangeErrors, IfMatchHeader, ListErrors, ReadErrors, VersionedChangeErrors,
};
use crate::http::{files, ApiResult, IfMatch};

/// The batch list (参保批次列表): filters 批次号 / 单位名称 / 批次状态, newest change first.
/// Unit operators see their unit's batches; reviewers and admins all.
#[utoipa::path(
    tag = "batches",
    security(("bearer" = [])),
    params(BatchQuery),
    responses((status = 200, body = Page<BatchOut>), ListErrors)
)]
#[get("/batches")]
pub async fn list_batches(
    c: Caller,
    query: web::Query<BatchQuery>,
) -> ApiResult<web::Json<Page<BatchOut>>> {
    Ok(web::Json(
        service::list(&c.db, &c.actor, &query, c.now).await?,
    ))
}

/// Opens a batch (集中参保办理 / 即时参保办理) for the operator's unit, only inside the
/// type's window of the plan year (422 `rule_refused`, `details.reason = enrollment_closed`
/// or `no_enrollment_code`).
#[utoipa::path(
    tag = "batches",
    security(("bearer" = [])),
    request_body = BatchIn,
    responses((status = 201, body = BatchOut), ChangeErrors)
)]
#[post("/batches")]
pub async fn create_batch(c: Caller, body: web::Json<BatchIn>) -> ApiResult<HttpResponse> {
    let kind = view::kind_of_key(body.kind);
    let b = create::create(&c.db, &c.actor, kind, c.now).await?;
    Ok(HttpResponse::Created().json(view::out_loaded(&c.db, &b, c.now).await?))
}

/// 查看批次信息. The `ETag` is the version to send as `If-Match` with a change.
#[utoipa::path(
    tag = "batches",
    security(("bearer" = [])),
    responses((status = 200, body = BatchOut), ReadErrors)
)]
#[get("/batches/{id}")]
pub async fn get_batch(c: Caller, id: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    let out = service::get(&c.db, &c.actor, id.into_inner(), c.now).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", format!("\"{}\"", out.version)))
        .json(out))
}

/// 批次删除, while allowed (until submitted to review, or after a rejection).
#[utoipa::path(
    tag = "batches",
    security(("bearer" = [])),
    params(IfMatchHeader),
    responses((status = 204, description = "已删除"), VersionedChangeErrors)
)]
#[delete("/batches/{id}")]
pub async fn delete_batch(
    c: Caller,
    version: IfMatch,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    service::delete(&c.db, &c.actor, id.into_inner(), version.0, c.now).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// 选择参保缴费方式: once, never changed. Withholding takes the amount per person
/// (0 < amount ≤ the plan year's cap) and is refused after the channel closes.
#[utoipa::path(
    tag = "batches",
    security(("bearer" = [])),
    params(IfMatchHeader),
    request_body = PaymentMethodIn,
    responses((status = 200, body = BatchOut), VersionedChangeErrors)
)]
#[put("/batches/{id}/payment-method")]
pub async fn choose_payment_method(
    c: Caller,
    version: IfMatch,
    id: web::Path<Uuid>,
    body: web::Json<PaymentMethodIn>,
) -> ApiResult<web::Json<BatchOut>> {
    let b =
        payment_method::choose(&c.db, &c.actor, id.into_inner(), version.0, &body, c.now).await?;
    Ok(web::Json(view::out_loaded(&c.db, &b, c.now).await?))
}

/// Attaches the stamped withholding application letter (uploaded with
/// `POST /api/attachments`, `purpose = withholding_letter`) to a withholding batch.
#[utoipa::path(
    tag = "batches",
    security(("bearer" = [])),
    params(IfMatchHeader),
    request_body = WithholdingLetterIn,
    responses((status = 200, body = BatchOut), VersionedChangeErrors)
)]
#[put("/batches/{id}/withholding-letter")]
pub async fn set_withholding_letter(
    c: Caller,
    version: IfMatch,
    id: web::Path<Uuid>,
    body: web::Json<WithholdingLetterIn>,
) -> ApiResult<web::Json<BatchOut>> {
    let (id, letter) = (id.into_inner(), body.attachment_id);
    let b = payment_method::set_withholding_letter(&c.db, &c.actor, id, version.0, letter, c.now)
        .await?;
    Ok(web::Json(view::out_loaded(&c.db, &b, c.now).await?))
}

/// The withholding application letter template (委托代扣款申请书样稿), xlsx.
#[utoipa::path(
    tag = "batches",
    responses((status = 200, description = "xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
)]
#[get("/templates/withholding-letter")]
pub async fn withholding_letter_template() -> ApiResult<HttpResponse> {
    let bytes =
        crate::roster::template::withholding_letter_template().map_err(ServiceError::internal)?;
    Ok(files::xlsx("委托代扣款申请书.xlsx", bytes))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_batches)
        .service(create_batch)
        .service(get_batch)
        .service(delete_batch)
        .service(choose_payment_method)
        .service(set_withholding_letter)
        .service(withholding_letter_template);
}
