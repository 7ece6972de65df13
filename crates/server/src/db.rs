//! Write transactions that behave the same on both databases.
//!
//! SQLite starts a transaction as a reader and upgrades it at its first write. When another
//! connection committed in between (a heartbeat, a mail task, another operator), the upgrade
//! cannot wait for the lock like a fresh writer does: SQLite refuses it at once with
//! `SQLITE_BUSY_SNAPSHOT` ("database is locked"), and the request failed with 409 although
//! nobody had touched its rows. [`begin`] takes SQLite's write lock before the transaction
//! reads anything (what `BEGIN IMMEDIATE` does; sea-orm 1.1 always sends a plain `BEGIN`), so
//! a writer waits its turn in the busy handler instead. PostgreSQL needs nothing: its rows
//! are locked where they are read `FOR UPDATE`.

use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseTransaction, DbErr, TransactionTrait};

/// Opens a transaction that will write; on SQLite it holds the write lock from its start.
pub async fn begin<C>(db: &C) -> Result<DatabaseTransaction, DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    let txn = db.begin().await?;
    if txn.get_database_backend() == DatabaseBackend::Sqlite {
        // A write statement takes the write lock when it starts, even one that matches no
        // row; `seaql_migrations` exists in every migrated database.
        txn.execute_unprepared("UPDATE seaql_migrations SET version = version WHERE 0")
            .await?;
    }
    Ok(txn)
}

/// SQLite has one writer at a time, and a writer that finds the database locked sleeps in
/// growing steps (SQLite's busy handler): many writers committing at once spend more time
/// asleep than writing. Hot background writers of this process (the verification checks)
/// take turns on this async lock instead, each woken the moment the previous one commits.
/// `None` on PostgreSQL, which writes in parallel. Hold the guard across the whole
/// transaction, and never open a second write transaction while holding it.
pub async fn sqlite_turn(
    db: &impl ConnectionTrait,
) -> Option<tokio::sync::MutexGuard<'static, ()>> {
    static GATE: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    if db.get_database_backend() == DatabaseBackend::Sqlite {
        Some(GATE.lock().await)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::{ConnectionTrait, Database, TransactionTrait};

    /// Every transaction on the pool opens through [`super::begin`]: a plain `begin()` on
    /// SQLite would answer 409 whenever another writer committed while it read. (A
    /// savepoint inside an open transaction, `txn.begin()`, is fine.)
    #[test]
    fn no_transaction_on_the_pool_skips_the_write_lock() {
        let mut offenders = Vec::new();
        for (path, text) in crate::source_scan::source_files(&["src/db.rs"]) {
            for (n, line) in text.lines().enumerate() {
                if line.contains(".begin().await") && !line.contains("txn.begin()") {
                    offenders.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
        assert!(offenders.is_empty(), "use crate::db::begin: {offenders:#?}");
    }

    /// The race [`super::begin`] closes: a transaction that read, then another connection
    /// committed, then the first one writes.
    #[tokio::test]
    async fn a_write_after_another_commit_waits_instead_of_failing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
        // Two connections at least (sea-orm opens one by default on SQLite).
        let mut options = sea_orm::ConnectOptions::new(url);
        options.max_connections(2).sqlx_logging(false);
        let db = Database::connect(options).await.expect("connect");
        db.execute_unprepared(
            "PRAGMA journal_mode=WAL; \
             CREATE TABLE seaql_migrations (version TEXT PRIMARY KEY, applied_at BIGINT); \
             CREATE TABLE t (x INTEGER)",
        )
        .await
        .expect("schema");
        let race = |immediate: bool| {
            let db = db.clone();
            async move {
                let txn = if immediate {
                    super::begin(&db).await?
                } else {
                    db.begin().await?
                };
                txn.query_one(sea_orm::Statement::from_string(
                    txn.get_database_backend(),
                    "SELECT count(*) FROM t",
                ))
                .await?;
                // Another writer, on another connection of the pool, while `txn` is open.
                let other = tokio::spawn({
                    let db = db.clone();
                    async move { db.execute_unprepared("INSERT INTO t VALUES (1)").await }
                });
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                txn.execute_unprepared("INSERT INTO t VALUES (2)").await?;
                txn.commit().await?;
                other.await.expect("join")?;
                Ok::<_, sea_orm::DbErr>(())
            }
        };
        let plain = race(false).await;
        assert!(
            plain.is_err_and(|e| e.to_string().contains("database is locked")),
            "a plain BEGIN loses the race (the test would prove nothing otherwise)"
        );
        race(true)
            .await
            .expect("the immediate transaction waits and commits");
    }
}
