//! 系统校验 end to end: the real app asks the real simulator (on port 0, no waits) about
//! each person; tests pin the answers they need, drive the background tasks themselves and
//! read what the operator sees.

mod events;
mod export;
mod faults;
mod instances;
mod outcome_counts;
mod outcomes;
mod resolutions;
mod takeover;
mod wakeup;

use std::collections::BTreeMap;

use api_types::{BatchOut, Page, RosterEntryOut, VerificationOut, VerificationState};
use chrono::Duration;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use server::app::config::Settings;
use server::entities::{job, roster_entry};
use simulator::{Shares, SimConfig};
use uuid::Uuid;

use crate::app::{Client, TestApp};
use crate::fixtures::{valid_rows, workbook};

/// The simulator without waits and without anomalies: every person is a plain, withholdable
/// retiree unless a test pins otherwise.
pub fn plain_simulator() -> SimConfig {
    let mut config = SimConfig::instant();
    config.shares = Shares::none();
    config
}

/// Interface retries a few milliseconds apart (a `Retry-After` is capped there too).
pub fn fast_retries(s: &mut Settings) {
    let i = &mut s.interfaces;
    for l in [
        &mut i.social_security_persons,
        &mut i.social_security_units,
        &mut i.pension,
    ] {
        l.backoff_ms = 1;
        l.max_backoff_ms = 10;
    }
}

/// An app talking to a simulator with `config`, retrying fast.
pub async fn app_with(config: SimConfig) -> TestApp {
    TestApp::builder()
        .simulator_config(config)
        .settings(fast_retries)
        .spawn()
        .await
}

/// On 2026-11-30, unit operator `login` with a voucher batch of `people` imported people
/// (`人员一` with `resident_id(1)`, …): 名单待校验.
pub async fn batch_of(app: &TestApp, login: &str, people: u32) -> (Client, BatchOut) {
    app.travel("2026-11-30T10:00:00").await;
    let unit = app.unit(login).await;
    let batch = unit.batches().create_voucher_batch().await;
    let imported = unit
        .roster(&batch)
        .import(workbook(&valid_rows(1, people)))
        .await;
    assert_eq!(imported.batch.status, "verification_pending");
    (unit, imported.batch)
}

/// Runs the due tasks, moving the clock past retries and pauses, until the run is done (or
/// failed); answers its last state.
pub async fn run_until_settled(app: &TestApp, unit: &Client, batch: &BatchOut) -> VerificationOut {
    for _ in 0..40 {
        app.run_pending_tasks().await;
        let p = unit.verification(batch).progress().await;
        if matches!(p.state, VerificationState::Done | VerificationState::Failed) {
            return p;
        }
        app.clock.advance(Duration::seconds(61));
    }
    panic!("the verification did not settle");
}

/// Every person of the batch (masked list), in roster order.
pub async fn roster_of(unit: &Client, batch: &BatchOut, query: &str) -> Vec<RosterEntryOut> {
    let mut all = Vec::new();
    for page in 1.. {
        let sep = if query.is_empty() { "?" } else { "&" };
        let q = format!("{query}{sep}page={page}&page_size=100");
        let got: Page<RosterEntryOut> = unit.roster(batch).list(&q).await;
        let last = got.items.len() < 100;
        all.extend(got.items);
        if last {
            break;
        }
    }
    all
}

/// The stored people of a batch by ID number.
pub async fn stored_people(app: &TestApp, batch_id: Uuid) -> BTreeMap<String, roster_entry::Model> {
    roster_entry::Entity::find()
        .filter(roster_entry::Column::BatchId.eq(batch_id))
        .all(&app.db)
        .await
        .expect("read roster")
        .into_iter()
        .map(|e| (e.id_number.as_str().to_owned(), e))
        .collect()
}

/// The batch's verification runs, oldest first.
pub async fn jobs_of(app: &TestApp, batch_id: Uuid) -> Vec<job::Model> {
    job::Entity::find()
        .filter(job::Column::SubjectId.eq(batch_id))
        .order_by_asc(job::Column::CreatedAt)
        .all(&app.db)
        .await
        .expect("read jobs")
}

/// How many audit entries of `action` name the batch.
pub async fn audited(app: &TestApp, action: &str, batch_id: Uuid) -> u64 {
    use sea_orm::PaginatorTrait;
    use server::entities::audit_log;
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .filter(audit_log::Column::TargetId.eq(batch_id.to_string()))
        .count(&app.db)
        .await
        .expect("count audit entries")
}
