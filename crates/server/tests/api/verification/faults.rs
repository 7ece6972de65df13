//! Interfaces that misbehave: injected 5xx and 429 are retried until everybody is classified
//! as a fault-free run classifies them; an outage pauses the job and marks nobody wrong.

use std::collections::BTreeMap;

use api_types::{BatchOut, ErrorCode, VerificationOut, VerificationState};
use chrono::Duration;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use server::app::clock::Clock;
use server::app::config::Settings;
use server::entities::task;
use simulator::{SimConfig, StatsOut};

use super::{
    app_with, batch_of, fast_retries, jobs_of, plain_simulator, roster_of, run_until_settled,
    stored_people,
};
use crate::app::{Client, TestApp};
use crate::assertions::{assert_error, assert_json};

/// What verification made of one person: outcome, 代扣类型, 社保姓名, 社保编号.
type Classified = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// One call per person (no batch endpoints), so that many calls meet the faults; no rate
/// limits on either side, so that the run stays fast.
fn one_call_per_person(s: &mut Settings) {
    fast_retries(s);
    s.interfaces.batch_endpoints = false;
    let i = &mut s.interfaces;
    for l in [
        &mut i.social_security_persons,
        &mut i.social_security_units,
        &mut i.pension,
    ] {
        l.attempts = 4;
        l.rate_per_second = 100_000;
    }
}

/// Verifies the same 200 people (the simulator's default anomaly shares) against `config`;
/// answers each person's classification by ID number and the simulator's counters.
async fn classify_everyone(mut config: SimConfig) -> (BTreeMap<String, Classified>, StatsOut) {
    config.limits.for_each_mut(|l| l.rate_per_sec = 0);
    let app = TestApp::builder()
        .simulator_config(config)
        .settings(one_call_per_person)
        .spawn()
        .await;
    let (unit, batch) = batch_of(&app, "tuixiu300000006", 200).await;
    unit.verification(&batch).start().await;
    let p = run_until_settled(&app, &unit, &batch).await;
    assert_eq!(p.state, VerificationState::Done);
    assert_eq!((p.done, p.unchecked), (200, 0));
    assert_eq!(unit.batches().fetch(batch.id).await.status, "verified");
    let people = stored_people(&app, batch.id)
        .await
        .into_iter()
        .map(|(id, e)| (id, (e.outcome, e.deduction_type, e.ss_name, e.ss_code)))
        .collect();
    (people, app.simulator().stats().await)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn injected_errors_and_throttling_still_classify_everyone_as_a_clean_run_does() {
    let (clean, _) = classify_everyone(SimConfig::instant()).await;
    let mut faulty = SimConfig::instant();
    let l = &mut faulty.limits;
    for limits in [
        &mut l.social_security_persons,
        &mut l.social_security_units,
        &mut l.pension,
    ] {
        limits.error_percent = 10;
        limits.throttle_percent = 10;
    }
    let (classified, stats) = classify_everyone(faulty).await;

    for interface in [
        &stats.interfaces.social_security_persons,
        &stats.interfaces.pension,
    ] {
        assert!(
            interface.injected_errors > 0 && interface.injected_throttles > 0,
            "the faults happened: {interface:?}"
        );
    }
    assert!(
        classified.values().all(|c| c.0.is_some()),
        "everybody classified"
    );
    let kinds: std::collections::BTreeSet<_> = clean.values().map(|c| c.0.clone()).collect();
    assert!(
        kinds.len() >= 4,
        "the people show several outcomes: {kinds:?}"
    );
    assert_eq!(classified.len(), clean.len());
    for (id, c) in &clean {
        assert_eq!(&classified[id], c, "person {id} as in the fault-free run");
    }
}

/// Runs the due tasks, a few seconds apart, while the interface stays down: each failed
/// check counts against the job's budget and is deferred a little; the budget spent, the
/// job pauses. Answers the paused state.
async fn run_until_paused(app: &TestApp, unit: &Client, batch: &BatchOut) -> VerificationOut {
    for _ in 0..10 {
        app.run_pending_tasks().await;
        let p = unit.verification(batch).progress().await;
        if p.state == VerificationState::Paused {
            return p;
        }
        assert!(
            matches!(
                p.state,
                VerificationState::Queued | VerificationState::Running
            ),
            "{:?}",
            p.state
        );
        app.clock.advance(Duration::seconds(3));
    }
    panic!("the failure budget never paused the job");
}

#[tokio::test]
async fn an_outage_pauses_the_job_without_marking_anyone_and_resume_finishes_it() {
    let app = app_with(plain_simulator()).await;
    let (unit, batch) = batch_of(&app, "tuixiu300000007", 60).await;
    let sim = app.simulator();
    sim.set_outage("social_security_persons", true).await;
    unit.verification(&batch).start().await;

    let paused = run_until_paused(&app, &unit, &batch).await;
    assert_eq!(paused.message, "校验暂停：外部接口暂不可用，稍后将自动继续");
    let now = app.clock.now();
    let until = paused
        .paused_until
        .expect("paused_until")
        .with_timezone(&chrono::Utc);
    assert!(
        until > now && until <= now + Duration::seconds(61),
        "until {until}"
    );
    assert_eq!((paused.done, paused.total, paused.unchecked), (0, 60, 60));
    assert_eq!(unit.batches().fetch(batch.id).await.status, "verifying");
    let roster = roster_of(&unit, &batch, "").await;
    assert!(
        roster
            .iter()
            .all(|e| e.outcome.is_none() && e.status == "pending" && e.needs_check),
        "nobody is marked while the interface is down"
    );
    let job = jobs_of(&app, batch.id).await.remove(0);
    assert_eq!(job.state, "paused");
    assert!(job.consecutive_failures >= 5);
    assert!(
        job.last_error
            .as_deref()
            .unwrap_or_default()
            .contains("social_security_persons"),
        "{:?}",
        job.last_error
    );
    let checks = task::Entity::find()
        .filter(task::Column::JobId.eq(job.id))
        .all(&app.db)
        .await
        .unwrap();
    assert!(
        checks
            .iter()
            .all(|t| t.state == "queued" && t.attempt == 0 && t.run_at > now),
        "deferred without spending attempts"
    );
    let persons = sim.persons_stats().await;
    assert!(persons.rejected_outage > 0);
    assert_eq!(persons.items, 0);

    // Until the pause ends nobody calls the interface that is down.
    sim.reset_stats().await;
    app.clock.set(until - Duration::seconds(1));
    app.run_pending_tasks().await;
    assert_eq!(sim.persons_stats().await.calls, 0, "called while paused");
    assert_eq!(
        unit.verification(&batch).progress().await.state,
        VerificationState::Paused
    );

    sim.set_outage("social_security_persons", false).await;
    let res = unit.verification(&batch).resume().await;
    let resumed: VerificationOut = assert_json(res, 200).await;
    assert_ne!(resumed.state, VerificationState::Paused);
    assert_eq!(resumed.paused_until, None);
    app.run_pending_tasks().await;
    let done = unit.verification(&batch).progress().await;
    assert_eq!(done.state, VerificationState::Done);
    assert_eq!((done.done, done.total, done.unchecked), (60, 60, 0));
    let people = stored_people(&app, batch.id).await;
    assert!(people
        .values()
        .all(|e| e.outcome.as_deref() == Some("passed")));
    assert_eq!(unit.batches().fetch(batch.id).await.status, "verified");

    let res = unit.verification(&batch).resume().await;
    assert_error(res, 409, ErrorCode::Conflict).await;
}

#[tokio::test]
async fn a_404_without_the_interfaces_no_record_code_marks_nobody() {
    // A wrong route (here: a base URL with a path the simulator does not serve) answers 404
    // with an empty body: that is no answer about anybody, not 未匹配到社保信息.
    let app = TestApp::builder()
        .simulator_config(plain_simulator())
        .settings(|s| {
            fast_retries(s);
            s.simulator_url = format!("{}/no-such-prefix", s.simulator_url);
        })
        .spawn()
        .await;
    let (unit, batch) = batch_of(&app, "tuixiu300000014", 3).await;
    unit.verification(&batch).start().await;
    let mut state = VerificationState::Queued;
    for _ in 0..10 {
        app.run_pending_tasks().await;
        state = unit.verification(&batch).progress().await.state;
        if state != VerificationState::Queued && state != VerificationState::Running {
            break;
        }
        app.clock.advance(Duration::seconds(3));
    }
    assert_eq!(
        state,
        VerificationState::Paused,
        "the job waits for a working interface"
    );
    let roster = roster_of(&unit, &batch, "").await;
    assert!(
        roster
            .iter()
            .all(|e| e.outcome.is_none() && e.deduction_type.is_none()),
        "nobody is classified from a 404 without no_record: {:?}",
        roster.iter().map(|e| e.outcome.clone()).collect::<Vec<_>>()
    );
    assert_eq!(unit.batches().fetch(batch.id).await.status, "verifying");
}

#[tokio::test]
async fn a_paused_job_resumes_by_itself_when_its_pause_ends() {
    let app = app_with(plain_simulator()).await;
    let (unit, batch) = batch_of(&app, "tuixiu300000015", 10).await;
    let sim = app.simulator();
    sim.set_outage("pension", true).await;
    unit.verification(&batch).start().await;
    let paused = run_until_paused(&app, &unit, &batch).await;
    let until = paused
        .paused_until
        .expect("paused_until")
        .with_timezone(&chrono::Utc);
    sim.set_outage("pension", false).await;

    app.clock.set(until - Duration::seconds(5));
    assert_eq!(
        app.run_pending_tasks().await,
        0,
        "held until the pause ends"
    );
    app.clock.set(until + Duration::seconds(1));
    app.run_pending_tasks().await;
    let p = unit.verification(&batch).progress().await;
    assert_eq!(p.state, VerificationState::Done);
    assert_eq!((p.done, p.total, p.withholdable), (10, 10, 10));
    assert_eq!(unit.batches().fetch(batch.id).await.status, "verified");
}

#[tokio::test]
async fn a_check_due_while_its_job_is_paused_waits_for_the_pause_without_calling() {
    let app = app_with(plain_simulator()).await;
    // Two checks: a full one and 10 people.
    let people = u32::try_from(server::verification::service::CHUNK).unwrap() + 10;
    let (unit, batch) = batch_of(&app, "tuixiu300000016", people).await;
    let sim = app.simulator();
    sim.set_outage("social_security_persons", true).await;
    unit.verification(&batch).start().await;
    let paused = run_until_paused(&app, &unit, &batch).await;
    let until = paused
        .paused_until
        .expect("paused_until")
        .with_timezone(&chrono::Utc);
    let job = jobs_of(&app, batch.id).await.remove(0);

    // A check that was in flight when another one paused the job comes back before the
    // pause ends (its own short deferral): it must wait for the pause, not call.
    task::Entity::update_many()
        .col_expr(task::Column::RunAt, Expr::value(app.clock.now()))
        .filter(task::Column::JobId.eq(job.id))
        .exec(&app.db)
        .await
        .unwrap();
    sim.reset_stats().await;
    assert_eq!(app.run_pending_tasks().await, 2, "both checks were due");
    let stats = sim.stats().await.interfaces;
    assert_eq!(
        (stats.social_security_persons.calls, stats.pension.calls),
        (0, 0),
        "no interface is called while the job is paused"
    );
    let after = jobs_of(&app, batch.id).await.remove(0);
    assert_eq!(after.state, "paused");
    assert_eq!(after.consecutive_failures, job.consecutive_failures);
    let checks = task::Entity::find()
        .filter(task::Column::JobId.eq(job.id))
        .all(&app.db)
        .await
        .unwrap();
    assert!(
        checks
            .iter()
            .all(|t| t.state == "queued" && t.attempt == 0 && t.run_at >= until),
        "held until the pause ends"
    );
}
