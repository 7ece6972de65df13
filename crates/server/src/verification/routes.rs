//! `/api/batches/{id}/verification…`: 提交系统校验, its progress (also as server-sent
//! events), resuming a paused run, the results export, and `…/roster/{entry_id}/resolution`
//! (确认 / 编辑).

use std::time::Duration;

use actix_web::web::Bytes;
use actix_web::{get, post, web, HttpResponse};
use api_types::{
    BatchOut, PersonAddedOut, ResolutionIn, VerificationExportQuery, VerificationOut,
    VerificationState,
};
use futures_util::stream;
use uuid::Uuid;

use super::{export, service};
use crate::auth::Caller;
use crate::batches::access::plan_of;
use crate::batches::view::out_loaded;
use crate::http::docs::{ChangeErrors, IfMatchHeader, ReadErrors, VersionedChangeErrors};
use crate::http::{files, ApiResult, IfMatch};
use crate::roster::entry::entry_out;

/// 提交系统校验 (also 处理完成，再次提交系统校验): queues a check of every person that changed
/// or was never checked; the batch becomes 名单校验中. Follow it with `GET …/verification`
/// or `…/verification/events`.
#[utoipa::path(
    tag = "verification",
    security(("bearer" = [])),
    params(IfMatchHeader),
    responses(
        (status = 202, description = "已提交，校验在后台进行", body = BatchOut),
        VersionedChangeErrors
    )
)]
#[post("/batches/{id}/verification")]
pub async fn start(c: Caller, version: IfMatch, id: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    let per_task = service::people_per_task(&c.settings.interfaces);
    let (tasks, id) = (&c.settings.tasks, id.into_inner());
    let b = service::start(&c.db, tasks, per_task, &c.actor, id, version.0, c.now).await?;
    c.wakeup.wake(&c.db).await;
    Ok(HttpResponse::Accepted().json(out_loaded(&c.db, &b, c.now).await?))
}

/// The verification of a batch: state (queued / running / paused / done), people checked
/// of this run, counts per outcome, the manual's summary line, an estimate of the time left.
#[utoipa::path(
    tag = "verification",
    security(("bearer" = [])),
    responses((status = 200, body = VerificationOut), ReadErrors)
)]
#[get("/batches/{id}/verification")]
pub async fn progress(c: Caller, id: web::Path<Uuid>) -> ApiResult<web::Json<VerificationOut>> {
    Ok(web::Json(
        service::progress(&c.db, &c.actor, id.into_inner(), c.now).await?,
    ))
}

/// The same as `GET …/verification`, as a stream of server-sent events (`text/event-stream`,
/// one `data:` JSON line a second) that ends when the run does. Browsers' `EventSource`
/// cannot send headers: it may pass the token as `?access_token=`.
#[utoipa::path(
    tag = "verification",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "server-sent events of VerificationOut", content_type = "text/event-stream"),
        ReadErrors
    )
)]
#[get("/batches/{id}/verification/events")]
pub async fn events(c: Caller, id: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    let batch_id = id.into_inner();
    // Refuse before streaming when the batch is not the actor's.
    service::progress(&c.db, &c.actor, batch_id, c.now).await?;
    // Each event is read just before it is sent: the first at once, then one a second.
    let events = stream::unfold((Some(c), true), move |(next, first)| async move {
        let c = next?;
        if !first {
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        let line = match service::progress(&c.db, &c.actor, batch_id, c.clock.now()).await {
            Ok(event) => {
                let line = format!(
                    "data: {}\n\n",
                    serde_json::to_string(&event).unwrap_or_default()
                );
                if matches!(
                    event.state,
                    VerificationState::Done
                        | VerificationState::Failed
                        | VerificationState::NotStarted
                ) {
                    return Some((Ok::<_, actix_web::Error>(Bytes::from(line)), (None, false)));
                }
                line
            }
            Err(err) => {
                let body = serde_json::json!({ "message": err.to_string() });
                return Some((
                    Ok(Bytes::from(format!("event: error\ndata: {body}\n\n"))),
                    (None, false),
                ));
            }
        };
        Some((Ok(Bytes::from(line)), (Some(c), false)))
    });
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(events))
}

/// Resumes a paused verification at once (it would resume by itself at `paused_until`);
/// 409 when it is not paused.
#[utoipa::path(
    tag = "verification",
    security(("bearer" = [])),
    responses((status = 200, body = VerificationOut), ChangeErrors)
)]
#[post("/batches/{id}/verification/resume")]
pub async fn resume(c: Caller, id: web::Path<Uuid>) -> ApiResult<web::Json<VerificationOut>> {
    let id = id.into_inner();
    service::resume(&c.db, &c.actor, id, c.now).await?;
    c.wakeup.wake(&c.db).await;
    Ok(web::Json(
        service::progress(&c.db, &c.actor, id, c.now).await?,
    ))
}

/// 导出 the verification results as xlsx (ID numbers masked unless `unmasked=true`; audited).
#[utoipa::path(
    tag = "verification",
    security(("bearer" = [])),
    params(VerificationExportQuery),
    responses(
        (status = 200, description = "xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ReadErrors
    )
)]
#[get("/batches/{id}/verification/export")]
pub async fn export_results(
    c: Caller,
    id: web::Path<Uuid>,
    query: web::Query<VerificationExportQuery>,
) -> ApiResult<HttpResponse> {
    let unmasked = query.unmasked.unwrap_or(false);
    let (name, bytes) = export::export(&c.db, &c.actor, id.into_inner(), unmasked, c.now).await?;
    Ok(files::private(files::xlsx(&name, bytes)))
}

/// 确认 (the social-security name overwrites the imported one) or 编辑 (enter the retirement
/// month → 已经修改退休年月) for one person after verification; the next 再次提交系统校验
/// checks the person again.
#[utoipa::path(
    tag = "verification",
    security(("bearer" = [])),
    params(IfMatchHeader),
    request_body = ResolutionIn,
    responses((status = 200, body = PersonAddedOut), VersionedChangeErrors)
)]
#[post("/batches/{id}/roster/{entry_id}/resolution")]
pub async fn resolve(
    c: Caller,
    version: IfMatch,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<ResolutionIn>,
) -> ApiResult<HttpResponse> {
    let (id, entry_id) = path.into_inner();
    let (b, e) =
        service::resolve_anomaly(&c.db, &c.actor, id, entry_id, version.0, &body, c.now).await?;
    let plan = plan_of(&c.db, &b).await?;
    Ok(HttpResponse::Ok().json(PersonAddedOut {
        person: entry_out(&e, plan.premium.0)?,
        batch: out_loaded(&c.db, &b, c.now).await?,
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
