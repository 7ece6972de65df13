//! Unified social credit code (统一社会信用代码, GB 32100-2015).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::text::compact;

/// The 31 characters of GB 32100 in value order (no I, O, S, V, Z).
pub const CREDIT_CODE_CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Why a unified social credit code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditCodeError {
    /// Nothing was entered.
    #[error("统一社会信用代码不能为空")]
    Empty,
    /// Not 18 characters.
    #[error("统一社会信用代码应为18位，当前为{0}位")]
    WrongLength(usize),
    /// A character outside digits and the letters allowed by GB 32100.
    #[error("统一社会信用代码第{position}位“{found}”不是有效字符（不使用I、O、S、V、Z）")]
    InvalidCharacter {
        /// 1-based position.
        position: usize,
        /// The offending character.
        found: char,
    },
    /// The 18th character does not match the check character.
    #[error("统一社会信用代码校验位错误，请核对")]
    CheckCharMismatch,
}

fn value_of(c: char) -> Option<u32> {
    CREDIT_CODE_CHARSET
        .chars()
        .position(|x| x == c)
        .and_then(|p| u32::try_from(p).ok())
}

/// GB 32100 check character for the first 17 characters; `None` unless `first17` is 17
/// characters from [`CREDIT_CODE_CHARSET`].
pub fn credit_code_check_char(first17: &str) -> Option<char> {
    if first17.chars().count() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += value_of(c)? * w;
    }
    let check = (31 - sum % 31) % 31;
    CREDIT_CODE_CHARSET.chars().nth(check as usize)
}

/// A validated unified social credit code (统一社会信用代码).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CreditCode(String);

impl CreditCode {
    /// Parses a code; spaces and full-width characters are removed, letters upper-cased.
    pub fn parse(raw: &str) -> Result<CreditCode, CreditCodeError> {
        let s = compact(raw).to_ascii_uppercase();
        if s.is_empty() {
            return Err(CreditCodeError::Empty);
        }
        let len = s.chars().count();
        if len != 18 {
            return Err(CreditCodeError::WrongLength(len));
        }
        if let Some((i, c)) = s.chars().enumerate().find(|(_, c)| value_of(*c).is_none()) {
            return Err(CreditCodeError::InvalidCharacter {
                position: i + 1,
                found: c,
            });
        }
        let (first17, last) = s.split_at(17);
        match credit_code_check_char(first17) {
            Some(expected) if last.starts_with(expected) => Ok(CreditCode(s)),
            _ => Err(CreditCodeError::CheckCharMismatch),
        }
    }

    /// The 18 characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for CreditCode {
    type Error = CreditCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        CreditCode::parse(&s)
    }
}

impl From<CreditCode> for String {
    fn from(c: CreditCode) -> Self {
        c.0
    }
}
