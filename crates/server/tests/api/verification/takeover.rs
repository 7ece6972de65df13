//! A runner killed in the middle of a job: its check is taken over once its lease expires,
//! its late results are refused, and the run ends exactly once with everybody checked once.

use api_types::VerificationState;
use chrono::Duration;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use server::app::clock::Clock;
use server::entities::task;
use server::tasks::queue::claim;
use server::verification::service::CHUNK;
use server::verification::tasks::{CheckPayload, CHECK, FINISH};

use super::{app_with, audited, batch_of, jobs_of, plain_simulator, stored_people};
use crate::fixtures::resident_id;

#[tokio::test]
async fn a_check_abandoned_mid_job_is_taken_over_and_nobody_is_lost_or_checked_twice() {
    // Three checks: two full ones and 20 people.
    const PEOPLE: u64 = 2 * CHUNK as u64 + 20;
    let app = app_with(plain_simulator()).await;
    let (unit, batch) = batch_of(&app, "tuixiu300000005", PEOPLE as u32).await;
    let sim = app.simulator();
    sim.pin_person(&resident_id(7), json!({ "status": "deceased" }))
        .await;
    sim.pin_person(&resident_id(60), json!({ "found": false }))
        .await;
    sim.pin_person(&resident_id(110), json!({ "name": "张三" }))
        .await;
    unit.verification(&batch).start().await;
    let job = jobs_of(&app, batch.id).await.remove(0);
    assert_eq!(job.total_tasks, 3);

    // A runner claims one check and is killed before it writes anything.
    let lease = Duration::seconds(app.state().settings.tasks.lease_seconds);
    let mut claimed = claim(&app.db, "runner-killed", app.clock.now(), lease, 1)
        .await
        .unwrap();
    let (abandoned, killed) = claimed.remove(0);
    assert_eq!(abandoned.kind, CHECK);
    let chunk: CheckPayload = serde_json::from_value(abandoned.payload.clone()).unwrap();
    let chunk_len = chunk.entry_ids.len() as u64;

    // The other checks run; the run waits for the abandoned one.
    assert_eq!(app.run_pending_tasks().await, 2);
    let p = unit.verification(&batch).progress().await;
    assert_eq!(p.state, VerificationState::Running);
    assert_eq!((p.done, p.total), (PEOPLE - chunk_len, PEOPLE));
    assert_eq!(unit.batches().fetch(batch.id).await.status, "verifying");
    let finishes = || async {
        task::Entity::find()
            .filter(task::Column::Kind.eq(FINISH))
            .all(&app.db)
            .await
            .unwrap()
    };
    assert!(
        finishes().await.is_empty(),
        "no finish while a check is out"
    );

    // Past its lease another runner takes the check over.
    app.clock.advance(lease + Duration::seconds(1));
    let mut taken = claim(&app.db, "runner-rescuer", app.clock.now(), lease, 10)
        .await
        .unwrap();
    assert_eq!(taken.len(), 1, "only the abandoned check is claimable");
    let (again, rescuer) = taken.remove(0);
    assert_eq!((again.id, again.attempt), (abandoned.id, 2));

    // The killed runner wakes up while the rescuer holds the check, and runs it to the end:
    // its results are refused whole.
    let unchecked = stored_people(&app, batch.id).await;
    app.run_claimed(abandoned, killed).await;
    assert_eq!(
        stored_people(&app, batch.id).await,
        unchecked,
        "the late runner wrote"
    );
    assert!(finishes().await.is_empty());

    app.run_claimed(again, rescuer).await;
    assert_eq!(app.run_pending_tasks().await, 1, "the finish");
    let after = unit.batches().fetch(batch.id).await;
    assert_eq!(after.status, "verified");
    let p = unit.verification(&batch).progress().await;
    assert_eq!(p.state, VerificationState::Done);
    assert_eq!((p.done, p.total, p.unchecked), (PEOPLE, PEOPLE, 0));
    assert_eq!(p.outcomes.iter().map(|o| o.count).sum::<u64>(), PEOPLE);
    assert_eq!(p.blocking, 2, "the deceased person and the name");
    assert_eq!(p.not_withholdable, 1, "the person without a record");

    let people = stored_people(&app, batch.id).await;
    assert_eq!(people.len() as u64, PEOPLE);
    for e in people.values() {
        assert_eq!(
            e.checked_in_job,
            Some(job.id),
            "{} checked in the run",
            e.name
        );
        assert!(e.outcome.is_some() && !e.needs_check, "{}", e.name);
    }
    let checks = task::Entity::find()
        .filter(task::Column::JobId.eq(job.id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(checks.len(), 3);
    assert!(checks.iter().all(|t| t.state == "done"));
    let finishes = finishes().await;
    assert_eq!(finishes.len(), 1);
    assert_eq!(finishes[0].state, "done");
    assert_eq!(
        audited(&app, "batch.verification_finished", batch.id).await,
        1
    );
    let job = jobs_of(&app, batch.id).await.remove(0);
    assert_eq!(
        (job.state.as_str(), job.done_tasks, job.dead_tasks),
        ("done", 3, 0)
    );

    app.clock.advance(Duration::days(1));
    assert_eq!(app.run_pending_tasks().await, 0, "nothing is left to run");
}
