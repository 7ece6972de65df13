//! 消息提醒 as the reader sees it: the caller's own notices, newest first; the unread count;
//! marking one or all read. A unit operator reads the notices to their unit and to their own
//! account; other roles the ones to their account. Someone else's notice answers 404.
//!
//! Marking read is the reader's own view state, not a business change: it is not audited.

use api_types::{
    NotificationKind, NotificationOut, NotificationQuery, Page, PageQuery, ReadAllOut, Role,
    UnreadCountOut,
};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::actor::Actor;
use crate::entities::notification;
use crate::error::{stored, ServiceError, ServiceResult};
use crate::paging::fetch_page;
use crate::time::shanghai;

/// The notices `actor` may read.
fn inbox(actor: &Actor) -> ServiceResult<Condition> {
    let me = actor.require_person(&[Role::Unit, Role::Reviewer, Role::Admin])?;
    let mut mine = Condition::any().add(notification::Column::AccountId.eq(me.account_id));
    if let (Role::Unit, Some(unit_id)) = (me.role, me.unit_id) {
        mine = mine.add(
            Condition::all()
                .add(notification::Column::AccountId.is_null())
                .add(notification::Column::UnitId.eq(unit_id)),
        );
    }
    Ok(mine)
}

/// A notice as its reader sees it.
pub fn out(n: notification::Model) -> ServiceResult<NotificationOut> {
    let kind: NotificationKind = stored("notification kind", n.id, &n.kind)?;
    Ok(NotificationOut {
        id: n.id,
        kind,
        kind_label: kind.label_zh().to_owned(),
        subject: n.subject,
        body: n.body,
        read: n.read_at.is_some(),
        read_at: n.read_at.map(shanghai),
        created_at: shanghai(n.created_at),
        mailed_at: n.mailed_at.map(shanghai),
    })
}

/// One page of the caller's notices, newest first (optionally only unread or read ones).
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
    query: &NotificationQuery,
) -> ServiceResult<Page<NotificationOut>> {
    let mut select = notification::Entity::find().filter(inbox(actor)?);
    match query.unread {
        Some(true) => select = select.filter(notification::Column::ReadAt.is_null()),
        Some(false) => select = select.filter(notification::Column::ReadAt.is_not_null()),
        None => {}
    }
    let select = select
        .order_by_desc(notification::Column::CreatedAt)
        .order_by_desc(notification::Column::Id);
    let paging = PageQuery {
        page: query.page,
        page_size: query.page_size,
    };
    fetch_page(db, select, paging).await?.try_map(out)
}

/// How many of the caller's notices are unread.
pub async fn unread_count(
    db: &impl ConnectionTrait,
    actor: &Actor,
) -> ServiceResult<UnreadCountOut> {
    let unread = notification::Entity::find()
        .filter(inbox(actor)?)
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await?;
    Ok(UnreadCountOut { unread })
}

/// Marks one of the caller's notices read (again: no change) and answers it.
pub async fn mark_read(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    now: DateTime<Utc>,
) -> ServiceResult<NotificationOut> {
    let mine = inbox(actor)?;
    notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(Some(now)))
        .filter(notification::Column::Id.eq(id))
        .filter(notification::Column::ReadAt.is_null())
        .filter(mine.clone())
        .exec(db)
        .await?;
    let row = notification::Entity::find_by_id(id)
        .filter(mine)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("消息"))?;
    out(row)
}

/// Marks every unread notice of the caller read; answers how many.
pub async fn mark_all_read(
    db: &impl ConnectionTrait,
    actor: &Actor,
    now: DateTime<Utc>,
) -> ServiceResult<ReadAllOut> {
    let res = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(Some(now)))
        .filter(inbox(actor)?)
        .filter(notification::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    Ok(ReadAllOut {
        marked: res.rows_affected,
    })
}
