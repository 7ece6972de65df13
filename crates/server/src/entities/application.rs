//! 申请: a unit's application of one kind — an enrollment code (参保编码申请) or a new
//! unit name (修改单位名称).

use sea_orm::entity::prelude::*;

/// A row of `applications`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "applications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `enrollment_code` or `name_change` (`domain::ApplicationKind`).
    pub kind: String,
    pub unit_id: Uuid,
    /// The name applied for: the unit's name, or the new name of a name change.
    pub unit_name: String,
    /// A name change's old name.
    pub old_name: Option<String>,
    pub credit_code: String,
    /// The code an approved code application assigned.
    pub enrollment_code: Option<String>,
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
