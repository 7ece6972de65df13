use sea_orm_migration::prelude::*;

/// 保障年度设置: one row per plan year (seeded at start-up, edited by admins).
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let instant = |c: PlanYears| {
            ColumnDef::new(c)
                .timestamp_with_time_zone()
                .not_null()
                .to_owned()
        };
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
                    .col(instant(PlanYears::CentralizedStart))
                    .col(instant(PlanYears::CentralizedEnd))
                    .col(instant(PlanYears::WithholdingChannelClose))
                    .col(instant(PlanYears::WithholdingApplicationDeadline))
                    .col(instant(PlanYears::InstantStart))
                    .col(instant(PlanYears::CoverageStart))
                    .col(instant(PlanYears::CoverageEnd))
                    .col(
                        ColumnDef::new(PlanYears::PremiumFen)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(PlanYears::WithholdingCapFen)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(PlanYears::RatioThresholdPercent)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(PlanYears::ValidMobileSharePercent)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(PlanYears::WaitingPeriodDays)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(PlanYears::Version)
                            .integer()
                            .not_null()
                            .default(1),
                    )
                    .col(instant(PlanYears::UpdatedAt))
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
