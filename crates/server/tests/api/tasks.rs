//! Background tasks in tests: workers are off, so a test decides when queued work runs
//! (`app.run_pending_tasks()`), and the app's clock decides what is due.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use chrono::Duration;
use server::tasks::{NewTask, TaskContext, TaskError, TaskHandler};

use crate::app::TestApp;

/// Counts its runs.
#[derive(Default)]
struct Counting(AtomicUsize);

#[async_trait::async_trait]
impl TaskHandler for Counting {
    async fn run(&self, _ctx: &TaskContext) -> Result<(), TaskError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

async fn enqueue(app: &TestApp, task: NewTask) {
    let state = app.state();
    server::tasks::enqueue(&state.db, &state.settings.tasks, state.clock.now(), task)
        .await
        .expect("enqueue")
        .expect("queued");
}

#[tokio::test]
async fn queued_tasks_run_when_the_test_says_and_once_they_are_due() {
    let counting = Arc::new(Counting::default());
    let app = TestApp::builder()
        .task_handler("test.count", counting.clone())
        .spawn()
        .await;
    assert_eq!(app.run_pending_tasks().await, 0, "nothing queued yet");

    let now = app.state().clock.now();
    enqueue(
        &app,
        NewTask::new("test.count", "system", serde_json::json!({})),
    )
    .await;
    let mut later = NewTask::new("test.count", "system", serde_json::json!({}));
    later.run_at = Some(now + Duration::hours(1));
    enqueue(&app, later).await;
    assert_eq!(counting.0.load(Ordering::SeqCst), 0, "no worker runs them");

    assert_eq!(app.run_pending_tasks().await, 1, "only the due one");
    assert_eq!(counting.0.load(Ordering::SeqCst), 1);
    assert_eq!(app.run_pending_tasks().await, 0, "done tasks stay done");

    app.clock.advance(Duration::hours(1) + Duration::seconds(1));
    assert_eq!(app.run_pending_tasks().await, 1, "the later one is due now");
    assert_eq!(counting.0.load(Ordering::SeqCst), 2);
}
