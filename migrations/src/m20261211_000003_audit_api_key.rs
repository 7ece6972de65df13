//! A change made with an integrator key is audited as that key: its id beside the
//! (then empty) acting account.

use sea_orm_migration::prelude::*;

use crate::columns::uuid_null;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AuditLogs::Table)
                    .add_column(uuid_null(AuditLogs::ApiKeyId))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AuditLogs::Table)
                    .drop_column(AuditLogs::ApiKeyId)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum AuditLogs {
    Table,
    ApiKeyId,
}
