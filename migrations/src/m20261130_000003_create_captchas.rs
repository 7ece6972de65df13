use sea_orm_migration::prelude::*;

use crate::columns::{index, string, timestamp, uuid_pk};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Captcha answers live in the database so that any server instance can check them.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Captchas::Table)
                    .col(uuid_pk(Captchas::Id))
                    .col(string(Captchas::Answer, 16))
                    .col(timestamp(Captchas::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_captchas_expires_at",
                Captchas::Table,
                &[Captchas::ExpiresAt],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Captchas::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Captchas {
    Table,
    Id,
    Answer,
    ExpiresAt,
}
