//! Plan-year settings (保障年度设置): read by everyone, edited by admins.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// One plan year's settings. Instants are RFC 3339 (defined on the Asia/Shanghai clock);
/// ends are exclusive (`06-30 24:00` is `07-01T00:00:00+08:00`). Money is fen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanYearOut {
    /// The year cover starts in (2025 = 2025-07-01 → 2026-06-30).
    pub year: i32,
    /// 集中参保 opens.
    pub centralized_start: DateTime<FixedOffset>,
    /// 集中参保 closes.
    pub centralized_end: DateTime<FixedOffset>,
    /// 委托代扣款缴费参保 channel closes.
    pub withholding_channel_close: DateTime<FixedOffset>,
    /// 代扣申请 deadline.
    pub withholding_application_deadline: DateTime<FixedOffset>,
    /// 即时参保 opens.
    pub instant_start: DateTime<FixedOffset>,
    /// Centralized cover starts.
    pub coverage_start: DateTime<FixedOffset>,
    /// Cover ends (and instant enrollment closes).
    pub coverage_end: DateTime<FixedOffset>,
    /// 保费 per person, fen.
    pub premium_fen: i64,
    /// Largest withholding amount per person, fen.
    pub withholding_cap_fen: i64,
    /// 参保比例 threshold, percent.
    pub ratio_threshold_percent: u32,
    /// Required share of valid mobiles in an import, percent.
    pub valid_mobile_share_percent: u32,
    /// 免责期 of instant enrollment, days.
    pub waiting_period_days: u32,
    /// Optimistic-concurrency version; send it back as `If-Match` when editing.
    pub version: i32,
}

/// An admin's edit of a plan year (`PUT /api/plan-years/{year}` creates or replaces).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanYearIn {
    /// 集中参保 opens.
    pub centralized_start: DateTime<FixedOffset>,
    /// 集中参保 closes.
    pub centralized_end: DateTime<FixedOffset>,
    /// 委托代扣款缴费参保 channel closes.
    pub withholding_channel_close: DateTime<FixedOffset>,
    /// 代扣申请 deadline.
    pub withholding_application_deadline: DateTime<FixedOffset>,
    /// 即时参保 opens.
    pub instant_start: DateTime<FixedOffset>,
    /// Centralized cover starts.
    pub coverage_start: DateTime<FixedOffset>,
    /// Cover ends.
    pub coverage_end: DateTime<FixedOffset>,
    /// 保费 per person, fen.
    pub premium_fen: i64,
    /// Largest withholding amount per person, fen.
    pub withholding_cap_fen: i64,
    /// 参保比例 threshold, percent.
    pub ratio_threshold_percent: u32,
    /// Required share of valid mobiles, percent.
    pub valid_mobile_share_percent: u32,
    /// 免责期, days.
    pub waiting_period_days: u32,
}

/// The plan year that takes enrollments now, with what is open at this instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CurrentPlanYearOut {
    /// The server's "now" (the demo clock when one is set).
    pub now: DateTime<FixedOffset>,
    /// The plan year.
    pub plan_year: PlanYearOut,
    /// A 集中参保 batch may be opened now.
    pub centralized_open: bool,
    /// A 即时参保 batch may be opened now.
    pub instant_open: bool,
    /// 委托代扣款缴费参保 may still be chosen.
    pub withholding_channel_open: bool,
}
