//! System verification (系统校验): each person's answers from the social-security and
//! pension interfaces, the outcome and 代扣类型, when it was checked and whether it must
//! be checked again; and the social-security units' head counts (社保人数) the ratio
//! step needs.

use sea_orm_migration::prelude::*;

use crate::columns::{index, json_null, string, string_null, timestamp, timestamp_null, uuid_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The columns added to `roster_entries`, in order.
fn result_columns() -> Vec<ColumnDef> {
    vec![
        ColumnDef::new(RosterEntries::NeedsCheck)
            .boolean()
            .not_null()
            .default(true)
            .to_owned(),
        timestamp_null(RosterEntries::CheckedAt),
        uuid_null(RosterEntries::CheckedInJob),
        string_null(RosterEntries::Outcome, 32),
        string_null(RosterEntries::DeductionType, 32),
        string_null(RosterEntries::SsName, 100),
        string_null(RosterEntries::SsStatus, 16),
        string_null(RosterEntries::SsRetirementMonth, 32),
        string_null(RosterEntries::SsCode, 32),
        string_null(RosterEntries::SsUnitName, 200),
        string_null(RosterEntries::MedicalInsurance, 16),
        ColumnDef::new(RosterEntries::Withholdable)
            .boolean()
            .null()
            .to_owned(),
        json_null(RosterEntries::SsRaw),
        string_null(RosterEntries::EditedRetirementMonth, 7),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for mut col in result_columns() {
            manager
                .alter_table(
                    Table::alter()
                        .table(RosterEntries::Table)
                        .add_column(&mut col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(index(
                "ix_roster_entries_batch_outcome",
                RosterEntries::Table,
                &[RosterEntries::BatchId, RosterEntries::Outcome],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SsUnits::Table)
                    .col(
                        ColumnDef::new(SsUnits::SsCode)
                            .string_len(32)
                            .not_null()
                            .primary_key(),
                    )
                    .col(string(SsUnits::UnitName, 200))
                    .col(ColumnDef::new(SsUnits::RetireeCount).integer().not_null())
                    .col(timestamp(SsUnits::CheckedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SsUnits::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ix_roster_entries_batch_outcome")
                    .table(RosterEntries::Table)
                    .to_owned(),
            )
            .await?;
        for col in result_columns().iter().rev() {
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

#[derive(DeriveIden, Clone, Copy)]
enum RosterEntries {
    Table,
    BatchId,
    NeedsCheck,
    CheckedAt,
    CheckedInJob,
    Outcome,
    DeductionType,
    SsName,
    SsStatus,
    SsRetirementMonth,
    SsCode,
    SsUnitName,
    MedicalInsurance,
    Withholdable,
    SsRaw,
    EditedRetirementMonth,
}

#[derive(DeriveIden, Clone, Copy)]
enum SsUnits {
    Table,
    SsCode,
    UnitName,
    RetireeCount,
    CheckedAt,
}
