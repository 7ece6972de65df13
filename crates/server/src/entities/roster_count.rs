//! 校验结果人数: how many of a batch's people have each verification outcome, kept by the
//! database's triggers on `roster_entries` (migration `roster_counts`); read only.

use sea_orm::entity::prelude::*;

/// A row of `roster_counts`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "roster_counts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub batch_id: Uuid,
    /// The `domain::VerificationOutcome` key, `""` for people not checked yet.
    #[sea_orm(primary_key, auto_increment = false)]
    pub outcome: String,
    pub people: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
