//! Why a workflow refused an action: `details.reason` of a refusal, typed so that clients
//! match on the kind instead of the Chinese sentence.

use serde::{Deserialize, Serialize};

/// The kind of a refusal (拒绝原因). Sent as `details.reason` with 409 `conflict` (the status
/// forbids the action) and 422 `rule_refused` (a rule forbids it); further `details` fields
/// carry the figures (`status`, `action`, `count`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RefusalReason {
    /// The batch's status does not offer the action (`details.status`, `details.action`).
    NotAllowedInStatus,
    /// 参保缴费方式一旦选择，不能修改.
    PaymentMethodAlreadyChosen,
    /// 请先选择参保缴费方式.
    PaymentMethodNotChosen,
    /// 委托代扣款缴费参保通道已关闭.
    WithholdingChannelClosed,
    /// 当前不在参保办理时间内.
    WindowClosed,
    /// 参保名单为空.
    EmptyRoster,
    /// 请选择要删除的人员.
    NothingToDelete,
    /// 要删除的人数超过名单人数.
    DeletionExceedsRoster,
    /// Verification anomalies remain (`details.count`).
    BlockingAnomalies,
    /// People changed since the last verification run (`details.count`).
    UncheckedPeople,
    /// Ratio materials or no-social-security reasons are missing (`details.missing`: one
    /// Chinese sentence per gap).
    ReviewRequirementsUnmet,
    /// Withholding amount or stamped letter missing.
    WithholdingDetailsIncomplete,
    /// A withholding step on a voucher batch.
    NotWithholdingBatch,
    /// 委托代扣申请已截止.
    WithholdingApplicationClosed,
    /// 没有可代扣人员.
    NoWithholdablePeople,
    /// A withholding batch must apply for withholding first.
    WithholdingNotApplied,
    /// After withholding only failed-deduction people may be deleted.
    OnlyFailedDeductionsDeletable,
    /// More deletions than failed deductions (`details.count`).
    TooManyDeletions,
    /// Deleting everybody after withholding.
    CannotDeleteEveryone,
    /// Deleting would break a code's enrollment ratio.
    RatioWouldBreak,
    /// Payment, refund and receipt lines do not balance.
    VouchersUnbalanced,
    /// An application that is not 申请中 cannot be reviewed.
    ApplicationNotPending,
    /// Only an application that is 审核不通过 can be edited and resubmitted.
    ApplicationNotRejected,
    /// The unit already has an open application of this kind.
    ApplicationAlreadyOpen,
    /// The unit already has an enrollment code.
    AlreadyHasEnrollmentCode,
    /// The plan year's enrollment window for this batch type is not open.
    EnrollmentClosed,
    /// The unit has no enrollment code yet.
    NoEnrollmentCode,
}
