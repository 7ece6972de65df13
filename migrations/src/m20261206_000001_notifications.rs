//! 消息提醒 and the mail outbox: one row per notice, written in the transaction of the change
//! that causes it. The row is the in-app message (its reader, its read mark) and the mail's
//! state (addresses fixed when it was written, `mailed_at` once the SMTP server accepted it);
//! the `dedupe_key` makes writing the same event twice a no-op.

use sea_orm_migration::prelude::*;

use crate::columns::{
    foreign_key, index, integer_default, json, string, text_null, timestamp, timestamp_null,
    unique_index, uuid_null, uuid_pk,
};
use crate::m20261130_000001_create_units::Units;
use crate::m20261130_000002_create_accounts::Accounts;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(uuid_pk(Notifications::Id))
                    // The event (`batch.review_approved`, …).
                    .col(string(Notifications::Kind, 48))
                    // Addressed to a unit (every operator of it), or to one account.
                    .col(uuid_null(Notifications::UnitId))
                    .col(uuid_null(Notifications::AccountId))
                    .col(string(Notifications::Subject, 200))
                    .col(ColumnDef::new(Notifications::Body).text().not_null())
                    .col(string(Notifications::DedupeKey, 200))
                    // The addresses as they were when the notice was written (a JSON list).
                    .col(json(Notifications::MailTo))
                    // `pending`, `sent`, `no_address`, `disabled` or `failed`.
                    .col(string(Notifications::MailStatus, 16))
                    .col(integer_default(Notifications::MailAttempts, 0))
                    .col(timestamp_null(Notifications::MailedAt))
                    .col(text_null(Notifications::MailError))
                    .col(timestamp_null(Notifications::ReadAt))
                    .col(timestamp(Notifications::CreatedAt))
                    .foreign_key(&mut foreign_key(
                        "fk_notifications_unit",
                        (Notifications::Table, Notifications::UnitId),
                        (Units::Table, Units::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut foreign_key(
                        "fk_notifications_account",
                        (Notifications::Table, Notifications::AccountId),
                        (Accounts::Table, Accounts::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_index(
                "ux_notifications_dedupe_key",
                Notifications::Table,
                &[Notifications::DedupeKey],
            ))
            .await?;
        // The two inboxes: a unit's notices and an account's, newest first.
        manager
            .create_index(index(
                "ix_notifications_unit_created",
                Notifications::Table,
                &[Notifications::UnitId, Notifications::CreatedAt],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_notifications_account_created",
                Notifications::Table,
                &[Notifications::AccountId, Notifications::CreatedAt],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Notifications::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Notifications {
    Table,
    Id,
    Kind,
    UnitId,
    AccountId,
    Subject,
    Body,
    DedupeKey,
    MailTo,
    MailStatus,
    MailAttempts,
    MailedAt,
    MailError,
    ReadAt,
    CreatedAt,
}
