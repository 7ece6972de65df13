//! 提交审核 (payment vouchers): 待上传缴费凭证 or 凭证审核不通过 → 凭证审核中, refused with
//! every problem of the lines named while they do not balance; the submission is a review
//! of stage `vouchers` (the reviewer's queue and decision are the review feature's).

use api_types::{RefusalReason, VouchersOut};
use chrono::{DateTime, Utc};
use domain::BatchAction;
use sea_orm::{ConnectionTrait, TransactionTrait};
use uuid::Uuid;

use super::{lines, view, PayeeSettings};
use crate::actor::Actor;
use crate::batches::access::{plan_of, status_of, unit_of, writable};
use crate::batches::view::context;
use crate::batches::BatchResult;
use crate::error::ServiceError;
use crate::review::submit::{open_round, Submission};
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
    let txn = crate::db::begin(db).await?;
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
    let submission = Submission {
        stage: VOUCHERS,
        to: transition.to,
        snapshot: None,
        event: "batch.vouchers_submitted",
    };
    let after = open_round(&txn, actor, &b, submission, now).await?.batch;
    txn.commit().await?;
    Ok(view::out(db, payee, &after, &u, now).await?)
}
