use sea_orm_migration::prelude::*;

use crate::columns::{index, json_null, string, string_null, timestamp, uuid_null, uuid_pk};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Who did what to which record, with the state before and after.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditLogs::Table)
                    .col(uuid_pk(AuditLogs::Id))
                    .col(timestamp(AuditLogs::At))
                    .col(uuid_null(AuditLogs::ActorId))
                    .col(string_null(AuditLogs::ActorRole, 16))
                    .col(string(AuditLogs::Action, 64))
                    .col(string(AuditLogs::TargetType, 64))
                    .col(string_null(AuditLogs::TargetId, 64))
                    .col(json_null(AuditLogs::Before))
                    .col(json_null(AuditLogs::After))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_audit_logs_target",
                AuditLogs::Table,
                &[AuditLogs::TargetType, AuditLogs::TargetId],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_audit_logs_at",
                AuditLogs::Table,
                &[AuditLogs::At],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditLogs::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum AuditLogs {
    Table,
    Id,
    At,
    ActorId,
    ActorRole,
    Action,
    TargetType,
    TargetId,
    Before,
    After,
}
