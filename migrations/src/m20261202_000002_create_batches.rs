use sea_orm_migration::prelude::*;

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
                    .col(ColumnDef::new(Batches::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Batches::BatchNo).string_len(16).not_null())
                    .col(ColumnDef::new(Batches::UnitId).uuid().not_null())
                    .col(ColumnDef::new(Batches::PlanYear).integer().not_null())
                    .col(ColumnDef::new(Batches::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(Batches::Status).string_len(32).not_null())
                    .col(ColumnDef::new(Batches::PaymentMethod).string_len(16).null())
                    .col(
                        ColumnDef::new(Batches::WithholdingAmountFen)
                            .big_integer()
                            .null(),
                    )
                    .col(ColumnDef::new(Batches::WithholdingLetterId).uuid().null())
                    .col(
                        ColumnDef::new(Batches::RosterSize)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(Batches::Version)
                            .integer()
                            .not_null()
                            .default(1),
                    )
                    .col(ColumnDef::new(Batches::CreatedBy).uuid().null())
                    .col(
                        ColumnDef::new(Batches::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Batches::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
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
            .create_index(
                Index::create()
                    .name("ux_batches_batch_no")
                    .table(Batches::Table)
                    .col(Batches::BatchNo)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_batches_unit_updated")
                    .table(Batches::Table)
                    .col(Batches::UnitId)
                    .col(Batches::UpdatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_batches_status")
                    .table(Batches::Table)
                    .col(Batches::Status)
                    .to_owned(),
            )
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
