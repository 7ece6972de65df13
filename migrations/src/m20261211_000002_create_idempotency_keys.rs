//! `Idempotency-Key` of the writes an integrator may retry (roster import, 新增参保人员):
//! per caller and key, the digest of the first request and, once it succeeded, its answer,
//! so a retry gets that answer instead of doing the work again. In the database so that a
//! retry reaching another instance finds it; rows end at `expires_at` (24 h).

use sea_orm_migration::prelude::*;

use crate::columns::{index, string, string_null, text_null, timestamp, unique_index, uuid_pk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(IdempotencyKeys::Table)
                    .col(uuid_pk(IdempotencyKeys::Id))
                    // `account:<uuid>` or `api_key:<uuid>`: one caller's keys never meet another's.
                    .col(string(IdempotencyKeys::Caller, 64))
                    .col(string(IdempotencyKeys::Key, 200))
                    // SHA-256 of the method, path and body of the first request.
                    .col(string(IdempotencyKeys::RequestHash, 64))
                    // Empty while the first request runs.
                    .col(ColumnDef::new(IdempotencyKeys::StatusCode).integer().null())
                    .col(text_null(IdempotencyKeys::ResponseBody))
                    .col(string_null(IdempotencyKeys::ResponseEtag, 64))
                    .col(timestamp(IdempotencyKeys::CreatedAt))
                    .col(timestamp(IdempotencyKeys::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_index(
                "ux_idempotency_keys_caller_key",
                IdempotencyKeys::Table,
                &[IdempotencyKeys::Caller, IdempotencyKeys::Key],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_idempotency_keys_expires_at",
                IdempotencyKeys::Table,
                &[IdempotencyKeys::ExpiresAt],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(IdempotencyKeys::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum IdempotencyKeys {
    Table,
    Id,
    Caller,
    Key,
    RequestHash,
    StatusCode,
    ResponseBody,
    ResponseEtag,
    CreatedAt,
    ExpiresAt,
}
