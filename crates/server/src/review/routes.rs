//! `/api/batches/{id}/ratios`, `…/materials`, `…/roster/{entry_id}/no-ss-reason`,
//! `…/review-submission`, `…/reviews` (the unit's step ⑤ and the history) and
//! `/api/reviews…` (the reviewer's queue, menu count and decision).

use actix_web::{delete, get, post, put, web};
use api_types::{
    DecisionIn, MaterialIn, NoSsReasonIn, Page, RatiosOut, ReviewCountsOut, ReviewOut,
    ReviewQueueItemOut, ReviewQueueQuery,
};
use uuid::Uuid;

use super::{decide, history, prepare, submit};
use crate::auth::Caller;
use crate::http::docs::{
    ChangeErrors, IfMatchHeader, ListErrors, ReadErrors, VersionedChangeErrors,
};
use crate::http::{ApiResult, IfMatch};

/// 参保清册校验结果：参保比例情况 — one row per 社保编号 (社保人数, 参保人数, 已参保人数,
/// 参保比例, 附件上传状态, 审核状态, 不通过原因) and the 未匹配到单位社保编码 group, the people
/// without a match with their reasons, every gap in words and whether 提交职保会审核 is
/// possible now. Its figures are the inputs of the domain's `review::assess`.
#[utoipa::path(
    tag = "review",
    security(("bearer" = [])),
    responses((status = 200, body = RatiosOut), ReadErrors)
)]
#[get("/batches/{id}/ratios")]
pub async fn ratios(c: Caller, id: web::Path<Uuid>) -> ApiResult<web::Json<RatiosOut>> {
    Ok(web::Json(
        prepare::ratios(&c.db, &c.actor, id.into_inner(), c.now).await?,
    ))
}

/// 上传相关材料: attaches a file uploaded with `POST /api/attachments` (purpose
/// `ratio_material`) to a code (`ss_code: null` for 未匹配到单位社保编码). In 名单校验完成 or
/// 职保会审核不通过 only; at most 20 per code.
#[utoipa::path(
    tag = "review",
    security(("bearer" = [])),
    params(IfMatchHeader),
    request_body = MaterialIn,
    responses((status = 200, body = RatiosOut), VersionedChangeErrors)
)]
#[post("/batches/{id}/materials")]
pub async fn add_material(
    c: Caller,
    version: IfMatch,
    id: web::Path<Uuid>,
    body: web::Json<MaterialIn>,
) -> ApiResult<web::Json<RatiosOut>> {
    Ok(web::Json(
        prepare::add_material(&c.db, &c.actor, id.into_inner(), version.0, &body, c.now).await?,
    ))
}

/// Removes a material from the batch (the uploaded file itself is kept).
#[utoipa::path(
    tag = "review",
    security(("bearer" = [])),
    params(IfMatchHeader),
    responses((status = 200, body = RatiosOut), VersionedChangeErrors)
)]
#[delete("/batches/{id}/materials/{attachment_id}")]
pub async fn remove_material(
    c: Caller,
    version: IfMatch,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<web::Json<RatiosOut>> {
    let (id, attachment_id) = path.into_inner();
    Ok(web::Json(
        prepare::remove_material(&c.db, &c.actor, id, attachment_id, version.0, c.now).await?,
    ))
}

/// 编辑 / 保存 the 社保类型 of a person without a social-security match: 新退休, 干保, 出国
/// or 其他 (备注 and 附件 required before submission). Saved as given; what is still
/// missing shows in `missing` and the person's `problem`.
#[utoipa::path(
    tag = "review",
    security(("bearer" = [])),
    params(IfMatchHeader),
    request_body = NoSsReasonIn,
    responses((status = 200, body = RatiosOut), VersionedChangeErrors)
)]
#[put("/batches/{id}/roster/{entry_id}/no-ss-reason")]
pub async fn set_reason(
    c: Caller,
    version: IfMatch,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<NoSsReasonIn>,
) -> ApiResult<web::Json<RatiosOut>> {
    let (id, entry_id) = path.into_inner();
    Ok(web::Json(
        prepare::set_reason(&c.db, &c.actor, id, entry_id, version.0, &body, c.now).await?,
    ))
}

/// 信息确认无误，提交职保会审核: 名单校验完成 or 职保会审核不通过 → 职保会审核中. Refused (422
/// `rule_refused`, `details.reason = review_requirements_met`, `details.missing` one
/// sentence per gap) while verification is unfinished, anomalies remain, a code below the
/// threshold lacks materials or an unmatched person lacks a complete reason.
#[utoipa::path(
    tag = "review",
    security(("bearer" = [])),
    params(IfMatchHeader),
    responses((status = 200, body = RatiosOut), VersionedChangeErrors)
)]
#[post("/batches/{id}/review-submission")]
pub async fn submit_for_review(
    c: Caller,
    version: IfMatch,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<RatiosOut>> {
    Ok(web::Json(
        submit::submit(&c.db, &c.actor, id.into_inner(), version.0, c.now).await?,
    ))
}

/// Every submission of the batch and its decision with reasons (审核记录), oldest first.
#[utoipa::path(
    tag = "review",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<ReviewOut>), ReadErrors)
)]
#[get("/batches/{id}/reviews")]
pub async fn batch_reviews(c: Caller, id: web::Path<Uuid>) -> ApiResult<web::Json<Vec<ReviewOut>>> {
    Ok(web::Json(
        history::list_for_batch(&c.db, &c.actor, id.into_inner()).await?,
    ))
}

/// 参保批次审核 (reviewers and admins): submissions oldest first, 待审核 by default, filtered
/// by unit, 参保编码, 所属区局工会, 参保类型, payment method and submission date.
#[utoipa::path(
    tag = "review",
    security(("bearer" = [])),
    params(ReviewQueueQuery),
    responses((status = 200, body = Page<ReviewQueueItemOut>), ListErrors)
)]
#[get("/reviews")]
pub async fn queue(
    c: Caller,
    query: web::Query<ReviewQueueQuery>,
) -> ApiResult<web::Json<Page<ReviewQueueItemOut>>> {
    Ok(web::Json(history::queue(&c.db, &c.actor, &query).await?))
}

/// The reviewer menu's count of batches awaiting a decision.
#[utoipa::path(
    tag = "review",
    security(("bearer" = [])),
    responses((status = 200, body = ReviewCountsOut), ReadErrors)
)]
#[get("/reviews/counts")]
pub async fn counts(c: Caller) -> ApiResult<web::Json<ReviewCountsOut>> {
    Ok(web::Json(history::counts(&c.db, &c.actor).await?))
}

/// 审核通过 (→ 职保会审核通过) or 审核不通过 with reasons per 社保编号 and overall (→
/// 职保会审核不通过). Reviewers only; a submission is decided once — the second decision
/// gets 409.
#[utoipa::path(
    tag = "review",
    security(("bearer" = [])),
    request_body = DecisionIn,
    responses((status = 200, body = ReviewOut), ChangeErrors)
)]
#[post("/reviews/{id}/decision")]
pub async fn decision(
    c: Caller,
    id: web::Path<Uuid>,
    body: web::Json<DecisionIn>,
) -> ApiResult<web::Json<ReviewOut>> {
    Ok(web::Json(
        decide::decide(&c.db, &c.actor, id.into_inner(), &body, c.now).await?,
    ))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(ratios)
        .service(add_material)
        .service(remove_material)
        .service(set_reason)
        .service(submit_for_review)
        .service(batch_reviews)
        .service(counts)
        .service(queue)
        .service(decision);
}
