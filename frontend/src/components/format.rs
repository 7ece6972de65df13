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

/// A time left as the operator reads it: `约45秒`, `约3分钟`, `约1小时5分钟` (rounded up, so an
/// estimate never promises less than is left).
pub fn remaining(seconds: u64) -> String {
    match seconds {
        0..60 => format!("约{}秒", seconds.max(1)),
        60..3600 => format!("约{}分钟", seconds.div_ceil(60)),
        _ => {
            let minutes = seconds.div_ceil(60);
            match minutes % 60 {
                0 => format!("约{}小时", minutes / 60),
                m => format!("约{}小时{m}分钟", minutes / 60),
            }
        }
    }
}

/// Part of a whole in whole percent, 0 when the whole is 0.
pub fn percent(part: u64, whole: u64) -> u64 {
    (part.min(whole) * 100).checked_div(whole).unwrap_or(0)
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

    #[test]
    fn time_left_is_rounded_up_and_said_in_chinese() {
        assert_eq!(remaining(0), "约1秒");
        assert_eq!(remaining(45), "约45秒");
        assert_eq!(remaining(61), "约2分钟");
        assert_eq!(remaining(3600), "约1小时");
        assert_eq!(remaining(3601 + 4 * 60), "约1小时5分钟");
        assert_eq!(percent(12, 30), 40);
        assert_eq!(percent(31, 30), 100);
        assert_eq!(percent(0, 0), 0);
    }
}
