//! The queue's storage operations: enqueue, claim under a lease, extend, complete, fail.
//! Every write after the claim is guarded by (task, lease owner, attempt).

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, Set, Statement,
};
use uuid::Uuid;

use crate::app::config::TaskSettings;
use crate::entities::{job, task};

pub use super::lease::{backoff, Lease, LeaseLost, TaskCompletionError};

/// Where a task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskState {
    /// Waiting for its `run_at`.
    Queued,
    /// Claimed by a runner (its lease may have expired).
    Running,
    /// Held back with its job (e.g. an external interface is down).
    Paused,
    /// Finished.
    Done,
    /// Out of attempts, or failed fatally; kept with its last error.
    Dead,
}

impl TaskState {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            TaskState::Queued => "queued",
            TaskState::Running => "running",
            TaskState::Paused => "paused",
            TaskState::Done => "done",
            TaskState::Dead => "dead",
        }
    }
}

/// A task to enqueue.
#[derive(Debug, Clone)]
pub struct NewTask {
    /// Which handler runs it.
    pub kind: String,
    /// Its input.
    pub payload: serde_json::Value,
    /// Fairness key: the unit whose work it is (`system` for the platform's own).
    pub owner: String,
    /// The job it counts towards.
    pub job_id: Option<Uuid>,
    /// The same key is never queued twice (`None`: no such guard).
    pub unique_key: Option<String>,
    /// Not before this instant (`None`: now).
    pub run_at: Option<DateTime<Utc>>,
}

impl NewTask {
    /// A task of `kind` for `owner` with `payload`.
    pub fn new(kind: &str, owner: impl Into<String>, payload: serde_json::Value) -> Self {
        NewTask {
            kind: kind.to_owned(),
            payload,
            owner: owner.into(),
            job_id: None,
            unique_key: None,
            run_at: None,
        }
    }

    /// Counts towards `job`.
    pub fn in_job(mut self, job: Uuid) -> Self {
        self.job_id = Some(job);
        self
    }

    /// Never queued twice under `key`.
    pub fn unique(mut self, key: impl Into<String>) -> Self {
        self.unique_key = Some(key.into());
        self
    }
}

/// Enqueues a task inside the caller's transaction; `None` when a task with the same
/// unique key exists already (nothing is queued twice).
pub async fn enqueue(
    db: &impl ConnectionTrait,
    settings: &TaskSettings,
    now: DateTime<Utc>,
    new: NewTask,
) -> Result<Option<Uuid>, DbErr> {
    let id = Uuid::new_v4();
    let job_id = new.job_id;
    let inserted = insert(db, vec![row(id, settings, now, new)]).await?;
    if inserted == 0 {
        return Ok(None);
    }
    count_in_job(db, job_id, inserted, now).await?;
    Ok(Some(id))
}

/// Enqueues tasks inside the caller's transaction, a few hundred rows a statement; those
/// whose unique key exists already are skipped, and each job counts the ones queued in it.
/// Answers how many were queued.
pub async fn enqueue_all(
    db: &impl ConnectionTrait,
    settings: &TaskSettings,
    now: DateTime<Utc>,
    tasks: Vec<NewTask>,
) -> Result<u64, DbErr> {
    /// Rows a statement: 16 columns each, well under either database's parameter cap.
    const ROWS: usize = 500;
    let mut by_job: BTreeMap<Option<Uuid>, Vec<task::ActiveModel>> = BTreeMap::new();
    for new in tasks {
        let rows = by_job.entry(new.job_id).or_default();
        rows.push(row(Uuid::new_v4(), settings, now, new));
    }
    let mut queued = 0;
    for (job_id, rows) in by_job {
        let mut in_job = 0;
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            in_job += insert(db, rows.by_ref().take(ROWS).collect()).await?;
        }
        count_in_job(db, job_id, in_job, now).await?;
        queued += in_job;
    }
    Ok(queued)
}

fn row(id: Uuid, settings: &TaskSettings, now: DateTime<Utc>, new: NewTask) -> task::ActiveModel {
    task::ActiveModel {
        id: Set(id),
        job_id: Set(new.job_id),
        kind: Set(new.kind),
        payload: Set(new.payload),
        owner: Set(new.owner),
        state: Set(TaskState::Queued.as_str().into()),
        attempt: Set(0),
        max_attempts: Set(settings.max_attempts),
        run_at: Set(new.run_at.unwrap_or(now)),
        lease_owner: Set(None),
        lease_expires_at: Set(None),
        last_error: Set(None),
        unique_key: Set(new.unique_key),
        created_at: Set(now),
        updated_at: Set(now),
        finished_at: Set(None),
    }
}

/// Inserts the rows, skipping those whose unique key exists (ON CONFLICT DO NOTHING: a
/// duplicate must not abort the caller's transaction); answers how many were inserted.
async fn insert(db: &impl ConnectionTrait, rows: Vec<task::ActiveModel>) -> Result<u64, DbErr> {
    if rows.is_empty() {
        return Ok(0);
    }
    task::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::column(task::Column::UniqueKey)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await
}

/// Adds `queued` tasks to the job's count.
async fn count_in_job(
    db: &impl ConnectionTrait,
    job_id: Option<Uuid>,
    queued: u64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let (Some(job_id), true) = (job_id, queued > 0) else {
        return Ok(());
    };
    let queued = i32::try_from(queued).unwrap_or(i32::MAX);
    job::Entity::update_many()
        .col_expr(
            job::Column::TotalTasks,
            Expr::col(job::Column::TotalTasks).add(queued),
        )
        .col_expr(job::Column::UpdatedAt, Expr::value(now))
        .filter(job::Column::Id.eq(job_id))
        .exec(db)
        .await?;
    Ok(())
}

/// A job to create.
#[derive(Debug, Clone)]
pub struct NewJob {
    /// What kind of work.
    pub kind: String,
    /// The unit whose work it is (`system` otherwise).
    pub owner: String,
    /// The record it works on.
    pub subject_id: Option<Uuid>,
    /// Its input.
    pub payload: Option<serde_json::Value>,
    /// The same key never makes a second job.
    pub unique_key: Option<String>,
}

/// Creates a job (its tasks are enqueued with [`NewTask::in_job`]); `None` when a job
/// with the same unique key exists.
pub async fn create_job(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    new: NewJob,
) -> Result<Option<Uuid>, DbErr> {
    let id = Uuid::new_v4();
    let row = job::ActiveModel {
        id: Set(id),
        kind: Set(new.kind),
        owner: Set(new.owner),
        subject_id: Set(new.subject_id),
        state: Set("running".into()),
        total_tasks: Set(0),
        done_tasks: Set(0),
        dead_tasks: Set(0),
        consecutive_failures: Set(0),
        paused_until: Set(None),
        payload: Set(new.payload),
        unique_key: Set(new.unique_key),
        last_error: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        finished_at: Set(None),
    };
    let inserted = job::Entity::insert(row)
        .on_conflict(
            OnConflict::column(job::Column::UniqueKey)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok((inserted > 0).then_some(id))
}

/// The SQL of a claim, for the backend; `{n}` stand for the parameters
/// 1 = now, 2 = limit, 3 = runner, 4 = lease expiry.
///
/// Fair share between owners: an owner's runnable tasks are ranked 1, 2, 3, … by age, and
/// every task it already has running (under a live lease, on any instance) pushes its rank
/// down by one. A runner with one free slot therefore takes the next task of the owner with
/// the least work in flight — a unit whose 20-person batch arrives while another unit's
/// 50,000 people run gets the next free slot, not the end of the queue.
macro_rules! ranked {
    () => {
        "
WITH busy AS (
    SELECT owner, count(*) AS running FROM tasks
    WHERE state = 'running' AND lease_expires_at > {1}
    GROUP BY owner
), ranked AS (
    SELECT t.id, t.run_at,
           row_number() OVER (PARTITION BY t.owner ORDER BY t.run_at, t.id)
             + COALESCE(b.running, 0) AS rn
    FROM tasks t LEFT JOIN busy b ON b.owner = t.owner
    WHERE (t.state = 'queued' AND t.run_at <= {1})
       OR (t.state = 'running' AND t.lease_expires_at <= {1})
)"
    };
}

/// PostgreSQL: the best-ranked tasks, locked with `SKIP LOCKED` so that concurrent
/// claims of other instances pass over them.
const CLAIM_POSTGRES: &str = concat!(
    ranked!(),
    ", picked AS (
    SELECT t.id FROM tasks t JOIN ranked r ON r.id = t.id
    WHERE (t.state = 'queued' AND t.run_at <= {1})
       OR (t.state = 'running' AND t.lease_expires_at <= {1})
    ORDER BY r.rn, r.run_at, t.id
    LIMIT {2}
    FOR UPDATE OF t SKIP LOCKED
)
UPDATE tasks SET state = 'running', attempt = tasks.attempt + 1, lease_owner = {3},
       lease_expires_at = {4}, updated_at = {1}
FROM picked WHERE tasks.id = picked.id
RETURNING tasks.*"
);

/// SQLite has one writer at a time: the same claim without row locks.
const CLAIM_SQLITE: &str = concat!(
    ranked!(),
    "
UPDATE tasks SET state = 'running', attempt = attempt + 1, lease_owner = {3},
       lease_expires_at = {4}, updated_at = {1}
WHERE id IN (SELECT id FROM ranked ORDER BY rn, run_at, id LIMIT {2})
RETURNING *"
);

fn placeholders(sql: &str, backend: DatabaseBackend) -> String {
    let mut out = sql.to_owned();
    for n in 1..=4 {
        let p = match backend {
            DatabaseBackend::Postgres => format!("${n}"),
            _ => format!("?{n}"),
        };
        out = out.replace(&format!("{{{n}}}"), &p);
    }
    out
}

/// Claims up to `limit` runnable tasks for `runner` — queued ones whose time has come and
/// running ones whose lease expired — rotating between owners; several runners (and
/// instances) never claim the same task at once.
pub async fn claim(
    db: &impl ConnectionTrait,
    runner: &str,
    now: DateTime<Utc>,
    lease: Duration,
    limit: usize,
) -> Result<Vec<(task::Model, Lease)>, DbErr> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Postgres => placeholders(CLAIM_POSTGRES, backend),
        _ => placeholders(CLAIM_SQLITE, backend),
    };
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let stmt = Statement::from_sql_and_values(
        backend,
        sql,
        [
            now.into(),
            limit.into(),
            runner.into(),
            (now + lease).into(),
        ],
    );
    let rows = task::Model::find_by_statement(stmt).all(db).await?;
    Ok(rows
        .into_iter()
        .map(|t| {
            let lease = Lease::new(t.id, runner, t.attempt, t.job_id, lease);
            (t, lease)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_follow_the_backend() {
        let pg = placeholders(CLAIM_POSTGRES, DatabaseBackend::Postgres);
        assert!(pg.contains("$1") && pg.contains("$4") && !pg.contains("{1}"));
        let lite = placeholders(CLAIM_SQLITE, DatabaseBackend::Sqlite);
        assert!(lite.contains("?1") && lite.contains("?4") && !lite.contains("{2}"));
    }
}
