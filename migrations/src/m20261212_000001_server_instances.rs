use sea_orm_migration::prelude::*;

use crate::columns::{index, timestamp};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The live server instances: each one writes its row at start and refreshes `seen_at`
/// every few seconds (a heartbeat), and removes it when it stops. Every instance counts
/// the live rows to take its share of the external interfaces' caps: the caps are the
/// platform's, not one instance's, so two instances each take half.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ServerInstances::Table)
                    .col(
                        ColumnDef::new(ServerInstances::Id)
                            .string_len(80)
                            .not_null()
                            .primary_key(),
                    )
                    .col(timestamp(ServerInstances::StartedAt))
                    .col(timestamp(ServerInstances::SeenAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_server_instances_seen_at",
                ServerInstances::Table,
                &[ServerInstances::SeenAt],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ServerInstances::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum ServerInstances {
    Table,
    Id,
    StartedAt,
    SeenAt,
}
