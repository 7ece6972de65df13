//! A submission or a decision made with an integrator's key (接口密钥) names the key, as the
//! audit log does: `submitted_by` / `decided_by` name accounts only, and were left empty.

use sea_orm_migration::prelude::*;

use crate::columns::uuid_null;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for col in [Reviews::SubmittedByKey, Reviews::DecidedByKey] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Reviews::Table)
                        .add_column(uuid_null(col))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [Reviews::DecidedByKey, Reviews::SubmittedByKey] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Reviews::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Reviews {
    Table,
    SubmittedByKey,
    DecidedByKey,
}
