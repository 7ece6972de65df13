use sea_orm_migration::prelude::*;

use crate::columns::{
    boolean, date, foreign_key, index, integer, string, timestamp, unique_index, uuid, uuid_pk,
};
use crate::m20261202_000002_create_batches::Batches;

/// 参保名单: the people of a batch. ID and mobile are stored whole (lists mask them).
/// `(plan_year, id_number)` finds a person's other batches of the year.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RosterEntries::Table)
                    .col(uuid_pk(RosterEntries::Id))
                    .col(uuid(RosterEntries::BatchId))
                    .col(integer(RosterEntries::PlanYear))
                    .col(integer(RosterEntries::RowNo))
                    .col(string(RosterEntries::Name, 100))
                    .col(string(RosterEntries::DocType, 16))
                    .col(string(RosterEntries::IdNumber, 40))
                    .col(date(RosterEntries::BirthDate))
                    .col(string(RosterEntries::Sex, 8))
                    .col(string(RosterEntries::Mobile, 64))
                    .col(boolean(RosterEntries::MobileValid))
                    .col(string(RosterEntries::Status, 32))
                    .col(timestamp(RosterEntries::CreatedAt))
                    .foreign_key(&mut foreign_key(
                        "fk_roster_entries_batch",
                        (RosterEntries::Table, RosterEntries::BatchId),
                        (Batches::Table, Batches::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_index(
                "ux_roster_entries_batch_id_number",
                RosterEntries::Table,
                &[RosterEntries::BatchId, RosterEntries::IdNumber],
            ))
            .await?;
        manager
            // A person is enrolled at most once per plan year (SPEC §6): the import's
            // check catches the usual case, this index the race of two batches at once.
            .create_index(unique_index(
                "ux_roster_entries_plan_year_id_number",
                RosterEntries::Table,
                &[RosterEntries::PlanYear, RosterEntries::IdNumber],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_roster_entries_batch_row",
                RosterEntries::Table,
                &[RosterEntries::BatchId, RosterEntries::RowNo],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_roster_entries_batch_name",
                RosterEntries::Table,
                &[RosterEntries::BatchId, RosterEntries::Name],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RosterEntries::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum RosterEntries {
    Table,
    Id,
    BatchId,
    PlanYear,
    RowNo,
    Name,
    DocType,
    IdNumber,
    BirthDate,
    Sex,
    Mobile,
    MobileValid,
    Status,
    CreatedAt,
}
