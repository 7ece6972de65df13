//! What a batch's verification has found so far: the latest run, its progress, and the
//! batch's people by outcome and 代扣类型 (the manual's summary line).

use api_types::OutcomeCount;
use domain::verification::blocks_submission;
use domain::{DeductionType, VerificationOutcome};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::entities::{job, roster_entry};
use crate::error::{key, ServiceResult};

/// The job kind of a batch's verification run.
pub const JOB_KIND: &str = "verification";

/// The batch's latest verification run.
pub async fn latest_job(
    db: &impl ConnectionTrait,
    batch_id: Uuid,
) -> ServiceResult<Option<job::Model>> {
    Ok(job::Entity::find()
        .filter(job::Column::SubjectId.eq(batch_id))
        .filter(job::Column::Kind.eq(JOB_KIND))
        .order_by_desc(job::Column::CreatedAt)
        .order_by_desc(job::Column::Id)
        .one(db)
        .await?)
}

/// The batch's people by outcome and 代扣类型.
pub struct Summary {
    /// People per outcome (every outcome, zeros included).
    pub outcomes: Vec<OutcomeCount>,
    /// 可代扣.
    pub withholdable: u64,
    /// 不可代扣.
    pub not_withholdable: u64,
    /// 社保姓名与导入姓名不一致.
    pub name_mismatch: u64,
    /// Outcomes that block submission.
    pub blocking: u64,
    /// Not checked since they changed (or never).
    pub unchecked: u64,
}

const OUTCOMES: [VerificationOutcome; 7] = [
    VerificationOutcome::Passed,
    VerificationOutcome::NameMismatch,
    VerificationOutcome::RetirementMonthInvalid,
    VerificationOutcome::RetirementMonthEdited,
    VerificationOutcome::Deceased,
    VerificationOutcome::NoSocialSecurity,
    VerificationOutcome::NotRetired,
];

/// Counts the batch's people by outcome and 代扣类型 (two grouped queries).
pub async fn summary(db: &impl ConnectionTrait, batch_id: Uuid) -> ServiceResult<Summary> {
    let by_outcome: Vec<(Option<String>, i64)> = roster_entry::Entity::find()
        .select_only()
        .column(roster_entry::Column::Outcome)
        .column_as(roster_entry::Column::Id.count(), "n")
        .filter(roster_entry::Column::BatchId.eq(batch_id))
        .group_by(roster_entry::Column::Outcome)
        .into_tuple()
        .all(db)
        .await?;
    let by_deduction: Vec<(Option<String>, i64)> = roster_entry::Entity::find()
        .select_only()
        .column(roster_entry::Column::DeductionType)
        .column_as(roster_entry::Column::Id.count(), "n")
        .filter(roster_entry::Column::BatchId.eq(batch_id))
        .group_by(roster_entry::Column::DeductionType)
        .into_tuple()
        .all(db)
        .await?;
    let unchecked = roster_entry::Entity::find()
        .filter(roster_entry::Column::BatchId.eq(batch_id))
        .filter(roster_entry::Column::NeedsCheck.eq(true))
        .count(db)
        .await?;
    let count_of = |o: VerificationOutcome| {
        by_outcome
            .iter()
            .filter(|(k, _)| k.as_deref() == Some(key(&o).as_str()))
            .map(|(_, n)| u64::try_from(*n).unwrap_or(0))
            .sum::<u64>()
    };
    let deduction_of = |d: DeductionType| {
        by_deduction
            .iter()
            .filter(|(k, _)| k.as_deref() == Some(key(&d).as_str()))
            .map(|(_, n)| u64::try_from(*n).unwrap_or(0))
            .sum::<u64>()
    };
    let outcomes: Vec<OutcomeCount> = OUTCOMES
        .iter()
        .map(|o| OutcomeCount {
            outcome: key(o),
            label: o.label_zh().into(),
            count: count_of(*o),
            blocking: blocks_submission(*o),
        })
        .collect();
    Ok(Summary {
        blocking: outcomes
            .iter()
            .filter(|c| c.blocking)
            .map(|c| c.count)
            .sum(),
        name_mismatch: count_of(VerificationOutcome::NameMismatch),
        withholdable: deduction_of(DeductionType::Withholdable),
        not_withholdable: deduction_of(DeductionType::NotWithholdable),
        unchecked,
        outcomes,
    })
}

/// The manual's summary line.
pub fn summary_line(s: &Summary) -> String {
    format!(
        "数据校验结果：可代扣 {}人，不可代扣 {}人，社保姓名与导入姓名不一致 {}人",
        s.withholdable, s.not_withholdable, s.name_mismatch
    )
}

/// People of a run already checked, and in all.
pub async fn run_progress(db: &impl ConnectionTrait, j: &job::Model) -> ServiceResult<(u64, u64)> {
    let total = j
        .payload
        .as_ref()
        .and_then(|p| p.get("people"))
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(0);
    let done = roster_entry::Entity::find()
        .filter(roster_entry::Column::CheckedInJob.eq(j.id))
        .count(db)
        .await?;
    Ok((done.min(total), total))
}
