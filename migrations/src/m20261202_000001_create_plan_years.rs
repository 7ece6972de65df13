use sea_orm_migration::prelude::*;

use crate::columns::{big_integer, integer, integer_default, timestamp};

/// 保障年度设置: one row per plan year (seeded at start-up, edited by admins).
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PlanYears::Table)
                    .col(
                        ColumnDef::new(PlanYears::Year)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(timestamp(PlanYears::CentralizedStart))
                    .col(timestamp(PlanYears::CentralizedEnd))
                    .col(timestamp(PlanYears::WithholdingChannelClose))
                    .col(timestamp(PlanYears::WithholdingApplicationDeadline))
                    .col(timestamp(PlanYears::InstantStart))
                    .col(timestamp(PlanYears::CoverageStart))
                    .col(timestamp(PlanYears::CoverageEnd))
                    .col(big_integer(PlanYears::PremiumFen))
                    .col(big_integer(PlanYears::WithholdingCapFen))
                    .col(integer(PlanYears::RatioThresholdPercent))
                    .col(integer(PlanYears::ValidMobileSharePercent))
                    .col(integer(PlanYears::WaitingPeriodDays))
                    .col(integer_default(PlanYears::Version, 1))
                    .col(timestamp(PlanYears::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PlanYears::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum PlanYears {
    Table,
    Year,
    CentralizedStart,
    CentralizedEnd,
    WithholdingChannelClose,
    WithholdingApplicationDeadline,
    InstantStart,
    CoverageStart,
    CoverageEnd,
    PremiumFen,
    WithholdingCapFen,
    RatioThresholdPercent,
    ValidMobileSharePercent,
    WaitingPeriodDays,
    Version,
    UpdatedAt,
}
