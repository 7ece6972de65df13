//! A fresh database per test: a temporary SQLite file, or a new PostgreSQL database when
//! `TEST_DATABASE_URL=postgres://…` is set. A PostgreSQL database is dropped when its test
//! ends (`KEEP_TEST_DATABASES=1` keeps them to look into): left behind, a thousand runs
//! fill the disk.

use std::path::Path;

use sea_orm::{ConnectionTrait, Database};
use uuid::Uuid;

/// A database no other test uses; dropped with this value (a SQLite file goes with the
/// test's temporary directory).
pub struct TestDatabase {
    /// Its URL.
    pub url: String,
    /// The server's base URL and the database's name, for PostgreSQL.
    postgres: Option<(String, String)>,
}

impl TestDatabase {
    /// Another test app's database, at `url`: its owner drops it.
    pub fn shared(url: String) -> Self {
        TestDatabase {
            url,
            postgres: None,
        }
    }
}

/// A database no other test uses.
pub async fn fresh(dir: &Path) -> TestDatabase {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(base) if base.starts_with("postgres") => {
            let base = base.trim_end_matches('/').to_owned();
            let admin = Database::connect(format!("{base}/postgres"))
                .await
                .expect("connect to PostgreSQL (is it running? see README)");
            let name = format!("rtp_test_{}", Uuid::new_v4().simple());
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            admin.close().await.ok();
            TestDatabase {
                url: format!("{base}/{name}"),
                postgres: Some((base, name)),
            }
        }
        _ => TestDatabase {
            url: format!("sqlite://{}/test.db?mode=rwc", dir.display()),
            postgres: None,
        },
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((base, name)) = self.postgres.take() else {
            return;
        };
        if std::env::var_os("KEEP_TEST_DATABASES").is_some() {
            return;
        }
        // Drop runs inside the test's runtime, which must not block on itself: a thread
        // with a runtime of its own. FORCE ends the app's pooled connections first.
        let dropped = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            rt.block_on(async {
                let admin = Database::connect(format!("{base}/postgres")).await.ok()?;
                let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                let done = admin.execute_unprepared(&sql).await.ok();
                admin.close().await.ok();
                done
            })
        })
        .join();
        if !matches!(dropped, Ok(Some(_))) {
            eprintln!("test database left behind (drop it by hand)");
        }
    }
}
