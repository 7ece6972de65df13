//! How times and money are written on screen.

use chrono::{DateTime, FixedOffset};

/// The plan's clock: Asia/Shanghai, which has kept UTC+8 without daylight saving since 1991.
pub fn shanghai(t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    match FixedOffset::east_opt(8 * 3600) {
        Some(cst) => t.with_timezone(&cst),
        None => t,
    }
}

/// An instant as lists show it: `2025-04-30 00:14:46` (Shanghai time).
pub fn list_time(t: DateTime<FixedOffset>) -> String {
    shanghai(t).format("%Y-%m-%d %H:%M:%S").to_string()
}

/// An instant as the manual writes deadlines: `2025年05月12日 00:00` (Shanghai time).
pub fn manual_time(t: DateTime<FixedOffset>) -> String {
    shanghai(t).format("%Y年%m月%d日 %H:%M").to_string()
}

/// Fen as yuan with two decimals: `450.00`.
pub fn yuan(fen: i64) -> String {
    domain::Fen::new(fen).yuan_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_on_the_shanghai_clock() {
        let utc = DateTime::parse_from_rfc3339("2025-05-11T16:00:00+00:00").ok();
        assert_eq!(
            utc.map(manual_time).as_deref(),
            Some("2025年05月12日 00:00")
        );
        assert_eq!(utc.map(list_time).as_deref(), Some("2025-05-12 00:00:00"));
        assert_eq!(yuan(45_000), "450.00");
    }
}
