//! Personal data at rest: the roster's ID numbers and mobiles (and the withholding list's ID
//! numbers) become encrypted texts, found through keyed blind indexes. The uniqueness of a
//! person per batch and per plan year moves from the ID column (a ciphertext with a random
//! nonce is never equal to another) to its index. The server seals the existing rows at
//! start-up (it holds the keys; a migration never sees them), so the new columns are
//! nullable until then.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

use crate::columns::{index, string_null, unique_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn added_columns() -> Vec<ColumnDef> {
    vec![
        string_null(RosterEntries::IdHash, 64),
        string_null(RosterEntries::IdLast4, 8),
        string_null(RosterEntries::MobileHash, 64),
    ]
}

/// The columns that hold sealed texts, with their type before.
fn sealed_columns() -> [(DynIden, DynIden, &'static str); 3] {
    [
        (
            RosterEntries::Table.into_iden(),
            RosterEntries::IdNumber.into_iden(),
            "varchar(40)",
        ),
        (
            RosterEntries::Table.into_iden(),
            RosterEntries::Mobile.into_iden(),
            "varchar(64)",
        ),
        (
            WithholdingItems::Table.into_iden(),
            WithholdingItems::IdNumber.into_iden(),
            "varchar(40)",
        ),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for mut col in added_columns() {
            manager
                .alter_table(
                    Table::alter()
                        .table(RosterEntries::Table)
                        .add_column(&mut col)
                        .to_owned(),
                )
                .await?;
        }
        for name in [
            "ux_roster_entries_batch_id_number",
            "ux_roster_entries_plan_year_id_number",
        ] {
            manager
                .drop_index(
                    Index::drop()
                        .name(name)
                        .table(RosterEntries::Table)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(unique_index(
                "ux_roster_entries_batch_id_hash",
                RosterEntries::Table,
                &[RosterEntries::BatchId, RosterEntries::IdHash],
            ))
            .await?;
        manager
            .create_index(unique_index(
                "ux_roster_entries_plan_year_id_hash",
                RosterEntries::Table,
                &[RosterEntries::PlanYear, RosterEntries::IdHash],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_roster_entries_batch_id_last4",
                RosterEntries::Table,
                &[RosterEntries::BatchId, RosterEntries::IdLast4],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_roster_entries_batch_mobile_hash",
                RosterEntries::Table,
                &[RosterEntries::BatchId, RosterEntries::MobileHash],
            ))
            .await?;
        // A sealed value is longer than the clear text's varchar. SQLite does not enforce
        // lengths (and cannot alter a column's type).
        if manager.get_database_backend() == DbBackend::Postgres {
            for (table, col, _) in sealed_columns() {
                retype(manager, table, col, "text").await?;
            }
        }
        Ok(())
    }

    /// Back to the schema before: the indexes and columns go, the old unique indexes and
    /// (PostgreSQL) the varchar types return. Rows the server has sealed stay sealed — only
    /// the server holds the keys — and on PostgreSQL a sealed value is too long for the old
    /// varchar, so the down of a database with sealed rows is refused by the database itself.
    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            for (table, col, varchar) in sealed_columns().into_iter().rev() {
                retype(manager, table, col, varchar).await?;
            }
        }
        for name in [
            "ix_roster_entries_batch_mobile_hash",
            "ix_roster_entries_batch_id_last4",
            "ux_roster_entries_plan_year_id_hash",
            "ux_roster_entries_batch_id_hash",
        ] {
            manager
                .drop_index(
                    Index::drop()
                        .name(name)
                        .table(RosterEntries::Table)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(unique_index(
                "ux_roster_entries_batch_id_number",
                RosterEntries::Table,
                &[RosterEntries::BatchId, RosterEntries::IdNumber],
            ))
            .await?;
        manager
            .create_index(unique_index(
                "ux_roster_entries_plan_year_id_number",
                RosterEntries::Table,
                &[RosterEntries::PlanYear, RosterEntries::IdNumber],
            ))
            .await?;
        for col in added_columns().iter().rev() {
            manager
                .alter_table(
                    Table::alter()
                        .table(RosterEntries::Table)
                        .drop_column(Alias::new(col.get_column_name()))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

async fn retype(
    manager: &SchemaManager<'_>,
    table: DynIden,
    col: DynIden,
    ty: &str,
) -> Result<(), DbErr> {
    let sql = format!(
        "ALTER TABLE \"{}\" ALTER COLUMN \"{}\" TYPE {ty}",
        table.to_string(),
        col.to_string()
    );
    manager.get_connection().execute_unprepared(&sql).await?;
    Ok(())
}

#[derive(DeriveIden, Clone, Copy)]
enum RosterEntries {
    Table,
    BatchId,
    PlanYear,
    IdNumber,
    Mobile,
    IdHash,
    IdLast4,
    MobileHash,
}

#[derive(DeriveIden, Clone, Copy)]
enum WithholdingItems {
    Table,
    IdNumber,
}
