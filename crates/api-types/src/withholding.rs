//! 代扣申请 (wizard step ⑥, withholding batches): the frozen list, acceptance, the bank's
//! results and what the unit still pays.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::batch::BatchOut;

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WithholdingStateKey {
    /// Submitted, waiting for the association's acceptance.
    Applied,
    /// Accepted (代扣受理单 available), waiting for the bank.
    Accepted,
    /// With the bank until the pension day.
    Sent,
    /// Every person's result is in.
    Done,
}

/// What the unit pays once withholding is done (【确认参保名单】).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitShareOut {
    /// 申请参保总人数.
    pub people: u32,
    /// 代扣成功.
    pub succeeded: u32,
    /// 需单位缴费参保.
    pub unit_paid_people: u32,
    /// 需单位缴纳参保费用, fen.
    pub due_fen: i64,
    /// The manual's sentence.
    pub line: String,
}

/// One application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WithholdingApplicationOut {
    /// State.
    pub state: WithholdingStateKey,
    /// State as shown.
    pub state_label: String,
    /// 申请代扣人数 (the frozen list).
    pub people: u32,
    /// 代扣金额 per person, fen.
    pub amount_fen: i64,
    /// When submitted.
    pub submitted_at: DateTime<FixedOffset>,
    /// When the association accepts it by itself (one working day later).
    pub accept_due_at: DateTime<FixedOffset>,
    /// When accepted.
    pub accepted_at: Option<DateTime<FixedOffset>>,
    /// Who accepted it early (a reviewer), or `None` when automatic or not yet.
    pub accepted_by: Option<String>,
    /// When the bank took the whole list.
    pub sent_at: Option<DateTime<FixedOffset>>,
    /// When the last result arrived.
    pub results_at: Option<DateTime<FixedOffset>>,
    /// 代扣成功 people, once done.
    pub succeeded: Option<u32>,
    /// 代扣失败 people, once done.
    pub failed: Option<u32>,
    /// 申请代扣13人，代扣成功9人(代扣金额300元/人)，代扣失败4人。 once done.
    pub results_line: Option<String>,
    /// Whether the 代扣受理单 can be downloaded.
    pub slip_available: bool,
}

/// `GET /api/batches/{id}/withholding`: step ⑥.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WithholdingOut {
    /// The batch (its `version` for `If-Match`).
    pub batch: BatchOut,
    /// 本单位可代扣人员 now (before applying) or in the frozen list (after).
    pub withholdable_count: u64,
    /// 代扣金额 per person, fen (chosen with the payment method).
    pub amount_fen: Option<i64>,
    /// The plan year's deadline for applying.
    pub deadline: DateTime<FixedOffset>,
    /// 委托代扣申请需在6月4日16点完成提交.
    pub deadline_text: String,
    /// The confirmation dialog's text (本单位可代扣人员N人，提交后，代扣名单将不可修改，请确认代扣名单。…).
    pub confirmation_text: String,
    /// True when 提交代扣申请 would be accepted now.
    pub can_apply: bool,
    /// Why not, when it would not (a sentence), if applying is this batch's next step.
    pub refusal: Option<String>,
    /// The application, once submitted.
    pub application: Option<WithholdingApplicationOut>,
    /// What the unit pays: after withholding, with the current roster.
    pub share: Option<UnitShareOut>,
}

/// `POST /api/batches/{id}/withholding-application`: the operator ticked 我已阅读并同意.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WithholdingApplicationIn {
    /// 我已阅读并同意 (must be true).
    pub agreed: bool,
}
