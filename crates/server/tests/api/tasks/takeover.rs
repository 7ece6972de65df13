//! A runner killed mid-task: its task is taken over once the lease expires, the late
//! runner's writes are refused, the effect exists once and the task is never lost.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait,
};
use server::app::clock::Clock;
use server::entities::audit_log;
use server::tasks::queue::TaskCompletionError;
use server::tasks::{NewTask, TaskContext, TaskError, TaskHandler};
use uuid::Uuid;

use super::{claim_now, enqueue, lease_time, task_row, Failing};
use crate::app::TestApp;

const EFFECT: &str = "test.task_effect";

/// The effect of a task: an audit entry naming it, written in the transaction that
/// completes the task (so it exists once however often the task runs).
async fn write_effect(
    db: &impl ConnectionTrait,
    task_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    server::audit::entry(None, EFFECT)
        .target("task", task_id)
        .write(db, now)
        .await
}

async fn effects(app: &TestApp, task_id: Uuid) -> u64 {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(EFFECT))
        .filter(audit_log::Column::TargetId.eq(task_id.to_string()))
        .count(&app.db)
        .await
        .expect("count effects")
}

/// Writes its effect and completes its task in one transaction.
struct Effectful;

#[async_trait::async_trait]
impl TaskHandler for Effectful {
    async fn run(&self, ctx: &TaskContext) -> Result<(), TaskError> {
        let now = ctx.state.clock.now();
        let txn = ctx.state.db.begin().await?;
        write_effect(&txn, ctx.task.id, now).await?;
        ctx.lease.complete(&txn, now).await?;
        txn.commit().await?;
        Ok(())
    }
}

#[tokio::test]
async fn a_killed_runners_task_is_taken_over_once_and_its_late_writes_are_refused() {
    let app = TestApp::builder()
        .task_handler("test.effect", Arc::new(Effectful))
        .spawn()
        .await;
    let id = enqueue(
        &app,
        NewTask::new("test.effect", "system", serde_json::json!({})),
    )
    .await;

    // A runner claims the task and dies (kill -9): it never finishes nor fails it.
    let mut claimed = claim_now(&app, "runner-killed", 10).await;
    assert_eq!(claimed.len(), 1);
    let (first, killed) = claimed.remove(0);
    assert_eq!((first.id, first.attempt), (id, 1));
    assert_eq!(
        app.run_pending_tasks().await,
        0,
        "nobody takes a task whose lease still holds"
    );

    // Past the lease, another runner takes it over as attempt 2.
    app.clock.advance(lease_time(&app) + Duration::seconds(1));
    let mut taken = claim_now(&app, "runner-rescuer", 10).await;
    assert_eq!(taken.len(), 1, "the expired lease is claimable");
    let (second, rescuer) = taken.remove(0);
    assert_eq!((second.id, second.attempt), (id, 2));

    // The killed runner comes back while the rescuer holds the task, and again once the
    // rescuer is done: whatever it tries answers LeaseLost and writes nothing.
    let late_writes_are_refused = || async {
        let before = task_row(&app, id).await;
        let now = app.clock.now();
        let txn = app.db.begin().await.unwrap();
        write_effect(&txn, id, now).await.unwrap();
        let late = killed.complete(&txn, now).await;
        assert!(
            matches!(late, Err(TaskCompletionError::LeaseLost(_))),
            "{late:?}"
        );
        txn.rollback().await.unwrap();
        let settings = &app.state().settings.tasks;
        for fatal in [false, true] {
            let late = killed.fail(&app.db, settings, 8, "late", fatal, now).await;
            assert!(
                matches!(late, Err(TaskCompletionError::LeaseLost(_))),
                "{late:?}"
            );
        }
        let late = killed.defer(&app.db, now, "late", now).await;
        assert!(
            matches!(late, Err(TaskCompletionError::LeaseLost(_))),
            "{late:?}"
        );
        assert!(!killed.extend(&app.db, now).await.unwrap());
        // Its whole run, replayed late, is refused as well.
        app.run_claimed(first.clone(), killed.clone()).await;
        assert_eq!(
            task_row(&app, id).await,
            before,
            "the late runner changed the task"
        );
    };
    late_writes_are_refused().await;
    assert_eq!(effects(&app, id).await, 0);

    app.run_claimed(second, rescuer).await;
    let done = task_row(&app, id).await;
    assert_eq!(done.state, "done");
    assert_eq!(done.attempt, 2);
    assert_eq!(done.lease_owner.as_deref(), Some("runner-rescuer"));
    assert_eq!(effects(&app, id).await, 1);

    late_writes_are_refused().await;
    assert_eq!(effects(&app, id).await, 1, "the effect exists exactly once");
    app.clock.advance(Duration::days(1));
    assert_eq!(
        app.run_pending_tasks().await,
        0,
        "a done task never runs again"
    );
}

#[tokio::test]
async fn a_task_whose_runners_keep_dying_ends_dead_not_lost() {
    let handler = Arc::new(Failing::default());
    let app = TestApp::builder()
        .settings(|s| s.tasks.max_attempts = 2)
        .task_handler("test.doomed", handler.clone())
        .spawn()
        .await;
    let id = enqueue(
        &app,
        NewTask::new("test.doomed", "system", serde_json::json!({})),
    )
    .await;
    for attempt in 1..=2 {
        let claimed = claim_now(&app, &format!("runner-{attempt}"), 10).await;
        assert_eq!(claimed.len(), 1);
        assert_eq!(claimed[0].0.attempt, attempt);
        // killed before it records anything
        app.clock.advance(lease_time(&app) + Duration::seconds(1));
    }
    let mut claimed = claim_now(&app, "runner-3", 10).await;
    let (row, lease) = claimed.remove(0);
    assert_eq!(row.attempt, 3, "taken over once more");
    app.run_claimed(row, lease).await;
    let t = task_row(&app, id).await;
    assert_eq!(t.state, "dead");
    assert_eq!(t.last_error.as_deref(), Some("attempts exhausted"));
    assert_eq!(
        handler.runs.load(Ordering::SeqCst),
        0,
        "not run past its attempts"
    );
    assert_eq!(
        handler.deaths.load(Ordering::SeqCst),
        1,
        "its work is told it ended"
    );
}
