//! Postal codes (邮政编码).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::text::compact;

/// Why a postal code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PostcodeError {
    /// Not exactly six digits.
    #[error("邮政编码应为6位数字")]
    Invalid,
}

/// A six-digit mainland postal code (邮政编码).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Postcode(String);

impl Postcode {
    /// Parses six digits (spaces and full-width digits tolerated).
    pub fn parse(raw: &str) -> Result<Postcode, PostcodeError> {
        let s = compact(raw);
        if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Postcode(s))
        } else {
            Err(PostcodeError::Invalid)
        }
    }

    /// The six digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Postcode {
    type Error = PostcodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Postcode::parse(&s)
    }
}

impl From<Postcode> for String {
    fn from(p: Postcode) -> Self {
        p.0
    }
}
