//! Failures: a retried task backs off (the wait kept in its row), runs again once due and
//! is dead after its attempts; a deferred one waits without spending an attempt.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use chrono::Duration;
use server::app::clock::Clock;
use server::tasks::{NewTask, TaskContext, TaskError, TaskHandler};

use super::{claim_now, enqueue, task_row, Failing};
use crate::app::TestApp;

#[tokio::test]
async fn a_failing_task_backs_off_runs_again_later_and_dies_after_its_attempts() {
    let failing = Arc::new(Failing::default());
    let app = TestApp::builder()
        .settings(|s| {
            s.tasks.max_attempts = 3;
            s.tasks.retry_base_seconds = 10;
            s.tasks.retry_max_seconds = 60;
        })
        .task_handler("test.fail", failing.clone())
        .spawn()
        .await;
    let id = enqueue(
        &app,
        NewTask::new("test.fail", "system", serde_json::json!({})),
    )
    .await;

    for attempt in 1..=3 {
        let mut claimed = claim_now(&app, "runner-retry", 10).await;
        assert_eq!(claimed.len(), 1, "attempt {attempt} is due");
        let (row, lease) = claimed.remove(0);
        assert_eq!(row.attempt, attempt);
        app.run_claimed(row, lease).await;
        let t = task_row(&app, id).await;
        assert_eq!(
            t.last_error.as_deref(),
            Some(format!("boom {attempt}").as_str())
        );
        if attempt == 3 {
            assert_eq!(t.state, "dead", "out of attempts");
            assert!(t.finished_at.is_some());
            break;
        }
        // Queued again after a backoff of at most base × 2^(attempt − 1), kept in the row.
        assert_eq!(t.state, "queued");
        assert_eq!(t.attempt, attempt);
        let failed_at = t.updated_at;
        let ceiling = Duration::seconds(10 << (attempt - 1));
        assert!(
            t.run_at >= failed_at && t.run_at <= failed_at + ceiling,
            "run_at {} after a failure at {failed_at}",
            t.run_at
        );
        // Not before its run_at; then it runs again.
        app.clock.set(t.run_at - Duration::seconds(2));
        assert!(claim_now(&app, "runner-retry", 10).await.is_empty());
        app.clock.set(t.run_at + Duration::seconds(1));
    }
    assert_eq!(
        failing.deaths.load(Ordering::SeqCst),
        1,
        "the dead hook ran once"
    );
    app.clock.advance(Duration::days(1));
    assert!(
        claim_now(&app, "runner-retry", 10).await.is_empty(),
        "dead stays dead"
    );
}

/// Defers its task `left` times, then succeeds.
struct Deferring {
    left: AtomicUsize,
}

#[async_trait::async_trait]
impl TaskHandler for Deferring {
    async fn run(&self, ctx: &TaskContext) -> Result<(), TaskError> {
        let left = self.left.load(Ordering::SeqCst);
        if left == 0 {
            return Ok(());
        }
        self.left.store(left - 1, Ordering::SeqCst);
        Err(TaskError::Defer {
            until: ctx.state.clock.now() + Duration::seconds(30),
            reason: "the interface is down".into(),
        })
    }
}

#[tokio::test]
async fn a_deferred_task_waits_without_spending_an_attempt() {
    let deferring = Arc::new(Deferring {
        left: AtomicUsize::new(5),
    });
    let app = TestApp::builder()
        .settings(|s| s.tasks.max_attempts = 3)
        .task_handler("test.defer", deferring)
        .spawn()
        .await;
    let id = enqueue(
        &app,
        NewTask::new("test.defer", "system", serde_json::json!({})),
    )
    .await;

    // Deferred more often than it has attempts: it is never dead.
    for _ in 0..5 {
        let mut claimed = claim_now(&app, "runner-defer", 10).await;
        assert_eq!(claimed.len(), 1);
        let (row, lease) = claimed.remove(0);
        assert_eq!(row.attempt, 1, "a deferral gives its attempt back");
        let before = app.clock.now();
        app.run_claimed(row, lease).await;
        let t = task_row(&app, id).await;
        assert_eq!((t.state.as_str(), t.attempt), ("queued", 0));
        assert_eq!(t.last_error.as_deref(), Some("the interface is down"));
        let wait = t.run_at - before;
        assert!(
            wait >= Duration::seconds(29) && wait <= Duration::seconds(31),
            "deferred by {wait}"
        );
        assert!(claim_now(&app, "runner-defer", 10).await.is_empty());
        app.clock.advance(Duration::seconds(31));
    }
    assert_eq!(app.run_pending_tasks().await, 1);
    let t = task_row(&app, id).await;
    assert_eq!((t.state.as_str(), t.attempt), ("done", 1));
    assert_eq!(t.last_error, None);
}
