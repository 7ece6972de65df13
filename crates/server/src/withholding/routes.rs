//! `/api/batches/{id}/withholding…` (step ⑥), `…/roster-confirmation` (参保名单确定) and
//! `/api/callbacks/bank` (the bank's notice that results are ready).

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use api_types::{ApiErrorBody, BatchOut, WithholdingApplicationIn, WithholdingOut};
use uuid::Uuid;

use super::{apply, confirm, slip, tasks};
use crate::app::state::AppState;
use crate::auth::Caller;
use crate::http::docs::{ChangeErrors, IfMatchHeader, ReadErrors, VersionedChangeErrors};
use crate::http::{files, ApiResult, IfMatch};

/// Step ⑥: 本单位可代扣人员N人, the deadline (委托代扣申请需在6月4日16点完成提交), the
/// confirmation text, whether 提交代扣申请 is possible (and why not), the application with
/// its acceptance and results (申请代扣13人，代扣成功9人(代扣金额300元/人)，代扣失败4人。), and
/// what the unit pays with the roster as it is now.
#[utoipa::path(
    tag = "withholding",
    security(("bearer" = [])),
    responses((status = 200, body = WithholdingOut), ReadErrors)
)]
#[get("/batches/{id}/withholding")]
pub async fn get_withholding(
    c: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<WithholdingOut>> {
    Ok(web::Json(
        apply::get(&c.db, &c.actor, id.into_inner(), c.now).await?,
    ))
}

/// 审核通过，向职保会提交代扣申请 after 我已阅读并同意 (`agreed: true`): the 可代扣 people are
/// frozen into the application (later roster edits cannot change it); 职保会审核通过 →
/// 代扣申请中. Refused after the plan year's deadline (422 `withholding_application_closed`)
/// or without 可代扣 people.
#[utoipa::path(
    tag = "withholding",
    security(("bearer" = [])),
    params(IfMatchHeader),
    request_body = WithholdingApplicationIn,
    responses((status = 200, body = WithholdingOut), VersionedChangeErrors)
)]
#[post("/batches/{id}/withholding-application")]
pub async fn apply_for_withholding(
    c: Caller,
    version: IfMatch,
    id: web::Path<Uuid>,
    body: web::Json<WithholdingApplicationIn>,
) -> ApiResult<web::Json<WithholdingOut>> {
    Ok(web::Json(
        apply::apply(
            &c.db,
            &c.settings,
            &c.actor,
            id.into_inner(),
            version.0,
            &body,
            c.now,
        )
        .await?,
    ))
}

/// 受理 (reviewers): accepts the application now instead of one working day after its
/// submission; the list goes to the bank. 409 when it is accepted already.
#[utoipa::path(
    tag = "withholding",
    security(("bearer" = [])),
    responses((status = 200, body = WithholdingOut), ChangeErrors)
)]
#[post("/batches/{id}/withholding/acceptance")]
pub async fn accept_withholding(
    c: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<WithholdingOut>> {
    let out = apply::accept_now(&c.db, &c.settings.tasks, &c.actor, id.into_inner(), c.now).await?;
    // The list goes to the bank at once.
    c.wakeup.wake(&c.db).await;
    Ok(web::Json(out))
}

/// 下载代扣受理单 (PDF, printable, with 校验码) once the application is accepted; audited.
#[utoipa::path(
    tag = "withholding",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "PDF", content_type = "application/pdf"),
        ReadErrors,
        (status = 409, description = "代扣申请尚未受理 (`conflict`)", body = ApiErrorBody),
        (status = 503, description = "服务器缺少中文字体 (`service_unavailable`)", body = ApiErrorBody)
    )
)]
#[get("/batches/{id}/withholding/slip")]
pub async fn download_slip(c: Caller, id: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    let font = c.settings.withholding.slip_font.clone();
    let (b, pdf) = slip::download(&c.db, &font, &c.actor, id.into_inner(), c.now).await?;
    let name = format!("代扣受理单_{}.pdf", b.batch_no);
    Ok(files::private(files::download(
        "application/pdf",
        &name,
        pdf,
    )))
}

/// 参保名单确定，前往上传缴费凭证: the roster is final; what the unit pays is fixed (people ×
/// premium − 代扣成功 × amount) and the batch waits for payment vouchers (待上传缴费凭证).
/// Also the step from 职保会审核通过 for a voucher batch.
#[utoipa::path(
    tag = "withholding",
    security(("bearer" = [])),
    params(IfMatchHeader),
    responses((status = 200, body = BatchOut), VersionedChangeErrors)
)]
#[post("/batches/{id}/roster-confirmation")]
pub async fn confirm_roster(
    c: Caller,
    version: IfMatch,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<BatchOut>> {
    Ok(web::Json(
        confirm::confirm(&c.db, &c.actor, id.into_inner(), version.0, c.now).await?,
    ))
}

/// The bank's notice (`X-Bank-Request-Id`) that a request's results are ready: they are
/// then fetched from the bank at once (the notice's body is never trusted). 204 for a
/// request of ours, 404 otherwise.
#[utoipa::path(
    tag = "withholding",
    params(("X-Bank-Request-Id" = String, Header, pattern = "^[A-Za-z0-9._:-]{1,64}$", description = "the bank's id of the request")),
    responses(
        (status = 204, description = "已接收"),
        (status = 400, description = "缺少 X-Bank-Request-Id (`bad_request`)", body = ApiErrorBody),
        (status = 404, description = "不是本平台的代扣请求 (`not_found`)", body = ApiErrorBody)
    )
)]
#[post("/callbacks/bank")]
pub async fn bank_callback(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let Some(request_id) = req
        .headers()
        .get("X-Bank-Request-Id")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty() && v.len() <= 64)
    else {
        return Err(crate::http::ApiError::bad_request(
            "缺少 X-Bank-Request-Id 请求头",
        ));
    };
    let known = tasks::results_ready(&state.db, request_id, state.clock.now())
        .await
        .map_err(crate::error::ServiceError::from)?;
    if known {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(crate::error::ServiceError::NotFound("代扣请求").into())
    }
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_withholding)
        .service(apply_for_withholding)
        .service(accept_withholding)
        .service(download_slip)
        .service(confirm_roster)
        .service(bank_callback);
}
