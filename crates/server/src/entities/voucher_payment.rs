//! 缴费信息: one payment line the unit entered (the 个人代扣 line is computed, not stored).

use sea_orm::entity::prelude::*;

/// A row of `voucher_payments`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "voucher_payments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub batch_id: Uuid,
    /// Order on the page (0, 1, …).
    pub position: i32,
    /// 付款单位名称.
    pub payer_name: String,
    /// `domain::voucher::PaymentChannel` key (缴费方式).
    pub channel: String,
    /// 缴费金额, fen.
    pub amount_fen: i64,
    /// 收款帐户类别 (`retiree`: 退休).
    pub account_kind: String,
    /// The voucher image or PDF.
    pub attachment_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
