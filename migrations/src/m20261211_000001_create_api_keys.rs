//! 接口密钥 (integrator API keys): a unit's HR system or the association's back office
//! calls the API without a person. Only a SHA-256 digest of each key is kept
//! (`secret_hash`, unique: the lookup), with the first characters in clear so people can
//! tell their keys apart; a key acts with the rights of its role and unit, narrowed by its
//! scopes, until it expires or is revoked.

use sea_orm_migration::prelude::*;

use crate::columns::{foreign_key, index, string, timestamp, timestamp_null, uuid_null, uuid_pk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ApiKeys::Table)
                    .col(uuid_pk(ApiKeys::Id))
                    .col(string(ApiKeys::Name, 100))
                    .col(string(ApiKeys::KeyPrefix, 16))
                    .col(string(ApiKeys::SecretHash, 64))
                    // `unit` (with `unit_id`) or `reviewer` (the association).
                    .col(string(ApiKeys::Role, 16))
                    .col(uuid_null(ApiKeys::UnitId))
                    // Space-separated scope names (`roster:write verification:read`).
                    .col(string(ApiKeys::Scopes, 400))
                    .col(uuid_null(ApiKeys::CreatedBy))
                    .col(timestamp(ApiKeys::CreatedAt))
                    .col(timestamp(ApiKeys::ExpiresAt))
                    .col(timestamp_null(ApiKeys::LastUsedAt))
                    .col(timestamp_null(ApiKeys::RevokedAt))
                    .col(uuid_null(ApiKeys::RevokedBy))
                    .foreign_key(&mut foreign_key(
                        "fk_api_keys_unit",
                        (ApiKeys::Table, ApiKeys::UnitId),
                        (Units::Table, Units::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut foreign_key(
                        "fk_api_keys_created_by",
                        (ApiKeys::Table, ApiKeys::CreatedBy),
                        (Accounts::Table, Accounts::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut foreign_key(
                        "fk_api_keys_revoked_by",
                        (ApiKeys::Table, ApiKeys::RevokedBy),
                        (Accounts::Table, Accounts::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(crate::columns::unique_index(
                "ux_api_keys_secret_hash",
                ApiKeys::Table,
                &[ApiKeys::SecretHash],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_api_keys_unit_created",
                ApiKeys::Table,
                &[ApiKeys::UnitId, ApiKeys::CreatedAt],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ApiKeys::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum ApiKeys {
    Table,
    Id,
    Name,
    KeyPrefix,
    SecretHash,
    Role,
    UnitId,
    Scopes,
    CreatedBy,
    CreatedAt,
    ExpiresAt,
    LastUsedAt,
    RevokedAt,
    RevokedBy,
}

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}
