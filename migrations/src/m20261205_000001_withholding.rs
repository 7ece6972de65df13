//! 代扣申请: the application (its frozen list of 可代扣 people, acceptance, the bank request
//! and its results), each person's 代扣结果 on the roster, and the unit's due amount fixed
//! when the roster is confirmed.

use sea_orm_migration::prelude::*;

use crate::columns::{
    big_integer, big_integer_null, foreign_key, index, integer, string, string_null, timestamp,
    timestamp_null, unique_index, uuid, uuid_null, uuid_pk,
};
use crate::m20261202_000002_create_batches::Batches;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn roster_columns() -> Vec<ColumnDef> {
    vec![
        string_null(RosterEntries::WithholdingResult, 32),
        string_null(RosterEntries::WithholdingReason, 64),
    ]
}

fn batch_columns() -> Vec<ColumnDef> {
    vec![
        big_integer_null(BatchColumns::UnitDueFen),
        ColumnDef::new(BatchColumns::WithheldPeople)
            .integer()
            .null()
            .to_owned(),
    ]
}

async fn add_columns(
    manager: &SchemaManager<'_>,
    table: impl IntoTableRef + Clone,
    cols: Vec<ColumnDef>,
) -> Result<(), DbErr> {
    for mut col in cols {
        manager
            .alter_table(
                Table::alter()
                    .table(table.clone())
                    .add_column(&mut col)
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

async fn drop_columns(
    manager: &SchemaManager<'_>,
    table: impl IntoTableRef + Clone,
    cols: Vec<ColumnDef>,
) -> Result<(), DbErr> {
    for col in cols.iter().rev() {
        manager
            .alter_table(
                Table::alter()
                    .table(table.clone())
                    .drop_column(Alias::new(col.get_column_name()))
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Withholdings::Table)
                    .col(uuid_pk(Withholdings::Id))
                    .col(uuid(Withholdings::BatchId))
                    .col(big_integer(Withholdings::AmountFen))
                    .col(integer(Withholdings::People))
                    // applied → accepted → sent → done
                    .col(string(Withholdings::State, 16))
                    .col(timestamp(Withholdings::SubmittedAt))
                    .col(uuid_null(Withholdings::SubmittedBy))
                    .col(timestamp(Withholdings::AcceptDueAt))
                    .col(timestamp_null(Withholdings::AcceptedAt))
                    // NULL with `accepted_at` set: accepted automatically.
                    .col(uuid_null(Withholdings::AcceptedBy))
                    .col(string(Withholdings::SlipCode, 16))
                    // Bank requests the list is sent in (the bank takes a bounded number of
                    // people per request).
                    .col(integer(Withholdings::Chunks))
                    .col(timestamp_null(Withholdings::SentAt))
                    .col(timestamp_null(Withholdings::ResultsAt))
                    .col(
                        ColumnDef::new(Withholdings::Succeeded)
                            .integer()
                            .null()
                            .to_owned(),
                    )
                    .foreign_key(&mut foreign_key(
                        "fk_withholdings_batch",
                        (Withholdings::Table, Withholdings::BatchId),
                        (Batches::Table, Batches::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_index(
                "ux_withholdings_batch",
                Withholdings::Table,
                &[Withholdings::BatchId],
            ))
            .await?;
        manager
            .create_index(unique_index(
                "ux_withholdings_slip_code",
                Withholdings::Table,
                &[Withholdings::SlipCode],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WithholdingItems::Table)
                    .col(uuid_pk(WithholdingItems::Id))
                    .col(uuid(WithholdingItems::WithholdingId))
                    // The roster entry (no foreign key: the frozen list outlives deletions).
                    .col(uuid(WithholdingItems::EntryId))
                    .col(integer(WithholdingItems::RowNo))
                    .col(string(WithholdingItems::Name, 100))
                    .col(string(WithholdingItems::IdNumber, 40))
                    .col(integer(WithholdingItems::Chunk))
                    .col(string_null(WithholdingItems::BankRequestId, 64))
                    .col(string_null(WithholdingItems::Result, 32))
                    .col(string_null(WithholdingItems::Reason, 64))
                    .col(timestamp_null(WithholdingItems::ResultAt))
                    .foreign_key(&mut foreign_key(
                        "fk_withholding_items_withholding",
                        (WithholdingItems::Table, WithholdingItems::WithholdingId),
                        (Withholdings::Table, Withholdings::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_index(
                "ux_withholding_items_entry",
                WithholdingItems::Table,
                &[WithholdingItems::WithholdingId, WithholdingItems::EntryId],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_withholding_items_chunk",
                WithholdingItems::Table,
                &[WithholdingItems::WithholdingId, WithholdingItems::Chunk],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_withholding_items_request",
                WithholdingItems::Table,
                &[WithholdingItems::BankRequestId],
            ))
            .await?;
        add_columns(manager, RosterEntries::Table, roster_columns()).await?;
        add_columns(manager, BatchColumns::Table, batch_columns()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_columns(manager, BatchColumns::Table, batch_columns()).await?;
        drop_columns(manager, RosterEntries::Table, roster_columns()).await?;
        manager
            .drop_table(Table::drop().table(WithholdingItems::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Withholdings::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Withholdings {
    Table,
    Id,
    BatchId,
    AmountFen,
    People,
    State,
    SubmittedAt,
    SubmittedBy,
    AcceptDueAt,
    AcceptedAt,
    AcceptedBy,
    SlipCode,
    Chunks,
    SentAt,
    ResultsAt,
    Succeeded,
}

#[derive(DeriveIden, Clone, Copy)]
enum WithholdingItems {
    Table,
    Id,
    WithholdingId,
    EntryId,
    RowNo,
    Name,
    IdNumber,
    Chunk,
    BankRequestId,
    Result,
    Reason,
    ResultAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum RosterEntries {
    Table,
    WithholdingResult,
    WithholdingReason,
}

#[derive(DeriveIden, Clone, Copy)]
enum BatchColumns {
    #[sea_orm(iden = "batches")]
    Table,
    UnitDueFen,
    WithheldPeople,
}
