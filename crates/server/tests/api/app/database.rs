//! A fresh database per test: a temporary SQLite file, or a new PostgreSQL database when
//! `TEST_DATABASE_URL=postgres://…` is set.

use std::path::Path;

use sea_orm::{ConnectionTrait, Database};
use uuid::Uuid;

/// The URL of a database no other test uses.
pub async fn fresh_url(dir: &Path) -> String {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(base) if base.starts_with("postgres") => {
            let base = base.trim_end_matches('/');
            let admin = Database::connect(format!("{base}/postgres"))
                .await
                .expect("connect to PostgreSQL (is it running? see README)");
            let name = format!("rtp_test_{}", Uuid::new_v4().simple());
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            admin.close().await.ok();
            format!("{base}/{name}")
        }
        _ => format!("sqlite://{}/test.db?mode=rwc", dir.display()),
    }
}
