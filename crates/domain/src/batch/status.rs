//! Batch statuses and payment methods, with the manual's wording.

use serde::{Deserialize, Serialize};

/// How a batch pays (参保缴费方式); chosen once, never changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// 委托代扣款缴费参保: withheld from each retiree's pension.
    Withholding,
    /// 缴费凭证参保: the unit pays and uploads vouchers.
    Voucher,
}

impl PaymentMethod {
    /// Both methods, in the manual's order.
    pub const ALL: [PaymentMethod; 2] = [PaymentMethod::Withholding, PaymentMethod::Voucher];

    /// The manual's wording.
    pub fn label_zh(&self) -> &'static str {
        match self {
            PaymentMethod::Withholding => "委托代扣款缴费参保",
            PaymentMethod::Voucher => "缴费凭证参保",
        }
    }
}

/// Status of a batch (批次状态), in the order the manual lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchStatus {
    /// 名单待导入: created, no people yet.
    RosterPending,
    /// 名单待校验: people added, not yet verified.
    VerificationPending,
    /// 名单校验中: the verification job runs.
    Verifying,
    /// 名单校验完成: results are in; anomalies may need handling.
    Verified,
    /// 职保会审核中: submitted to the reviewer.
    UnderReview,
    /// 职保会审核不通过: rejected with reasons; the unit fixes and resubmits.
    ReviewRejected,
    /// 职保会审核通过: approved.
    ReviewApproved,
    /// 代扣申请中: withholding list submitted, the bank is withholding.
    WithholdingApplied,
    /// 代扣完成: per-person withholding results are in.
    WithholdingDone,
    /// 待上传缴费凭证: the unit uploads payment vouchers.
    VouchersPending,
    /// 凭证审核中: vouchers submitted to the reviewer.
    VouchersUnderReview,
    /// 凭证审核不通过: vouchers rejected with feedback.
    VouchersRejected,
    /// 凭证审核通过 (投保成功, 参保已完成): enrollment complete.
    Completed,
}

impl BatchStatus {
    /// Every status, in life-cycle order.
    pub const ALL: [BatchStatus; 13] = [
        BatchStatus::RosterPending,
        BatchStatus::VerificationPending,
        BatchStatus::Verifying,
        BatchStatus::Verified,
        BatchStatus::UnderReview,
        BatchStatus::ReviewRejected,
        BatchStatus::ReviewApproved,
        BatchStatus::WithholdingApplied,
        BatchStatus::WithholdingDone,
        BatchStatus::VouchersPending,
        BatchStatus::VouchersUnderReview,
        BatchStatus::VouchersRejected,
        BatchStatus::Completed,
    ];

    /// The manual's wording.
    pub fn label_zh(&self) -> &'static str {
        match self {
            BatchStatus::RosterPending => "名单待导入",
            BatchStatus::VerificationPending => "名单待校验",
            BatchStatus::Verifying => "名单校验中",
            BatchStatus::Verified => "名单校验完成",
            BatchStatus::UnderReview => "职保会审核中",
            BatchStatus::ReviewRejected => "职保会审核不通过",
            BatchStatus::ReviewApproved => "职保会审核通过",
            BatchStatus::WithholdingApplied => "代扣申请中",
            BatchStatus::WithholdingDone => "代扣完成",
            BatchStatus::VouchersPending => "待上传缴费凭证",
            BatchStatus::VouchersUnderReview => "凭证审核中",
            BatchStatus::VouchersRejected => "凭证审核不通过",
            BatchStatus::Completed => "凭证审核通过",
        }
    }

    /// True once the reviewer approved the enrollment (职保会审核通过 and every later
    /// status): its people count as 已参保人数 for the unit's other batches of the year.
    pub fn counts_as_enrolled(&self) -> bool {
        matches!(
            self,
            BatchStatus::ReviewApproved
                | BatchStatus::WithholdingApplied
                | BatchStatus::WithholdingDone
                | BatchStatus::VouchersPending
                | BatchStatus::VouchersUnderReview
                | BatchStatus::VouchersRejected
                | BatchStatus::Completed
        )
    }

    /// True while the unit has something to do (the list shows 继续办理参保).
    pub fn awaits_unit(&self) -> bool {
        !matches!(
            self,
            BatchStatus::Verifying
                | BatchStatus::UnderReview
                | BatchStatus::WithholdingApplied
                | BatchStatus::VouchersUnderReview
                | BatchStatus::Completed
        )
    }

    /// Wizard step shown for this status (① 参保类型 … ⑥ 代扣申请, 7 = payment vouchers).
    pub fn wizard_step(&self) -> u8 {
        match self {
            BatchStatus::RosterPending | BatchStatus::VerificationPending => 3,
            BatchStatus::Verifying | BatchStatus::Verified => 4,
            BatchStatus::UnderReview | BatchStatus::ReviewRejected => 5,
            BatchStatus::ReviewApproved
            | BatchStatus::WithholdingApplied
            | BatchStatus::WithholdingDone => 6,
            BatchStatus::VouchersPending
            | BatchStatus::VouchersUnderReview
            | BatchStatus::VouchersRejected
            | BatchStatus::Completed => 7,
        }
    }
}
