use sea_orm_migration::prelude::*;

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
                    .col(ColumnDef::new(Captchas::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Captchas::Answer).string_len(16).not_null())
                    .col(
                        ColumnDef::new(Captchas::ExpiresAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_captchas_expires_at")
                    .table(Captchas::Table)
                    .col(Captchas::ExpiresAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Captchas::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Captchas {
    Table,
    Id,
    Answer,
    ExpiresAt,
}
