//! `/api/batches`: open, list, view and delete batches; choose the payment method; the
//! withholding letter and its template.

use actix_web::{delete, get, post, put, web, HttpResponse};
use api_types::{
    ApiErrorBody, BatchIn, BatchKindKey, BatchOut, BatchQuery, Page, PaymentMethodIn,
    WithholdingLetterIn,
};
use domain::BatchKind;
use uuid::Uuid;

use super::{create, payment_method, service, view};
use crate::app::state::AppState;
use crate::auth::AuthUser;
use crate::error::ServiceError;
use crate::http::{files, ApiResult, IfMatch};

/// The batch list (参保批次列表): filters 批次号 / 单位名称 / 批次状态, newest change first.
/// Unit operators see their unit's batches; reviewers and admins all.
#[utoipa::path(
    tag = "batches",
    security(("bearer" = [])),
    params(BatchQuery),
    responses((status = 200, body = Page<BatchOut>), (status = 401, body = ApiErrorBody))
)]
#[get("/batches")]
pub async fn list_batches(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<BatchQuery>,
) -> ApiResult<web::Json<Page<BatchOut>>> {
    let page = service::list(&state.db, &user.actor(), &query, state.clock.now()).await?;
    Ok(web::Json(page))
}

/// Opens a batch (集中参保办理 / 即时参保办理) for the operator's unit, only inside the
/// type's window of the plan year.
#[utoipa::path(
    tag = "batches",
    security(("bearer" = [])),
    request_body = BatchIn,
    responses(
        (status = 201, body = BatchOut),
        (status = 403, description = "仅单位经办人可办理", body = ApiErrorBody),
        (status = 422, description = "不在参保办理时间内或无参保编码 (`rule_refused`)", body = ApiErrorBody)
    )
)]
#[post("/batches")]
pub async fn create_batch(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<BatchIn>,
) -> ApiResult<HttpResponse> {
    let kind = match body.kind {
        BatchKindKey::Centralized => BatchKind::Centralized,
        BatchKindKey::Instant => BatchKind::Instant,
    };
    let now = state.clock.now();
    let b = create::create(&state.db, &user.actor(), kind, now).await?;
    Ok(HttpResponse::Created().json(view::out_loaded(&state.db, &b, now).await?))
}

/// 查看批次信息. The `ETag` is the version to send as `If-Match` with a change.
#[utoipa::path(
    tag = "batches",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "批次 id")),
    responses((status = 200, body = BatchOut), (status = 404, body = ApiErrorBody))
)]
#[get("/batches/{id}")]
pub async fn get_batch(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let out = service::get(&state.db, &user.actor(), id.into_inner(), state.clock.now()).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", format!("\"{}\"", out.version)))
        .json(out))
}

/// 批次删除, while allowed (until submitted to review, or after a rejection).
#[utoipa::path(
    tag = "batches",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "批次 id"),
        ("If-Match" = String, Header, description = "批次的 version")
    ),
    responses(
        (status = 204, description = "已删除"),
        (status = 404, body = ApiErrorBody),
        (status = 409, description = "状态不允许 (`conflict`) 或数据已被修改 (`version_conflict`)", body = ApiErrorBody),
        (status = 428, description = "缺少 If-Match (`precondition_required`)", body = ApiErrorBody)
    )
)]
#[delete("/batches/{id}")]
pub async fn delete_batch(
    state: web::Data<AppState>,
    user: AuthUser,
    version: IfMatch,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let (actor, now) = (user.actor(), state.clock.now());
    service::delete(&state.db, &actor, id.into_inner(), version.0, now).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// 选择参保缴费方式: once, never changed. Withholding takes the amount per person
/// (0 < amount ≤ the plan year's cap) and is refused after the channel closes.
#[utoipa::path(
    tag = "batches",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "批次 id"),
        ("If-Match" = String, Header, description = "批次的 version")
    ),
    request_body = PaymentMethodIn,
    responses(
        (status = 200, body = BatchOut),
        (status = 409, description = "已选择过 (`conflict`) 或数据已被修改 (`version_conflict`)", body = ApiErrorBody),
        (status = 422, description = "金额不合规 (`validation_failed`) 或通道已关闭 (`rule_refused`)", body = ApiErrorBody),
        (status = 428, description = "缺少 If-Match (`precondition_required`)", body = ApiErrorBody)
    )
)]
#[put("/batches/{id}/payment-method")]
pub async fn choose_payment_method(
    state: web::Data<AppState>,
    user: AuthUser,
    version: IfMatch,
    id: web::Path<Uuid>,
    body: web::Json<PaymentMethodIn>,
) -> ApiResult<web::Json<BatchOut>> {
    let (actor, now) = (user.actor(), state.clock.now());
    let b =
        payment_method::choose(&state.db, &actor, id.into_inner(), version.0, &body, now).await?;
    Ok(web::Json(view::out_loaded(&state.db, &b, now).await?))
}

/// Attaches the stamped withholding application letter (uploaded with
/// `POST /api/attachments`, `purpose = withholding_letter`) to a withholding batch.
#[utoipa::path(
    tag = "batches",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "批次 id"),
        ("If-Match" = String, Header, description = "批次的 version")
    ),
    request_body = WithholdingLetterIn,
    responses(
        (status = 200, body = BatchOut),
        (status = 409, description = "状态不允许或数据已被修改", body = ApiErrorBody),
        (status = 422, description = "附件不属于本单位 (`validation_failed`) 或非代扣批次 (`rule_refused`)", body = ApiErrorBody),
        (status = 428, description = "缺少 If-Match (`precondition_required`)", body = ApiErrorBody)
    )
)]
#[put("/batches/{id}/withholding-letter")]
pub async fn set_withholding_letter(
    state: web::Data<AppState>,
    user: AuthUser,
    version: IfMatch,
    id: web::Path<Uuid>,
    body: web::Json<WithholdingLetterIn>,
) -> ApiResult<web::Json<BatchOut>> {
    let (actor, now) = (user.actor(), state.clock.now());
    let id = id.into_inner();
    let b = payment_method::set_withholding_letter(
        &state.db,
        &actor,
        id,
        version.0,
        body.attachment_id,
        now,
    )
    .await?;
    Ok(web::Json(view::out_loaded(&state.db, &b, now).await?))
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
