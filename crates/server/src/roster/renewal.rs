//! 沿用上年度名单: an empty batch takes over the people this unit insured last plan year
//! (its batches 投保成功), without those last year's verification found deceased and those
//! already in another batch this plan year, through this year's import rules (the domain's
//! `roster::renewal`). They are marked `renewed` for the operator to review before
//! 提交系统校验.

use std::collections::HashSet;

use api_types::ImportErrorOut;
use chrono::{DateTime, Utc};
use domain::plan_year::shanghai_date;
use domain::roster::renewal::{renew as renew_people, PreviousPerson, Renewal};
use domain::roster::RosterRules;
use domain::{BatchAction, BatchStatus, DocumentType, Sex, VerificationOutcome};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
};
use uuid::Uuid;

use super::import::{error_out, in_other_batches, refused, replace_list, ListEvent};
use crate::actor::Actor;
use crate::batches::access::{plan_of, status_of, writable};
use crate::batches::view::context;
use crate::batches::BatchResult;
use crate::entities::{batch, roster_entry};
use crate::error::{key, stored, ServiceError, ServiceResult};

/// What a renewal did.
pub struct Renewed {
    /// The batch after it.
    pub batch: batch::Model,
    /// Taken over, deceased, enrolled elsewhere.
    pub counts: (usize, usize, usize),
    /// Left out by this year's rules.
    pub refused: Vec<ImportErrorOut>,
}

/// Last plan year's insured people of the unit, in batch and row order.
async fn previous_people(
    db: &impl ConnectionTrait,
    b: &batch::Model,
) -> ServiceResult<Vec<PreviousPerson>> {
    let completed: Vec<Uuid> = batch::Entity::find()
        .filter(batch::Column::UnitId.eq(b.unit_id))
        .filter(batch::Column::PlanYear.eq(b.plan_year - 1))
        .filter(batch::Column::Status.eq(key(&BatchStatus::Completed)))
        .order_by_asc(batch::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let mut people = Vec::new();
    for batch_id in completed {
        let entries = roster_entry::Entity::find()
            .filter(roster_entry::Column::BatchId.eq(batch_id))
            .order_by_asc(roster_entry::Column::RowNo)
            .order_by_asc(roster_entry::Column::Id)
            .all(db)
            .await?;
        for e in entries {
            let doc_type: DocumentType = stored("document type", e.id, &e.doc_type)?;
            let sex: Sex = stored("sex", e.id, &e.sex)?;
            // 职退情况 as the interface answered it, or the outcome it led to.
            let deceased = e.ss_status.as_deref() == Some("deceased")
                || e.outcome.as_deref() == Some(key(&VerificationOutcome::Deceased).as_str());
            people.push(PreviousPerson {
                name: e.name,
                doc_type,
                id_number: e.id_number.as_str().to_owned(),
                birth_date: e.birth_date,
                sex,
                mobile: e.mobile.as_str().to_owned(),
                deceased,
            });
        }
    }
    Ok(people)
}

/// Fills the empty batch `batch_id` with last plan year's people.
pub async fn renew<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    batch_id: Uuid,
    expected_version: Option<i32>,
    max_errors_in_answer: usize,
    now: DateTime<Utc>,
) -> BatchResult<Renewed> {
    let action = BatchAction::ImportRoster;
    let b = writable(db, actor, batch_id, expected_version, action).await?;
    let plan = plan_of(db, &b).await?;
    status_of(&b)?.apply(action, &context(&b, &plan, now, 0)?)?;
    if b.roster_size > 0 {
        return Err(ServiceError::conflict(
            "本批次已有参保人员：沿用上年度名单只用于空名单，请先清空名单",
        )
        .into());
    }
    let previous = previous_people(db, &b).await?;
    if previous.is_empty() {
        return Err(ServiceError::rule(format!(
            "{}保障年度本单位没有投保成功的名单，无法沿用",
            b.plan_year - 1
        ))
        .into());
    }
    let ids = previous.iter().map(|p| p.id_number.clone());
    let elsewhere: HashSet<String> = in_other_batches(db, &b, ids).await?.into_keys().collect();
    let rules = RosterRules::for_plan_year(&plan, Some(shanghai_date(now)));
    let Renewal {
        entries,
        deceased,
        enrolled_elsewhere,
        refused: left_out,
    } = renew_people(&previous, &elsewhere, &rules).map_err(|errors| {
        let errors = errors.iter().map(error_out).collect();
        refused(errors, max_errors_in_answer)
    })?;
    let event = ListEvent {
        audit: "roster.renewed",
        renewed: true,
    };
    let (after, count) = replace_list(db, actor, &b, &plan, &entries, event, now).await?;
    Ok(Renewed {
        batch: after,
        counts: (count, deceased, enrolled_elsewhere),
        refused: left_out.iter().map(error_out).collect(),
    })
}

/// 已沿用上年度名单12人；未沿用：已故1人，已在本年度其它批次参保2人，不符合本年度规则1人。
pub fn message(r: &Renewed) -> String {
    let (taken, deceased, elsewhere) = r.counts;
    let mut out = format!("已沿用上年度名单{taken}人");
    let mut left = Vec::new();
    if deceased > 0 {
        left.push(format!("已故{deceased}人"));
    }
    if elsewhere > 0 {
        left.push(format!("已在本年度其它批次参保{elsewhere}人"));
    }
    if !r.refused.is_empty() {
        left.push(format!("不符合本年度规则{}人（见明细）", r.refused.len()));
    }
    if !left.is_empty() {
        out.push_str("；未沿用：");
        out.push_str(&left.join("，"));
    }
    out.push_str("。请逐一核对后再提交系统校验。");
    out
}
