//! System verification (提交系统校验, wizard step ④): progress, outcomes and the operator's
//! resolutions of anomalies.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// Where a batch's verification stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VerificationState {
    /// Never submitted.
    NotStarted,
    /// Submitted; nobody checked yet.
    Queued,
    /// Checking.
    Running,
    /// 校验暂停：外部接口暂不可用 — resumes by itself (`paused_until`) or on request.
    Paused,
    /// Every person checked.
    Done,
    /// Some people could not be checked (see `unchecked`); submit again to retry them.
    Failed,
}

/// People of one outcome (校验结果).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutcomeCount {
    /// `passed`, `name_mismatch`, `retirement_month_invalid`, `retirement_month_edited`,
    /// `deceased`, `no_social_security`, `not_retired`.
    pub outcome: String,
    /// The manual's wording.
    pub label: String,
    /// People.
    pub count: u64,
    /// Whether it keeps 提交职保会审核 disabled until handled.
    pub blocking: bool,
}

/// `GET /api/batches/{id}/verification` (and each event of `…/verification/events`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerificationOut {
    /// State.
    pub state: VerificationState,
    /// People to check in this run.
    pub total: u64,
    /// People checked so far in this run.
    pub done: u64,
    /// People of the batch not checked yet (changed since, or never settled).
    pub unchecked: u64,
    /// People per outcome over the whole batch.
    pub outcomes: Vec<OutcomeCount>,
    /// 可代扣 人数.
    pub withholdable: u64,
    /// 不可代扣 人数.
    pub not_withholdable: u64,
    /// 社保姓名与导入姓名不一致 人数.
    pub name_mismatch: u64,
    /// People whose outcome blocks 提交职保会审核.
    pub blocking: u64,
    /// The manual's summary line: `数据校验结果：可代扣 N人，不可代扣 M人，社保姓名与导入姓名不一致 K人`.
    pub summary: String,
    /// A sentence for the operator about the state (e.g. 校验暂停：外部接口暂不可用).
    pub message: String,
    /// When this run was submitted.
    pub started_at: Option<DateTime<FixedOffset>>,
    /// When it ended.
    pub finished_at: Option<DateTime<FixedOffset>>,
    /// While paused: when it resumes by itself.
    pub paused_until: Option<DateTime<FixedOffset>>,
    /// Estimated seconds left (while running, once some people are checked).
    pub eta_seconds: Option<u64>,
}

/// What the operator does about one person's anomaly (异常处理).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResolutionKey {
    /// 确认: the social-security name overwrites the imported one.
    ConfirmSsName,
    /// 编辑: enter the retirement month (→ 已经修改退休年月).
    EditRetirementMonth,
}

/// `POST /api/batches/{id}/roster/{entry_id}/resolution`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResolutionIn {
    /// What to do.
    pub action: ResolutionKey,
    /// 退休年月 (`YYYY-MM`) for `edit_retirement_month`.
    pub retirement_month: Option<String>,
}

/// Filters of the verification export (as the roster list's).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct VerificationExportQuery {
    /// Full ID numbers instead of masked ones (the export is audited either way).
    pub unmasked: Option<bool>,
}
