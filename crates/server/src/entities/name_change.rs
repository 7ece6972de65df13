//! 修改单位名称申请: a unit's application to change its registered name.

use sea_orm::entity::prelude::*;

/// A row of `name_changes`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "name_changes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub unit_id: Uuid,
    pub old_name: String,
    pub new_name: String,
    pub credit_code: String,
    pub operator_name: String,
    pub operator_mobile: String,
    pub operator_email: String,
    pub district_union: String,
    pub economic_type: String,
    pub address: String,
    pub postcode: String,
    pub principal: Option<String>,
    pub phone: Option<String>,
    pub attachment_ids: Json,
    pub status: String,
    pub reject_reason: Option<String>,
    pub reviewed_by: Option<Uuid>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub submitted_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
