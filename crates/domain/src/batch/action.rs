//! What can be done to a batch, and by whom.

use serde::{Deserialize, Serialize};

use super::status::PaymentMethod;

/// Who performs an action (操作人).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// 单位经办人
    Unit,
    /// 职保会审核员
    Reviewer,
    /// 管理员: manages accounts and settings; acts on no batch.
    Admin,
    /// The platform itself (verification job, bank results).
    System,
}

impl Actor {
    /// Chinese wording.
    pub fn label_zh(&self) -> &'static str {
        match self {
            Actor::Unit => "单位经办人",
            Actor::Reviewer => "职保会审核员",
            Actor::Admin => "管理员",
            Actor::System => "系统",
        }
    }
}

/// An action on a batch (批次操作); see `BatchStatus::apply`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchAction {
    /// 选择参保缴费方式 (once).
    ChoosePaymentMethod(PaymentMethod),
    /// 导入参保名单: replaces the roster.
    ImportRoster,
    /// 新增参保人员
    AddPerson,
    /// 删除 / 批量删除 (`BatchContext::deletion_count` people).
    DeletePerson,
    /// 清空参保名单
    ClearRoster,
    /// 提交系统校验 (also 处理完成，再次提交系统校验).
    StartVerification,
    /// The verification job ended.
    FinishVerification,
    /// 确认社保姓名 / 编辑退休年月 for one person.
    ResolveAnomaly,
    /// 上传相关材料 / 无社保情形: what the review needs, before submitting.
    PrepareReview,
    /// 提交职保会审核
    SubmitForReview,
    /// 审核通过
    Approve,
    /// 审核不通过
    Reject,
    /// 提交代扣申请
    ApplyForWithholding,
    /// The bank's per-person results arrived.
    RecordWithholdingResults,
    /// 参保名单确定，前往上传缴费凭证
    ConfirmRoster,
    /// 上传缴费凭证 / 退款信息填报 / 电子票据信息填报: the lines, before submitting them.
    EditVouchers,
    /// 提交审核 (payment vouchers).
    SubmitVouchers,
    /// 凭证审核通过
    ApproveVouchers,
    /// 凭证审核不通过
    RejectVouchers,
    /// 批次删除
    DeleteBatch,
    /// 删除代扣失败人员 (after withholding, only while every ratio still holds).
    DeleteFailedDeduction,
}

impl BatchAction {
    /// Every action (both payment methods for `ChoosePaymentMethod`).
    pub const ALL: [BatchAction; 22] = [
        BatchAction::ChoosePaymentMethod(PaymentMethod::Withholding),
        BatchAction::ChoosePaymentMethod(PaymentMethod::Voucher),
        BatchAction::ImportRoster,
        BatchAction::AddPerson,
        BatchAction::DeletePerson,
        BatchAction::ClearRoster,
        BatchAction::StartVerification,
        BatchAction::FinishVerification,
        BatchAction::ResolveAnomaly,
        BatchAction::PrepareReview,
        BatchAction::SubmitForReview,
        BatchAction::Approve,
        BatchAction::Reject,
        BatchAction::ApplyForWithholding,
        BatchAction::RecordWithholdingResults,
        BatchAction::ConfirmRoster,
        BatchAction::EditVouchers,
        BatchAction::SubmitVouchers,
        BatchAction::ApproveVouchers,
        BatchAction::RejectVouchers,
        BatchAction::DeleteBatch,
        BatchAction::DeleteFailedDeduction,
    ];

    /// Chinese wording of the button or event.
    pub fn label_zh(&self) -> &'static str {
        match self {
            BatchAction::ChoosePaymentMethod(_) => "选择参保缴费方式",
            BatchAction::ImportRoster => "导入参保名单",
            BatchAction::AddPerson => "新增参保人员",
            BatchAction::DeletePerson => "删除参保人员",
            BatchAction::ClearRoster => "清空参保名单",
            BatchAction::StartVerification => "提交系统校验",
            BatchAction::FinishVerification => "完成系统校验",
            BatchAction::ResolveAnomaly => "处理异常数据",
            BatchAction::PrepareReview => "完善审核材料",
            BatchAction::SubmitForReview => "提交职保会审核",
            BatchAction::Approve => "审核通过",
            BatchAction::Reject => "审核不通过",
            BatchAction::ApplyForWithholding => "提交代扣申请",
            BatchAction::RecordWithholdingResults => "登记代扣结果",
            BatchAction::ConfirmRoster => "参保名单确定，前往上传缴费凭证",
            BatchAction::EditVouchers => "填写缴费凭证",
            BatchAction::SubmitVouchers => "提交缴费凭证审核",
            BatchAction::ApproveVouchers => "凭证审核通过",
            BatchAction::RejectVouchers => "凭证审核不通过",
            BatchAction::DeleteBatch => "批次删除",
            BatchAction::DeleteFailedDeduction => "删除代扣失败人员",
        }
    }

    /// Who may perform it.
    pub fn actor(&self) -> Actor {
        match self {
            BatchAction::Approve
            | BatchAction::Reject
            | BatchAction::ApproveVouchers
            | BatchAction::RejectVouchers => Actor::Reviewer,
            BatchAction::FinishVerification | BatchAction::RecordWithholdingResults => {
                Actor::System
            }
            _ => Actor::Unit,
        }
    }

    /// Whether `actor` may perform it: exactly the actor the action belongs to (a reviewer
    /// never acts as a unit, a unit never decides, an admin does neither).
    pub fn permits(&self, actor: Actor) -> bool {
        self.actor() == actor
    }

    /// True for actions that change the roster (修改参保名单).
    pub fn edits_roster(&self) -> bool {
        matches!(
            self,
            BatchAction::ImportRoster
                | BatchAction::AddPerson
                | BatchAction::DeletePerson
                | BatchAction::ClearRoster
                | BatchAction::DeleteFailedDeduction
        )
    }
}
