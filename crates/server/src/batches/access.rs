//! Reading and writing one batch row: who may read it, who may change it (the domain's
//! `BatchAction::permits`), the row lock that orders concurrent writers, and the
//! version-checked save.

use chrono::{DateTime, Utc};
use domain::{BatchAction, BatchKind, BatchStatus, PaymentMethod, PlanYear};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set,
};
use uuid::Uuid;

use crate::actor::Actor;
use crate::entities::{batch, batch_status_change, unit};
use crate::error::{parse_key, stored, ServiceError, ServiceResult};
use crate::plan_years::service as plan_years;

/// The stored status of a batch row.
pub fn status_of(b: &batch::Model) -> ServiceResult<BatchStatus> {
    stored("batch status", b.id, &b.status)
}

/// The stored type of a batch row.
pub fn kind_of(b: &batch::Model) -> ServiceResult<BatchKind> {
    stored("batch kind", b.id, &b.kind)
}

/// The chosen payment method, once chosen; an unreadable one is corrupt data.
pub fn method_of(b: &batch::Model) -> ServiceResult<Option<PaymentMethod>> {
    b.payment_method
        .as_deref()
        .map(|raw| parse_key(raw).ok_or_else(|| ServiceError::corrupt("payment method", b.id, raw)))
        .transpose()
}

/// A batch `actor` may read: a unit operator only their unit's (404 otherwise, so that
/// other units' batches do not leak); reviewers, admins and the system every batch.
pub async fn readable(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> ServiceResult<batch::Model> {
    let b = batch::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("参保批次"))?;
    if !actor.sees_unit(b.unit_id) {
        return Err(ServiceError::NotFound("参保批次"));
    }
    Ok(b)
}

/// A batch `actor` may change with `action`, locked for the rest of the transaction and
/// still at the version the change is based on: 403 when the action is not the actor's
/// (the domain decides), 404 for another unit's batch, 428 without a version, 409 when
/// it is stale.
pub async fn writable(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    expected_version: Option<i32>,
    action: BatchAction,
) -> ServiceResult<batch::Model> {
    if !action.permits(actor.kind()) {
        return Err(ServiceError::Forbidden);
    }
    lock(db, id).await?;
    let b = readable(db, actor, id).await?;
    let expected = expected_version.ok_or(ServiceError::PreconditionRequired)?;
    if expected != b.version {
        return Err(ServiceError::VersionConflict);
    }
    Ok(b)
}

/// Takes the batch row's write lock before reading it in a transaction (a no-op
/// update): concurrent writers of one batch queue here instead of failing on a stale
/// snapshot (SQLite) or racing (PostgreSQL); the later one then sees the new version.
pub async fn lock(db: &impl ConnectionTrait, id: Uuid) -> ServiceResult<()> {
    batch::Entity::update_many()
        .col_expr(
            batch::Column::Version,
            Expr::col(batch::Column::Version).into(),
        )
        .filter(batch::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// The batch, locked for the rest of the transaction, for the platform's own changes
/// (background work holds no version a person read).
pub async fn locked(db: &impl ConnectionTrait, id: Uuid) -> ServiceResult<batch::Model> {
    lock(db, id).await?;
    batch::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("参保批次"))
}

/// The plan year of a batch, as the domain's type.
pub async fn plan_of(db: &impl ConnectionTrait, b: &batch::Model) -> ServiceResult<PlanYear> {
    Ok(plan_years::to_domain(
        &plan_years::get(db, b.plan_year).await?,
    ))
}

/// The unit row of a batch.
pub async fn unit_of(db: &impl ConnectionTrait, b: &batch::Model) -> ServiceResult<unit::Model> {
    unit::Entity::find_by_id(b.unit_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("参保单位"))
}

/// Writes the batch's new state if nobody changed it since `b` was read (version check);
/// returns the updated row. A change of status is also written to `batch_status_changes`
/// (统计's time per step), in the same transaction as the change itself.
pub async fn save(
    db: &impl ConnectionTrait,
    b: &batch::Model,
    mut changes: batch::ActiveModel,
    now: DateTime<Utc>,
) -> ServiceResult<batch::Model> {
    let moved_to = match &changes.status {
        ActiveValue::Set(to) if *to != b.status => Some(to.clone()),
        _ => None,
    };
    changes.version = Set(b.version + 1);
    changes.updated_at = Set(now);
    let res = batch::Entity::update_many()
        .set(changes)
        .filter(batch::Column::Id.eq(b.id))
        .filter(batch::Column::Version.eq(b.version))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(ServiceError::VersionConflict);
    }
    if let Some(to) = moved_to {
        batch_status_change::ActiveModel {
            id: Set(Uuid::new_v4()),
            batch_id: Set(b.id),
            from_status: Set(b.status.clone()),
            to_status: Set(to),
            changed_at: Set(now),
        }
        .insert(db)
        .await?;
    }
    batch::Entity::find_by_id(b.id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("参保批次"))
}
