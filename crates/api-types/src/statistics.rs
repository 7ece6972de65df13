//! 统计: the association's figures of a plan year (`GET /api/statistics`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Enrolled units, people and premium (a person counts once the batch is 参保已完成).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FiguresOut {
    /// 参保单位数.
    pub units: u64,
    /// 参保人数.
    pub people: u64,
    /// 参保费用 (fen).
    pub premium_fen: i64,
}

/// One row of a breakdown: its label and figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FiguresRowOut {
    /// 所属区局工会, a day (`2026-06-10`), or 参保类型 · 缴费方式.
    pub label: String,
    /// Its figures.
    #[serde(flatten)]
    pub figures: FiguresOut,
}

/// Batches in one status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCountOut {
    /// The status key (`under_review`, …).
    pub status: String,
    /// Its wording (职保会审核中).
    pub status_label: String,
    /// Batches standing in it now.
    pub batches: u64,
    /// Finished stays in it: batches that entered it and moved on (a batch rejected twice
    /// stayed twice). Counted from the record of status changes.
    pub stays: u64,
    /// Mean length of those stays, in seconds.
    pub mean_seconds: Option<i64>,
    /// Median length of those stays, in seconds.
    pub median_seconds: Option<i64>,
    /// The mean as read (`3.5小时`), empty without stays.
    pub mean_label: String,
    /// The median as read.
    pub median_label: String,
}

/// A unit enrolled last plan year and not (yet) this one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LapsedUnitOut {
    /// The unit.
    pub unit_id: Uuid,
    /// 参保单位.
    pub unit_name: String,
    /// 参保编码.
    pub enrollment_code: Option<String>,
    /// 所属区局工会.
    pub district_union: Option<String>,
    /// People enrolled last plan year.
    pub people_last_year: u64,
}

/// The statistics of a plan year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatisticsOut {
    /// 保障年度.
    pub plan_year: i32,
    /// The Shanghai day the figures were computed on.
    pub today: NaiveDate,
    /// The whole plan year.
    pub total: FiguresOut,
    /// 今日.
    pub enrolled_today: FiguresOut,
    /// 本周 (from Monday).
    pub enrolled_this_week: FiguresOut,
    /// 本月.
    pub enrolled_this_month: FiguresOut,
    /// By 所属区局工会, most people first (`未填写` for units without one).
    pub by_district: Vec<FiguresRowOut>,
    /// By completion day, in order.
    pub by_day: Vec<FiguresRowOut>,
    /// By 参保类型 and 缴费方式.
    pub by_kind_and_method: Vec<FiguresRowOut>,
    /// Batches of the plan year in each status, in life-cycle order.
    pub funnel: Vec<StatusCountOut>,
    /// Mean days from a batch's creation to 参保已完成.
    pub mean_days_to_complete: Option<f64>,
    /// Units enrolled last plan year without a completed batch this year.
    pub lapsed_units: Vec<LapsedUnitOut>,
}

/// `?plan_year=`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct StatisticsQuery {
    /// 保障年度 (default: the current one).
    pub plan_year: Option<i32>,
}
