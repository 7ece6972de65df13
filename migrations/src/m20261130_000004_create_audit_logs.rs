use sea_orm_migration::prelude::*;

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
                    .col(
                        ColumnDef::new(AuditLogs::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(AuditLogs::At)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(AuditLogs::ActorId).uuid().null())
                    .col(ColumnDef::new(AuditLogs::ActorRole).string_len(16).null())
                    .col(ColumnDef::new(AuditLogs::Action).string_len(64).not_null())
                    .col(
                        ColumnDef::new(AuditLogs::TargetType)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(ColumnDef::new(AuditLogs::TargetId).string_len(64).null())
                    .col(ColumnDef::new(AuditLogs::Before).json().null())
                    .col(ColumnDef::new(AuditLogs::After).json().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_logs_target")
                    .table(AuditLogs::Table)
                    .col(AuditLogs::TargetType)
                    .col(AuditLogs::TargetId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_logs_at")
                    .table(AuditLogs::Table)
                    .col(AuditLogs::At)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditLogs::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
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
