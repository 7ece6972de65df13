//! The schema the migrations build, held to a committed record.
//!
//! Migrations are append-only: once one has landed, the schema it builds must never change,
//! or a database migrated before the edit and one migrated after it would differ. This test
//! applies the migrations one at a time to a fresh database and writes down what each one
//! adds to and removes from the schema (tables, columns, indexes, constraints, seeded rows).
//! That record must equal `tests/snapshots/<backend>.txt`, so editing a landed migration
//! fails here even when a later migration drops what it built. Then every `down` is run,
//! newest first, and must restore the schema its `up` started from; a last `up` must build
//! the same schema again.
//!
//! A new migration appends a section to each record. Regenerate them with
//! `UPDATE_SCHEMA_SNAPSHOT=1 cargo test -p migration --test schema` (SQLite and PostgreSQL,
//! so with `TEST_DATABASE_URL` set) and check that the diff only adds at the end.
//!
//! SQLite always; PostgreSQL as well when `TEST_DATABASE_URL=postgres://user@host:port`.

use std::collections::BTreeSet;
use std::error::Error;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use migration::{Migrator, MigratorTrait};
use sea_orm_migration::sea_orm::{
    ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, Statement,
};

/// A schema as a set of one-line descriptions of its objects and rows.
type Schema = BTreeSet<String>;

#[tokio::test]
async fn sqlite_schema_matches_the_record() {
    let path = std::env::temp_dir().join(format!("migration-schema-{}.db", unique()));
    let db = Database::connect(format!("sqlite://{}?mode=rwc", path.display()))
        .await
        .expect("open SQLite");
    let outcome = walk(&db).await;
    db.close().await.ok();
    std::fs::remove_file(&path).ok();
    check("sqlite", outcome.unwrap_or_else(|e| panic!("SQLite: {e}")));
}

#[tokio::test]
async fn postgres_schema_matches_the_record() {
    let Ok(base) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!("PostgreSQL skipped (set TEST_DATABASE_URL=postgres://user@host:port)");
        return;
    };
    let base = base.trim_end_matches('/');
    let admin = Database::connect(format!("{base}/postgres"))
        .await
        .expect("connect to PostgreSQL");
    let name = format!("mig_check_{}", unique());
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create the scratch database");
    let db = Database::connect(format!("{base}/{name}"))
        .await
        .expect("connect to the scratch database");
    let outcome = walk(&db).await;
    db.close().await.ok();
    // Dropped before any assertion, so a failing run leaves nothing behind.
    admin
        .execute_unprepared(&format!("DROP DATABASE {name}"))
        .await
        .expect("drop the scratch database");
    check(
        "postgres",
        outcome.unwrap_or_else(|e| panic!("PostgreSQL: {e}")),
    );
}

/// Applies the migrations one at a time, rolls them back one at a time, applies them all
/// again, and returns the record of what each `up` changed. Fails rather than panics, so
/// the caller still drops its database.
async fn walk(db: &DatabaseConnection) -> Result<String, Box<dyn Error>> {
    let names: Vec<String> = Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    Migrator::install(db).await?;
    // states[i]: the schema with the first i migrations applied.
    let mut states = vec![schema(db).await?];
    let mut record = section("before any migration", &Schema::new(), &states[0]);
    for (i, name) in names.iter().enumerate() {
        Migrator::up(db, Some(1)).await?;
        states.push(schema(db).await?);
        record += &section(name, &states[i], &states[i + 1]);
    }
    for (i, name) in names.iter().enumerate().rev() {
        Migrator::down(db, Some(1)).await?;
        let state = schema(db).await?;
        if state != states[i] {
            return Err(format!(
                "the down of {name} does not restore the schema its up started from:\n{}",
                section(name, &states[i], &state)
            )
            .into());
        }
    }
    Migrator::up(db, None).await?;
    let (full, again) = (&states[names.len()], schema(db).await?);
    if &again != full {
        return Err(format!(
            "up after a full down builds a different schema:\n{}",
            section("up again", full, &again)
        )
        .into());
    }
    Ok(record)
}

/// What changed from `before` to `after`, under a heading.
fn section(heading: &str, before: &Schema, after: &Schema) -> String {
    let mut out = format!("# {heading}\n");
    for line in before.difference(after) {
        out += &format!("- {line}\n");
    }
    for line in after.difference(before) {
        out += &format!("+ {line}\n");
    }
    out
}

/// Compares a record with the committed one (or rewrites it, when asked to).
fn check(backend: &str, record: String) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{backend}.txt"));
    if std::env::var_os("UPDATE_SCHEMA_SNAPSHOT").is_some() {
        std::fs::write(&path, &record).expect("write the record");
        return;
    }
    let expected = std::fs::read_to_string(&path).expect("read the record");
    if record == expected {
        return;
    }
    // Name the first migration whose changes differ (the record is in migration order)
    // and only the lines that differ there.
    let sections = |s: &str| {
        let mut sections: Vec<Vec<String>> = Vec::new();
        for line in s.lines() {
            match sections.last_mut() {
                Some(section) if !line.starts_with("# ") => section.push(line.to_owned()),
                _ => sections.push(vec![line.to_owned()]),
            }
        }
        sections
    };
    let (want, got) = (sections(&expected), sections(&record));
    let at = (0..want.len().max(got.len()))
        .find(|&i| want.get(i) != got.get(i))
        .expect("records differ, so a section does");
    let (want, got) = (
        want.get(at).cloned().unwrap_or_default(),
        got.get(at).cloned().unwrap_or_default(),
    );
    let heading = want
        .first()
        .or(got.first())
        .map_or("", |h| h.trim_start_matches("# "));
    let only = |a: &[String], b: &[String]| {
        a.iter()
            .skip(1)
            .filter(|line| !b.contains(line))
            .map(|line| format!("  {line}\n"))
            .collect::<String>()
    };
    panic!(
        "the {backend} schema differs from {} at migration {heading} \
         (a landed migration must not change):\nrecorded, not built:\n{}built, not recorded:\n{}",
        path.display(),
        only(&want, &got),
        only(&got, &want),
    );
}

/// The schema as the database reports it, and every row but the migration bookkeeping.
async fn schema(db: &DatabaseConnection) -> Result<Schema, DbErr> {
    let mut schema = Schema::new();
    match db.get_database_backend() {
        DbBackend::Sqlite => {
            // `sqlite_sequence` is SQLite's own: made for the first AUTOINCREMENT table and
            // kept when that table goes, it is no part of what a migration builds.
            schema.extend(
                lines(
                    db,
                    "SELECT type || '|' || name || '|' || tbl_name || '|' || COALESCE(sql, '') \
                     FROM sqlite_master WHERE name <> 'sqlite_sequence'",
                )
                .await?,
            );
            for table in lines(
                db,
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' AND name <> 'seaql_migrations'",
            )
            .await?
            {
                let columns = lines(
                    db,
                    &format!("SELECT '\"' || name || '\"' FROM pragma_table_info('{table}') ORDER BY cid"),
                )
                .await?;
                schema.extend(
                    lines(
                        db,
                        &format!(
                            "SELECT 'row|{table}|' || json_array({}) FROM \"{table}\"",
                            columns.join(", ")
                        ),
                    )
                    .await?,
                );
            }
        }
        DbBackend::Postgres => {
            // Columns by position among the live ones: a column dropped and added again
            // sits where it sat, though PostgreSQL numbers it anew.
            schema.extend(
                lines(
                    db,
                    "SELECT 'column|' || c.relname || '|' \
                     || lpad((row_number() OVER (PARTITION BY c.relname ORDER BY a.attnum))::text, \
                             3, '0') || '|' \
                     || a.attname || '|' || format_type(a.atttypid, a.atttypmod) \
                     || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE ' NULL' END \
                     || COALESCE(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '') \
                     FROM pg_attribute a \
                     JOIN pg_class c ON c.oid = a.attrelid \
                     JOIN pg_namespace n ON n.oid = c.relnamespace \
                     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
                     WHERE n.nspname = current_schema() AND c.relkind = 'r' \
                     AND a.attnum > 0 AND NOT a.attisdropped",
                )
                .await?,
            );
            schema.extend(
                lines(
                    db,
                    "SELECT 'constraint|' || c.relname || '|' || k.conname || '|' \
                     || pg_get_constraintdef(k.oid) \
                     FROM pg_constraint k \
                     JOIN pg_class c ON c.oid = k.conrelid \
                     JOIN pg_namespace n ON n.oid = c.relnamespace \
                     WHERE n.nspname = current_schema()",
                )
                .await?,
            );
            schema.extend(
                lines(
                    db,
                    "SELECT 'index|' || tablename || '|' || indexname || '|' || indexdef \
                     FROM pg_indexes WHERE schemaname = current_schema()",
                )
                .await?,
            );
            schema.extend(
                lines(
                    db,
                    "SELECT 'sequence|' || sequencename || '|' || data_type::text \
                     FROM pg_sequences WHERE schemaname = current_schema()",
                )
                .await?,
            );
            for table in lines(
                db,
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() \
                 AND tablename <> 'seaql_migrations'",
            )
            .await?
            {
                schema.extend(
                    lines(
                        db,
                        &format!(
                            "SELECT 'row|{table}|' || row_to_json(t)::text FROM \"{table}\" t"
                        ),
                    )
                    .await?,
                );
            }
        }
        other => panic!("no schema reader for {other:?}"),
    }
    Ok(schema)
}

/// The rows of a query that selects one text column.
async fn lines(db: &DatabaseConnection, sql: &str) -> Result<Vec<String>, DbErr> {
    let backend = db.get_database_backend();
    db.query_all(Statement::from_string(backend, sql))
        .await?
        .iter()
        .map(|row| row.try_get_by_index::<String>(0))
        .collect()
}

/// A name no other run of these tests uses at the same time.
fn unique() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_nanos();
    format!("{}_{nanos}", std::process::id())
}
