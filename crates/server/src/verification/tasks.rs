//! The verification job's tasks: `verification.check` asks the interfaces about a chunk of
//! people and stores every result together with the task's completion (so a task run
//! twice after a crash writes once); the last check enqueues `verification.finish`, which
//! fetches the social-security units' head counts and moves the batch to 名单校验完成.
//! People are never classified from a failed call: an interface that stays down defers the
//! task, and a failure budget pauses the whole job.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use domain::{BatchAction, BatchStatus};
use futures_util::StreamExt;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::check::{query, record_result};
use crate::actor::Actor;
use crate::app::state::AppState;
use crate::audit;
use crate::batches::access::{locked, plan_of, save, status_of};
use crate::batches::view::context;
use crate::entities::{batch, job, roster_entry, ss_unit, task, unit};
use crate::error::{key, ServiceError};
use crate::interfaces::InterfaceError;
use crate::tasks::{
    enqueue, NewTask, TaskContext, TaskError, TaskHandler, TaskRegistry, TaskState,
};

/// A chunk of people to check.
pub const CHECK: &str = "verification.check";
/// The end of a run.
pub const FINISH: &str = "verification.finish";

/// Failed attempts in a row (across the job) before the job pauses.
const FAILURE_BUDGET: i32 = 5;
/// How long a paused job waits before it tries again by itself.
const PAUSE_SECONDS: i64 = 60;
/// Head counts asked at once at the end of a run.
const UNIT_CALLS_IN_FLIGHT: usize = 8;
/// The wait after one failed attempt within the budget.
const RETRY_SECONDS: i64 = 2;

/// Input of a `verification.check` task.
#[derive(Debug, Serialize, Deserialize)]
pub struct CheckPayload {
    /// The batch.
    pub batch_id: Uuid,
    /// Its people to check.
    pub entry_ids: Vec<Uuid>,
}

/// Input of a `verification.finish` task.
#[derive(Debug, Serialize, Deserialize)]
pub struct FinishPayload {
    /// The batch.
    pub batch_id: Uuid,
}

/// Registers the verification handlers.
pub fn register(registry: &mut TaskRegistry) {
    registry.register(CHECK, Arc::new(Check));
    registry.register(FINISH, Arc::new(Finish));
}

fn payload<T: serde::de::DeserializeOwned>(t: &task::Model) -> Result<T, TaskError> {
    serde_json::from_value(t.payload.clone())
        .map_err(|e| TaskError::Fatal(format!("bad payload of {}: {e}", t.kind)))
}

fn job_of(ctx: &TaskContext) -> Result<Uuid, TaskError> {
    ctx.task
        .job_id
        .ok_or_else(|| TaskError::Fatal("verification task without a job".into()))
}

fn service(err: ServiceError) -> TaskError {
    TaskError::Retry(err.to_string())
}

struct Check;

#[async_trait::async_trait]
impl TaskHandler for Check {
    async fn run(&self, ctx: &TaskContext) -> Result<(), TaskError> {
        let p: CheckPayload = payload(&ctx.task)?;
        let job_id = job_of(ctx)?;
        let state = &ctx.state;
        let j = job::Entity::find_by_id(job_id).one(&state.db).await?;
        if let Some(until) = j.and_then(|j| paused_until(&j, state.clock.now())) {
            return Err(TaskError::Defer {
                until,
                reason: "the job is paused".into(),
            });
        }
        let Some(b) = batch::Entity::find_by_id(p.batch_id).one(&state.db).await? else {
            return Ok(()); // the batch is gone: nothing to check
        };
        if status_of(&b).map_err(service)? != BatchStatus::Verifying {
            return Ok(());
        }
        let hint = unit::Entity::find_by_id(b.unit_id)
            .one(&state.db)
            .await?
            .and_then(|u| u.enrollment_code)
            .unwrap_or_default();
        let entries = roster_entry::Entity::find()
            .filter(roster_entry::Column::BatchId.eq(b.id))
            .filter(roster_entry::Column::Id.is_in(p.entry_ids.iter().copied()))
            .all(&state.db)
            .await?;
        let questions: Vec<_> = entries.iter().map(|e| query(e, &hint)).collect();
        let ids: Vec<String> = entries
            .iter()
            .map(|e| e.id_number.as_str().to_owned())
            .collect();
        let (records, pensions) = tokio::join!(
            state.interfaces.social_security.persons(&questions),
            state.interfaces.pension.withholdable(&ids),
        );
        let (records, pensions) = match (records, pensions) {
            (Ok(r), Ok(p)) => (r, p),
            (Err(e), _) | (_, Err(e)) => return Err(interface_down(ctx, job_id, e).await),
        };
        let _turn = crate::db::sqlite_turn(&state.db).await;
        let now = state.clock.now();
        let txn = crate::db::begin(&state.db).await?;
        let results = entries
            .iter()
            .zip(&records)
            .zip(&pensions)
            .map(|((e, record), withholdable)| {
                record_result(e, record.as_ref(), *withholdable, job_id, now)
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(service)?;
        super::write::write_results(&txn, &results).await?;
        ctx.lease.complete(&txn, now).await?;
        state.metrics.people_checked(entries.len() as u64);
        job::Entity::update_many()
            .col_expr(job::Column::ConsecutiveFailures, Expr::value(0))
            .col_expr(job::Column::State, Expr::value("running"))
            .col_expr(
                job::Column::PausedUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(job::Column::Id.eq(job_id))
            .filter(job::Column::State.is_in(["running", "paused"]))
            .exec(&txn)
            .await?;
        finish_when_all_done(&txn, state, job_id, b.id, &b.unit_id.to_string(), now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// A chunk that will never be checked still ends the run (its people stay unchecked).
    async fn dead(&self, ctx: &TaskContext) -> Result<(), TaskError> {
        let p: CheckPayload = payload(&ctx.task)?;
        let job_id = job_of(ctx)?;
        let now = ctx.state.clock.now();
        let owner = ctx.task.owner.clone();
        finish_when_all_done(&ctx.state.db, &ctx.state, job_id, p.batch_id, &owner, now).await
    }
}

/// When the job is paused and its pause has not ended, the end of the pause. A check that
/// was in flight when another one paused the job comes back after its own short deferral:
/// it waits for the pause instead of calling an interface that is down.
fn paused_until(j: &job::Model, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    (j.state == "paused")
        .then_some(j.paused_until)
        .flatten()
        .filter(|until| *until > now)
}

/// After the job's last check: queue the finish (once, whoever gets here).
async fn finish_when_all_done(
    db: &impl ConnectionTrait,
    state: &AppState,
    job_id: Uuid,
    batch_id: Uuid,
    owner: &str,
    now: DateTime<Utc>,
) -> Result<(), TaskError> {
    let Some(j) = job::Entity::find_by_id(job_id).one(db).await? else {
        return Ok(());
    };
    // The finish task itself is not one of the job's counted tasks.
    if j.done_tasks + j.dead_tasks >= j.total_tasks {
        enqueue_finish(db, state, job_id, batch_id, owner, now).await?;
    }
    Ok(())
}

/// Queues the finish of a run (at most once per job).
pub async fn enqueue_finish(
    db: &impl ConnectionTrait,
    state: &AppState,
    job_id: Uuid,
    batch_id: Uuid,
    owner: &str,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let finish = NewTask::new(FINISH, owner, serde_json::json!(FinishPayload { batch_id }))
        .unique(format!("{FINISH}:{job_id}"));
    enqueue(db, &state.settings.tasks, now, finish).await?;
    Ok(())
}

/// An interface stayed down through its retries: count it against the job's budget, pause
/// the job when the budget is spent, and put the task back without spending an attempt.
async fn interface_down(ctx: &TaskContext, job_id: Uuid, err: InterfaceError) -> TaskError {
    let state = &ctx.state;
    let now = state.clock.now();
    tracing::warn!(job = %job_id, error = %err, "verification: interface unavailable");
    let outcome = async {
        let txn = crate::db::begin(&state.db).await?;
        job::Entity::update_many()
            .col_expr(
                job::Column::ConsecutiveFailures,
                Expr::col(job::Column::ConsecutiveFailures).add(1),
            )
            .col_expr(job::Column::LastError, Expr::value(Some(err.to_string())))
            .col_expr(job::Column::UpdatedAt, Expr::value(now))
            .filter(job::Column::Id.eq(job_id))
            .exec(&txn)
            .await?;
        let failures: Option<i32> = job::Entity::find_by_id(job_id)
            .select_only()
            .column(job::Column::ConsecutiveFailures)
            .into_tuple()
            .one(&txn)
            .await?;
        let until = if failures.unwrap_or(0) >= FAILURE_BUDGET {
            let until = now + Duration::seconds(PAUSE_SECONDS);
            pause(&txn, job_id, until, now).await?;
            until
        } else {
            now + Duration::seconds(RETRY_SECONDS)
        };
        txn.commit().await?;
        Ok::<_, sea_orm::DbErr>(until)
    }
    .await;
    match outcome {
        Ok(until) => TaskError::Defer {
            until,
            reason: err.to_string(),
        },
        Err(db) => db.into(),
    }
}

/// Pauses a job until `until`: its queued tasks wait until then (they resume by themselves,
/// or earlier on request).
pub async fn pause(
    db: &impl ConnectionTrait,
    job_id: Uuid,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    job::Entity::update_many()
        .col_expr(job::Column::State, Expr::value("paused"))
        .col_expr(job::Column::PausedUntil, Expr::value(Some(until)))
        .col_expr(job::Column::UpdatedAt, Expr::value(now))
        .filter(job::Column::Id.eq(job_id))
        .exec(db)
        .await?;
    task::Entity::update_many()
        .col_expr(task::Column::RunAt, Expr::value(until))
        .filter(task::Column::JobId.eq(job_id))
        .filter(task::Column::State.eq(TaskState::Queued.as_str()))
        .filter(task::Column::RunAt.lt(until))
        .exec(db)
        .await?;
    Ok(())
}

struct Finish;

#[async_trait::async_trait]
impl TaskHandler for Finish {
    async fn run(&self, ctx: &TaskContext) -> Result<(), TaskError> {
        let p: FinishPayload = payload(&ctx.task)?;
        let state = &ctx.state;
        let Some(b) = batch::Entity::find_by_id(p.batch_id).one(&state.db).await? else {
            return Ok(());
        };
        if status_of(&b).map_err(service)? != BatchStatus::Verifying {
            return Ok(());
        }
        refresh_units(state, b.id).await?;
        let now = state.clock.now();
        let txn = crate::db::begin(&state.db).await?;
        let current = locked(&txn, b.id).await.map_err(service)?;
        let plan = plan_of(&txn, &current).await.map_err(service)?;
        let ctx_b = context(&current, &plan, now, 0).map_err(service)?;
        let transition = status_of(&current)
            .map_err(service)?
            .apply(BatchAction::FinishVerification, &ctx_b)
            .map_err(|r| TaskError::Fatal(r.to_string()))?;
        let changes = batch::ActiveModel {
            status: Set(key(&transition.to)),
            ..Default::default()
        };
        let after = save(&txn, &current, changes, now).await.map_err(service)?;
        let job = super::summary::latest_job(&txn, b.id)
            .await
            .map_err(service)?;
        if let Some(j) = &job {
            let state_after = if j.dead_tasks > 0 { "failed" } else { "done" };
            job::Entity::update_many()
                .col_expr(job::Column::State, Expr::value(state_after))
                .col_expr(job::Column::FinishedAt, Expr::value(Some(now)))
                .col_expr(job::Column::UpdatedAt, Expr::value(now))
                .filter(job::Column::Id.eq(j.id))
                .exec(&txn)
                .await?;
        }
        let summary = super::summary::summary(&txn, b.id).await.map_err(service)?;
        audit::entry(Some(&Actor::System), "batch.verification_finished")
            .target("batch", b.id)
            .before(serde_json::json!({ "status": current.status }))
            .after(serde_json::json!({
                "status": after.status,
                "withholdable": summary.withholdable,
                "not_withholdable": summary.not_withholdable,
                "blocking": summary.blocking,
            }))
            .write(&txn, now)
            .await?;
        ctx.lease.complete(&txn, now).await?;
        txn.commit().await?;
        tracing::info!(batch = %b.id, "verification finished");
        Ok(())
    }
}

/// Asks the social-security units interface for the head count (社保人数) of every code
/// among the batch's people, for the ratio step.
async fn refresh_units(state: &AppState, batch_id: Uuid) -> Result<(), TaskError> {
    let codes: Vec<Option<String>> = roster_entry::Entity::find()
        .select_only()
        .column(roster_entry::Column::SsCode)
        .filter(roster_entry::Column::BatchId.eq(batch_id))
        .filter(roster_entry::Column::SsCode.is_not_null())
        .distinct()
        .into_tuple()
        .all(&state.db)
        .await?;
    // Asked side by side (the interface's permits bound them): one by one, a batch over
    // many codes waited a latency per code at the end of every run.
    let asks: Vec<_> = codes
        .into_iter()
        .flatten()
        .map(|code| async move { state.interfaces.social_security.unit(&code).await })
        .collect();
    let answers: Vec<_> = futures_util::stream::iter(asks)
        .buffered(UNIT_CALLS_IN_FLIGHT)
        .collect()
        .await;
    for answer in answers {
        let unit = match answer {
            Ok(Some(u)) => u,
            Ok(None) => continue,
            Err(e) => {
                return Err(TaskError::Defer {
                    until: state.clock.now() + Duration::seconds(RETRY_SECONDS),
                    reason: e.to_string(),
                })
            }
        };
        let row = ss_unit::ActiveModel {
            ss_code: Set(unit.ss_code.clone()),
            unit_name: Set(unit.unit_name),
            retiree_count: Set(i32::try_from(unit.retiree_count).unwrap_or(i32::MAX)),
            checked_at: Set(state.clock.now()),
        };
        ss_unit::Entity::insert(row)
            .on_conflict(
                OnConflict::column(ss_unit::Column::SsCode)
                    .update_columns([
                        ss_unit::Column::UnitName,
                        ss_unit::Column::RetireeCount,
                        ss_unit::Column::CheckedAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&state.db)
            .await?;
    }
    Ok(())
}
