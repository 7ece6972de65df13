//! 提交系统校验 (start or restart a run over the people that changed or were never
//! settled), the run's progress and the batch's outcome counts, resuming a paused run, and
//! the operator's resolutions of anomalies (确认 / 编辑).

use api_types::{ResolutionIn, ResolutionKey, VerificationOut, VerificationState};
use chrono::{DateTime, Utc};
use domain::verification::{resolve, Resolution};
use domain::{BatchAction, PersonName, VerificationOutcome, YearMonth};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

use super::check::outcome_of;
use super::summary::JOB_KIND;
use super::summary::{latest_job, run_progress, summary, summary_line};
use super::tasks::{CheckPayload, CHECK};
use crate::actor::Actor;
use crate::app::config::TaskSettings;
use crate::audit;
use crate::batches::access::{plan_of, readable, save, status_of, writable};
use crate::batches::view::context;
use crate::batches::{BatchError, BatchResult};
use crate::entities::{batch, job, roster_entry, task};
use crate::error::{key, parse_key, ServiceError, ServiceResult};
use crate::interfaces::InterfaceSettings;
use crate::tasks::{create_job, enqueue, enqueue_all, NewJob, NewTask, TaskState};
use crate::time::shanghai;

/// People per `verification.check` task with batch endpoints: they go out as calls of
/// `CALL_SIZE` side by side (four per interface), so each task's reads, writes and claim
/// serve four calls; progress still moves in steps of 2 % of a 10,000-person roster.
pub const CHUNK: usize = 4 * crate::interfaces::social_security::CALL_SIZE;

/// People per task with one call per person. A task asks about all its people at once, so
/// another unit's calls queue behind every running task's: 12 people × 32 workers is about
/// 400 calls, 2 s at 200 calls/s. (50 people with 32 workers kept another unit's 20 people
/// waiting 7–15 s.)
pub const CHUNK_ONE_BY_ONE: usize = 12;

/// People per task for the interfaces as configured.
pub fn people_per_task(interfaces: &InterfaceSettings) -> usize {
    if interfaces.batch_endpoints {
        CHUNK
    } else {
        CHUNK_ONE_BY_ONE
    }
}

/// 提交系统校验 / 处理完成，再次提交系统校验: queues a run over the people that changed or
/// were never checked (名单待校验 → 名单校验中). Answers the batch after the change.
pub async fn start<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    tasks: &TaskSettings,
    people_per_task: usize,
    actor: &Actor,
    batch_id: Uuid,
    expected_version: Option<i32>,
    now: DateTime<Utc>,
) -> BatchResult<batch::Model> {
    let action = BatchAction::StartVerification;
    let txn = crate::db::begin(db).await?;
    let b = writable(&txn, actor, batch_id, expected_version, action).await?;
    let plan = plan_of(&txn, &b).await?;
    let transition = status_of(&b)?.apply(action, &context(&b, &plan, now, 0)?)?;
    let ids: Vec<Uuid> = roster_entry::Entity::find()
        .select_only()
        .column(roster_entry::Column::Id)
        .filter(roster_entry::Column::BatchId.eq(b.id))
        .filter(roster_entry::Column::NeedsCheck.eq(true))
        .order_by_asc(roster_entry::Column::RowNo)
        .order_by_asc(roster_entry::Column::Id)
        .into_tuple()
        .all(&txn)
        .await?;
    let owner = b.unit_id.to_string();
    let new_job = NewJob {
        kind: JOB_KIND.into(),
        owner: owner.clone(),
        subject_id: Some(b.id),
        payload: Some(serde_json::json!({ "people": ids.len() })),
        unique_key: None,
    };
    let job_id = create_job(&txn, now, new_job)
        .await?
        .ok_or_else(|| ServiceError::internal("a job without a unique key was refused"))?;
    let checks = ids
        .chunks(people_per_task.max(1))
        .enumerate()
        .map(|(i, chunk)| {
            let payload = serde_json::json!(CheckPayload {
                batch_id: b.id,
                entry_ids: chunk.to_vec(),
            });
            NewTask::new(CHECK, owner.clone(), payload)
                .in_job(job_id)
                .unique(format!("{CHECK}:{job_id}:{i}"))
        })
        .collect();
    enqueue_all(&txn, tasks, now, checks).await?;
    if ids.is_empty() {
        let finish = NewTask::new(
            super::tasks::FINISH,
            owner,
            serde_json::json!(super::tasks::FinishPayload { batch_id: b.id }),
        )
        .unique(format!("{}:{job_id}", super::tasks::FINISH));
        enqueue(&txn, tasks, now, finish).await?;
    }
    let changes = batch::ActiveModel {
        status: Set(key(&transition.to)),
        ..Default::default()
    };
    let after = save(&txn, &b, changes, now).await?;
    audit::entry(Some(actor), "batch.verification_started")
        .target("batch", b.id)
        .before(serde_json::json!({ "status": b.status }))
        .after(serde_json::json!({ "status": after.status, "people": ids.len(), "job": job_id }))
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    tracing::info!(batch = %b.id, people = ids.len(), "verification queued");
    Ok(after)
}

/// The progress of a batch's running verification (for the batch list: 名单校验中 12/30).
pub async fn brief(
    db: &impl ConnectionTrait,
    batch_id: Uuid,
) -> ServiceResult<Option<api_types::ProgressOut>> {
    let Some(j) = latest_job(db, batch_id).await? else {
        return Ok(None);
    };
    let (done, total) = run_progress(db, &j).await?;
    Ok(Some(api_types::ProgressOut { done, total }))
}

/// `GET /api/batches/{id}/verification`: state, progress, counts, the summary line, an
/// estimate of the time left.
pub async fn progress(
    db: &impl ConnectionTrait,
    actor: &Actor,
    batch_id: Uuid,
    now: DateTime<Utc>,
) -> ServiceResult<VerificationOut> {
    let b = readable(db, actor, batch_id).await?;
    let s = summary(db, b.id).await?;
    let job = latest_job(db, b.id).await?;
    let (done, total) = match &job {
        Some(j) => run_progress(db, j).await?,
        None => (0, 0),
    };
    let running_tasks = match &job {
        Some(j) => {
            task::Entity::find()
                .filter(task::Column::JobId.eq(j.id))
                .filter(task::Column::State.eq(TaskState::Running.as_str()))
                .count(db)
                .await?
        }
        None => 0,
    };
    let state = match job.as_ref().map(|j| j.state.as_str()) {
        None => VerificationState::NotStarted,
        Some("paused") => VerificationState::Paused,
        Some("done") => VerificationState::Done,
        Some("failed") => VerificationState::Failed,
        Some(_) if done == 0 && running_tasks == 0 => VerificationState::Queued,
        Some(_) => VerificationState::Running,
    };
    let message = match state {
        VerificationState::NotStarted => "尚未提交系统校验".to_owned(),
        VerificationState::Queued => "已提交系统校验，排队中".to_owned(),
        VerificationState::Running => format!("名单校验中：已校验 {done}/{total} 人"),
        VerificationState::Paused => "校验暂停：外部接口暂不可用，稍后将自动继续".to_owned(),
        VerificationState::Done => "名单校验完成".to_owned(),
        VerificationState::Failed => {
            format!(
                "部分人员未能完成校验（{}人），请再次提交系统校验",
                s.unchecked
            )
        }
    };
    let started = job.as_ref().map(|j| j.created_at);
    let eta_seconds = match (state, started) {
        (VerificationState::Running, Some(start)) if done > 0 && total > done => {
            let elapsed = (now - start).num_milliseconds().max(1) as f64;
            let per_person = elapsed / done as f64;
            Some(((total - done) as f64 * per_person / 1000.0).ceil() as u64)
        }
        _ => None,
    };
    Ok(VerificationOut {
        state,
        total,
        done,
        unchecked: s.unchecked,
        withholdable: s.withholdable,
        not_withholdable: s.not_withholdable,
        name_mismatch: s.name_mismatch,
        blocking: s.blocking,
        summary: summary_line(&s),
        outcomes: s.outcomes,
        message,
        started_at: started.map(shanghai),
        finished_at: job.as_ref().and_then(|j| j.finished_at).map(shanghai),
        paused_until: job.as_ref().and_then(|j| j.paused_until).map(shanghai),
        eta_seconds,
    })
}

/// Resumes a paused run now instead of at its `paused_until` (the unit's operator).
pub async fn resume<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    batch_id: Uuid,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    if !BatchAction::StartVerification.permits(actor.kind()) {
        return Err(ServiceError::Forbidden);
    }
    let txn = crate::db::begin(db).await?;
    let b = readable(&txn, actor, batch_id).await?;
    let job = latest_job(&txn, b.id)
        .await?
        .filter(|j| j.state == "paused")
        .ok_or_else(|| ServiceError::conflict("校验未暂停，无需继续"))?;
    job::Entity::update_many()
        .col_expr(job::Column::State, Expr::value("running"))
        .col_expr(
            job::Column::PausedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(job::Column::ConsecutiveFailures, Expr::value(0))
        .col_expr(job::Column::UpdatedAt, Expr::value(now))
        .filter(job::Column::Id.eq(job.id))
        .exec(&txn)
        .await?;
    task::Entity::update_many()
        .col_expr(task::Column::RunAt, Expr::value(now))
        .filter(task::Column::JobId.eq(job.id))
        .filter(task::Column::State.eq(TaskState::Queued.as_str()))
        .exec(&txn)
        .await?;
    audit::entry(Some(actor), "batch.verification_resumed")
        .target("batch", b.id)
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// 确认 (the social-security name overwrites the imported one) or 编辑 (the retirement
/// month) for one person; the person is checked again by the next run.
pub async fn resolve_anomaly<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    batch_id: Uuid,
    entry_id: Uuid,
    expected_version: Option<i32>,
    input: &ResolutionIn,
    now: DateTime<Utc>,
) -> BatchResult<(batch::Model, roster_entry::Model)> {
    let action = BatchAction::ResolveAnomaly;
    let txn = crate::db::begin(db).await?;
    let b = writable(&txn, actor, batch_id, expected_version, action).await?;
    let plan = plan_of(&txn, &b).await?;
    status_of(&b)?.apply(action, &context(&b, &plan, now, 0)?)?;
    let e = roster_entry::Entity::find_by_id(entry_id)
        .filter(roster_entry::Column::BatchId.eq(b.id))
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("参保人员"))?;
    let outcome = outcome_of(&e)?.ok_or_else(|| ServiceError::rule("该人员尚未校验"))?;
    let resolution = match input.action {
        ResolutionKey::ConfirmSsName => Resolution::ConfirmSsName,
        ResolutionKey::EditRetirementMonth => Resolution::EditRetirementMonth,
    };
    let resolved = resolve(outcome, resolution)
        .map_err(|err| BatchError::Service(ServiceError::rule(err.to_string())))?
        .ok_or_else(|| ServiceError::internal("a resolution that deletes"))?;
    let mut active = roster_entry::ActiveModel {
        id: Set(e.id),
        outcome: Set(Some(key(&resolved))),
        needs_check: Set(true),
        ..Default::default()
    };
    match resolution {
        Resolution::ConfirmSsName => {
            let ss_name = e.ss_name.as_deref().unwrap_or_default();
            let name = PersonName::parse(ss_name)
                .map_err(|err| ServiceError::rule(format!("社保姓名无法使用：{err}")))?;
            active.name = Set(name.as_str().to_owned());
        }
        Resolution::EditRetirementMonth => {
            let raw = input.retirement_month.as_deref().unwrap_or_default();
            let month = YearMonth::parse(raw)
                .map_err(|err| ServiceError::field("retirement_month", err.to_string()))?;
            if month.first_day().is_none_or(|d| d <= e.birth_date) {
                return Err(
                    ServiceError::field("retirement_month", "退休年月须晚于出生日期").into(),
                );
            }
            active.edited_retirement_month = Set(Some(month.to_string()));
        }
        Resolution::Delete => {}
    }
    let updated = active.update(&txn).await?;
    let after = save(&txn, &b, <batch::ActiveModel as Default>::default(), now).await?;
    audit::entry(Some(actor), "roster.anomaly_resolved")
        .target("roster_entry", e.id)
        .before(serde_json::json!({ "outcome": e.outcome }))
        .after(serde_json::json!({
            "outcome": updated.outcome,
            "resolution": key(&resolution),
            "batch_id": b.id,
        }))
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    Ok((after, updated))
}

/// The key of a stored outcome, as the domain reads it (for filters).
pub fn parse_outcome(raw: &str) -> Option<VerificationOutcome> {
    parse_key(raw)
}
