//! 相关材料: an attachment uploaded for one social-security code of a batch (or for its
//! 未匹配到单位社保编码 group) when the code's ratio is below the threshold.

use sea_orm::entity::prelude::*;

/// A row of `review_materials`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "review_materials")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub batch_id: Uuid,
    /// `None`: the 未匹配到单位社保编码 group.
    pub ss_code: Option<String>,
    pub attachment_id: Uuid,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
