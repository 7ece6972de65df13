//! 退多余款信息: one refund line of a batch's vouchers.

use sea_orm::entity::prelude::*;

/// A row of `voucher_refunds`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "voucher_refunds")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub batch_id: Uuid,
    pub position: i32,
    /// Position of the payment line refunded (选择缴费单位).
    pub payment_position: i32,
    /// 退款帐户名称.
    pub account_name: String,
    /// 退款账号.
    pub account_no: String,
    /// 退款银行.
    pub bank: String,
    /// 退款金额, fen.
    pub amount_fen: i64,
    /// 情况说明 (required when the account name differs from the payer).
    pub explanation_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
