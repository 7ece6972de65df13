//! Batch numbers (批次号): `TXZY` + `YYYYMMDD` + 4-digit daily sequence.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Fixed prefix of every batch number.
pub const BATCH_NO_PREFIX: &str = "TXZY";

/// Why a batch number could not be made or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchNoError {
    /// Not 16 characters.
    #[error("批次号应为16位，如TXZY202504300001")]
    WrongLength,
    /// Does not start with TXZY.
    #[error("批次号应以TXZY开头")]
    MissingPrefix,
    /// The eight date digits are not a real date (or the year is not four digits).
    #[error("批次号中的日期无效")]
    InvalidDate,
    /// The sequence is not 0001–9999.
    #[error("批次号序号应为0001至9999")]
    InvalidSequence,
}

/// A batch number (批次号) such as `TXZY202504300001`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BatchNo {
    value: String,
    date: NaiveDate,
    sequence: u16,
}

impl BatchNo {
    /// The number of the `sequence`-th batch opened on `date` (Shanghai calendar day).
    pub fn format(date: NaiveDate, sequence: u16) -> Result<BatchNo, BatchNoError> {
        if !(1..=9999).contains(&sequence) {
            return Err(BatchNoError::InvalidSequence);
        }
        if !(1000..=9999).contains(&date.year()) {
            return Err(BatchNoError::InvalidDate);
        }
        Ok(BatchNo {
            value: format!("{BATCH_NO_PREFIX}{}{sequence:04}", date.format("%Y%m%d")),
            date,
            sequence,
        })
    }

    /// Reads a batch number (surrounding spaces ignored, prefix case-insensitive).
    pub fn parse(raw: &str) -> Result<BatchNo, BatchNoError> {
        let s = raw.trim().to_ascii_uppercase();
        if !s.is_ascii() || s.len() != 16 {
            return Err(BatchNoError::WrongLength);
        }
        let rest = s
            .strip_prefix(BATCH_NO_PREFIX)
            .ok_or(BatchNoError::MissingPrefix)?;
        let (date_part, seq_part) = rest.split_at(8);
        if !date_part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(BatchNoError::InvalidDate);
        }
        let date = NaiveDate::parse_from_str(date_part, "%Y%m%d")
            .map_err(|_| BatchNoError::InvalidDate)?;
        if !seq_part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(BatchNoError::InvalidSequence);
        }
        let sequence: u16 = seq_part
            .parse()
            .map_err(|_| BatchNoError::InvalidSequence)?;
        BatchNo::format(date, sequence)
    }

    /// The date part.
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// The daily sequence, 1–9999.
    pub fn sequence(&self) -> u16 {
        self.sequence
    }

    /// The 16 characters.
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for BatchNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

impl TryFrom<String> for BatchNo {
    type Error = BatchNoError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        BatchNo::parse(&s)
    }
}

impl From<BatchNo> for String {
    fn from(b: BatchNo) -> Self {
        b.value
    }
}
