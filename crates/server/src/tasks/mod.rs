//! The durable task queue (后台任务), on the mechanisms of Oban, River and graphile-worker:
//! tasks are rows, enqueued inside the transaction of the change that causes them, claimed
//! by any server instance under a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL), retried
//! with exponential backoff and full jitter stored in `run_at`, and completed with a write
//! that checks the lease, so a runner that lost its lease can never write twice.
//!
//! A task belongs to an *owner* (the unit whose work it is): claims rotate between owners,
//! so one unit's 50,000 tasks never starve another unit's 20. Tasks may belong to a *job*
//! that counts them (progress: done / total).
//!
//! Handlers are written at-least-once: a task whose runner died is run again after its
//! lease expires, so a handler's writes are idempotent or commit together with
//! [`Lease::complete`].

mod lease;
pub mod queue;
pub mod runner;
mod wake;

use std::collections::HashMap;
use std::sync::Arc;

use crate::app::state::AppState;
use crate::entities::task;

pub use queue::{create_job, enqueue, enqueue_all, Lease, LeaseLost, NewJob, NewTask, TaskState};
pub use runner::{drain, RunnerHandle};
pub use wake::Wakeup;

/// Why a task's run failed.
#[derive(Debug, thiserror::Error)]
pub enum TaskError {
    /// Worth another attempt later (a dependency is down, a race was lost).
    #[error("{0}")]
    Retry(String),
    /// No attempt will succeed (bad payload, a bug): the task is dead at once.
    #[error("{0}")]
    Fatal(String),
    /// Could not start (a dependency is down, the job is paused): run again at `until`
    /// without spending an attempt.
    #[error("deferred until {until}: {reason}")]
    Defer {
        /// When to try again.
        until: chrono::DateTime<chrono::Utc>,
        /// Why (kept as the task's last error).
        reason: String,
    },
    /// The lease was lost: another runner owns the task now; nothing was written.
    #[error(transparent)]
    LeaseLost(#[from] LeaseLost),
}

impl From<queue::TaskCompletionError> for TaskError {
    fn from(err: queue::TaskCompletionError) -> Self {
        match err {
            queue::TaskCompletionError::LeaseLost(lost) => TaskError::LeaseLost(lost),
            queue::TaskCompletionError::Db(db) => db.into(),
        }
    }
}

impl From<sea_orm::DbErr> for TaskError {
    fn from(err: sea_orm::DbErr) -> Self {
        TaskError::Retry(format!("database: {err}"))
    }
}

/// What a handler gets: the application's state and the lease of its task.
pub struct TaskContext {
    /// Database, clock, interfaces, settings.
    pub state: AppState,
    /// The claim: pass it to [`Lease::complete`] inside the handler's final transaction.
    pub lease: Lease,
    /// The task row as claimed (kind, payload, attempt).
    pub task: task::Model,
}

/// The code that runs one kind of task.
#[async_trait::async_trait]
pub trait TaskHandler: Send + Sync {
    /// Runs the task. Completing it in the same transaction as its writes
    /// (`ctx.lease.complete(&txn, now)`) makes them exactly-once; a handler that does
    /// not is completed by the runner after it returns.
    async fn run(&self, ctx: &TaskContext) -> Result<(), TaskError>;

    /// Called once the task is dead (out of attempts or failed fatally), so the work it was
    /// part of can end without it.
    async fn dead(&self, _ctx: &TaskContext) -> Result<(), TaskError> {
        Ok(())
    }
}

/// The handlers by task kind.
#[derive(Default, Clone)]
pub struct TaskRegistry {
    handlers: HashMap<String, Arc<dyn TaskHandler>>,
}

impl TaskRegistry {
    /// Adds (or replaces) the handler of `kind`.
    pub fn register(&mut self, kind: &str, handler: Arc<dyn TaskHandler>) -> &mut Self {
        self.handlers.insert(kind.to_owned(), handler);
        self
    }

    /// The handler of `kind`.
    pub fn get(&self, kind: &str) -> Option<Arc<dyn TaskHandler>> {
        self.handlers.get(kind).cloned()
    }
}
