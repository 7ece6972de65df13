//! 投保成功: when the reviewer approves the vouchers, the cover is fixed from the plan year —
//! 集中参保 07-01 → 06-30 without a waiting period, 即时参保 from 00:00 of the day after
//! completion with the 30-day waiting period — on the batch and on each insured person.

use chrono::{DateTime, Days, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::batches::access::kind_of;
use crate::batches::BatchResult;
use crate::entities::{batch, roster_entry};
use crate::error::ServiceError;
use crate::notifications::events as notify;
use crate::time::shanghai;

/// Fixes the cover of batch `b` (already 参保已完成), in the caller's transaction, and
/// notifies the unit. Answers the batch as stored.
pub async fn complete(
    txn: &impl ConnectionTrait,
    b: &batch::Model,
    plan: &domain::PlanYear,
    now: DateTime<Utc>,
) -> BatchResult<batch::Model> {
    let kind = kind_of(b)?;
    let cover = plan
        .coverage(kind, now)
        .map_err(|e| ServiceError::rule(format!("无法确定保障期间：{e}")))?;
    batch::Entity::update_many()
        .col_expr(batch::Column::CompletedAt, Expr::value(Some(now)))
        .col_expr(batch::Column::CoverageStart, Expr::value(Some(cover.start)))
        .col_expr(batch::Column::CoverageEnd, Expr::value(Some(cover.end)))
        .col_expr(
            batch::Column::WaitingPeriodEnd,
            Expr::value(cover.waiting_period_end),
        )
        .filter(batch::Column::Id.eq(b.id))
        .exec(txn)
        .await?;
    let first_day = shanghai(cover.start).date_naive();
    let end_day = shanghai(cover.end).date_naive();
    let last_day = end_day.checked_sub_days(Days::new(1)).unwrap_or(end_day);
    roster_entry::Entity::update_many()
        .col_expr(
            roster_entry::Column::CoverageStart,
            Expr::value(Some(first_day)),
        )
        .col_expr(
            roster_entry::Column::CoverageEnd,
            Expr::value(Some(last_day)),
        )
        .filter(roster_entry::Column::BatchId.eq(b.id))
        .exec(txn)
        .await?;
    let after = batch::Entity::find_by_id(b.id)
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound("参保批次"))?;
    let waiting_days = if cover.waiting_period_end.is_some() {
        plan.waiting_period_days
    } else {
        0
    };
    notify::enrollment_completed(
        txn,
        &after,
        u32::try_from(after.roster_size).unwrap_or(0),
        first_day,
        last_day,
        waiting_days,
        now,
    )
    .await?;
    Ok(after)
}
