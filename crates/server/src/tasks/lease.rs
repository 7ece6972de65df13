//! The lease on a claimed task, and every write after the claim: extend, complete, fail,
//! defer — each guarded by (task, lease owner, attempt), so a runner that lost its lease
//! writes nothing.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::queue::TaskState;
use crate::app::config::TaskSettings;
use crate::entities::{job, task};

/// The claim on one task: only the holder of a lease with this attempt may write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    /// The task.
    pub task_id: Uuid,
    /// The runner that holds it.
    pub owner: String,
    /// The attempt it is.
    pub attempt: i32,
    /// The task's job, if any.
    pub job_id: Option<Uuid>,
    lease: Duration,
}

impl Lease {
    /// The lease `runner` holds on `task_id` for `attempt`, `lease` long.
    pub(super) fn new(
        task_id: Uuid,
        runner: &str,
        attempt: i32,
        job_id: Option<Uuid>,
        lease: Duration,
    ) -> Self {
        Lease {
            task_id,
            owner: runner.to_owned(),
            attempt,
            job_id,
            lease,
        }
    }
}

/// The lease was lost (it expired and another runner took the task): nothing was written.
#[derive(Debug, Clone, thiserror::Error)]
#[error("lost the lease of task {task_id} (attempt {attempt})")]
pub struct LeaseLost {
    /// The task.
    pub task_id: Uuid,
    /// The attempt that lost it.
    pub attempt: i32,
}

impl Lease {
    fn guard(&self) -> sea_orm::Condition {
        sea_orm::Condition::all()
            .add(task::Column::Id.eq(self.task_id))
            .add(task::Column::LeaseOwner.eq(self.owner.as_str()))
            .add(task::Column::Attempt.eq(self.attempt))
            .add(task::Column::State.eq(TaskState::Running.as_str()))
    }

    fn lost(&self) -> LeaseLost {
        LeaseLost {
            task_id: self.task_id,
            attempt: self.attempt,
        }
    }

    /// Pushes the lease's expiry to `now` + the lease time; `false` when it was lost.
    pub async fn extend(
        &self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> Result<bool, DbErr> {
        let res = task::Entity::update_many()
            .col_expr(task::Column::LeaseExpiresAt, Expr::value(now + self.lease))
            .filter(self.guard())
            .exec(db)
            .await?;
        Ok(res.rows_affected == 1)
    }

    /// Marks the task done (and counts it in its job). Call it in the transaction of the
    /// task's writes: when the lease was lost the caller rolls everything back. Completing
    /// twice with the same lease is a no-op.
    pub async fn complete(
        &self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> Result<(), TaskCompletionError> {
        let res = task::Entity::update_many()
            .col_expr(task::Column::State, Expr::value(TaskState::Done.as_str()))
            .col_expr(task::Column::FinishedAt, Expr::value(Some(now)))
            .col_expr(task::Column::UpdatedAt, Expr::value(now))
            .col_expr(task::Column::LastError, Expr::value(Option::<String>::None))
            .filter(self.guard())
            .exec(db)
            .await?;
        if res.rows_affected == 1 {
            self.count_in_job(db, job::Column::DoneTasks, now).await?;
            return Ok(());
        }
        let row = task::Entity::find_by_id(self.task_id).one(db).await?;
        match row {
            Some(t)
                if t.state == TaskState::Done.as_str()
                    && t.lease_owner.as_deref() == Some(self.owner.as_str())
                    && t.attempt == self.attempt =>
            {
                Ok(())
            }
            _ => Err(TaskCompletionError::LeaseLost(self.lost())),
        }
    }

    /// Records a failed attempt: queued again after a backoff with full jitter, or dead
    /// when out of attempts (or `fatal`). Answers the new state.
    pub async fn fail(
        &self,
        db: &impl ConnectionTrait,
        settings: &TaskSettings,
        max_attempts: i32,
        error: &str,
        fatal: bool,
        now: DateTime<Utc>,
    ) -> Result<TaskState, TaskCompletionError> {
        let dead = fatal || self.attempt >= max_attempts;
        let error: String = error.chars().take(2000).collect();
        let mut update = task::Entity::update_many()
            .col_expr(task::Column::LastError, Expr::value(Some(error)))
            .col_expr(task::Column::UpdatedAt, Expr::value(now));
        let state = if dead {
            update = update
                .col_expr(task::Column::State, Expr::value(TaskState::Dead.as_str()))
                .col_expr(task::Column::FinishedAt, Expr::value(Some(now)));
            TaskState::Dead
        } else {
            let run_at = now + backoff(settings, self.attempt);
            update = update
                .col_expr(task::Column::State, Expr::value(TaskState::Queued.as_str()))
                .col_expr(task::Column::RunAt, Expr::value(run_at))
                .col_expr(
                    task::Column::LeaseExpiresAt,
                    Expr::value(Option::<DateTime<Utc>>::None),
                );
            TaskState::Queued
        };
        let res = update.filter(self.guard()).exec(db).await?;
        if res.rows_affected != 1 {
            return Err(TaskCompletionError::LeaseLost(self.lost()));
        }
        if dead {
            self.count_in_job(db, job::Column::DeadTasks, now).await?;
        }
        Ok(state)
    }

    /// Puts the task back for later without spending an attempt (the work could not start:
    /// a dependency is down, the job is paused); guarded like every write.
    pub async fn defer(
        &self,
        db: &impl ConnectionTrait,
        until: DateTime<Utc>,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<(), TaskCompletionError> {
        let reason: String = reason.chars().take(2000).collect();
        let res = task::Entity::update_many()
            .col_expr(task::Column::State, Expr::value(TaskState::Queued.as_str()))
            .col_expr(task::Column::RunAt, Expr::value(until))
            .col_expr(task::Column::Attempt, Expr::value(self.attempt - 1))
            .col_expr(task::Column::LastError, Expr::value(Some(reason)))
            .col_expr(
                task::Column::LeaseExpiresAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(task::Column::UpdatedAt, Expr::value(now))
            .filter(self.guard())
            .exec(db)
            .await?;
        if res.rows_affected == 1 {
            Ok(())
        } else {
            Err(TaskCompletionError::LeaseLost(self.lost()))
        }
    }

    async fn count_in_job(
        &self,
        db: &impl ConnectionTrait,
        counter: job::Column,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        let Some(job_id) = self.job_id else {
            return Ok(());
        };
        job::Entity::update_many()
            .col_expr(counter, Expr::col(counter).add(1))
            .col_expr(job::Column::UpdatedAt, Expr::value(now))
            .filter(job::Column::Id.eq(job_id))
            .exec(db)
            .await?;
        Ok(())
    }
}

/// Why completing or failing a task did not take.
#[derive(Debug, thiserror::Error)]
pub enum TaskCompletionError {
    /// Another runner owns the task now.
    #[error(transparent)]
    LeaseLost(#[from] LeaseLost),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// The wait before attempt `attempt + 1`: uniformly random between 0 and
/// min(max, base × 2^(attempt − 1)) ("full jitter"), so retries of many tasks spread out.
pub fn backoff(settings: &TaskSettings, attempt: i32) -> Duration {
    let exp = u32::try_from(attempt.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
    let ceiling = settings
        .retry_base_seconds
        .max(1)
        .saturating_mul(1_i64 << exp)
        .min(settings.retry_max_seconds.max(1));
    let millis = rand::thread_rng().gen_range(0..=ceiling.saturating_mul(1000));
    Duration::milliseconds(millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_with_the_attempt_and_stays_under_the_cap() {
        let settings = TaskSettings {
            retry_base_seconds: 2,
            retry_max_seconds: 60,
            ..TaskSettings::default()
        };
        for attempt in 1..40 {
            let wait = backoff(&settings, attempt);
            let ceiling = (2_i64 << (attempt - 1).min(20)).min(60);
            assert!(wait >= Duration::zero() && wait <= Duration::seconds(ceiling));
        }
        // Full jitter: not always the ceiling.
        let waits: Vec<Duration> = (0..50).map(|_| backoff(&settings, 10)).collect();
        assert!(waits.iter().any(|w| *w < Duration::seconds(59)));
    }
}
