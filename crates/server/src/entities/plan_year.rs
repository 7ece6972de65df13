//! 保障年度设置: one plan year's windows, deadlines and money settings.

use sea_orm::entity::prelude::*;

/// A row of `plan_years`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_years")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub year: i32,
    pub centralized_start: DateTimeUtc,
    pub centralized_end: DateTimeUtc,
    pub withholding_channel_close: DateTimeUtc,
    pub withholding_application_deadline: DateTimeUtc,
    pub instant_start: DateTimeUtc,
    pub coverage_start: DateTimeUtc,
    pub coverage_end: DateTimeUtc,
    pub premium_fen: i64,
    pub withholding_cap_fen: i64,
    pub ratio_threshold_percent: i32,
    pub valid_mobile_share_percent: i32,
    pub waiting_period_days: i32,
    pub version: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
