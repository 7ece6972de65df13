use sea_orm_migration::prelude::*;

use super::m20261130_000001_create_units::Units;
use crate::columns::{
    boolean_default, foreign_key, index, integer_default, string, string_null, timestamp,
    timestamp_null, unique_index, uuid_null, uuid_pk,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Accounts::Table)
                    .col(uuid_pk(Accounts::Id))
                    .col(string(Accounts::Account, 100))
                    .col(string(Accounts::PasswordHash, 200))
                    .col(string(Accounts::Role, 16))
                    .col(uuid_null(Accounts::UnitId))
                    .col(string(Accounts::DisplayName, 100))
                    .col(string_null(Accounts::Email, 200))
                    .col(string_null(Accounts::Mobile, 20))
                    .col(boolean_default(Accounts::MustChangePassword, false))
                    .col(integer_default(Accounts::FailedAttempts, 0))
                    .col(timestamp_null(Accounts::LockedUntil))
                    .col(boolean_default(Accounts::Disabled, false))
                    .col(integer_default(Accounts::TokenVersion, 1))
                    .col(timestamp(Accounts::CreatedAt))
                    .col(timestamp(Accounts::UpdatedAt))
                    .foreign_key(&mut foreign_key(
                        "fk_accounts_unit",
                        (Accounts::Table, Accounts::UnitId),
                        (Units::Table, Units::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_index(
                "ux_accounts_account",
                Accounts::Table,
                &[Accounts::Account],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_accounts_unit",
                Accounts::Table,
                &[Accounts::UnitId],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Accounts::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Accounts {
    Table,
    Id,
    Account,
    PasswordHash,
    Role,
    UnitId,
    DisplayName,
    Email,
    Mobile,
    MustChangePassword,
    FailedAttempts,
    LockedUntil,
    Disabled,
    TokenVersion,
    CreatedAt,
    UpdatedAt,
}
