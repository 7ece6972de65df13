//! 提交审核 (payment vouchers): 待上传缴费凭证 or 凭证审核不通过 → 凭证审核中, refused with
//! every problem of the lines named while they do not balance; the submission is a review
//! of stage `vouchers` (the reviewer's queue and decision are the review feature's).

use api_types::{RefusalReason, VouchersOut};
use chrono::{DateTime, Utc};
use domain::BatchAction;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use uuid::Uuid;

use super::{lines, view, PayeeSettings};
use crate::actor::Actor;
use crate::audit;
use crate::batches::access::{plan_of, save, status_of, unit_of, writable};
use crate::batches::view::context;
use crate::batches::BatchResult;
use crate::entities::{batch, review};
use crate::error::{key, ServiceError};
use crate::review::VOUCHERS;

/// Submits the vouchers of batch `batch_id`.
pub async fn submit<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    payee: &PayeeSettings,
    actor: &Actor,
    batch_id: Uuid,
    expected_version: Option<i32>,
    now: DateTime<Utc>,
) -> BatchResult<VouchersOut> {
    let action = BatchAction::SubmitVouchers;
    let txn = db.begin().await?;
    let b = writable(&txn, actor, batch_id, expected_version, action).await?;
    let plan = plan_of(&txn, &b).await?;
    let u = unit_of(&txn, &b).await?;
    let l = lines::load(&txn, b.id).await?;
    let problems = view::problems(&b, &plan, &u.name, &l)?;
    let mut ctx = context(&b, &plan, now, 0)?;
    ctx.vouchers_balanced = problems.is_empty();
    let transition = match status_of(&b)?.apply(action, &ctx) {
        Ok(t) => t,
        Err(domain::BatchRefusal::VouchersUnbalanced) => {
            let message = match problems.as_slice() {
                [one] => format!("缴费凭证尚不能提交：{one}"),
                [first, rest @ ..] => {
                    format!("缴费凭证尚不能提交：{first}（另有{}项问题）", rest.len())
                }
                [] => "缴费凭证尚不能提交".to_owned(),
            };
            return Err(ServiceError::Refused {
                message,
                reason: Some(RefusalReason::VouchersUnbalanced),
                details: Some(serde_json::json!({ "problems": problems })),
            }
            .into());
        }
        Err(r) => return Err(r.into()),
    };
    let round = review::Entity::find()
        .filter(review::Column::BatchId.eq(b.id))
        .filter(review::Column::Stage.eq(VOUCHERS))
        .order_by_desc(review::Column::Round)
        .one(&txn)
        .await?
        .map_or(1, |r| r.round + 1);
    let id = Uuid::new_v4();
    review::ActiveModel {
        id: Set(id),
        batch_id: Set(b.id),
        stage: Set(VOUCHERS.into()),
        round: Set(round),
        submitted_at: Set(now),
        submitted_by: Set(actor.account_id()),
        snapshot: Set(None),
        decision: Set(None),
        decided_at: Set(None),
        decided_by: Set(None),
        overall_reasons: Set(None),
        code_reasons: Set(None),
    }
    .insert(&txn)
    .await?;
    let after = save(
        &txn,
        &b,
        batch::ActiveModel {
            status: Set(key(&transition.to)),
            ..Default::default()
        },
        now,
    )
    .await?;
    audit::entry(Some(actor), "batch.vouchers_submitted")
        .target("batch", b.id)
        .before(serde_json::json!({ "status": b.status }))
        .after(serde_json::json!({ "status": after.status, "review_id": id, "round": round }))
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(view::out(db, payee, &after, &u, now).await?)
}
