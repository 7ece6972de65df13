//! The batch state machine: one transition function, typed refusals.

use serde::{Deserialize, Serialize};

use super::action::BatchAction;
use super::status::{BatchStatus, PaymentMethod};

/// Facts about a batch that the transition rules need (批次上下文), gathered by the
/// caller from storage, the plan year and the clock. Fields that an action does not
/// look at may hold anything.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BatchContext {
    /// The payment method chosen so far, if any.
    pub payment_method: Option<PaymentMethod>,
    /// People currently in the roster (not deleted).
    pub roster_size: usize,
    /// People a `DeletePerson` / `DeleteFailedDeduction` would remove.
    pub deletion_count: usize,
    /// The batch type's enrollment window is open now (`PlanYear::can_open_batch`).
    pub enrollment_window_open: bool,
    /// 委托代扣款缴费参保 may still be chosen (`PlanYear::withholding_channel_open`).
    pub withholding_channel_open: bool,
    /// 代扣申请 may still be submitted (`PlanYear::withholding_application_open`).
    pub withholding_application_open: bool,
    /// The withholding amount is set and the stamped application letter uploaded.
    pub withholding_details_complete: bool,
    /// People whose verification outcome blocks submission (`blocks_submission`).
    pub blocking_anomalies: usize,
    /// People changed (or never checked) since the last verification run.
    pub unchecked_people: usize,
    /// Every code meets the ratio or has materials, and every unmatched person has a
    /// complete no-social-security reason.
    pub review_requirements_met: bool,
    /// People verified as 可代扣.
    pub withholdable_count: usize,
    /// People whose withholding failed (代扣失败) and who are still in the roster.
    pub failed_deductions: usize,
    /// Every social-security code still meets the ratio once the people of a
    /// `DeleteFailedDeduction` are gone (`Ratio::without`).
    pub ratio_holds_after_deletion: bool,
    /// Payment, refund and receipt lines pass `check_vouchers`.
    pub vouchers_balanced: bool,
}

/// A successful step: the status before and after (the same for edits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Transition {
    /// Status before.
    pub from: BatchStatus,
    /// Status after.
    pub to: BatchStatus,
    /// What was done.
    pub action: BatchAction,
}

impl Transition {
    /// True when the status changed.
    pub fn changed(&self) -> bool {
        self.from != self.to
    }

    /// True for `DeleteBatch`: the caller removes the batch.
    pub fn removes_batch(&self) -> bool {
        self.action == BatchAction::DeleteBatch
    }

    /// The method to record, for `ChoosePaymentMethod`.
    pub fn chosen_payment_method(&self) -> Option<PaymentMethod> {
        match self.action {
            BatchAction::ChoosePaymentMethod(m) => Some(m),
            _ => None,
        }
    }
}

/// Why an action is refused (操作被拒绝的原因); the status stays as it was.
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
pub enum BatchRefusal {
    /// The action does not exist in this status.
    #[error("批次状态为“{}”时不能{}", .status.label_zh(), .action.label_zh())]
    NotAllowedInStatus {
        /// Current status.
        status: BatchStatus,
        /// Refused action.
        action: BatchAction,
    },
    /// A payment method was already chosen.
    #[error("参保缴费方式一旦选择，不能修改")]
    PaymentMethodAlreadyChosen,
    /// No payment method yet.
    #[error("请先选择参保缴费方式")]
    PaymentMethodNotChosen,
    /// The withholding channel has closed.
    #[error("委托代扣款缴费参保通道已关闭，请选择缴费凭证参保")]
    WithholdingChannelClosed,
    /// The enrollment window has closed (or not opened).
    #[error("当前不在参保办理时间内")]
    WindowClosed,
    /// Nothing in the roster.
    #[error("参保名单为空，请先添加参保人员")]
    EmptyRoster,
    /// A deletion of nobody.
    #[error("请选择要删除的人员")]
    NothingToDelete,
    /// More people to delete than there are.
    #[error("要删除的人数超过名单人数")]
    DeletionExceedsRoster,
    /// People changed since the last run (a resolution, an edit) not checked again.
    #[error("还有{0}名人员修改后尚未重新校验，请点击“处理完成，再次提交系统校验”")]
    UncheckedPeople(usize),
    /// Anomalies still open.
    #[error("还有{0}名人员的校验异常未处理，请处理后再次提交系统校验")]
    BlockingAnomalies(usize),
    /// Ratio materials or no-social-security reasons missing.
    #[error("参保比例未达标的社保编号须上传相关材料，未匹配到社保信息的人员须选择原因")]
    ReviewRequirementsUnmet,
    /// Withholding amount or application letter missing.
    #[error("请填写委托代扣金额并上传已盖章的委托代扣款申请书")]
    WithholdingDetailsIncomplete,
    /// A withholding step on a voucher batch.
    #[error("缴费凭证参保的批次没有代扣步骤")]
    NotWithholdingBatch,
    /// The withholding application deadline passed.
    #[error("委托代扣申请已截止")]
    WithholdingApplicationClosed,
    /// Nobody can be withheld.
    #[error("没有可代扣人员，无法提交代扣申请")]
    NoWithholdablePeople,
    /// Withholding batch going to vouchers before applying.
    #[error("请先提交代扣申请，代扣完成后再上传缴费凭证")]
    WithholdingNotApplied,
    /// After withholding only failed people may go.
    #[error("代扣完成后只能删除代扣失败人员")]
    OnlyFailedDeductionsDeletable,
    /// Deleting more than the failed people.
    #[error("只能删除代扣失败的人员，当前代扣失败{0}人")]
    TooManyDeletions(usize),
    /// Deleting everybody after withholding.
    #[error("不能删除全部参保人员")]
    CannotDeleteEveryone,
    /// Deleting would break a code's ratio.
    #[error("删除后有社保编号的参保比例将不达标，不能删除")]
    RatioWouldBreak,
    /// Payments do not balance.
    #[error("缴费凭证金额应等于保费金额，请核对缴费、退款和电子票据信息")]
    VouchersUnbalanced,
}

fn ensure(ok: bool, refusal: BatchRefusal) -> Result<(), BatchRefusal> {
    if ok {
        Ok(())
    } else {
        Err(refusal)
    }
}

impl BatchStatus {
    /// Statuses before review, or after a rejection, in which the roster is edited freely.
    fn roster_open(self) -> bool {
        matches!(
            self,
            BatchStatus::RosterPending
                | BatchStatus::VerificationPending
                | BatchStatus::Verified
                | BatchStatus::ReviewRejected
        )
    }

    /// Whether 批次删除 is offered: until submitted to review, and again after a rejection
    /// (the manual lists 批次删除 for 职保会审核不通过 batches).
    pub fn can_delete(&self) -> bool {
        self.roster_open()
    }

    /// Whether 修改参保名单 is offered: free edits before review or after a rejection while
    /// the window is open; after withholding, only while failed-deduction people remain.
    /// (Adding people also needs a payment method; `apply` says so when it is missing.)
    pub fn can_edit_roster(&self, ctx: &BatchContext) -> bool {
        match self {
            BatchStatus::WithholdingDone => ctx.failed_deductions > 0,
            s => s.roster_open() && ctx.enrollment_window_open,
        }
    }

    /// Every action `apply` would accept now, in [`BatchAction::ALL`] order.
    pub fn allowed_actions(&self, ctx: &BatchContext) -> Vec<BatchAction> {
        BatchAction::ALL
            .into_iter()
            .filter(|a| self.apply(*a, ctx).is_ok())
            .collect()
    }

    /// The one transition function: the status after `action`, or why it is refused.
    pub fn apply(
        self,
        action: BatchAction,
        ctx: &BatchContext,
    ) -> Result<Transition, BatchRefusal> {
        let to = self.next(action, ctx)?;
        Ok(Transition {
            from: self,
            to,
            action,
        })
    }

    fn next(self, action: BatchAction, ctx: &BatchContext) -> Result<BatchStatus, BatchRefusal> {
        use BatchAction as A;
        use BatchStatus as S;
        let not_here = BatchRefusal::NotAllowedInStatus {
            status: self,
            action,
        };
        let in_status = |ok: bool| ensure(ok, not_here.clone());
        let window = || ensure(ctx.enrollment_window_open, BatchRefusal::WindowClosed);
        let method = || {
            ctx.payment_method
                .ok_or(BatchRefusal::PaymentMethodNotChosen)
        };
        let non_empty = || ensure(ctx.roster_size > 0, BatchRefusal::EmptyRoster);
        match action {
            A::ChoosePaymentMethod(m) => {
                in_status(matches!(self, S::RosterPending | S::VerificationPending))?;
                ensure(
                    ctx.payment_method.is_none(),
                    BatchRefusal::PaymentMethodAlreadyChosen,
                )?;
                window()?;
                if m == PaymentMethod::Withholding {
                    ensure(
                        ctx.withholding_channel_open,
                        BatchRefusal::WithholdingChannelClosed,
                    )?;
                }
                Ok(self)
            }
            A::ImportRoster | A::AddPerson => {
                in_status(self.roster_open())?;
                method()?;
                window()?;
                Ok(S::VerificationPending)
            }
            A::DeletePerson => {
                if self == S::WithholdingDone {
                    return Err(BatchRefusal::OnlyFailedDeductionsDeletable);
                }
                in_status(self.roster_open())?;
                window()?;
                ensure(ctx.deletion_count > 0, BatchRefusal::NothingToDelete)?;
                ensure(
                    ctx.deletion_count <= ctx.roster_size,
                    BatchRefusal::DeletionExceedsRoster,
                )?;
                Ok(if ctx.deletion_count == ctx.roster_size {
                    S::RosterPending
                } else {
                    self
                })
            }
            A::ClearRoster => {
                in_status(self.roster_open())?;
                window()?;
                Ok(S::RosterPending)
            }
            A::StartVerification => {
                in_status(matches!(
                    self,
                    S::VerificationPending | S::Verified | S::ReviewRejected
                ))?;
                method()?;
                window()?;
                non_empty()?;
                Ok(S::Verifying)
            }
            A::FinishVerification => in_status(self == S::Verifying).map(|()| S::Verified),
            A::ResolveAnomaly => {
                in_status(matches!(self, S::Verified | S::ReviewRejected))?;
                window()?;
                Ok(self)
            }
            A::PrepareReview => {
                in_status(matches!(self, S::Verified | S::ReviewRejected))?;
                window()?;
                Ok(self)
            }
            A::SubmitForReview => {
                in_status(matches!(self, S::Verified | S::ReviewRejected))?;
                let m = method()?;
                window()?;
                non_empty()?;
                ensure(
                    ctx.unchecked_people == 0,
                    BatchRefusal::UncheckedPeople(ctx.unchecked_people),
                )?;
                ensure(
                    ctx.blocking_anomalies == 0,
                    BatchRefusal::BlockingAnomalies(ctx.blocking_anomalies),
                )?;
                ensure(
                    ctx.review_requirements_met,
                    BatchRefusal::ReviewRequirementsUnmet,
                )?;
                if m == PaymentMethod::Withholding {
                    ensure(
                        ctx.withholding_details_complete,
                        BatchRefusal::WithholdingDetailsIncomplete,
                    )?;
                }
                Ok(S::UnderReview)
            }
            A::Approve => in_status(self == S::UnderReview).map(|()| S::ReviewApproved),
            A::Reject => in_status(self == S::UnderReview).map(|()| S::ReviewRejected),
            A::ApplyForWithholding => {
                in_status(self == S::ReviewApproved)?;
                ensure(
                    method()? == PaymentMethod::Withholding,
                    BatchRefusal::NotWithholdingBatch,
                )?;
                ensure(
                    ctx.withholding_application_open,
                    BatchRefusal::WithholdingApplicationClosed,
                )?;
                ensure(
                    ctx.withholdable_count > 0,
                    BatchRefusal::NoWithholdablePeople,
                )?;
                Ok(S::WithholdingApplied)
            }
            A::RecordWithholdingResults => {
                in_status(self == S::WithholdingApplied).map(|()| S::WithholdingDone)
            }
            A::ConfirmRoster => match self {
                S::WithholdingDone => Ok(S::VouchersPending),
                S::ReviewApproved => {
                    // A withholding batch skips to vouchers only when withholding can no
                    // longer happen: nobody is 可代扣, or the application deadline passed
                    // (inferred; otherwise the batch would be stuck).
                    let skip = method()? == PaymentMethod::Voucher
                        || ctx.withholdable_count == 0
                        || !ctx.withholding_application_open;
                    ensure(skip, BatchRefusal::WithholdingNotApplied)?;
                    Ok(S::VouchersPending)
                }
                _ => Err(not_here),
            },
            A::EditVouchers => {
                in_status(matches!(self, S::VouchersPending | S::VouchersRejected)).map(|()| self)
            }
            A::SubmitVouchers => {
                in_status(matches!(self, S::VouchersPending | S::VouchersRejected))?;
                ensure(ctx.vouchers_balanced, BatchRefusal::VouchersUnbalanced)?;
                Ok(S::VouchersUnderReview)
            }
            A::ApproveVouchers => in_status(self == S::VouchersUnderReview).map(|()| S::Completed),
            A::RejectVouchers => {
                in_status(self == S::VouchersUnderReview).map(|()| S::VouchersRejected)
            }
            A::DeleteBatch => in_status(self.can_delete()).map(|()| self),
            A::DeleteFailedDeduction => {
                in_status(self == S::WithholdingDone)?;
                ensure(ctx.deletion_count > 0, BatchRefusal::NothingToDelete)?;
                ensure(
                    ctx.deletion_count <= ctx.failed_deductions,
                    BatchRefusal::TooManyDeletions(ctx.failed_deductions),
                )?;
                ensure(
                    ctx.deletion_count < ctx.roster_size,
                    BatchRefusal::CannotDeleteEveryone,
                )?;
                ensure(
                    ctx.ratio_holds_after_deletion,
                    BatchRefusal::RatioWouldBreak,
                )?;
                Ok(self)
            }
        }
    }
}
