//! 社保单位: a social-security unit code and its head count of retirees (社保人数), as the
//! interface last answered.

use sea_orm::entity::prelude::*;

/// A row of `ss_units`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ss_units")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub ss_code: String,
    pub unit_name: String,
    pub retiree_count: i32,
    pub checked_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
