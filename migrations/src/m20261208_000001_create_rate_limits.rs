use sea_orm_migration::prelude::*;

use crate::columns::{big_integer, index, integer};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Request counts of the abuse limits (captchas, logins, registrations, credit-code
/// lookups per client and per login name): one row per key and window, in the database so
/// that every server instance counts the same requests. `window_start` is in seconds since
/// the Unix epoch, so both databases compare it as a plain number.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RateLimits::Table)
                    .col(
                        ColumnDef::new(RateLimits::Key)
                            .string_len(80)
                            .not_null()
                            .primary_key(),
                    )
                    .col(big_integer(RateLimits::WindowStart))
                    .col(integer(RateLimits::Count))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_rate_limits_window_start",
                RateLimits::Table,
                &[RateLimits::WindowStart],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RateLimits::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum RateLimits {
    Table,
    Key,
    WindowStart,
    Count,
}
