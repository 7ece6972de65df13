//! 参保名单确定，前往上传缴费凭证: the roster is final and what the unit pays is fixed —
//! people × premium − 代扣成功 × amount for a withholding batch, people × premium for a
//! voucher batch (→ 待上传缴费凭证).

use api_types::BatchOut;
use chrono::{DateTime, Utc};
use domain::withholding::unit_share;
use domain::{BatchAction, Fen};
use sea_orm::{ConnectionTrait, Set, TransactionTrait};
use uuid::Uuid;

use super::view;
use crate::actor::Actor;
use crate::audit;
use crate::batches::access::{plan_of, save, status_of, writable};
use crate::batches::view::{context, out_loaded};
use crate::batches::BatchResult;
use crate::entities::batch;
use crate::error::{key, ServiceError};

/// Confirms the roster of batch `batch_id`.
pub async fn confirm<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    batch_id: Uuid,
    expected_version: Option<i32>,
    now: DateTime<Utc>,
) -> BatchResult<BatchOut> {
    let action = BatchAction::ConfirmRoster;
    let txn = crate::db::begin(db).await?;
    let b = writable(&txn, actor, batch_id, expected_version, action).await?;
    let plan = plan_of(&txn, &b).await?;
    let w = view::find(&txn, b.id).await?;
    let mut ctx = context(&b, &plan, now, 0)?;
    ctx.withholdable_count = match &w {
        Some(w) => usize::try_from(w.people).unwrap_or(0),
        None => usize::try_from(view::withholdable_count(&txn, b.id).await?).unwrap_or(0),
    };
    let transition = status_of(&b)?.apply(action, &ctx)?;
    let people = u32::try_from(b.roster_size).unwrap_or(0);
    let (succeeded, amount) = match &w {
        Some(w) => (
            w.succeeded.map_or(0, |n| u32::try_from(n).unwrap_or(0)),
            Fen::new(w.amount_fen),
        ),
        None => (0, Fen::ZERO),
    };
    let share = unit_share(people, plan.premium, succeeded, amount)
        .map_err(|e| ServiceError::rule(e.to_string()))?;
    let after = save(
        &txn,
        &b,
        batch::ActiveModel {
            status: Set(key(&transition.to)),
            unit_due_fen: Set(Some(share.due.as_fen())),
            withheld_people: Set(Some(i32::try_from(succeeded).unwrap_or(i32::MAX))),
            ..Default::default()
        },
        now,
    )
    .await?;
    audit::entry(Some(actor), "batch.roster_confirmed")
        .target("batch", b.id)
        .before(serde_json::json!({ "status": b.status }))
        .after(serde_json::json!({
            "status": after.status,
            "people": people,
            "withheld": succeeded,
            "unit_due_fen": share.due.as_fen(),
        }))
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(out_loaded(db, &after, now).await?)
}
