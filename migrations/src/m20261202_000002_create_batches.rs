use sea_orm_migration::prelude::*;

use crate::columns::{
    big_integer_null, index, integer, integer_default, string, string_null, timestamp,
    unique_index, uuid, uuid_null, uuid_pk,
};
use crate::m20261130_000001_create_units::Units;
use crate::m20261202_000001_create_plan_years::PlanYears;

/// 参保批次. `batch_no` is unique: concurrent instances allocating the same daily
/// sequence collide here and retry.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Batches::Table)
                    .col(uuid_pk(Batches::Id))
                    .col(string(Batches::BatchNo, 16))
                    .col(uuid(Batches::UnitId))
                    .col(integer(Batches::PlanYear))
                    .col(string(Batches::Kind, 16))
                    .col(string(Batches::Status, 32))
                    .col(string_null(Batches::PaymentMethod, 16))
                    .col(big_integer_null(Batches::WithholdingAmountFen))
                    .col(uuid_null(Batches::WithholdingLetterId))
                    .col(integer_default(Batches::RosterSize, 0))
                    .col(integer_default(Batches::Version, 1))
                    .col(uuid_null(Batches::CreatedBy))
                    .col(timestamp(Batches::CreatedAt))
                    .col(timestamp(Batches::UpdatedAt))
                    // Written without ON DELETE (the database's default applies); naming
                    // an action now would change the landed schema.
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_batches_unit")
                            .from(Batches::Table, Batches::UnitId)
                            .to(Units::Table, Units::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_batches_plan_year")
                            .from(Batches::Table, Batches::PlanYear)
                            .to(PlanYears::Table, PlanYears::Year),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_index(
                "ux_batches_batch_no",
                Batches::Table,
                &[Batches::BatchNo],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_batches_unit_updated",
                Batches::Table,
                &[Batches::UnitId, Batches::UpdatedAt],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_batches_status",
                Batches::Table,
                &[Batches::Status],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Batches::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Batches {
    Table,
    Id,
    BatchNo,
    UnitId,
    PlanYear,
    Kind,
    Status,
    PaymentMethod,
    WithholdingAmountFen,
    WithholdingLetterId,
    RosterSize,
    Version,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}
