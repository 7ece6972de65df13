//! Mainland mobile numbers (手机号).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::text::{compact, mask_middle};

/// Share of valid mobiles an imported roster needs (有效手机号需达到50%以上).
pub const DEFAULT_VALID_MOBILE_SHARE_PERCENT: u32 = 50;

/// Why a mobile number was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MobileError {
    /// Nothing was entered.
    #[error("手机号不能为空")]
    Empty,
    /// Not 11 digits starting with 13–19.
    #[error("手机号应为11位数字，以13至19开头")]
    Invalid,
}

/// A validated 11-digit mainland mobile number (手机号).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Mobile(String);

impl Mobile {
    /// Parses a number typed or imported in any common shape: spaces, dashes, brackets,
    /// a `+86` / `0086` / `86` prefix and full-width digits are tolerated.
    pub fn parse(raw: &str) -> Result<Mobile, MobileError> {
        let s: String = compact(raw)
            .chars()
            .filter(|c| !matches!(c, '-' | '(' | ')' | '.'))
            .collect();
        if s.is_empty() {
            return Err(MobileError::Empty);
        }
        let s = s.strip_prefix('+').unwrap_or(&s);
        let s = if s.len() == 15 {
            s.strip_prefix("0086").unwrap_or(s)
        } else if s.len() == 13 {
            s.strip_prefix("86").unwrap_or(s)
        } else {
            s
        };
        let bytes = s.as_bytes();
        let ok = bytes.len() == 11
            && bytes.iter().all(u8::is_ascii_digit)
            && bytes[0] == b'1'
            && (b'3'..=b'9').contains(&bytes[1]);
        if ok {
            Ok(Mobile(s.to_owned()))
        } else {
            Err(MobileError::Invalid)
        }
    }

    /// The 11 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number for lists: `133****6961`.
    pub fn masked(&self) -> String {
        mask_middle(&self.0, 3, 4)
    }
}

impl fmt::Display for Mobile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Mobile {
    type Error = MobileError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Mobile::parse(&s)
    }
}

impl From<Mobile> for String {
    fn from(m: Mobile) -> Self {
        m.0
    }
}

/// Masks a mobile cell as entered, valid or not (lists never show it whole): a valid
/// number as [`Mobile::masked`], anything else keeping only its first 3 and last 4
/// characters (or fewer for short values).
pub fn mask_raw(raw: &str) -> String {
    match Mobile::parse(raw) {
        Ok(m) => m.masked(),
        Err(_) => mask_middle(raw.trim(), 3, 4),
    }
}

/// True when `valid` out of `total` reaches `percent` % (integer arithmetic; an empty
/// roster trivially passes — emptiness is reported on its own).
pub fn share_at_least(valid: usize, total: usize, percent: u32) -> bool {
    (valid as u128) * 100 >= u128::from(percent) * (total as u128)
}
