//! Waking the runners when work is queued, so a job starts at once instead of at the next
//! poll (`tasks.poll_ms`). The wake-up is only a hint: a lost one costs one poll interval,
//! never a task, because the runners poll anyway.
//!
//! A request that queued work calls [`Wakeup::wake`] after its transaction committed. The
//! runner of this instance is woken in process; on PostgreSQL a `NOTIFY` wakes the runners
//! of the other instances too, each of which `LISTEN`s on one connection of its pool.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection};
use tokio::sync::Notify;

/// The PostgreSQL channel the runners listen on.
const CHANNEL: &str = "rtp_tasks";

/// This instance's wake-up of its runner (cheap to clone).
#[derive(Clone, Default)]
pub struct Wakeup(Arc<Notify>);

impl Wakeup {
    /// Wakes this instance's runner and, on PostgreSQL, every other instance's. Call it
    /// after the transaction that queued the work committed: a runner woken earlier would
    /// find nothing to claim and sleep until its next poll.
    pub async fn wake(&self, db: &DatabaseConnection) {
        self.0.notify_one();
        if db.get_database_backend() == DatabaseBackend::Postgres {
            if let Err(err) = db.execute_unprepared(&format!("NOTIFY {CHANNEL}")).await {
                tracing::warn!(error = %err, "waking the other instances' runners failed");
            }
        }
    }

    /// Resolves at the next wake-up (or at once, if one came since the last call).
    pub async fn woken(&self) {
        self.0.notified().await;
    }

    /// On PostgreSQL, forwards the other instances' wake-ups to this instance's runner until
    /// the returned task is aborted; `None` on SQLite (one instance).
    pub fn listen(&self, db: &DatabaseConnection) -> Option<tokio::task::JoinHandle<()>> {
        if db.get_database_backend() != DatabaseBackend::Postgres {
            return None;
        }
        let pool = db.get_postgres_connection_pool().clone();
        let notify = self.0.clone();
        Some(tokio::spawn(async move {
            loop {
                let listening = async {
                    let mut listener =
                        sea_orm::sqlx::postgres::PgListener::connect_with(&pool).await?;
                    listener.listen(CHANNEL).await?;
                    loop {
                        listener.recv().await?;
                        notify.notify_one();
                    }
                };
                // Listening only ever ends with an error.
                let Err::<Infallible, sea_orm::sqlx::Error>(err) = listening.await;
                tracing::warn!(error = %err, "listening for queued tasks failed; polling meanwhile");
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        }))
    }
}
