//! Plan year (保障年度): enrollment windows, deadlines, coverage and money settings.
//! All instants are stored in UTC but defined on the Asia/Shanghai wall clock.

use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use serde::{Deserialize, Serialize};

use crate::money::Fen;

/// Type of batch (参保类型).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchKind {
    /// 集中参保: the May–June window, cover from 1 July, no waiting period.
    Centralized,
    /// 即时参保: from 1 July on, cover from the next day with a 30-day waiting period.
    Instant,
}

impl BatchKind {
    /// The manual's wording: 集中参保 / 即时参保.
    pub fn label_zh(&self) -> &'static str {
        match self {
            BatchKind::Centralized => "集中参保",
            BatchKind::Instant => "即时参保",
        }
    }
}

/// Why a plan year could not be built or is inconsistent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanYearError {
    /// The year cannot be represented.
    #[error("保障年度{0}无效")]
    InvalidYear(i32),
    /// Settings out of order or out of range.
    #[error("保障年度设置不正确：{0}")]
    Inconsistent(&'static str),
}

/// Why an enrollment window refuses an action now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WindowError {
    /// The window has not opened yet.
    #[error("{}通道尚未开放，开放时间为{}", .kind.label_zh(), shanghai_text(.opens_at))]
    NotYetOpen {
        /// 参保类型
        kind: BatchKind,
        /// When it opens.
        opens_at: DateTime<Utc>,
    },
    /// The window has closed.
    #[error("{}通道已于{}关闭", .kind.label_zh(), shanghai_text(.closed_at))]
    Closed {
        /// 参保类型
        kind: BatchKind,
        /// When it closed.
        closed_at: DateTime<Utc>,
    },
}

/// Formats an instant on the Shanghai wall clock, as the manual writes times.
pub fn shanghai_text(t: &DateTime<Utc>) -> String {
    t.with_timezone(&Shanghai)
        .format("%Y年%m月%d日%H:%M")
        .to_string()
}

/// An instant given on the Asia/Shanghai wall clock.
pub fn shanghai(
    year: i32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
) -> Result<DateTime<Utc>, PlanYearError> {
    Shanghai
        .with_ymd_and_hms(year, month, day, hour, minute, 0)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .ok_or(PlanYearError::InvalidYear(year))
}

/// The calendar date on the Shanghai wall clock at an instant.
pub fn shanghai_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&Shanghai).date_naive()
}

/// Cover of one enrolled person (保障期限); `end` is exclusive (06-30 24:00 = 07-01 00:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Coverage {
    /// 起保时间
    pub start: DateTime<Utc>,
    /// 终保时间 (exclusive)
    pub end: DateTime<Utc>,
    /// 免责期 end (exclusive); `None` for centralized enrollment.
    pub waiting_period_end: Option<DateTime<Utc>>,
}

/// Every per-year setting (保障年度设置); edited by an admin, see [`PlanYear::standard`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PlanYear {
    /// The year cover starts in (2025 = 2025-07-01 → 2026-06-30).
    pub year: i32,
    /// 集中参保 window opens.
    pub centralized_start: DateTime<Utc>,
    /// 集中参保 window closes (exclusive).
    pub centralized_end: DateTime<Utc>,
    /// 委托代扣款缴费参保 channel closes (exclusive).
    pub withholding_channel_close: DateTime<Utc>,
    /// 代扣申请 deadline (exclusive).
    pub withholding_application_deadline: DateTime<Utc>,
    /// 即时参保 opens.
    pub instant_start: DateTime<Utc>,
    /// Centralized cover starts.
    pub coverage_start: DateTime<Utc>,
    /// Cover ends for everyone (exclusive); also closes instant enrollment (inferred).
    pub coverage_end: DateTime<Utc>,
    /// 保费 per person.
    pub premium: Fen,
    /// Largest withholding amount per person.
    pub withholding_cap: Fen,
    /// 参保比例 threshold per social-security code, in percent.
    pub ratio_threshold_percent: u32,
    /// Required share of valid mobiles in an imported roster, in percent.
    pub valid_mobile_share_percent: u32,
    /// 免责期 of instant enrollment, in days.
    pub waiting_period_days: u32,
}

impl PlanYear {
    /// The manual's calendar rule for plan year `year` (values for 2025 in the manual):
    /// centralized 05-12 00:00 → 06-30 17:00, withholding channel closes 05-31 17:00,
    /// withholding applications until 06-04 16:00, instant from 07-01 00:00, cover
    /// 07-01 00:00 → next year's 07-01 00:00, premium and cap 450 元, ratio 75 %,
    /// valid mobiles 50 %, waiting period 30 days.
    pub fn standard(year: i32) -> Result<PlanYear, PlanYearError> {
        if !(2000..=9000).contains(&year) {
            return Err(PlanYearError::InvalidYear(year));
        }
        let premium = Fen::new(45_000);
        Ok(PlanYear {
            year,
            centralized_start: shanghai(year, 5, 12, 0, 0)?,
            centralized_end: shanghai(year, 6, 30, 17, 0)?,
            withholding_channel_close: shanghai(year, 5, 31, 17, 0)?,
            withholding_application_deadline: shanghai(year, 6, 4, 16, 0)?,
            instant_start: shanghai(year, 7, 1, 0, 0)?,
            coverage_start: shanghai(year, 7, 1, 0, 0)?,
            coverage_end: shanghai(year + 1, 7, 1, 0, 0)?,
            premium,
            withholding_cap: premium,
            ratio_threshold_percent: 75,
            valid_mobile_share_percent: 50,
            waiting_period_days: 30,
        })
    }

    /// Checks an admin-edited plan year for order and range.
    pub fn validate(&self) -> Result<(), PlanYearError> {
        let err = |m| Err(PlanYearError::Inconsistent(m));
        if self.centralized_start >= self.centralized_end {
            return err("集中参保开始时间须早于结束时间");
        }
        if self.withholding_channel_close > self.centralized_end
            || self.withholding_channel_close <= self.centralized_start
        {
            return err("委托代扣通道关闭时间须在集中参保期间内");
        }
        if self.withholding_application_deadline < self.withholding_channel_close {
            return err("代扣申请截止时间不能早于委托代扣通道关闭时间");
        }
        if self.instant_start < self.centralized_end || self.instant_start >= self.coverage_end {
            return err("即时参保开始时间须在集中参保结束之后、保障结束之前");
        }
        if self.coverage_start >= self.coverage_end {
            return err("保障开始时间须早于保障结束时间");
        }
        if !self.premium.is_positive() {
            return err("保费须大于0");
        }
        if !self.withholding_cap.is_positive() || self.withholding_cap > self.premium {
            return err("代扣金额上限须大于0且不超过保费");
        }
        if self.ratio_threshold_percent > 100 || self.valid_mobile_share_percent > 100 {
            return err("百分比不能超过100");
        }
        Ok(())
    }

    /// The enrollment window of a batch type: `[opens, closes)`.
    pub fn window(&self, kind: BatchKind) -> (DateTime<Utc>, DateTime<Utc>) {
        match kind {
            BatchKind::Centralized => (self.centralized_start, self.centralized_end),
            BatchKind::Instant => (self.instant_start, self.coverage_end),
        }
    }

    /// Whether a batch of this type may be opened (or worked on) at `now`.
    pub fn can_open_batch(&self, kind: BatchKind, now: DateTime<Utc>) -> Result<(), WindowError> {
        let (opens_at, closed_at) = self.window(kind);
        if now < opens_at {
            Err(WindowError::NotYetOpen { kind, opens_at })
        } else if now >= closed_at {
            Err(WindowError::Closed { kind, closed_at })
        } else {
            Ok(())
        }
    }

    /// Whether 委托代扣款缴费参保 may still be chosen at `now`.
    pub fn withholding_channel_open(&self, now: DateTime<Utc>) -> bool {
        self.centralized_start <= now && now < self.withholding_channel_close
    }

    /// Whether a 代扣申请 may still be submitted at `now`.
    pub fn withholding_application_open(&self, now: DateTime<Utc>) -> bool {
        self.centralized_start <= now && now < self.withholding_application_deadline
    }

    /// Whether this plan year takes enrollments at `now`: from the centralized window's
    /// start until cover ends.
    pub fn is_enrolling(&self, now: DateTime<Utc>) -> bool {
        self.centralized_start <= now && now < self.coverage_end
    }

    /// Cover of a batch completed (凭证审核通过) at `completed_at`. Centralized: the whole
    /// year. Instant: from 00:00 Shanghai of the next day, with the waiting period.
    pub fn coverage(
        &self,
        kind: BatchKind,
        completed_at: DateTime<Utc>,
    ) -> Result<Coverage, WindowError> {
        match kind {
            BatchKind::Centralized => Ok(Coverage {
                start: self.coverage_start,
                end: self.coverage_end,
                waiting_period_end: None,
            }),
            BatchKind::Instant => {
                let closed = WindowError::Closed {
                    kind,
                    closed_at: self.coverage_end,
                };
                let next_day = shanghai_date(completed_at)
                    .checked_add_days(Days::new(1))
                    .ok_or(closed.clone())?;
                let start = shanghai(next_day.year(), next_day.month(), next_day.day(), 0, 0)
                    .map_err(|_| closed.clone())?
                    .max(self.instant_start);
                if start >= self.coverage_end {
                    return Err(closed);
                }
                let waiting = start
                    .checked_add_days(Days::new(u64::from(self.waiting_period_days)))
                    .ok_or(closed)?;
                Ok(Coverage {
                    start,
                    end: self.coverage_end,
                    waiting_period_end: Some(waiting),
                })
            }
        }
    }
}

/// The current plan year among `years` at `now`: the newest one that is enrolling.
/// Plan years overlap from mid-May to 30 June (next year's centralized window against this
/// year's instant enrollment); the newest wins, so the SPA offers the new year by default.
pub fn plan_year_for(years: &[PlanYear], now: DateTime<Utc>) -> Option<&PlanYear> {
    years
        .iter()
        .filter(|y| y.is_enrolling(now))
        .max_by_key(|y| y.year)
}

/// Why no batch of a type can be opened now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NewBatchError {
    /// No plan year is configured around `now`.
    #[error("尚未设置保障年度，请联系管理员")]
    NoPlanYear,
    /// The reference plan year's window for the type is not open.
    #[error(transparent)]
    Window(#[from] WindowError),
    /// The calendar's window is open but that plan year is not configured.
    #[error("{}通道未开放", .0.label_zh())]
    NotOpen(BatchKind),
}

/// The plan year a new batch of `kind` opens in at `now`: the newest whose window for that
/// type is open. Otherwise the refusal of the plan year current at `now` (or, when none
/// is configured, of the standard calendar's), so the operator learns when it opens.
pub fn plan_year_for_new_batch(
    years: &[PlanYear],
    kind: BatchKind,
    now: DateTime<Utc>,
) -> Result<&PlanYear, NewBatchError> {
    if let Some(open) = years
        .iter()
        .filter(|p| p.can_open_batch(kind, now).is_ok())
        .max_by_key(|p| p.year)
    {
        return Ok(open);
    }
    let reference = match plan_year_for(years, now) {
        Some(p) => p.clone(),
        None => standard_plan_year_for(now).map_err(|_| NewBatchError::NoPlanYear)?,
    };
    match reference.can_open_batch(kind, now) {
        Err(e) => Err(NewBatchError::Window(e)),
        // The reference's window is open but it is not among the configured years.
        Ok(()) => Err(NewBatchError::NotOpen(kind)),
    }
}

/// The current plan year under [`PlanYear::standard`]: year Y from its centralized start
/// (12 May Y) until 12 May Y+1, so there is always exactly one.
pub fn standard_plan_year_for(now: DateTime<Utc>) -> Result<PlanYear, PlanYearError> {
    let y = shanghai_date(now).year();
    let this = PlanYear::standard(y)?;
    if now >= this.centralized_start {
        Ok(this)
    } else {
        PlanYear::standard(y - 1)
    }
}
