//! A calendar month such as a retirement month (退休年月).

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::text::compact;

/// Why a year-month could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum YearMonthError {
    /// Not like `2005-06`, `2005/06`, `200506` or `2005年6月`.
    #[error("年月格式不正确，请填写如2005-06的年月")]
    Invalid,
}

/// A year and month (年月), e.g. a retirement month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct YearMonth {
    year: i32,
    month: u32,
}

impl YearMonth {
    /// A year-month; `None` unless 1900 ≤ year ≤ 9999 and 1 ≤ month ≤ 12.
    pub fn new(year: i32, month: u32) -> Option<YearMonth> {
        ((1900..=9999).contains(&year) && (1..=12).contains(&month))
            .then_some(YearMonth { year, month })
    }

    /// Reads `2005-06`, `2005/6`, `2005.06`, `200506` or `2005年6月`.
    pub fn parse(raw: &str) -> Result<YearMonth, YearMonthError> {
        let s = compact(raw).replace('年', "-").replace('月', "");
        let (y, m) = if let Some((y, m)) = s.split_once(['-', '/', '.']) {
            (y.to_owned(), m.to_owned())
        } else if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
            (s[..4].to_owned(), s[4..].to_owned())
        } else {
            return Err(YearMonthError::Invalid);
        };
        let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        if y.len() != 4 || !digits(&y) || m.len() > 2 || !digits(&m) {
            return Err(YearMonthError::Invalid);
        }
        let year = y.parse().map_err(|_| YearMonthError::Invalid)?;
        let month = m.parse().map_err(|_| YearMonthError::Invalid)?;
        YearMonth::new(year, month).ok_or(YearMonthError::Invalid)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u32 {
        self.month
    }

    /// The first day of the month.
    pub fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
    }

    /// The month containing a date.
    pub fn of(date: NaiveDate) -> Option<YearMonth> {
        use chrono::Datelike;
        YearMonth::new(date.year(), date.month())
    }
}

impl fmt::Display for YearMonth {
    /// `2005-06`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl TryFrom<String> for YearMonth {
    type Error = YearMonthError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        YearMonth::parse(&s)
    }
}

impl From<YearMonth> for String {
    fn from(ym: YearMonth) -> Self {
        ym.to_string()
    }
}
