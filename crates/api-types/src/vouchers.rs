//! 缴费凭证管理: the payee account, a batch's payment, refund and e-receipt lines, their
//! balance, submission to the reviewer, and the cover once approved (投保成功).

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::attachments::AttachmentOut;
use crate::batch::BatchOut;
use crate::review::ReviewOut;

/// 缴费方式.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentChannelKey {
    /// 个人代扣 (the platform's line for withheld money; never sent by clients).
    PersonalWithholding,
    /// 贷记网银.
    OnlineBankCredit,
    /// 转账.
    BankTransfer,
    /// 支票.
    Cheque,
    /// 其他.
    Other,
}

/// 职保会退休账户信息: where units pay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayeeOut {
    /// 户名.
    pub account_name: String,
    /// 帐号.
    pub account_no: String,
    /// 开户行.
    pub bank: String,
}

/// One payment line (缴费信息).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentLineOut {
    /// Position (0-based; refunds name it).
    pub position: u32,
    /// 付款单位名称.
    pub payer_name: String,
    /// 缴费方式.
    pub channel: PaymentChannelKey,
    /// 缴费方式 as shown.
    pub channel_label: String,
    /// 缴费金额, fen.
    pub amount_fen: i64,
    /// 收款帐户类别 (退休).
    pub account_kind_label: String,
    /// The voucher image or PDF.
    pub voucher: Option<AttachmentOut>,
    /// The platform's 个人代扣 line (read-only).
    pub system: bool,
}

/// One refund line (退多余款信息).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefundLineOut {
    /// Position.
    pub position: u32,
    /// The payment line refunded (its `position`).
    pub payment_position: u32,
    /// 退款帐户名称.
    pub account_name: String,
    /// 退款账号.
    pub account_no: String,
    /// 退款银行.
    pub bank: String,
    /// 退款金额, fen.
    pub amount_fen: i64,
    /// 情况说明.
    pub explanation: Option<AttachmentOut>,
}

/// One e-receipt line (电子票据信息).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceiptLineOut {
    /// Position.
    pub position: u32,
    /// 专用收据抬头.
    pub title: String,
    /// Its 统一社会信用代码 (from the enterprise registry).
    pub credit_code: Option<String>,
    /// 金额, fen.
    pub amount_fen: i64,
    /// 备注.
    pub remark: Option<String>,
}

/// The cover of an insured batch (投保成功).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoverageOut {
    /// When the reviewer approved the vouchers.
    pub completed_at: DateTime<FixedOffset>,
    /// 起保日期.
    pub start: NaiveDate,
    /// 终保日期 (the last covered day).
    pub end: NaiveDate,
    /// 即时参保: the last day of the 30-day waiting period (免责期).
    pub waiting_period_last_day: Option<NaiveDate>,
}

/// `GET /api/batches/{id}/vouchers`: the voucher page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VouchersOut {
    /// The batch (its `version` for `If-Match`).
    pub batch: BatchOut,
    /// Where to pay.
    pub payee: PayeeOut,
    /// 参保总人数.
    pub people: u32,
    /// 参保总费用 (people × premium), fen.
    pub total_premium_fen: i64,
    /// 代扣成功 people.
    pub withheld_people: u32,
    /// Money withheld (the 个人代扣 line), fen.
    pub withheld_fen: i64,
    /// 需单位缴纳参保费用, fen.
    pub unit_due_fen: i64,
    /// 申请参保总人数：12人 (代扣成功8人，需单位缴费参保4人，需单位缴纳参保费用4600元).
    pub share_line: String,
    /// Payment lines (the 个人代扣 line first, when any).
    pub payments: Vec<PaymentLineOut>,
    /// Refund lines.
    pub refunds: Vec<RefundLineOut>,
    /// E-receipt lines.
    pub receipts: Vec<ReceiptLineOut>,
    /// Every problem with the lines as they are (the balance rule included), one sentence
    /// each; empty when they may be submitted.
    pub problems: Vec<String>,
    /// True when 提交审核 would be accepted now.
    pub can_submit: bool,
    /// True while the unit may change the lines (待上传缴费凭证, 凭证审核不通过).
    pub editable: bool,
    /// The latest voucher review, once submitted (职保中心反馈 when rejected).
    pub latest_review: Option<ReviewOut>,
    /// The cover, once insured.
    pub coverage: Option<CoverageOut>,
}

/// A payment line as the unit enters it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentLineIn {
    /// 付款单位名称.
    pub payer_name: String,
    /// 缴费方式 (not `personal_withholding`).
    pub channel: PaymentChannelKey,
    /// 缴费金额, fen.
    pub amount_fen: i64,
    /// The voucher (`POST /api/attachments`, purpose `payment_voucher`).
    pub voucher_id: Option<Uuid>,
}

/// A refund line as the unit enters it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefundLineIn {
    /// The payment line refunded (its position in `VouchersOut.payments`).
    pub payment_position: u32,
    /// 退款帐户名称.
    pub account_name: String,
    /// 退款账号.
    pub account_no: String,
    /// 退款银行.
    pub bank: String,
    /// 退款金额, fen.
    pub amount_fen: i64,
    /// 情况说明 (`POST /api/attachments`, purpose `other`).
    pub explanation_id: Option<Uuid>,
}

/// An e-receipt line as the unit enters it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceiptLineIn {
    /// 专用收据抬头 (its 统一社会信用代码 is looked up).
    pub title: String,
    /// 金额, fen.
    pub amount_fen: i64,
    /// 备注.
    pub remark: Option<String>,
}

/// `PUT /api/batches/{id}/vouchers`: every line the unit enters, replacing the saved ones
/// (the 个人代扣 line is the platform's and never sent).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VouchersIn {
    /// Payment lines, in order (after the 个人代扣 line).
    #[serde(default)]
    pub payments: Vec<PaymentLineIn>,
    /// Refund lines.
    #[serde(default)]
    pub refunds: Vec<RefundLineIn>,
    /// E-receipt lines.
    #[serde(default)]
    pub receipts: Vec<ReceiptLineIn>,
}

/// One row of 缴费凭证管理.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoucherListItemOut {
    /// The batch.
    pub batch_id: Uuid,
    /// 参保批次.
    pub batch_no: String,
    /// 参保单位.
    pub unit_name: String,
    /// 参保金额 (参保总费用), fen.
    pub amount_fen: i64,
    /// 需单位缴纳参保费用, fen.
    pub unit_due_fen: i64,
    /// 状态 key.
    pub status: String,
    /// 状态 as shown.
    pub status_label: String,
    /// 职保中心反馈 (the latest rejection's feedback).
    pub feedback: Option<String>,
    /// 创建时间.
    pub created_at: DateTime<FixedOffset>,
}

/// Filters of 缴费凭证管理.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct VoucherQuery {
    /// 批次号 (contains).
    pub batch_no: Option<String>,
    /// 凭证状态: `vouchers_pending`, `vouchers_under_review`, `vouchers_rejected`, `completed`.
    pub status: Option<String>,
    /// Page number, from 1.
    #[serde(default, deserialize_with = "crate::page::bounded::page")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1_000_000))]
    pub page: Option<u64>,
    /// Rows per page (default 10, at most 100).
    #[serde(default, deserialize_with = "crate::page::bounded::page_size")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub page_size: Option<u64>,
}
