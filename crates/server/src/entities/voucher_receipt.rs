//! 电子票据信息: one e-receipt line of a batch's vouchers.

use sea_orm::entity::prelude::*;

/// A row of `voucher_receipts`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "voucher_receipts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub batch_id: Uuid,
    pub position: i32,
    /// 专用收据抬头.
    pub title: String,
    /// Its 统一社会信用代码, from the enterprise registry.
    pub credit_code: Option<String>,
    /// 金额, fen.
    pub amount_fen: i64,
    /// 备注.
    pub remark: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
