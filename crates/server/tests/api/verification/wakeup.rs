//! 提交系统校验 wakes the task runners: a job starts at once, not at the next poll. The
//! runners here poll once an hour, so only the wake-up can start the job in time.

use std::time::{Duration, Instant};

use api_types::{BatchOut, VerificationState};
use server::app::config::Settings;

use super::{batch_of, fast_retries, plain_simulator};
use crate::app::{Client, TestApp};

const AN_HOUR_MS: u64 = 3_600_000;

fn hourly_runner(s: &mut Settings) {
    fast_retries(s);
    s.tasks.workers = 2;
    s.tasks.poll_ms = AN_HOUR_MS;
}

fn api_only(s: &mut Settings) {
    s.tasks.workers = 0;
    s.tasks.poll_ms = AN_HOUR_MS;
}

/// Starts the verification of `batch` once the runners sleep, and waits (at most a minute,
/// far below the hour a poll would take) until the run is done and the batch verified.
async fn start_and_see_it_done(unit: &Client, batch: &BatchOut) {
    // The runners have made their first claim and sleep for the hour.
    tokio::time::sleep(Duration::from_millis(300)).await;
    unit.verification(batch).start().await;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let p = unit.verification(batch).progress().await;
        if p.state == VerificationState::Done {
            assert_eq!((p.done, p.total), (40, 40));
            break;
        }
        assert!(Instant::now() < deadline, "still not done: {p:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(unit.batches().fetch(batch.id).await.status, "verified");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_started_verification_runs_at_once_not_at_the_next_poll() {
    let app = TestApp::builder()
        .simulator_config(plain_simulator())
        .settings(hourly_runner)
        .spawn()
        .await;
    let (unit, batch) = batch_of(&app, "tuixiu300000031", 40).await;
    start_and_see_it_done(&unit, &batch).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgresql_a_start_on_an_api_only_instance_wakes_another_instances_runner() {
    let api = TestApp::builder()
        .simulator_config(plain_simulator())
        .settings(api_only)
        .spawn()
        .await;
    if !api.on_postgres() {
        eprintln!("skipped: instances wake each other through PostgreSQL (set TEST_DATABASE_URL)");
        return;
    }
    let worker = TestApp::builder()
        .instance_of(&api)
        .settings(hourly_runner)
        .spawn()
        .await;
    let (unit, batch) = batch_of(&api, "tuixiu300000032", 40).await;
    start_and_see_it_done(&unit, &batch).await;
    drop(worker);
}
