//! One person of a withholding application's frozen list and the bank's result.

use sea_orm::entity::prelude::*;

use crate::pii::Sealed;

/// A row of `withholding_items`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "withholding_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub withholding_id: Uuid,
    /// The roster entry (it may have been deleted since).
    pub entry_id: Uuid,
    pub row_no: i32,
    pub name: String,
    /// Encrypted at rest (`crate::pii`).
    #[sea_orm(column_type = "Text")]
    pub id_number: Sealed,
    /// Which bank request carries the person (0, 1, …).
    pub chunk: i32,
    /// The bank's id of that request, once accepted.
    pub bank_request_id: Option<String>,
    /// `domain::withholding::DeductionResult` key, once known.
    pub result: Option<String>,
    /// The bank's wording of a failure.
    pub reason: Option<String>,
    pub result_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
