//! The live server instances on one database, and this instance's share of the external
//! interfaces' caps. The caps (calls in flight, calls per second) are what the real
//! services allow the platform as a whole; two instances that each used all of them would
//! be answered 429 half the time, back off, and pause their jobs. So every instance
//! writes a heartbeat row, counts the live rows, and each call of an interface weighs as
//! many permits as there are live instances: with two instances, each gets half.
//!
//! A killed instance's row stops being refreshed and no longer counts after
//! [`STALE_AFTER`]; a stopped one removes its row at once.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, Set,
};
use tokio::sync::watch;

use crate::entities::server_instance;

/// How often an instance refreshes its row and recounts.
pub const HEARTBEAT: StdDuration = StdDuration::from_secs(3);
/// A row not refreshed for this long belongs to an instance that is gone.
pub const STALE_AFTER: Duration = Duration::seconds(12);

/// How many instances share the interfaces (at least 1), as this instance last counted.
#[derive(Debug, Clone)]
pub struct InstanceShare(Arc<AtomicU32>);

impl Default for InstanceShare {
    fn default() -> Self {
        InstanceShare(Arc::new(AtomicU32::new(1)))
    }
}

impl InstanceShare {
    /// The live instances (≥ 1).
    pub fn instances(&self) -> u32 {
        self.0.load(Ordering::Relaxed).max(1)
    }

    fn set(&self, n: u64) {
        let n = u32::try_from(n).unwrap_or(u32::MAX).max(1);
        let before = self.0.swap(n, Ordering::Relaxed);
        if before != n {
            tracing::info!(
                instances = n,
                "external interfaces shared between instances"
            );
        }
    }
}

/// Writes this instance's heartbeat and recounts the live instances into `share`.
pub async fn beat(
    db: &impl ConnectionTrait,
    id: &str,
    started_at: DateTime<Utc>,
    now: DateTime<Utc>,
    share: &InstanceShare,
) -> Result<(), DbErr> {
    let row = server_instance::ActiveModel {
        id: Set(id.to_owned()),
        started_at: Set(started_at),
        seen_at: Set(now),
    };
    server_instance::Entity::insert(row)
        .on_conflict(
            OnConflict::column(server_instance::Column::Id)
                .update_column(server_instance::Column::SeenAt)
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    let live = server_instance::Entity::find()
        .filter(server_instance::Column::SeenAt.gt(now - STALE_AFTER))
        .count(db)
        .await?;
    share.set(live);
    // Rows of instances killed long ago are noise: every heartbeat sweeps them (one indexed
    // delete that usually finds nothing).
    server_instance::Entity::delete_many()
        .filter(server_instance::Column::SeenAt.lt(now - STALE_AFTER * 10))
        .exec(db)
        .await?;
    Ok(())
}

/// The heartbeat of a running instance; [`Heartbeat::stop`] removes its row.
pub struct Heartbeat {
    stop: watch::Sender<bool>,
    done: tokio::task::JoinHandle<()>,
}

impl Heartbeat {
    /// Registers the instance `id` now and keeps its row fresh until stopped.
    pub async fn start(db: DatabaseConnection, id: String, share: InstanceShare) -> Self {
        let started_at = Utc::now();
        if let Err(err) = beat(&db, &id, started_at, started_at, &share).await {
            tracing::warn!(error = %err, "registering the instance failed");
        }
        let (stop, mut stopped) = watch::channel(false);
        let done = tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = tokio::time::sleep(HEARTBEAT) => {}
                    _ = stopped.changed() => break,
                }
                if let Err(err) = beat(&db, &id, started_at, Utc::now(), &share).await {
                    tracing::warn!(error = %err, "instance heartbeat failed");
                }
            }
            let gone = server_instance::Entity::delete_many()
                .filter(server_instance::Column::Id.eq(id.as_str()))
                .exec(&db)
                .await;
            if let Err(err) = gone {
                tracing::warn!(error = %err, "removing the instance's row failed");
            }
        });
        Heartbeat { stop, done }
    }

    /// Stops the heartbeat and removes the instance's row.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.done.await;
    }
}

/// A name for this instance, unique across hosts and restarts.
pub fn instance_id() -> String {
    unique_name("instance")
}

/// `<what>-<pid>-<random>`: a name no other process (on any host) or restart takes.
pub fn unique_name(what: &str) -> String {
    format!(
        "{what}-{}-{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    )
}
