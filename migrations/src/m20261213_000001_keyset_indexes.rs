//! Lists that cost the same on page 1 and page 4000: each list's index matches its sort
//! exactly, tie-break included, so a keyset page ("the rows after this one") is one index
//! range and a numbered page skips index entries, never sorts. The roster sorts by
//! (row_no, id) within a batch, the verification results the same within an outcome or a
//! status, the batch list by (updated_at, batch_no) overall and within a unit. The indexes
//! they replace are prefixes of the new ones.
//!
//! On PostgreSQL the name prefix search compares bytes (`COLLATE "C"`), whatever the
//! database's collation, so a range `name >= prefix AND name < next(prefix)` is exactly
//! "begins with"; SQLite's default collation already compares bytes.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

use crate::columns::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The PostgreSQL index of the name prefix search.
const NAME_C: &str = "ix_roster_entries_batch_name_c";

/// (new index, its columns, the index it replaces, that one's columns).
type Swap = (
    &'static str,
    &'static [Col],
    &'static str,
    &'static [Col],
    Tbl,
);

#[derive(DeriveIden, Clone, Copy)]
enum Tbl {
    #[sea_orm(iden = "roster_entries")]
    RosterEntries,
    #[sea_orm(iden = "batches")]
    Batches,
}

#[derive(DeriveIden, Clone, Copy)]
enum Col {
    BatchId,
    RowNo,
    Id,
    Outcome,
    Status,
    UnitId,
    UpdatedAt,
    BatchNo,
}

const SWAPS: [Swap; 3] = [
    (
        "ix_roster_entries_batch_row_id",
        &[Col::BatchId, Col::RowNo, Col::Id],
        "ix_roster_entries_batch_row",
        &[Col::BatchId, Col::RowNo],
        Tbl::RosterEntries,
    ),
    (
        "ix_roster_entries_batch_outcome_row_id",
        &[Col::BatchId, Col::Outcome, Col::RowNo, Col::Id],
        "ix_roster_entries_batch_outcome",
        &[Col::BatchId, Col::Outcome],
        Tbl::RosterEntries,
    ),
    (
        "ix_batches_unit_updated_no",
        &[Col::UnitId, Col::UpdatedAt, Col::BatchNo],
        "ix_batches_unit_updated",
        &[Col::UnitId, Col::UpdatedAt],
        Tbl::Batches,
    ),
];

/// Indexes only added (nothing they replace).
const ADDED: [(&str, &[Col], Tbl); 2] = [
    (
        "ix_roster_entries_batch_status_row_id",
        &[Col::BatchId, Col::Status, Col::RowNo, Col::Id],
        Tbl::RosterEntries,
    ),
    (
        "ix_batches_updated_no",
        &[Col::UpdatedAt, Col::BatchNo],
        Tbl::Batches,
    ),
];

async fn drop(manager: &SchemaManager<'_>, name: &str, table: Tbl) -> Result<(), DbErr> {
    manager
        .drop_index(Index::drop().name(name).table(table).to_owned())
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (new, cols, old, _, table) in SWAPS {
            manager.create_index(index(new, table, cols)).await?;
            drop(manager, old, table).await?;
        }
        for (name, cols, table) in ADDED {
            manager.create_index(index(name, table, cols)).await?;
        }
        if manager.get_database_backend() == DbBackend::Postgres {
            let sql = format!(
                r#"CREATE INDEX "{NAME_C}" ON "roster_entries" ("batch_id", "name" COLLATE "C")"#
            );
            manager.get_connection().execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            drop(manager, NAME_C, Tbl::RosterEntries).await?;
        }
        for (name, _, table) in ADDED.into_iter().rev() {
            drop(manager, name, table).await?;
        }
        for (new, _, old, old_cols, table) in SWAPS.into_iter().rev() {
            manager.create_index(index(old, table, old_cols)).await?;
            drop(manager, new, table).await?;
        }
        Ok(())
    }
}
