//! `/api/vouchers` (缴费凭证管理), `/api/batches/{id}/vouchers` (the voucher page and its
//! lines), `…/voucher-submission` (提交审核) and `…/confirmation` (参保确认单).

use actix_web::{get, post, put, web, HttpResponse};
use api_types::{
    ApiErrorBody, Page, PayeeOut, VoucherListItemOut, VoucherQuery, VouchersIn, VouchersOut,
};
use uuid::Uuid;

use super::{confirmation, lines, list, submit, view};
use crate::auth::Caller;
use crate::batches::access::{readable, unit_of};
use crate::http::docs::{
    Forbidden, IfMatchHeader, ListErrors, ReadErrors, Unauthorized, VersionedChangeErrors,
};
use crate::http::{files, ApiResult, IfMatch};

/// 缴费凭证管理: 参保批次 / 参保单位 / 参保金额 / 状态 / 职保中心反馈 / 创建时间 of the batches
/// that pay by voucher now; filters 批次号 and 凭证状态. Units see their own.
#[utoipa::path(
    tag = "vouchers",
    security(("bearer" = [])),
    params(VoucherQuery),
    responses((status = 200, body = Page<VoucherListItemOut>), ListErrors)
)]
#[get("/vouchers")]
pub async fn list_vouchers(
    c: Caller,
    query: web::Query<VoucherQuery>,
) -> ApiResult<web::Json<Page<VoucherListItemOut>>> {
    Ok(web::Json(list::list(&c.db, &c.actor, &query).await?))
}

/// 职保会退休账户信息 (户名 / 帐号 / 开户行): where units pay, shown above 缴费凭证管理 as on
/// the voucher page (from configuration, `[payee]`).
#[utoipa::path(
    tag = "vouchers",
    security(("bearer" = [])),
    responses((status = 200, body = PayeeOut), Unauthorized, Forbidden)
)]
#[get("/vouchers/payee")]
pub async fn get_payee(c: Caller) -> web::Json<PayeeOut> {
    web::Json(view::payee_out(&c.settings.payee))
}

/// The voucher page: 职保会退休账户信息, 参保总人数 / 参保总费用 and the manual's sentence, the
/// payment lines (the 个人代扣 line first), refunds, e-receipts, every problem of the
/// balance rule, whether 提交审核 is possible, the latest feedback, and the cover once
/// insured.
#[utoipa::path(
    tag = "vouchers",
    security(("bearer" = [])),
    responses((status = 200, body = VouchersOut), ReadErrors)
)]
#[get("/batches/{id}/vouchers")]
pub async fn get_vouchers(c: Caller, id: web::Path<Uuid>) -> ApiResult<web::Json<VouchersOut>> {
    let b = readable(&c.db, &c.actor, id.into_inner()).await?;
    let u = unit_of(&c.db, &b).await?;
    Ok(web::Json(
        view::out(&c.db, &c.settings.payee, &b, &u, c.now).await?,
    ))
}

/// Saves every payment, refund and e-receipt line at once (编辑 / 确认 / 删除 happen in the
/// page; this replaces the saved lines). Each field is checked (422 with `details.fields`
/// naming `payments[0].amount_fen` …); the balance is reported in `problems`. The
/// 专用收据抬头 are looked up in the enterprise registry (503 while it is down).
#[utoipa::path(
    tag = "vouchers",
    security(("bearer" = [])),
    params(IfMatchHeader),
    request_body = VouchersIn,
    responses(
        (status = 200, body = VouchersOut),
        VersionedChangeErrors,
        (status = 503, description = "企业登记信息查询服务不可用 (`service_unavailable`)", body = ApiErrorBody)
    )
)]
#[put("/batches/{id}/vouchers")]
pub async fn save_vouchers(
    c: Caller,
    version: IfMatch,
    id: web::Path<Uuid>,
    body: web::Json<VouchersIn>,
) -> ApiResult<web::Json<VouchersOut>> {
    Ok(web::Json(
        lines::save_lines(&c, &c.actor, id.into_inner(), version.0, &body, c.now).await?,
    ))
}

/// 提交审核: 待上传缴费凭证 or 凭证审核不通过 → 凭证审核中. Refused (422 `rule_refused`,
/// `details.reason = vouchers_unbalanced`, `details.problems`) while payments − refunds
/// differ from the total premium or a line is incomplete.
#[utoipa::path(
    tag = "vouchers",
    security(("bearer" = [])),
    params(IfMatchHeader),
    responses((status = 200, body = VouchersOut), VersionedChangeErrors)
)]
#[post("/batches/{id}/voucher-submission")]
pub async fn submit_vouchers(
    c: Caller,
    version: IfMatch,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<VouchersOut>> {
    Ok(web::Json(
        submit::submit(
            &c.db,
            &c.settings.payee,
            &c.actor,
            id.into_inner(),
            version.0,
            c.now,
        )
        .await?,
    ))
}

/// 参保确认单 (xlsx, ID numbers masked) of a completed batch; audited.
#[utoipa::path(
    tag = "vouchers",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ReadErrors,
        (status = 409, description = "参保尚未完成 (`conflict`)", body = ApiErrorBody)
    )
)]
#[get("/batches/{id}/confirmation")]
pub async fn download_confirmation(c: Caller, id: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    let (name, bytes) = confirmation::confirmation(&c.db, &c.actor, id.into_inner(), c.now).await?;
    Ok(files::private(files::xlsx(&name, bytes)))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_payee)
        .service(list_vouchers)
        .service(get_vouchers)
        .service(save_vouchers)
        .service(submit_vouchers)
        .service(download_confirmation);
}
