//! 参保人员: one person of a batch's roster (ID and mobile stored whole).

use sea_orm::entity::prelude::*;

/// A row of `roster_entries`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "roster_entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub batch_id: Uuid,
    pub plan_year: i32,
    pub row_no: i32,
    pub name: String,
    pub doc_type: String,
    pub id_number: String,
    pub birth_date: Date,
    pub sex: String,
    pub mobile: String,
    pub mobile_valid: bool,
    pub status: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
