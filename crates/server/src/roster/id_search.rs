//! 按证件号查找: the one place a roster query compares ID numbers. A search names a whole
//! number or its last four characters (the four the masked list shows anyway), never a
//! prefix: with the birth date gone from the lists, a prefix search was the way to read the
//! masked digits back one request at a time.
//!
//! When the numbers are encrypted at rest, [`IdSearch::condition`] is what changes: the
//! exact arm compares a blind index (an HMAC of [`IdSearch::normalised`] in its own column)
//! and the suffix arm a stored last-four column; callers stay as they are.

use domain::{DocumentType, IdNumber};
use sea_orm::sea_query::SimpleExpr;
use sea_orm::ColumnTrait;

use crate::entities::roster_entry;
use crate::error::ServiceError;

/// Characters of a last-four search.
pub const LAST_FOUR: usize = 4;

/// What the 证件号 box of a roster list asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdSearch {
    /// The whole number, normalised as an import stores it.
    Exact(String),
    /// Its last four characters (digits, or `X` last).
    LastFour(String),
}

impl IdSearch {
    /// Reads the search box: full-width characters, spaces and a lower-case `x` are
    /// normalised as on import; four characters are a last-four search, anything longer a
    /// whole number. Fewer than four, or characters no document number has, are refused
    /// (422) rather than silently finding nothing.
    pub fn parse(raw: &str) -> Result<IdSearch, ServiceError> {
        let refused = || ServiceError::field("id_number", "证件号请输入完整的证件号码，或其后4位");
        // Both document kinds normalise to upper-case letters, digits and `-`.
        let number = IdNumber::parse(DocumentType::Other, raw).map_err(|_| refused())?;
        let value = number.as_str();
        match value.chars().count() {
            n if n < LAST_FOUR => Err(refused()),
            LAST_FOUR => Ok(IdSearch::LastFour(value.to_owned())),
            _ => Ok(IdSearch::Exact(value.to_owned())),
        }
    }

    /// The normalised text searched for.
    pub fn normalised(&self) -> &str {
        match self {
            IdSearch::Exact(v) | IdSearch::LastFour(v) => v,
        }
    }

    /// The kind, for the audit log (never the number itself).
    pub fn kind(&self) -> &'static str {
        match self {
            IdSearch::Exact(_) => "exact",
            IdSearch::LastFour(_) => "last_four",
        }
    }

    /// The rows it finds. `parse` let only letters, digits and `-` through, so the suffix
    /// pattern holds no `LIKE` wildcard.
    pub fn condition(&self) -> SimpleExpr {
        match self {
            IdSearch::Exact(v) => roster_entry::Column::IdHash.eq(crate::pii::id_index(v)),
            IdSearch::LastFour(v) => roster_entry::Column::IdLast4.eq(v.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test
    fn whole_numbers_and_last_fours_are_searched_prefixes_are_not() {
        assert_eq!(
            IdSearch::parse(" 11010119500101001x ").unwrap(),
            IdSearch::Exact("11010119500101001X".into())
        );
        assert_eq!(
            IdSearch::parse("１２３４").unwrap(),
            IdSearch::LastFour("1234".into())
        );
        assert_eq!(
            IdSearch::parse("e99887766").unwrap(),
            IdSearch::Exact("E99887766".into())
        );
        // A prefix is taken as a whole number: it finds only a person with exactly it.
        assert_eq!(IdSearch::parse("110101").unwrap().kind(), "exact");
        for refused in ["", "12", "%", "11_", "1101%", "张三"] {
            assert!(IdSearch::parse(refused).is_err(), "{refused:?}");
        }
    }
}
