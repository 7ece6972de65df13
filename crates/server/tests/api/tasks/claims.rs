//! Claims: concurrent runners on PostgreSQL never share a task, and owners take turns so
//! that a small job is not starved by a big one queued before it.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{EntityTrait, TransactionTrait};
use server::app::clock::Clock;
use server::entities::task;
use server::tasks::queue::claim;
use server::tasks::NewTask;
use uuid::Uuid;

use super::{claim_now, enqueue, lease_time};
use crate::app::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn on_postgresql_four_concurrent_runners_never_claim_the_same_task() {
    let app = TestApp::builder()
        .settings(|s| s.db_max_connections = 10)
        .spawn()
        .await;
    if !app.on_postgres() {
        eprintln!("skipped: concurrent claims need PostgreSQL (set TEST_DATABASE_URL)");
        return;
    }
    const TASKS: usize = 300;
    let state = app.state();
    let txn = app.db.begin().await.unwrap();
    for i in 0..TASKS {
        let owner = format!("unit-{}", i % 7);
        let t = NewTask::new("test.count", owner, serde_json::json!({ "i": i }));
        server::tasks::enqueue(&txn, &state.settings.tasks, state.clock.now(), t)
            .await
            .unwrap();
    }
    txn.commit().await.unwrap();

    let lease = lease_time(&app);
    let runners: Vec<_> = (0..4)
        .map(|r| {
            let (db, clock) = (app.db.clone(), app.clock.clone());
            tokio::spawn(async move {
                let runner = format!("runner-{r}");
                let mut mine = Vec::new();
                loop {
                    let claimed = claim(&db, &runner, clock.now(), lease, 7).await.unwrap();
                    if claimed.is_empty() {
                        return mine;
                    }
                    for (t, lease) in claimed {
                        mine.push(t.id);
                        lease.complete(&db, clock.now()).await.unwrap();
                    }
                }
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut split = Vec::new();
    for r in runners {
        let mine = r.await.unwrap();
        split.push(mine.len());
        all.extend(mine);
    }
    eprintln!("tasks per runner: {split:?}");
    let distinct: HashSet<Uuid> = all.iter().copied().collect();
    assert_eq!(
        all.len(),
        TASKS,
        "claims in all: every task once ({split:?})"
    );
    assert_eq!(distinct.len(), TASKS, "no task claimed twice");
    let rows = task::Entity::find().all(&app.db).await.unwrap();
    assert!(rows.iter().all(|t| t.state == "done" && t.attempt == 1));
}

#[tokio::test]
async fn a_small_owner_is_not_starved_by_a_big_job_queued_before() {
    let app = TestApp::spawn().await;
    let now = app.clock.now();
    let queue = |owner: &str, n: usize, run_at: DateTime<Utc>| -> Vec<NewTask> {
        (0..n)
            .map(|i| {
                let mut t = NewTask::new("test.count", owner, serde_json::json!({ "i": i }));
                t.run_at = Some(run_at + Duration::milliseconds(i as i64));
                t
            })
            .collect()
    };
    for t in queue("unit-big", 200, now - Duration::minutes(10)) {
        enqueue(&app, t).await;
    }
    for t in queue("unit-small", 5, now - Duration::minutes(1)) {
        enqueue(&app, t).await;
    }

    let (mut big_claimed, mut small_claimed, mut rounds) = (0, 0, 0);
    while small_claimed < 5 {
        rounds += 1;
        assert!(rounds <= 60, "the small owner's tasks never came");
        for (t, lease) in claim_now(&app, "runner-fair", 4).await {
            match t.owner.as_str() {
                "unit-big" => big_claimed += 1,
                _ => small_claimed += 1,
            }
            lease.complete(&app.db, app.clock.now()).await.unwrap();
        }
    }
    assert!(rounds <= 3, "the small owner finished in round {rounds}");
    assert!(
        big_claimed < 20,
        "the small owner waited for {big_claimed} of the big job's tasks"
    );
}

/// A runner frees one slot at a time while a big job fills the others: the next free slot
/// goes to the owner with nothing running, not to the big job's oldest task.
#[tokio::test]
async fn one_free_slot_goes_to_the_owner_with_nothing_running() {
    let app = TestApp::spawn().await;
    let now = app.clock.now();
    for i in 0..40 {
        let mut t = NewTask::new("test.count", "unit-big", serde_json::json!({ "i": i }));
        t.run_at = Some(now - Duration::minutes(10) + Duration::milliseconds(i));
        enqueue(&app, t).await;
    }
    // Eight slots busy with the big job.
    let mut running = claim_now(&app, "runner-slots", 8).await;
    assert_eq!(running.len(), 8);
    assert!(running.iter().all(|(t, _)| t.owner == "unit-big"));
    for i in 0..3 {
        let t = NewTask::new("test.count", "unit-small", serde_json::json!({ "i": i }));
        enqueue(&app, t).await;
    }

    // Slot by slot: each time one big task ends, the freed slot is claimed alone.
    let mut small_claimed = 0;
    for round in 0..3 {
        let (_, lease) = running.remove(0);
        lease.complete(&app.db, app.clock.now()).await.unwrap();
        let claimed = claim_now(&app, "runner-slots", 1).await;
        assert_eq!(claimed.len(), 1);
        assert_eq!(
            claimed[0].0.owner, "unit-small",
            "free slot {round} went to the big job"
        );
        small_claimed += 1;
        running.extend(claimed);
    }
    assert_eq!(small_claimed, 3);
    // With the small owner served, the big job gets the slots again.
    let (_, lease) = running.remove(0);
    lease.complete(&app.db, app.clock.now()).await.unwrap();
    let claimed = claim_now(&app, "runner-slots", 1).await;
    assert_eq!(claimed[0].0.owner, "unit-big");
}
