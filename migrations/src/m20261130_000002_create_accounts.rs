use sea_orm_migration::prelude::*;

use super::m20261130_000001_create_units::Units;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Accounts::Table)
                    .col(ColumnDef::new(Accounts::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Accounts::Account).string_len(100).not_null())
                    .col(
                        ColumnDef::new(Accounts::PasswordHash)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Accounts::Role).string_len(16).not_null())
                    .col(ColumnDef::new(Accounts::UnitId).uuid().null())
                    .col(
                        ColumnDef::new(Accounts::DisplayName)
                            .string_len(100)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Accounts::Email).string_len(200).null())
                    .col(ColumnDef::new(Accounts::Mobile).string_len(20).null())
                    .col(
                        ColumnDef::new(Accounts::MustChangePassword)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(
                        ColumnDef::new(Accounts::FailedAttempts)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(Accounts::LockedUntil)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Accounts::Disabled)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(
                        ColumnDef::new(Accounts::TokenVersion)
                            .integer()
                            .not_null()
                            .default(1),
                    )
                    .col(
                        ColumnDef::new(Accounts::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Accounts::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_accounts_unit")
                            .from(Accounts::Table, Accounts::UnitId)
                            .to(Units::Table, Units::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_accounts_account")
                    .table(Accounts::Table)
                    .col(Accounts::Account)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_accounts_unit")
                    .table(Accounts::Table)
                    .col(Accounts::UnitId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Accounts::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
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
