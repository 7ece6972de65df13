//! The runner: claims tasks for this instance, runs each under its lease (extended while it
//! runs), and records the outcome. Started by `Application::build` when `tasks.workers > 0`;
//! stopped gracefully at shutdown (running tasks get `shutdown_grace_seconds`, the rest
//! are taken over by any runner once their leases expire).

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::Duration;
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;

use super::queue::{claim, Lease, TaskCompletionError, TaskState};
use super::{TaskContext, TaskError, TaskRegistry};
use crate::app::state::AppState;
use crate::entities::task;

/// A running runner; [`RunnerHandle::shutdown`] stops it.
pub struct RunnerHandle {
    stop: watch::Sender<bool>,
    done: tokio::task::JoinHandle<()>,
}

impl RunnerHandle {
    /// Stops claiming, waits for running tasks (up to the grace period), then returns.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.done.await;
    }
}

/// A name for this runner, unique across instances and restarts.
pub fn runner_id() -> String {
    crate::app::instances::unique_name("runner")
}

/// Starts the runner of this instance with `workers` tasks at a time.
pub fn start(state: AppState, handlers: Arc<TaskRegistry>) -> RunnerHandle {
    let (stop, mut stopped) = watch::channel(false);
    let done = tokio::spawn(async move {
        let settings = state.settings.tasks.clone();
        let id = runner_id();
        let slots = Arc::new(Semaphore::new(settings.workers.max(1)));
        let mut running = JoinSet::new();
        let listener = state.wakeup.listen(&state.db);
        tracing::info!(runner = %id, workers = settings.workers, "task runner started");
        loop {
            if *stopped.borrow() {
                break;
            }
            while running.try_join_next().is_some() {}
            let free = slots.available_permits();
            let claimed = if free > 0 {
                claim_now(&state, &id, free).await
            } else {
                Vec::new()
            };
            let idle = claimed.is_empty();
            for (row, lease) in claimed {
                let Ok(permit) = slots.clone().acquire_owned().await else {
                    break;
                };
                let (state, handlers) = (state.clone(), handlers.clone());
                running.spawn(async move {
                    run_one(state, &handlers, row, lease).await;
                    drop(permit);
                });
            }
            if idle {
                let wait = StdDuration::from_millis(settings.poll_ms.max(10));
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = stopped.changed() => {}
                    _ = state.wakeup.woken() => {}
                    Some(_) = running.join_next(), if !running.is_empty() => {}
                }
            }
        }
        if let Some(listener) = listener {
            listener.abort();
        }
        let grace = StdDuration::from_secs(settings.shutdown_grace_seconds);
        let drained = tokio::time::timeout(grace, async {
            while running.join_next().await.is_some() {}
        })
        .await;
        if drained.is_err() {
            tracing::warn!(runner = %id, "shutdown: tasks still running are left to their leases");
            running.abort_all();
        }
        tracing::info!(runner = %id, "task runner stopped");
    });
    RunnerHandle { stop, done }
}

async fn claim_now(state: &AppState, runner: &str, limit: usize) -> Vec<(task::Model, Lease)> {
    let lease = Duration::seconds(state.settings.tasks.lease_seconds);
    match claim(&state.db, runner, state.clock.now(), lease, limit).await {
        Ok(claimed) => claimed,
        Err(err) => {
            tracing::warn!(error = %err, "claiming tasks failed");
            Vec::new()
        }
    }
}

/// Claims and runs runnable tasks until none is left (tasks retried later are not waited
/// for): what tests call to drive background work deterministically. Answers how many
/// ran.
pub async fn drain(state: &AppState, handlers: &Arc<TaskRegistry>) -> usize {
    let runner = runner_id();
    let mut ran = 0;
    loop {
        let claimed = claim_now(state, &runner, 16).await;
        if claimed.is_empty() {
            return ran;
        }
        ran += claimed.len();
        let mut batch = JoinSet::new();
        for (row, lease) in claimed {
            let (state, handlers) = (state.clone(), handlers.clone());
            batch.spawn(async move { run_one(state, &handlers, row, lease).await });
        }
        while batch.join_next().await.is_some() {}
    }
}

/// Runs one claimed task and records the outcome; the lease is extended every third of its
/// time, and a lost lease abandons the run.
pub async fn run_one(state: AppState, handlers: &TaskRegistry, row: task::Model, lease: Lease) {
    let settings = state.settings.tasks.clone();
    let max_attempts = row.max_attempts;
    let kind = row.kind.clone();
    let Some(handler) = handlers.get(&kind) else {
        let error = format!("no handler for task kind {kind}");
        record_failure(&state, &lease, max_attempts, &error, true).await;
        return;
    };
    let exhausted = row.attempt > max_attempts;
    let ctx = TaskContext {
        state: state.clone(),
        lease: lease.clone(),
        task: row,
    };
    if exhausted {
        // Taken over after its last attempt's runner died: nothing more to try.
        if record_failure(&state, &lease, max_attempts, "attempts exhausted", true).await {
            after_death(handler.as_ref(), &ctx, &kind).await;
        }
        return;
    }
    let beat = StdDuration::from_secs(
        u64::try_from(settings.lease_seconds / 3)
            .unwrap_or(1)
            .max(1),
    );
    let outcome = {
        let run = handler.run(&ctx);
        tokio::pin!(run);
        let mut ticker = tokio::time::interval(beat);
        ticker.tick().await;
        loop {
            tokio::select! {
                result = &mut run => break Some(result),
                _ = ticker.tick() => {
                    match lease.extend(&state.db, state.clock.now()).await {
                        Ok(true) => {}
                        Ok(false) => break None,
                        Err(err) => tracing::warn!(error = %err, "extending a lease failed"),
                    }
                }
            }
        }
    };
    match outcome {
        None => tracing::warn!(task = %lease.task_id, %kind, "lease lost: run abandoned"),
        Some(Ok(())) => {
            if let Err(err) = lease.complete(&state.db, state.clock.now()).await {
                tracing::warn!(task = %lease.task_id, %kind, error = %err, "completing a task failed");
            }
        }
        Some(Err(TaskError::LeaseLost(lost))) => {
            tracing::warn!(task = %lost.task_id, %kind, "lease lost: nothing written");
        }
        Some(Err(TaskError::Retry(error))) => {
            if record_failure(&state, &lease, max_attempts, &error, false).await {
                after_death(handler.as_ref(), &ctx, &kind).await;
            }
        }
        Some(Err(TaskError::Fatal(error))) => {
            if record_failure(&state, &lease, max_attempts, &error, true).await {
                after_death(handler.as_ref(), &ctx, &kind).await;
            }
        }
        Some(Err(TaskError::Defer { until, reason })) => {
            if let Err(err) = lease
                .defer(&state.db, until, &reason, state.clock.now())
                .await
            {
                tracing::warn!(task = %lease.task_id, %kind, error = %err, "deferring a task failed");
            }
        }
    }
}

async fn after_death(handler: &dyn super::TaskHandler, ctx: &TaskContext, kind: &str) {
    if let Err(err) = handler.dead(ctx).await {
        tracing::warn!(task = %ctx.lease.task_id, %kind, error = %err, "the dead-task hook failed");
    }
}

/// Records a failed attempt; answers whether the task is dead now.
async fn record_failure(
    state: &AppState,
    lease: &Lease,
    max_attempts: i32,
    error: &str,
    fatal: bool,
) -> bool {
    let settings = &state.settings.tasks;
    let now = state.clock.now();
    match lease
        .fail(&state.db, settings, max_attempts, error, fatal, now)
        .await
    {
        Ok(next) => {
            tracing::warn!(task = %lease.task_id, attempt = lease.attempt, ?next, %error, "task failed");
            next == TaskState::Dead
        }
        Err(TaskCompletionError::LeaseLost(_)) => {
            tracing::warn!(task = %lease.task_id, "lease lost before the failure was recorded");
            false
        }
        Err(TaskCompletionError::Db(err)) => {
            tracing::warn!(task = %lease.task_id, error = %err, "recording a failure failed");
            false
        }
    }
}
