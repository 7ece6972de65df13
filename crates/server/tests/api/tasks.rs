//! Background tasks in tests: workers are off, so a test decides when queued work runs
//! (`app.run_pending_tasks()`), and the app's clock decides what is due. The queue's
//! promises: a dead runner's task is taken over once its lease expires and the late runner
//! writes nothing; concurrent runners never share a task; owners take turns; failures back
//! off and die after their attempts, deferrals spend none.

mod claims;
mod retries;
mod takeover;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use chrono::Duration;
use sea_orm::EntityTrait;
use server::app::clock::Clock;
use server::entities::task;
use server::tasks::queue::claim;
use server::tasks::{Lease, NewTask, TaskContext, TaskError, TaskHandler};
use uuid::Uuid;

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

/// Always fails, worth a retry; counts its runs and the deaths it is told of.
#[derive(Default)]
struct Failing {
    runs: AtomicUsize,
    deaths: AtomicUsize,
}

#[async_trait::async_trait]
impl TaskHandler for Failing {
    async fn run(&self, ctx: &TaskContext) -> Result<(), TaskError> {
        self.runs.fetch_add(1, Ordering::SeqCst);
        Err(TaskError::Retry(format!("boom {}", ctx.task.attempt)))
    }

    async fn dead(&self, _ctx: &TaskContext) -> Result<(), TaskError> {
        self.deaths.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

async fn enqueue(app: &TestApp, task: NewTask) -> Uuid {
    let state = app.state();
    server::tasks::enqueue(&state.db, &state.settings.tasks, state.clock.now(), task)
        .await
        .expect("enqueue")
        .expect("queued")
}

fn lease_time(app: &TestApp) -> Duration {
    Duration::seconds(app.state().settings.tasks.lease_seconds)
}

async fn task_row(app: &TestApp, id: Uuid) -> task::Model {
    task::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("read task")
        .expect("the task exists")
}

/// Claims what is due now for `runner`.
async fn claim_now(app: &TestApp, runner: &str, limit: usize) -> Vec<(task::Model, Lease)> {
    claim(&app.db, runner, app.clock.now(), lease_time(app), limit)
        .await
        .expect("claim")
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

#[tokio::test]
async fn tasks_queued_together_count_once_in_their_job_and_never_twice() {
    let counting = Arc::new(Counting::default());
    let app = TestApp::builder()
        .task_handler("test.count", counting.clone())
        .spawn()
        .await;
    let state = app.state();
    let (settings, now) = (&state.settings.tasks, state.clock.now());
    let new_job = server::tasks::NewJob {
        kind: "test.job".into(),
        owner: "system".into(),
        subject_id: None,
        payload: None,
        unique_key: None,
    };
    let job = server::tasks::create_job(&state.db, now, new_job)
        .await
        .expect("create job")
        .expect("a new job");
    // 501 tasks: more than one statement's rows.
    let tasks = |n: usize| {
        (0..n)
            .map(|i| {
                NewTask::new("test.count", "system", serde_json::json!({ "i": i }))
                    .in_job(job)
                    .unique(format!("test.count:{i}"))
            })
            .collect::<Vec<_>>()
    };
    let queued = server::tasks::enqueue_all(&state.db, settings, now, tasks(501))
        .await
        .expect("enqueue");
    assert_eq!(queued, 501);
    // The same keys again, and ten new ones: only the new ones are queued and counted.
    let again = server::tasks::enqueue_all(&state.db, settings, now, tasks(511))
        .await
        .expect("enqueue again");
    assert_eq!(again, 10);
    let j = server::entities::job::Entity::find_by_id(job)
        .one(&app.db)
        .await
        .expect("read job")
        .expect("the job");
    assert_eq!(j.total_tasks, 511);
    assert_eq!(app.run_pending_tasks().await, 511);
    assert_eq!(counting.0.load(Ordering::SeqCst), 511);
}
