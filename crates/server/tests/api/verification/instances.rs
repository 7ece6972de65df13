//! Two server instances on one PostgreSQL database, each with its own task runner, share a
//! verification job: every person is asked about once and the batch is verified once.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use api_types::VerificationState;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use server::app::config::Settings;
use server::entities::task;
use server::verification::service::{CHUNK, CHUNK_ONE_BY_ONE};
use server::verification::tasks::{CHECK, FINISH};

use super::{audited, batch_of, fast_retries, jobs_of, plain_simulator, stored_people};
use crate::app::TestApp;

/// One task at a time per instance, polling often: the other instance always finds work.
fn one_worker(s: &mut Settings) {
    fast_retries(s);
    s.tasks.workers = 1;
    s.tasks.poll_ms = 10;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgresql_two_instances_share_one_job_without_duplicates() {
    const CHECKS: u64 = 5;
    const PEOPLE: u64 = CHECKS * CHUNK as u64;
    let mut config = plain_simulator();
    // Each check holds its task a while, so that both runners take part.
    config.limits.social_security_persons.latency = Duration::from_millis(30);
    config.limits.pension.latency = Duration::from_millis(30);
    let first = TestApp::builder()
        .simulator_config(config)
        .settings(one_worker)
        .spawn()
        .await;
    if !first.on_postgres() {
        eprintln!("skipped: two instances need PostgreSQL (set TEST_DATABASE_URL)");
        return;
    }
    let second = TestApp::builder()
        .instance_of(&first)
        .settings(one_worker)
        .spawn()
        .await;
    assert_eq!(second.database_url(), first.database_url());

    let (unit, batch) = batch_of(&first, "tuixiu300000008", PEOPLE as u32).await;
    unit.verification(&batch).start().await;
    let deadline = Instant::now() + Duration::from_secs(60);
    let p = loop {
        let p = unit.verification(&batch).progress().await;
        if p.state == VerificationState::Done {
            break p;
        }
        assert_ne!(p.state, VerificationState::Failed);
        assert!(
            Instant::now() < deadline,
            "the instances did not finish: {p:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!((p.done, p.total, p.unchecked), (PEOPLE, PEOPLE, 0));
    assert_eq!(unit.batches().fetch(batch.id).await.status, "verified");

    let stats = first.simulator().stats().await.interfaces;
    assert_eq!(
        stats.social_security_persons.items, PEOPLE,
        "everybody asked once"
    );
    assert_eq!(stats.pension.items, PEOPLE, "everybody asked once");
    let job = jobs_of(&first, batch.id).await.remove(0);
    let people = stored_people(&second, batch.id).await;
    assert_eq!(people.len() as u64, PEOPLE);
    assert!(people
        .values()
        .all(|e| e.checked_in_job == Some(job.id) && e.outcome.as_deref() == Some("passed")));

    let checks = task::Entity::find()
        .filter(task::Column::Kind.eq(CHECK))
        .all(&first.db)
        .await
        .unwrap();
    assert_eq!(checks.len() as u64, CHECKS);
    assert!(
        checks.iter().all(|t| t.state == "done" && t.attempt == 1),
        "each check ran once"
    );
    let runners: BTreeSet<_> = checks
        .iter()
        .filter_map(|t| t.lease_owner.clone())
        .collect();
    assert_eq!(runners.len(), 2, "both instances took part: {runners:?}");
    let finishes = task::Entity::find()
        .filter(task::Column::Kind.eq(FINISH))
        .all(&first.db)
        .await
        .unwrap();
    assert_eq!(finishes.len(), 1);
    assert_eq!(
        audited(&first, "batch.verification_finished", batch.id).await,
        1
    );
}

/// The interfaces' caps are the platform's: with a simulator that serves 4 calls at once and
/// answers 429 beyond, two instances whose clients each allow 4 split them (2 + 2) and no
/// call is refused — where each using all 4 would run into 429s, back off, and pause.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_share_the_interfaces_caps_instead_of_each_using_them_all() {
    const PEOPLE: u32 = 8 * CHUNK_ONE_BY_ONE as u32; // eight checks, one call per person
    let mut config = plain_simulator();
    config.batch_endpoints = false;
    for l in [
        &mut config.limits.social_security_persons,
        &mut config.limits.pension,
    ] {
        l.latency = Duration::from_millis(20);
        l.max_in_flight = 4;
        l.rate_per_sec = 0;
    }
    let caps = |s: &mut Settings| {
        fast_retries(s);
        // One chunk at a time per instance: both always have one in flight.
        s.tasks.workers = 1;
        s.tasks.poll_ms = 10;
        s.interfaces.batch_endpoints = false;
        for l in [
            &mut s.interfaces.social_security_persons,
            &mut s.interfaces.pension,
        ] {
            l.concurrency = 4;
            l.rate_per_second = 10_000;
        }
    };
    let first = TestApp::builder()
        .simulator_config(config)
        .settings(caps)
        .spawn()
        .await;
    if !first.on_postgres() {
        eprintln!("skipped: two instances need PostgreSQL (set TEST_DATABASE_URL)");
        return;
    }
    let second = TestApp::builder()
        .instance_of(&first)
        .settings(caps)
        .spawn()
        .await;
    assert_eq!(
        second.state().instances.instances(),
        2,
        "the second counts both"
    );
    // The first one learns of the second at its next heartbeat.
    let deadline = Instant::now() + Duration::from_secs(15);
    while first.state().instances.instances() != 2 {
        assert!(
            Instant::now() < deadline,
            "the first never counted the second"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let (unit, batch) = batch_of(&first, "tuixiu300000009", PEOPLE).await;
    first.simulator().reset_stats().await;
    unit.verification(&batch).start().await;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let p = unit.verification(&batch).progress().await;
        if p.state == VerificationState::Done {
            assert_eq!((p.done, p.total), (u64::from(PEOPLE), u64::from(PEOPLE)));
            break;
        }
        assert!(Instant::now() < deadline, "not finished: {p:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let stats = first.simulator().stats().await.interfaces;
    for (name, s) in [
        ("persons", &stats.social_security_persons),
        ("pension", &stats.pension),
    ] {
        assert_eq!(s.items, u64::from(PEOPLE), "{name}: everybody asked once");
        assert_eq!(s.rejected_in_flight, 0, "{name}: the caps were exceeded");
    }
}
