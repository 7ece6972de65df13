//! Payment vouchers (缴费凭证): payment, refund and e-receipt lines, and their balance.

use serde::{Deserialize, Serialize};

use crate::money::Fen;

/// How a payment line was paid (缴费方式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentChannel {
    /// 个人代扣: the system line for successful withholdings (read-only).
    PersonalWithholding,
    /// 贷记网银
    OnlineBankCredit,
    /// 转账
    BankTransfer,
    /// 支票
    Cheque,
    /// 其他
    Other,
}

impl PaymentChannel {
    /// The manual's wording.
    pub fn label_zh(&self) -> &'static str {
        match self {
            PaymentChannel::PersonalWithholding => "个人代扣",
            PaymentChannel::OnlineBankCredit => "贷记网银",
            PaymentChannel::BankTransfer => "转账",
            PaymentChannel::Cheque => "支票",
            PaymentChannel::Other => "其他",
        }
    }
}

/// A payment line (缴费信息).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PaymentLine {
    /// 付款单位名称
    pub payer_name: String,
    /// 缴费方式
    pub channel: PaymentChannel,
    /// 缴费金额
    pub amount: Fen,
    /// A voucher image is uploaded (not needed for the 个人代扣 line).
    pub has_voucher_image: bool,
}

impl PaymentLine {
    /// The system line for withheld money: 个人代扣, no image needed.
    pub fn withholding(payer_name: &str, withheld: Fen) -> PaymentLine {
        PaymentLine {
            payer_name: payer_name.to_owned(),
            channel: PaymentChannel::PersonalWithholding,
            amount: withheld,
            has_voucher_image: false,
        }
    }
}

/// A refund line (退多余款信息).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RefundLine {
    /// 选择缴费单位: index into the payment lines (0-based).
    pub payment_index: usize,
    /// 退款帐户名称
    pub account_name: String,
    /// 退款账号
    pub account_no: String,
    /// 退款银行
    pub bank: String,
    /// 退款金额
    pub amount: Fen,
    /// A 情况说明 is attached.
    pub has_explanation: bool,
}

/// An e-receipt line (电子票据信息).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ReceiptLine {
    /// 专用收据抬头
    pub title: String,
    /// 金额
    pub amount: Fen,
    /// 备注
    pub remark: Option<String>,
}

/// A problem with the voucher lines (缴费凭证错误); line numbers are 1-based.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VoucherError {
    /// No payment line although money is due.
    #[error("请至少填写一条缴费信息")]
    NoPayments,
    /// 付款单位名称 empty.
    #[error("第{0}条缴费信息未填写付款单位名称")]
    PayerNameMissing(usize),
    /// Zero or negative payment.
    #[error("第{0}条缴费信息的缴费金额须大于0")]
    PaymentNotPositive(usize),
    /// Voucher image missing.
    #[error("第{0}条缴费信息未上传缴费凭证")]
    VoucherImageMissing(usize),
    /// Refund points at no payment line.
    #[error("第{0}条退款信息选择的缴费单位不存在")]
    RefundPayerUnknown(usize),
    /// Refund account details missing.
    #[error("第{0}条退款信息须填写退款帐户名称、退款账号和退款银行")]
    RefundAccountIncomplete(usize),
    /// Zero or negative refund.
    #[error("第{0}条退款信息的退款金额须大于0")]
    RefundNotPositive(usize),
    /// Refunds exceed what that payer paid.
    #[error("第{0}条缴费信息的退款合计超过其缴费金额")]
    RefundExceedsPayment(usize),
    /// Refund account name differs from the payer and no explanation.
    #[error("第{0}条退款信息的退款帐户与缴费单位不一致，须上传情况说明")]
    ExplanationRequired(usize),
    /// Net paid differs from the total premium.
    #[error("缴费凭证金额应等于保费金额：缴费合计减退款合计为{net_paid}，应为{expected}")]
    AmountMismatch {
        /// Payments − refunds.
        net_paid: Fen,
        /// Total premium.
        expected: Fen,
    },
    /// E-receipt title empty.
    #[error("第{0}条电子票据信息未填写专用收据抬头")]
    ReceiptTitleMissing(usize),
    /// Zero or negative receipt.
    #[error("第{0}条电子票据信息的金额须大于0")]
    ReceiptNotPositive(usize),
    /// Receipts above what was paid.
    #[error("电子票据金额合计{receipts}超过缴费金额{paid}")]
    ReceiptsExceedPaid {
        /// Sum of receipt lines.
        receipts: Fen,
        /// Payments − refunds.
        paid: Fen,
    },
    /// Sums do not fit.
    #[error("金额计算溢出")]
    Overflow,
}

fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| crate::text::compact(s);
    norm(a) == norm(b)
}

/// Checks the lines of a batch: payments − refunds = total premium, e-receipts ≤ net paid,
/// and each line complete. Returns every problem found.
pub fn check_vouchers(
    total_premium: Fen,
    payments: &[PaymentLine],
    refunds: &[RefundLine],
    receipts: &[ReceiptLine],
) -> Result<(), Vec<VoucherError>> {
    use VoucherError as E;
    let mut errors = Vec::new();
    if payments.is_empty() && total_premium.is_positive() {
        errors.push(E::NoPayments);
    }
    for (i, p) in payments.iter().enumerate() {
        if p.payer_name.trim().is_empty() {
            errors.push(E::PayerNameMissing(i + 1));
        }
        if !p.amount.is_positive() {
            errors.push(E::PaymentNotPositive(i + 1));
        }
        if p.channel != PaymentChannel::PersonalWithholding && !p.has_voucher_image {
            errors.push(E::VoucherImageMissing(i + 1));
        }
    }
    let mut refunded = vec![Fen::ZERO; payments.len()];
    for (i, r) in refunds.iter().enumerate() {
        if !r.amount.is_positive() {
            errors.push(E::RefundNotPositive(i + 1));
        }
        if [&r.account_name, &r.account_no, &r.bank]
            .iter()
            .any(|s| s.trim().is_empty())
        {
            errors.push(E::RefundAccountIncomplete(i + 1));
        }
        let Some(payer) = payments.get(r.payment_index) else {
            errors.push(E::RefundPayerUnknown(i + 1));
            continue;
        };
        if !same_name(&payer.payer_name, &r.account_name) && !r.has_explanation {
            errors.push(E::ExplanationRequired(i + 1));
        }
        if let Some(sum) = refunded.get_mut(r.payment_index) {
            *sum = sum.checked_add(r.amount).ok_or_else(|| vec![E::Overflow])?;
        }
    }
    for (i, (p, refunded)) in payments.iter().zip(&refunded).enumerate() {
        if *refunded > p.amount {
            errors.push(E::RefundExceedsPayment(i + 1));
        }
    }
    let paid = Fen::checked_sum(payments.iter().map(|p| p.amount));
    let refund_total = Fen::checked_sum(refunds.iter().map(|r| r.amount));
    let net_paid = paid
        .zip(refund_total)
        .and_then(|(p, r)| p.checked_sub(r))
        .ok_or_else(|| vec![E::Overflow])?;
    if net_paid != total_premium {
        errors.push(E::AmountMismatch {
            net_paid,
            expected: total_premium,
        });
    }
    for (i, rc) in receipts.iter().enumerate() {
        if rc.title.trim().is_empty() {
            errors.push(E::ReceiptTitleMissing(i + 1));
        }
        if !rc.amount.is_positive() {
            errors.push(E::ReceiptNotPositive(i + 1));
        }
    }
    let receipts_total =
        Fen::checked_sum(receipts.iter().map(|r| r.amount)).ok_or_else(|| vec![E::Overflow])?;
    if receipts_total > net_paid {
        errors.push(E::ReceiptsExceedPaid {
            receipts: receipts_total,
            paid: net_paid,
        });
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
