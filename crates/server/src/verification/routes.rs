//! `/api/batches/{id}/verification…`: 提交系统校验, its progress (also as server-sent
//! events), resuming a paused run, the results export, and `…/roster/{entry_id}/resolution`
//! (确认 / 编辑).

use std::time::Duration;

use actix_web::web::Bytes;
use actix_web::{get, post, web, HttpResponse};
use api_types::{
    ApiErrorBody, BatchOut, PersonAddedOut, ResolutionIn, VerificationExportQuery, VerificationOut,
    VerificationState,
};
use futures_util::stream;
use uuid::Uuid;

use super::{export, service};
use crate::app::state::AppState;
use crate::auth::AuthUser;
use crate::batches::access::plan_of;
use crate::batches::view::out_loaded;
use crate::http::{files, ApiResult, IfMatch};
use crate::roster::entry::entry_out;

/// 提交系统校验 (also 处理完成，再次提交系统校验): queues a check of every person that changed
/// or was never checked; the batch becomes 名单校验中. Follow it with `GET …/verification`
/// or `…/verification/events`.
#[utoipa::path(
    tag = "verification",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "批次 id"),
        ("If-Match" = String, Header, description = "批次的 version")
    ),
    responses(
        (status = 202, description = "已提交，校验在后台进行", body = BatchOut),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 409, description = "状态不允许 (`conflict`) 或数据已被修改 (`version_conflict`)", body = ApiErrorBody),
        (status = 422, description = "名单为空或不在办理时间内 (`rule_refused`)", body = ApiErrorBody),
        (status = 428, description = "缺少 If-Match (`precondition_required`)", body = ApiErrorBody)
    )
)]
#[post("/batches/{id}/verification")]
pub async fn start(
    state: web::Data<AppState>,
    user: AuthUser,
    version: IfMatch,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let (actor, now) = (user.actor(), state.clock.now());
    let tasks = &state.settings.tasks;
    let b = service::start(&state.db, tasks, &actor, id.into_inner(), version.0, now).await?;
    Ok(HttpResponse::Accepted().json(out_loaded(&state.db, &b, now).await?))
}

/// The verification of a batch: state (queued / running / paused / done), people checked
/// of this run, counts per outcome, the manual's summary line, an estimate of the time left.
#[utoipa::path(
    tag = "verification",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "批次 id")),
    responses((status = 200, body = VerificationOut), (status = 404, body = ApiErrorBody))
)]
#[get("/batches/{id}/verification")]
pub async fn progress(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<VerificationOut>> {
    let out =
        service::progress(&state.db, &user.actor(), id.into_inner(), state.clock.now()).await?;
    Ok(web::Json(out))
}

/// The same as `GET …/verification`, as a stream of server-sent events (`text/event-stream`,
/// one `data:` JSON line a second) that ends when the run does. Browsers' `EventSource`
/// cannot send headers: it may pass the token as `?access_token=`.
#[utoipa::path(
    tag = "verification",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "批次 id")),
    responses(
        (status = 200, description = "server-sent events of VerificationOut", content_type = "text/event-stream"),
        (status = 404, body = ApiErrorBody)
    )
)]
#[get("/batches/{id}/verification/events")]
pub async fn events(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let (actor, batch_id) = (user.actor(), id.into_inner());
    // Refuse before streaming when the batch is not the actor's.
    service::progress(&state.db, &actor, batch_id, state.clock.now()).await?;
    let events = stream::unfold(Some((state, actor)), move |next| async move {
        let (state, actor) = next?;
        let event = match service::progress(&state.db, &actor, batch_id, state.clock.now()).await {
            Ok(out) => out,
            Err(err) => {
                let line = format!(
                    "event: error\ndata: {}\n\n",
                    serde_json::json!({ "message": err.to_string() })
                );
                return Some((Ok::<_, actix_web::Error>(Bytes::from(line)), None));
            }
        };
        let ended = matches!(
            event.state,
            VerificationState::Done | VerificationState::Failed | VerificationState::NotStarted
        );
        let line = format!(
            "data: {}\n\n",
            serde_json::to_string(&event).unwrap_or_default()
        );
        if ended {
            return Some((Ok(Bytes::from(line)), None));
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
        Some((Ok(Bytes::from(line)), Some((state, actor))))
    });
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(events))
}

/// Resumes a paused verification at once (it would resume by itself at `paused_until`).
#[utoipa::path(
    tag = "verification",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "批次 id")),
    responses(
        (status = 200, body = VerificationOut),
        (status = 404, body = ApiErrorBody),
        (status = 409, description = "校验未暂停", body = ApiErrorBody)
    )
)]
#[post("/batches/{id}/verification/resume")]
pub async fn resume(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<VerificationOut>> {
    let (actor, now, id) = (user.actor(), state.clock.now(), id.into_inner());
    service::resume(&state.db, &actor, id, now).await?;
    Ok(web::Json(
        service::progress(&state.db, &actor, id, now).await?,
    ))
}

/// 导出 the verification results as xlsx (ID numbers masked unless `unmasked=true`; audited).
#[utoipa::path(
    tag = "verification",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "批次 id"), VerificationExportQuery),
    responses(
        (status = 200, description = "xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 404, body = ApiErrorBody)
    )
)]
#[get("/batches/{id}/verification/export")]
pub async fn export_results(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    query: web::Query<VerificationExportQuery>,
) -> ApiResult<HttpResponse> {
    let unmasked = query.unmasked.unwrap_or(false);
    let (actor, now) = (user.actor(), state.clock.now());
    let (name, bytes) = export::export(&state.db, &actor, id.into_inner(), unmasked, now).await?;
    let mut res = files::xlsx(&name, bytes);
    res.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    Ok(res)
}

/// 确认 (the social-security name overwrites the imported one) or 编辑 (enter the retirement
/// month → 已经修改退休年月) for one person after verification; the next 再次提交系统校验
/// checks the person again.
#[utoipa::path(
    tag = "verification",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "批次 id"),
        ("entry_id" = Uuid, Path, description = "人员 id"),
        ("If-Match" = String, Header, description = "批次的 version")
    ),
    request_body = ResolutionIn,
    responses(
        (status = 200, body = PersonAddedOut),
        (status = 404, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody),
        (status = 422, description = "该校验结果不能执行此操作 (`rule_refused`) 或退休年月无效 (`validation_failed`)", body = ApiErrorBody),
        (status = 428, description = "缺少 If-Match (`precondition_required`)", body = ApiErrorBody)
    )
)]
#[post("/batches/{id}/roster/{entry_id}/resolution")]
pub async fn resolve(
    state: web::Data<AppState>,
    user: AuthUser,
    version: IfMatch,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<ResolutionIn>,
) -> ApiResult<HttpResponse> {
    let ((id, entry_id), actor, now) = (path.into_inner(), user.actor(), state.clock.now());
    let (b, e) =
        service::resolve_anomaly(&state.db, &actor, id, entry_id, version.0, &body, now).await?;
    let plan = plan_of(&state.db, &b).await?;
    Ok(HttpResponse::Ok().json(PersonAddedOut {
        person: entry_out(&e, plan.premium.0)?,
        batch: out_loaded(&state.db, &b, now).await?,
    }))
}

/// Registers the routes (before the roster's `{entry_id}` routes).
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(start)
        .service(progress)
        .service(events)
        .service(resume)
        .service(export_results)
        .service(resolve);
}
