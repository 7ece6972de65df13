//! Money as integer fen (分); never floating point.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::text::compact;

/// An amount of money in fen (分); 100 fen = 1 yuan (元).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Fen(pub i64);

/// Why an amount could not be read or computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Nothing was entered.
    #[error("金额不能为空")]
    Empty,
    /// Not a plain decimal number of yuan.
    #[error("金额格式不正确，请填写如300或300.50的数字")]
    Invalid,
    /// More than two decimal places.
    #[error("金额最多保留两位小数")]
    TooManyDecimals,
    /// The amount does not fit.
    #[error("金额超出允许范围")]
    Overflow,
    /// A withholding amount of zero or less.
    #[error("代扣金额须大于0元")]
    NotPositive,
    /// A withholding amount above the cap.
    #[error("代扣金额不能超过{cap}")]
    AboveCap {
        /// The per-person cap.
        cap: Fen,
    },
}

impl Fen {
    /// Zero.
    pub const ZERO: Fen = Fen(0);

    /// An amount in fen.
    pub const fn new(fen: i64) -> Fen {
        Fen(fen)
    }

    /// Whole yuan to fen.
    pub fn from_yuan(yuan: i64) -> Result<Fen, MoneyError> {
        yuan.checked_mul(100).map(Fen).ok_or(MoneyError::Overflow)
    }

    /// The value in fen.
    pub const fn as_fen(self) -> i64 {
        self.0
    }

    /// Sum, `None` on overflow.
    pub fn checked_add(self, other: Fen) -> Option<Fen> {
        self.0.checked_add(other.0).map(Fen)
    }

    /// Difference, `None` on overflow.
    pub fn checked_sub(self, other: Fen) -> Option<Fen> {
        self.0.checked_sub(other.0).map(Fen)
    }

    /// Multiple (e.g. premium × people), `None` on overflow.
    pub fn checked_mul(self, times: i64) -> Option<Fen> {
        self.0.checked_mul(times).map(Fen)
    }

    /// Sum of many amounts, `None` on overflow.
    pub fn checked_sum<I: IntoIterator<Item = Fen>>(items: I) -> Option<Fen> {
        items
            .into_iter()
            .try_fold(Fen::ZERO, |acc, x| acc.checked_add(x))
    }

    /// True when greater than zero.
    pub fn is_positive(self) -> bool {
        self.0 > 0
    }

    /// Yuan with two decimals: `10750.00`, `-3.50`.
    pub fn yuan_string(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// Yuan as the manual prints sums: whole amounts without decimals (`10750`), others
    /// with two (`300.50`).
    pub fn yuan_compact(self) -> String {
        if self.0 % 100 == 0 {
            (self.0 / 100).to_string()
        } else {
            self.yuan_string()
        }
    }

    /// Reads a non-negative yuan amount such as `300`, `300.5`, `300.50`, `1,200元`.
    pub fn parse_yuan(raw: &str) -> Result<Fen, MoneyError> {
        let s: String = compact(raw).chars().filter(|c| *c != ',').collect();
        let s = s.strip_suffix('元').unwrap_or(&s);
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        let (int_part, frac_part) = match s.split_once('.') {
            Some((i, f)) => (i, f),
            None => (s, ""),
        };
        let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if int_part.is_empty() || !digits(int_part) || !digits(frac_part) {
            return Err(MoneyError::Invalid);
        }
        if s.contains('.') && frac_part.is_empty() {
            return Err(MoneyError::Invalid);
        }
        if frac_part.len() > 2 {
            return Err(MoneyError::TooManyDecimals);
        }
        let yuan: i64 = int_part.parse().map_err(|_| MoneyError::Overflow)?;
        let frac: i64 = format!("{frac_part:0<2}")
            .parse()
            .map_err(|_| MoneyError::Invalid)?;
        yuan.checked_mul(100)
            .and_then(|f| f.checked_add(frac))
            .map(Fen)
            .ok_or(MoneyError::Overflow)
    }
}

impl fmt::Display for Fen {
    /// Yuan with two decimals and the unit: `10750.00元`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}元", self.yuan_string())
    }
}

/// The per-person withholding amount of a batch (代扣金额): same for everyone,
/// greater than 0 and at most the cap (450 元).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WithholdingAmount(Fen);

impl WithholdingAmount {
    /// Validates `0 < amount ≤ cap`.
    pub fn new(amount: Fen, cap: Fen) -> Result<WithholdingAmount, MoneyError> {
        if !amount.is_positive() {
            Err(MoneyError::NotPositive)
        } else if amount > cap {
            Err(MoneyError::AboveCap { cap })
        } else {
            Ok(WithholdingAmount(amount))
        }
    }

    /// The amount.
    pub fn fen(self) -> Fen {
        self.0
    }
}
