use sea_orm_migration::prelude::*;

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
                    .col(
                        ColumnDef::new(RosterEntries::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(RosterEntries::BatchId).uuid().not_null())
                    .col(ColumnDef::new(RosterEntries::PlanYear).integer().not_null())
                    .col(ColumnDef::new(RosterEntries::RowNo).integer().not_null())
                    .col(
                        ColumnDef::new(RosterEntries::Name)
                            .string_len(100)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(RosterEntries::DocType)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(RosterEntries::IdNumber)
                            .string_len(40)
                            .not_null(),
                    )
                    .col(ColumnDef::new(RosterEntries::BirthDate).date().not_null())
                    .col(ColumnDef::new(RosterEntries::Sex).string_len(8).not_null())
                    .col(
                        ColumnDef::new(RosterEntries::Mobile)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(RosterEntries::MobileValid)
                            .boolean()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(RosterEntries::Status)
                            .string_len(32)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(RosterEntries::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_roster_entries_batch")
                            .from(RosterEntries::Table, RosterEntries::BatchId)
                            .to(Batches::Table, Batches::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        let index = |name: &str, cols: &[RosterEntries], unique: bool| {
            let mut i = Index::create();
            i.name(name).table(RosterEntries::Table);
            for c in cols {
                i.col(*c);
            }
            if unique {
                i.unique();
            }
            i.to_owned()
        };
        manager
            .create_index(index(
                "ux_roster_entries_batch_id_number",
                &[RosterEntries::BatchId, RosterEntries::IdNumber],
                true,
            ))
            .await?;
        manager
            // A person is enrolled at most once per plan year (SPEC §6): the import's
            // check catches the usual case, this index the race of two batches at once.
            .create_index(index(
                "ux_roster_entries_plan_year_id_number",
                &[RosterEntries::PlanYear, RosterEntries::IdNumber],
                true,
            ))
            .await?;
        manager
            .create_index(index(
                "ix_roster_entries_batch_row",
                &[RosterEntries::BatchId, RosterEntries::RowNo],
                false,
            ))
            .await?;
        manager
            .create_index(index(
                "ix_roster_entries_batch_name",
                &[RosterEntries::BatchId, RosterEntries::Name],
                false,
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
