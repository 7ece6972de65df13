//! 批次状态流转: one row each time a batch moves from one status to another, written by the
//! one function that saves a batch (`batches::access::save`). 统计 reads how long batches
//! stay in each step from them. Batches older than this table have no rows: their stays are
//! simply not counted.

use sea_orm_migration::prelude::*;

use crate::columns::{foreign_key, index, string, timestamp, uuid, uuid_pk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BatchStatusChanges::Table)
                    .col(uuid_pk(BatchStatusChanges::Id))
                    .col(uuid(BatchStatusChanges::BatchId))
                    .col(string(BatchStatusChanges::FromStatus, 40))
                    .col(string(BatchStatusChanges::ToStatus, 40))
                    .col(timestamp(BatchStatusChanges::ChangedAt))
                    .foreign_key(&mut foreign_key(
                        "fk_batch_status_changes_batch",
                        (BatchStatusChanges::Table, BatchStatusChanges::BatchId),
                        (Batches::Table, Batches::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_batch_status_changes_batch_changed_at",
                BatchStatusChanges::Table,
                &[BatchStatusChanges::BatchId, BatchStatusChanges::ChangedAt],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BatchStatusChanges::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum BatchStatusChanges {
    Table,
    Id,
    BatchId,
    FromStatus,
    ToStatus,
    ChangedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Batches {
    Table,
    Id,
}
