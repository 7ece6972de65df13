//! Person names (姓名) and unit names (单位名称).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::text::{is_refused_in_text, to_half_width};

/// Longest person name accepted, in characters.
pub const PERSON_NAME_MAX: usize = 50;
/// Shortest unit name accepted, in characters.
pub const UNIT_NAME_MIN: usize = 2;
/// Longest unit name accepted, in characters.
pub const UNIT_NAME_MAX: usize = 100;

/// The one middle dot names are stored with (U+00B7), as in 阿卜杜拉·买买提.
pub const MIDDLE_DOT: char = '\u{00B7}';

/// Why a name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// Nothing left after trimming.
    #[error("名称不能为空")]
    Empty,
    /// Fewer characters than allowed.
    #[error("名称至少需要{min}个字")]
    TooShort {
        /// Minimum length.
        min: usize,
    },
    /// More characters than allowed.
    #[error("名称不能超过{max}个字，当前为{len}个字")]
    TooLong {
        /// Maximum length.
        max: usize,
        /// Actual length.
        len: usize,
    },
    /// A person name containing a digit.
    #[error("姓名不能包含数字")]
    ContainsDigit,
    /// A control character (often pasted from spreadsheets).
    #[error("名称不能包含换行、制表符等控制字符")]
    ContainsControl,
    /// An invisible character (zero-width, bidirectional control, other format
    /// characters) or a private-use one: the name would not read as what it holds.
    #[error("名称不能包含零宽字符、文字方向控制符等不可见字符或私用区字符")]
    ContainsInvisible,
}

/// Refuses control characters first (their message names them), then the other
/// characters no name may hold (see [`crate::is_refused_in_text`]).
fn check_characters(s: &str) -> Result<(), NameError> {
    if s.chars().any(char::is_control) {
        return Err(NameError::ContainsControl);
    }
    if s.chars().any(is_refused_in_text) {
        return Err(NameError::ContainsInvisible);
    }
    Ok(())
}

/// Middle-dot look-alikes typed by operators and input methods.
fn is_dot_variant(c: char) -> bool {
    matches!(
        c,
        '\u{00B7}'
            | '\u{0387}'
            | '\u{2022}'
            | '\u{2027}'
            | '\u{2219}'
            | '\u{22C5}'
            | '\u{2E31}'
            | '\u{30FB}'
            | '\u{FF0E}'
            | '\u{FF65}'
    )
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// Trims, collapses inner whitespace to one space, converts full-width ASCII to half-width
/// and unifies middle dots. An ASCII `.` between two Chinese characters is also a name dot
/// (spreadsheets are often typed with a half-width keyboard).
fn normalise(raw: &str) -> String {
    let mapped: Vec<char> = raw
        .chars()
        .map(|c| {
            if is_dot_variant(c) {
                MIDDLE_DOT
            } else {
                to_half_width(c)
            }
        })
        .collect();
    let mut out = String::with_capacity(raw.len());
    let mut pending_space = false;
    for (i, &c) in mapped.iter().enumerate() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        let c = if c == '.'
            && i > 0
            && mapped.get(i - 1).copied().is_some_and(is_cjk)
            && mapped.get(i + 1).copied().is_some_and(is_cjk)
        {
            MIDDLE_DOT
        } else {
            c
        };
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// What a name search box holds, normalised as a stored [`PersonName`] is (trimmed,
/// half-width, one kind of middle dot), so that the text typed compares byte for byte with
/// the beginning of the stored names it should find.
pub fn search_form(raw: &str) -> String {
    normalise(raw)
}

fn check_length(s: &str, min: usize, max: usize) -> Result<(), NameError> {
    let len = s.chars().count();
    if len == 0 {
        Err(NameError::Empty)
    } else if len < min {
        Err(NameError::TooShort { min })
    } else if len > max {
        Err(NameError::TooLong { max, len })
    } else {
        Ok(())
    }
}

/// A person's name (姓名), normalised.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    /// Normalises and validates a name: 1–50 characters, no digits, no control or
    /// invisible characters.
    pub fn parse(raw: &str) -> Result<PersonName, NameError> {
        // Tabs and line breaks inside a name are pasted junk, not spacing.
        let trimmed = raw.trim();
        check_characters(trimmed)?;
        let s = normalise(trimmed);
        check_length(&s, 1, PERSON_NAME_MAX)?;
        if s.chars().any(char::is_numeric) {
            return Err(NameError::ContainsDigit);
        }
        Ok(PersonName(s))
    }

    /// The normalised name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PersonName {
    type Error = NameError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        PersonName::parse(&s)
    }
}

impl From<PersonName> for String {
    fn from(n: PersonName) -> Self {
        n.0
    }
}

/// A unit's full name (单位名称), normalised.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UnitName(String);

impl UnitName {
    /// Normalises and validates a unit name: 2–100 characters, no control or invisible
    /// characters.
    /// Half-width brackets become full-width `（）`, the form the enterprise registry uses,
    /// so that the same unit typed two ways matches one credit code.
    pub fn parse(raw: &str) -> Result<UnitName, NameError> {
        let trimmed = raw.trim();
        check_characters(trimmed)?;
        let s: String = normalise(trimmed)
            .chars()
            .map(|c| match c {
                '(' => '（',
                ')' => '）',
                other => other,
            })
            .collect();
        check_length(&s, UNIT_NAME_MIN, UNIT_NAME_MAX)?;
        Ok(UnitName(s))
    }

    /// The normalised name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnitName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for UnitName {
    type Error = NameError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        UnitName::parse(&s)
    }
}

impl From<UnitName> for String {
    fn from(n: UnitName) -> Self {
        n.0
    }
}
