//! 沿用上年度名单: a roster entry taken over from last plan year is marked, so the operator
//! reviews those people before 提交系统校验.

use sea_orm_migration::prelude::*;

use crate::columns::boolean_default;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RosterEntries::Table)
                    .add_column(boolean_default(RosterEntries::Renewed, false))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RosterEntries::Table)
                    .drop_column(RosterEntries::Renewed)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum RosterEntries {
    Table,
    Renewed,
}
