//! 信息确认无误，提交职保会审核: 名单校验完成 (or 职保会审核不通过) → 职保会审核中, with a
//! review row that keeps the ratio table as submitted.

use api_types::{RatiosOut, RefusalReason};
use chrono::{DateTime, Utc};
use domain::{BatchAction, BatchRefusal};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use uuid::Uuid;

use super::facts::{self, BatchFacts};
use super::prepare::{answer, submission_context};
use super::view::{missing_lines, rows_out};
use crate::actor::Actor;
use crate::audit;
use crate::batches::access::{plan_of, save, status_of, writable};
use crate::batches::{BatchError, BatchResult};
use crate::entities::{batch, review};
use crate::error::{key, ServiceError};

pub use super::ENROLLMENT;

/// The refusal that lists every gap (`details.missing`).
fn unready(f: &BatchFacts, refusal: &BatchRefusal) -> BatchError {
    let missing = missing_lines(f, Some(refusal));
    let message = match missing.as_slice() {
        [] => refusal.to_string(),
        [one] => format!("尚不能提交职保会审核：{one}"),
        [first, rest @ ..] => format!(
            "尚不能提交职保会审核：{first}（另有{}项未完成）",
            rest.len()
        ),
    };
    ServiceError::Refused {
        message,
        reason: Some(RefusalReason::ReviewRequirementsUnmet),
        details: Some(serde_json::json!({ "missing": missing })),
    }
    .into()
}

/// Submits the batch to the reviewer; refused with every gap named when something is
/// missing.
pub async fn submit<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    batch_id: Uuid,
    expected_version: Option<i32>,
    now: DateTime<Utc>,
) -> BatchResult<RatiosOut> {
    let action = BatchAction::SubmitForReview;
    let txn = crate::db::begin(db).await?;
    let b = writable(&txn, actor, batch_id, expected_version, action).await?;
    let plan = plan_of(&txn, &b).await?;
    let f = facts::load(&txn, &b, plan.ratio_threshold_percent).await?;
    let ctx = submission_context(&b, &plan, now, &f)?;
    let transition = match status_of(&b)?.apply(action, &ctx) {
        Ok(t) => t,
        Err(r @ BatchRefusal::NotAllowedInStatus { .. }) => return Err(r.into()),
        Err(r) => return Err(unready(&f, &r)),
    };
    let snapshot = serde_json::to_value(rows_out(&f, None)?).map_err(ServiceError::internal)?;
    let opened = open_round(
        &txn,
        actor,
        &b,
        Submission {
            stage: ENROLLMENT,
            to: transition.to,
            snapshot: Some(snapshot),
            event: "batch.review_submitted",
        },
        now,
    )
    .await?;
    let (after, round) = (opened.batch, opened.round);
    txn.commit().await?;
    tracing::info!(batch_id = %b.id, round, "batch submitted for review");
    Ok(answer(db, &after, now).await?)
}

/// What a submission to a reviewer opens.
pub(crate) struct Submission {
    /// `ENROLLMENT` or `VOUCHERS`.
    pub stage: &'static str,
    /// The batch status it moves to.
    pub to: domain::BatchStatus,
    /// What the reviewer sees as submitted (the ratio table), if kept.
    pub snapshot: Option<serde_json::Value>,
    /// The audit event.
    pub event: &'static str,
}

/// The opened round: the batch as saved, and the round's number.
pub(crate) struct Opened {
    pub batch: batch::Model,
    pub round: i32,
}

/// Opens the next review round of the stage (a review row waiting for a decision), moves
/// the batch and audits it, inside the caller's transaction.
pub(crate) async fn open_round(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    b: &batch::Model,
    s: Submission,
    now: DateTime<Utc>,
) -> BatchResult<Opened> {
    let round = review::Entity::find()
        .filter(review::Column::BatchId.eq(b.id))
        .filter(review::Column::Stage.eq(s.stage))
        .order_by_desc(review::Column::Round)
        .one(txn)
        .await?
        .map_or(1, |r| r.round + 1);
    let id = Uuid::new_v4();
    review::ActiveModel {
        id: Set(id),
        batch_id: Set(b.id),
        stage: Set(s.stage.into()),
        round: Set(round),
        submitted_at: Set(now),
        submitted_by: Set(actor.account_id()),
        submitted_by_key: Set(actor.key_id()),
        snapshot: Set(s.snapshot),
        decision: Set(None),
        decided_at: Set(None),
        decided_by: Set(None),
        decided_by_key: Set(None),
        overall_reasons: Set(None),
        code_reasons: Set(None),
    }
    .insert(txn)
    .await?;
    let status = batch::ActiveModel {
        status: Set(key(&s.to)),
        ..Default::default()
    };
    let after = save(txn, b, status, now).await?;
    audit::entry(Some(actor), s.event)
        .target("batch", b.id)
        .before(serde_json::json!({ "status": b.status }))
        .after(serde_json::json!({ "status": after.status, "review_id": id, "round": round }))
        .write(txn, now)
        .await?;
    Ok(Opened {
        batch: after,
        round,
    })
}
