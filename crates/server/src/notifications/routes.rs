//! 消息提醒: `GET /api/notifications`, `GET /api/notifications/unread-count`,
//! `POST /api/notifications/{id}/read`, `POST /api/notifications/read-all`.

use actix_web::{get, post, web};
use api_types::{NotificationOut, NotificationQuery, Page, ReadAllOut, UnreadCountOut};
use uuid::Uuid;

use super::service;
use crate::auth::Caller;
use crate::http::docs::{ChangeErrors, ListErrors, ReadErrors};
use crate::http::ApiResult;

/// The caller's own notices, newest first: a unit operator's are those to their unit and to
/// their account; `unread=true` lists only the unread ones.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(NotificationQuery),
    responses((status = 200, body = Page<NotificationOut>), ListErrors)
)]
#[get("/notifications")]
pub async fn list(
    c: Caller,
    query: web::Query<NotificationQuery>,
) -> ApiResult<web::Json<Page<NotificationOut>>> {
    Ok(web::Json(service::list(&c.db, &c.actor, &query).await?))
}

/// 未读消息数 (the menu's badge).
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses((status = 200, body = UnreadCountOut), ReadErrors)
)]
#[get("/notifications/unread-count")]
pub async fn unread_count(c: Caller) -> ApiResult<web::Json<UnreadCountOut>> {
    Ok(web::Json(service::unread_count(&c.db, &c.actor).await?))
}

/// Marks one of the caller's notices read (marking it again changes nothing); another
/// account's notice answers 404.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses((status = 200, body = NotificationOut), ChangeErrors)
)]
#[post("/notifications/{id}/read")]
pub async fn mark_read(c: Caller, id: web::Path<Uuid>) -> ApiResult<web::Json<NotificationOut>> {
    Ok(web::Json(
        service::mark_read(&c.db, &c.actor, id.into_inner(), c.now).await?,
    ))
}

/// 全部标为已读: every unread notice of the caller.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses((status = 200, body = ReadAllOut), ChangeErrors)
)]
#[post("/notifications/read-all")]
pub async fn mark_all_read(c: Caller) -> ApiResult<web::Json<ReadAllOut>> {
    Ok(web::Json(
        service::mark_all_read(&c.db, &c.actor, c.now).await?,
    ))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list)
        .service(unread_count)
        .service(mark_all_read)
        .service(mark_read);
}
