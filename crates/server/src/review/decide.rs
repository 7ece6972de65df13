//! 审核通过 / 审核不通过 (with reasons per code and overall). A submission is decided once:
//! the batch row's lock orders two reviewers, and the decision is written only while the
//! review is still undecided, so the second one gets 409.

use api_types::{DecisionIn, DecisionKey, ReviewOut};
use chrono::{DateTime, Utc};
use domain::review::check_rejection;
use domain::BatchAction;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use uuid::Uuid;

use super::facts;
use super::view::{code_label, review_out, StoredCodeReasons, APPROVED, REJECTED};
use super::VOUCHERS;
use crate::actor::Actor;
use crate::audit;
use crate::batches::access::{lock, plan_of, save, status_of};
use crate::batches::view::context;
use crate::batches::BatchResult;
use crate::entities::{batch, review};
use crate::error::{key, ServiceError};
use crate::notifications::events as notify;

fn already_decided(r: &review::Model) -> ServiceError {
    let label = match r.decision.as_deref() {
        Some(APPROVED) => "审核通过",
        _ => "审核不通过",
    };
    ServiceError::conflict(format!("该批次已由其他审核员处理（{label}），请刷新后查看"))
}

/// Records the reviewer's decision on review `review_id`.
pub async fn decide<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    review_id: Uuid,
    input: &DecisionIn,
    now: DateTime<Utc>,
) -> BatchResult<ReviewOut> {
    // Both stages' decisions are the reviewer's.
    if !BatchAction::Approve.permits(actor.kind()) {
        return Err(ServiceError::Forbidden.into());
    }
    // The batch of a review never changes: read it before the transaction, whose first
    // statement must be the write lock (a read first would make SQLite refuse the second
    // of two concurrent writers instead of queueing it).
    let batch_id = review::Entity::find_by_id(review_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("审核记录"))?
        .batch_id;
    let txn = crate::db::begin(db).await?;
    lock(&txn, batch_id).await?;
    // Read again under the lock: another reviewer may have decided meanwhile.
    let r = review::Entity::find_by_id(review_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("审核记录"))?;
    if r.decision.is_some() {
        return Err(already_decided(&r).into());
    }
    let b = batch::Entity::find_by_id(batch_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("参保批次"))?;
    let plan = plan_of(&txn, &b).await?;
    let vouchers = r.stage == VOUCHERS;
    let action = match (vouchers, input.decision) {
        (false, DecisionKey::Approve) => BatchAction::Approve,
        (false, DecisionKey::Reject) => BatchAction::Reject,
        (true, DecisionKey::Approve) => BatchAction::ApproveVouchers,
        (true, DecisionKey::Reject) => BatchAction::RejectVouchers,
    };
    let mut ctx = context(&b, &plan, now, 0)?;
    ctx.vouchers_balanced = true;
    let transition = status_of(&b)?.apply(action, &ctx)?;
    if vouchers && !input.code_reasons.is_empty() {
        return Err(ServiceError::field(
            "code_reasons",
            "缴费凭证审核不通过时请填写反馈（overall_reasons），不按社保编号",
        )
        .into());
    }
    let (overall, per_code) = match input.decision {
        DecisionKey::Approve => {
            if !input.overall_reasons.is_empty() || !input.code_reasons.is_empty() {
                return Err(ServiceError::field("decision", "审核通过时无需填写不通过原因").into());
            }
            (Vec::new(), Vec::new())
        }
        DecisionKey::Reject => {
            let f = facts::load(&txn, &b, plan.ratio_threshold_percent).await?;
            // One entry per code, in the order first named.
            let mut codes: Vec<StoredCodeReasons> = Vec::new();
            for c in &input.code_reasons {
                let code = c.ss_code.as_deref().map(str::trim).map(str::to_owned);
                if !f.knows_code(code.as_deref()) {
                    return Err(ServiceError::field(
                        "code_reasons",
                        format!(
                            "社保编号“{}”不在本批次的参保比例表中",
                            code_label(code.as_deref())
                        ),
                    )
                    .into());
                }
                match codes.iter_mut().find(|x| x.ss_code == code) {
                    Some(x) => x.reasons.extend(c.reasons.iter().cloned()),
                    None => codes.push(StoredCodeReasons {
                        ss_code: code,
                        reasons: c.reasons.clone(),
                    }),
                }
            }
            let lists: Vec<Vec<String>> = codes.iter().map(|c| c.reasons.clone()).collect();
            let (overall, lists) = check_rejection(&input.overall_reasons, &lists)
                .map_err(|err| ServiceError::field("reasons", err.to_string()))?;
            let codes: Vec<StoredCodeReasons> = codes
                .into_iter()
                .zip(lists)
                .filter(|(_, l)| !l.is_empty())
                .map(|(c, reasons)| StoredCodeReasons {
                    ss_code: c.ss_code,
                    reasons,
                })
                .collect();
            (overall, codes)
        }
    };
    let decision = match input.decision {
        DecisionKey::Approve => APPROVED,
        DecisionKey::Reject => REJECTED,
    };
    let written = review::Entity::update_many()
        .col_expr(review::Column::Decision, Expr::value(decision))
        .col_expr(review::Column::DecidedAt, Expr::value(now))
        .col_expr(review::Column::DecidedBy, Expr::value(actor.account_id()))
        .col_expr(review::Column::DecidedByKey, Expr::value(actor.key_id()))
        .col_expr(
            review::Column::OverallReasons,
            Expr::value(serde_json::json!(overall)),
        )
        .col_expr(
            review::Column::CodeReasons,
            Expr::value(serde_json::json!(per_code)),
        )
        .filter(review::Column::Id.eq(r.id))
        .filter(review::Column::Decision.is_null())
        .exec(&txn)
        .await?;
    if written.rows_affected == 0 {
        return Err(already_decided(&r).into());
    }
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
    let action_code = match (vouchers, input.decision) {
        (false, DecisionKey::Approve) => "batch.review_approved",
        (false, DecisionKey::Reject) => "batch.review_rejected",
        (true, DecisionKey::Approve) => "batch.vouchers_approved",
        (true, DecisionKey::Reject) => "batch.vouchers_rejected",
    };
    let after = if vouchers && input.decision == DecisionKey::Approve {
        crate::vouchers::complete::complete(&txn, &after, &plan, now).await?
    } else {
        after
    };
    audit::entry(Some(actor), action_code)
        .target("batch", b.id)
        .before(serde_json::json!({ "status": b.status }))
        .after(serde_json::json!({
            "status": after.status,
            "review_id": r.id,
            "overall_reasons": overall,
            "code_reasons": per_code,
        }))
        .write(&txn, now)
        .await?;
    if vouchers {
        notify::vouchers_decided(&txn, &after, r.id, input.decision, &overall, now).await?;
    } else {
        notify::review_decided(&txn, &b, r.id, input.decision, &overall, &per_code, now).await?;
    }
    let decided = review::Entity::find_by_id(r.id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("审核记录"))?;
    txn.commit().await?;
    tracing::info!(batch_id = %b.id, review_id = %r.id, decision, "review decided");
    Ok(review_out(db, &decided).await?)
}
