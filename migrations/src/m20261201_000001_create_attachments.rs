use sea_orm_migration::prelude::*;

use super::m20261130_000001_create_units::Units;
use crate::columns::{big_integer, foreign_key, index, string, timestamp, uuid_null, uuid_pk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Attachments::Table)
                    .col(uuid_pk(Attachments::Id))
                    .col(uuid_null(Attachments::UnitId))
                    .col(string(Attachments::Purpose, 40))
                    .col(string(Attachments::FileName, 200))
                    .col(string(Attachments::ContentType, 50))
                    .col(big_integer(Attachments::SizeBytes))
                    .col(string(Attachments::Sha256, 64))
                    .col(string(Attachments::StorageKey, 200))
                    .col(uuid_null(Attachments::UploadedBy))
                    .col(timestamp(Attachments::CreatedAt))
                    .foreign_key(&mut foreign_key(
                        "fk_attachments_unit",
                        (Attachments::Table, Attachments::UnitId),
                        (Units::Table, Units::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_attachments_unit",
                Attachments::Table,
                &[Attachments::UnitId],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Attachments::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Attachments {
    Table,
    Id,
    UnitId,
    Purpose,
    FileName,
    ContentType,
    SizeBytes,
    Sha256,
    StorageKey,
    UploadedBy,
    CreatedAt,
}
