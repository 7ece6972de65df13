//! Step ⑥ as the API shows it.

use api_types::{UnitShareOut, WithholdingApplicationOut, WithholdingOut, WithholdingStateKey};
use chrono::{DateTime, Timelike, Utc};
use domain::withholding::{results_line, unit_share, UnitShare};
use domain::{BatchAction, BatchRefusal, DeductionType, Fen, PlanYear};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use crate::batches::access::{plan_of, status_of};
use crate::batches::view::{context, out_loaded};
use crate::entities::{batch, roster_entry, withholding};
use crate::error::{key, ServiceError, ServiceResult};
use crate::review::view::account_names;
use crate::time::shanghai;

/// Stored states.
pub const APPLIED: &str = "applied";
/// Accepted, not yet with the bank.
pub const ACCEPTED: &str = "accepted";
/// With the bank.
pub const SENT: &str = "sent";
/// Every result recorded.
pub const DONE: &str = "done";

fn state_key(w: &withholding::Model) -> ServiceResult<WithholdingStateKey> {
    Ok(match w.state.as_str() {
        APPLIED => WithholdingStateKey::Applied,
        ACCEPTED => WithholdingStateKey::Accepted,
        SENT => WithholdingStateKey::Sent,
        DONE => WithholdingStateKey::Done,
        other => return Err(ServiceError::corrupt("withholding state", w.id, other)),
    })
}

fn state_label(s: WithholdingStateKey) -> &'static str {
    match s {
        WithholdingStateKey::Applied => "代扣申请已提交，待职保会受理",
        WithholdingStateKey::Accepted => "职保会已受理，待银行代扣",
        WithholdingStateKey::Sent => "银行代扣中（养老金发放日扣款）",
        WithholdingStateKey::Done => "代扣完成",
    }
}

/// 委托代扣申请需在6月4日16点完成提交.
pub fn deadline_text(deadline: DateTime<Utc>) -> String {
    let local = shanghai(deadline);
    let time = match local.minute() {
        0 => format!("{}点", local.hour()),
        m => format!("{}点{m:02}分", local.hour()),
    };
    format!(
        "委托代扣申请需在{}月{}日{time}完成提交",
        chrono::Datelike::month(&local),
        chrono::Datelike::day(&local)
    )
}

/// The manual's confirmation dialog.
pub fn confirmation_text(withholdable: u64) -> String {
    format!(
        "本单位可代扣人员{withholdable}人，提交后，代扣名单将不可修改，请确认代扣名单。\
代扣申请提交1个工作日后，可在参保批次管理→【操作】栏下载【代扣受理单】。\
代扣结果请留意经办人邮箱或短信，待扣款完成后尽快提交参保。"
    )
}

/// The batch's application, if any.
pub async fn find(
    db: &impl ConnectionTrait,
    batch_id: Uuid,
) -> ServiceResult<Option<withholding::Model>> {
    Ok(withholding::Entity::find()
        .filter(withholding::Column::BatchId.eq(batch_id))
        .one(db)
        .await?)
}

/// People of the batch verified as 可代扣.
pub async fn withholdable_count(db: &impl ConnectionTrait, batch_id: Uuid) -> ServiceResult<u64> {
    Ok(roster_entry::Entity::find()
        .filter(roster_entry::Column::BatchId.eq(batch_id))
        .filter(roster_entry::Column::DeductionType.eq(key(&DeductionType::Withholdable)))
        .count(db)
        .await?)
}

/// What the unit pays with the roster as it is now, once the results are in.
pub fn share_now(
    b: &batch::Model,
    plan: &PlanYear,
    w: &withholding::Model,
) -> ServiceResult<Option<UnitShare>> {
    let Some(succeeded) = w.succeeded else {
        return Ok(None);
    };
    let people = u32::try_from(b.roster_size).unwrap_or(0);
    let succeeded = u32::try_from(succeeded).unwrap_or(0);
    unit_share(people, plan.premium, succeeded, Fen::new(w.amount_fen))
        .map(Some)
        .map_err(|e| ServiceError::internal(format!("unit share of {}: {e}", b.id)))
}

/// The API shape of a unit share.
pub fn share_out(s: &UnitShare) -> UnitShareOut {
    UnitShareOut {
        people: s.people,
        succeeded: s.succeeded,
        unit_paid_people: s.unit_paid_people,
        due_fen: s.due.as_fen(),
        line: s.line(),
    }
}

async fn application_out(
    db: &impl ConnectionTrait,
    w: &withholding::Model,
) -> ServiceResult<WithholdingApplicationOut> {
    let state = state_key(w)?;
    let names = account_names(db, w.accepted_by).await?;
    let people = u32::try_from(w.people).unwrap_or(0);
    let succeeded = w.succeeded.map(|n| u32::try_from(n).unwrap_or(0));
    Ok(WithholdingApplicationOut {
        state,
        state_label: state_label(state).into(),
        people,
        amount_fen: w.amount_fen,
        submitted_at: shanghai(w.submitted_at),
        accept_due_at: shanghai(w.accept_due_at),
        accepted_at: w.accepted_at.map(shanghai),
        accepted_by: w.accepted_by.and_then(|id| names.get(&id).cloned()),
        sent_at: w.sent_at.map(shanghai),
        results_at: w.results_at.map(shanghai),
        succeeded,
        failed: succeeded.map(|s| people.saturating_sub(s)),
        results_line: succeeded.map(|s| results_line(people, s, Fen::new(w.amount_fen))),
        slip_available: w.accepted_at.is_some(),
    })
}

/// Step ⑥ of batch `b` at `now`.
pub async fn out(
    db: &impl ConnectionTrait,
    b: &batch::Model,
    now: DateTime<Utc>,
) -> ServiceResult<WithholdingOut> {
    let plan = plan_of(db, b).await?;
    let w = find(db, b.id).await?;
    let withholdable = match &w {
        Some(w) => u64::try_from(w.people).unwrap_or(0),
        None => withholdable_count(db, b.id).await?,
    };
    let mut ctx = context(b, &plan, now, 0)?;
    ctx.withholdable_count = usize::try_from(withholdable).unwrap_or(usize::MAX);
    let status = status_of(b)?;
    let refusal = match status.apply(BatchAction::ApplyForWithholding, &ctx) {
        Ok(_) => None,
        Err(BatchRefusal::NotAllowedInStatus { .. }) => None,
        Err(BatchRefusal::WithholdingApplicationClosed) => Some(format!(
            "委托代扣申请已于{}截止",
            deadline_text(plan.withholding_application_deadline)
                .trim_start_matches("委托代扣申请需在")
                .trim_end_matches("完成提交")
        )),
        Err(r) => Some(r.to_string()),
    };
    let can_apply = status.apply(BatchAction::ApplyForWithholding, &ctx).is_ok();
    let (application, share) = match &w {
        Some(w) => (
            Some(application_out(db, w).await?),
            share_now(b, &plan, w)?.as_ref().map(share_out),
        ),
        None => (None, None),
    };
    Ok(WithholdingOut {
        batch: out_loaded(db, b, now).await?,
        withholdable_count: withholdable,
        amount_fen: b.withholding_amount_fen,
        deadline: shanghai(plan.withholding_application_deadline),
        deadline_text: deadline_text(plan.withholding_application_deadline),
        confirmation_text: confirmation_text(withholdable),
        can_apply,
        refusal,
        application,
        share,
    })
}
