//! 删减人员 after withholding: only people not withheld (代扣失败, or never 可代扣) may go,
//! and only while every social-security code they leave still meets the ratio.

use std::collections::{BTreeMap, HashSet};

use api_types::RefusalReason;
use chrono::{DateTime, Utc};
use domain::withholding::{deletion_keeps_ratios, DeductionResult};
use domain::{BatchContext, PlanYear, Ratio};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};
use uuid::Uuid;

use crate::batches::view::context;
use crate::batches::BatchResult;
use crate::entities::{batch, roster_entry};
use crate::error::{key, ServiceError};
use crate::review::facts;

/// The state machine's facts for deleting `ids` from batch `b` (代扣完成): refused here
/// with a precise message when a withheld person is among them or a code would drop
/// below the threshold.
pub async fn deletion_context(
    db: &impl ConnectionTrait,
    b: &batch::Model,
    plan: &PlanYear,
    ids: &HashSet<Uuid>,
    now: DateTime<Utc>,
) -> BatchResult<BatchContext> {
    let succeeded = key(&DeductionResult::Succeeded);
    let chosen: Vec<(Uuid, Option<String>, Option<String>)> = roster_entry::Entity::find()
        .select_only()
        .column(roster_entry::Column::Id)
        .column(roster_entry::Column::SsCode)
        .column(roster_entry::Column::WithholdingResult)
        .filter(roster_entry::Column::BatchId.eq(b.id))
        .filter(roster_entry::Column::Id.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    if chosen.len() != ids.len() {
        return Err(ServiceError::NotFound("参保人员").into());
    }
    if chosen
        .iter()
        .any(|(_, _, r)| r.as_deref() == Some(succeeded.as_str()))
    {
        return Err(ServiceError::refused(
            RefusalReason::OnlyFailedDeductionsDeletable,
            "代扣成功的人员不能删除；只能删除代扣失败或无法代扣的人员",
        )
        .into());
    }
    let not_withheld = roster_entry::Entity::find()
        .filter(roster_entry::Column::BatchId.eq(b.id))
        .filter(
            roster_entry::Column::WithholdingResult
                .ne(succeeded.clone())
                .or(roster_entry::Column::WithholdingResult.is_null()),
        )
        .count(db)
        .await?;
    let mut removed: BTreeMap<String, u32> = BTreeMap::new();
    for code in chosen.iter().filter_map(|(_, c, _)| c.clone()) {
        *removed.entry(code).or_default() += 1;
    }
    let f = facts::load(db, b, plan.ratio_threshold_percent).await?;
    let codes: Vec<(String, Ratio, u32)> = f
        .codes
        .iter()
        .map(|c| {
            let n = removed.get(&c.facts.ss_code).copied().unwrap_or(0);
            (c.facts.ss_code.clone(), c.facts.ratio, n)
        })
        .collect();
    if let Err(breaks) = deletion_keeps_ratios(&codes, plan.ratio_threshold_percent) {
        return Err(
            ServiceError::refused(RefusalReason::RatioWouldBreak, breaks.to_string()).into(),
        );
    }
    let mut ctx = context(b, plan, now, ids.len())?;
    ctx.failed_deductions = usize::try_from(not_withheld).unwrap_or(usize::MAX);
    ctx.ratio_holds_after_deletion = true;
    Ok(ctx)
}
