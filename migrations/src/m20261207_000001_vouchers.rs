//! 缴费凭证 and completion: a batch's payment lines entered by the unit (with their voucher
//! files; the 个人代扣 line is computed, never stored), refund lines
//! (退多余款) and e-receipt lines (电子票据), and the cover fixed when the reviewer approves
//! the vouchers (投保成功) — on the batch and on each insured person (起保日期 / 终保日期).

use sea_orm_migration::prelude::*;

use crate::columns::{
    big_integer, date_null, foreign_key, index, integer, string, string_null, text_null, timestamp,
    timestamp_null, uuid, uuid_null, uuid_pk,
};
use crate::m20261202_000002_create_batches::Batches;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn batch_columns() -> Vec<ColumnDef> {
    vec![
        timestamp_null(BatchColumns::CompletedAt),
        timestamp_null(BatchColumns::CoverageStart),
        timestamp_null(BatchColumns::CoverageEnd),
        timestamp_null(BatchColumns::WaitingPeriodEnd),
    ]
}

fn roster_columns() -> Vec<ColumnDef> {
    vec![
        date_null(RosterEntries::CoverageStart),
        date_null(RosterEntries::CoverageEnd),
    ]
}

async fn alter(
    manager: &SchemaManager<'_>,
    table: impl IntoTableRef + Clone,
    cols: Vec<ColumnDef>,
    add: bool,
) -> Result<(), DbErr> {
    let cols: Vec<ColumnDef> = if add {
        cols
    } else {
        cols.into_iter().rev().collect()
    };
    for mut col in cols {
        let mut stmt = Table::alter();
        stmt.table(table.clone());
        if add {
            stmt.add_column(&mut col);
        } else {
            stmt.drop_column(Alias::new(col.get_column_name()));
        }
        manager.alter_table(stmt.to_owned()).await?;
    }
    Ok(())
}

fn batch_fk(name: &str, table: impl IntoTableRef, col: impl IntoIden) -> ForeignKeyCreateStatement {
    foreign_key(
        name,
        (table, col),
        (Batches::Table, Batches::Id),
        ForeignKeyAction::Cascade,
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(VoucherPayments::Table)
                    .col(uuid_pk(VoucherPayments::Id))
                    .col(uuid(VoucherPayments::BatchId))
                    .col(integer(VoucherPayments::Position))
                    .col(string(VoucherPayments::PayerName, 200))
                    .col(string(VoucherPayments::Channel, 32))
                    .col(big_integer(VoucherPayments::AmountFen))
                    .col(string(VoucherPayments::AccountKind, 16))
                    .col(uuid_null(VoucherPayments::AttachmentId))
                    .col(timestamp(VoucherPayments::CreatedAt))
                    .foreign_key(&mut batch_fk(
                        "fk_voucher_payments_batch",
                        VoucherPayments::Table,
                        VoucherPayments::BatchId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_voucher_payments_batch",
                VoucherPayments::Table,
                &[VoucherPayments::BatchId, VoucherPayments::Position],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(VoucherRefunds::Table)
                    .col(uuid_pk(VoucherRefunds::Id))
                    .col(uuid(VoucherRefunds::BatchId))
                    .col(integer(VoucherRefunds::Position))
                    // Position of the payment line it refunds (选择缴费单位).
                    .col(integer(VoucherRefunds::PaymentPosition))
                    .col(string(VoucherRefunds::AccountName, 200))
                    .col(string(VoucherRefunds::AccountNo, 64))
                    .col(string(VoucherRefunds::Bank, 200))
                    .col(big_integer(VoucherRefunds::AmountFen))
                    .col(uuid_null(VoucherRefunds::ExplanationId))
                    .col(timestamp(VoucherRefunds::CreatedAt))
                    .foreign_key(&mut batch_fk(
                        "fk_voucher_refunds_batch",
                        VoucherRefunds::Table,
                        VoucherRefunds::BatchId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_voucher_refunds_batch",
                VoucherRefunds::Table,
                &[VoucherRefunds::BatchId, VoucherRefunds::Position],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(VoucherReceipts::Table)
                    .col(uuid_pk(VoucherReceipts::Id))
                    .col(uuid(VoucherReceipts::BatchId))
                    .col(integer(VoucherReceipts::Position))
                    .col(string(VoucherReceipts::Title, 200))
                    .col(string_null(VoucherReceipts::CreditCode, 18))
                    .col(big_integer(VoucherReceipts::AmountFen))
                    .col(text_null(VoucherReceipts::Remark))
                    .col(timestamp(VoucherReceipts::CreatedAt))
                    .foreign_key(&mut batch_fk(
                        "fk_voucher_receipts_batch",
                        VoucherReceipts::Table,
                        VoucherReceipts::BatchId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_voucher_receipts_batch",
                VoucherReceipts::Table,
                &[VoucherReceipts::BatchId, VoucherReceipts::Position],
            ))
            .await?;
        alter(manager, BatchColumns::Table, batch_columns(), true).await?;
        alter(manager, RosterEntries::Table, roster_columns(), true).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        alter(manager, RosterEntries::Table, roster_columns(), false).await?;
        alter(manager, BatchColumns::Table, batch_columns(), false).await?;
        for table in [
            VoucherReceipts::Table.into_table_ref(),
            VoucherRefunds::Table.into_table_ref(),
            VoucherPayments::Table.into_table_ref(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum VoucherPayments {
    Table,
    Id,
    BatchId,
    Position,
    PayerName,
    Channel,
    AmountFen,
    AccountKind,
    AttachmentId,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum VoucherRefunds {
    Table,
    Id,
    BatchId,
    Position,
    PaymentPosition,
    AccountName,
    AccountNo,
    Bank,
    AmountFen,
    ExplanationId,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum VoucherReceipts {
    Table,
    Id,
    BatchId,
    Position,
    Title,
    CreditCode,
    AmountFen,
    Remark,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum BatchColumns {
    #[sea_orm(iden = "batches")]
    Table,
    CompletedAt,
    CoverageStart,
    CoverageEnd,
    WaitingPeriodEnd,
}

#[derive(DeriveIden, Clone, Copy)]
enum RosterEntries {
    Table,
    CoverageStart,
    CoverageEnd,
}
