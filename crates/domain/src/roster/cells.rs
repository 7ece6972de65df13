//! Reading spreadsheet cells: dates in the shapes Excel and operators produce.

use chrono::{Days, NaiveDate};

use crate::text::compact;

/// Why a date cell could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CellError {
    /// Not a date in any accepted shape.
    #[error("日期“{0}”格式不正确，请填写如1990-01-01的日期")]
    InvalidDate(String),
}

/// Largest Excel serial date (9999-12-31).
const EXCEL_MAX_SERIAL: u64 = 2_958_465;

/// Excel's 1900 date system, including its fictitious 1900-02-29 (serial 60).
fn from_excel_serial(serial: u64) -> Option<NaiveDate> {
    if serial == 0 || serial == 60 || serial > EXCEL_MAX_SERIAL {
        return None;
    }
    let base = if serial < 60 {
        NaiveDate::from_ymd_opt(1899, 12, 31)?
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30)?
    };
    base.checked_add_days(Days::new(serial))
}

fn from_parts(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let digits = |p: &str, max: usize| {
        !p.is_empty() && p.len() <= max && p.bytes().all(|b| b.is_ascii_digit())
    };
    if y.len() != 4 || !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// Reads a date cell: `1990-01-01`, `1990/1/1`, `1990.01.01`, `19900101`,
/// `1990年1月1日`, an Excel serial number (`32874` or `32874.0`), or any of these
/// followed by a midnight time (`1990-01-01 00:00:00`).
pub fn parse_date_cell(raw: &str) -> Result<NaiveDate, CellError> {
    let invalid = || CellError::InvalidDate(raw.trim().to_owned());
    let half = crate::text::half_width(raw);
    let first = half
        .split(|c: char| c.is_whitespace() || c == 'T')
        .find(|p| !p.is_empty())
        .unwrap_or_default();
    let s = compact(first).replace(['年', '月'], "-").replace('日', "");
    if let Some(serial) = s
        .strip_suffix(".0")
        .or(Some(&s))
        .filter(|x| !x.is_empty() && x.len() <= 7 && x.bytes().all(|b| b.is_ascii_digit()))
    {
        return serial
            .parse()
            .ok()
            .and_then(from_excel_serial)
            .ok_or_else(invalid);
    }
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    let date = match parts.as_slice() {
        [y, m, d] => from_parts(y, m, d),
        [ymd] if ymd.len() == 8 && ymd.is_ascii() => from_parts(&ymd[..4], &ymd[4..6], &ymd[6..]),
        _ => None,
    };
    date.ok_or_else(invalid)
}
