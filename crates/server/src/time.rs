//! One convention for every time a DTO carries: RFC 3339 on the Shanghai wall clock
//! (`+08:00`), the offset the product's rules and users live in.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};

/// An instant as the API shows it: `2025-05-12T09:30:00+08:00`.
pub fn shanghai(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&chrono_tz::Asia::Shanghai).fixed_offset()
}

/// Midnight at the start of a Shanghai calendar day, as an instant (for date filters).
pub fn shanghai_day_start(day: NaiveDate) -> Option<DateTime<Utc>> {
    chrono_tz::Asia::Shanghai
        .from_local_datetime(&day.and_time(NaiveTime::MIN))
        .single()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_carry_the_shanghai_offset() {
        let at = DateTime::parse_from_rfc3339("2025-05-12T01:30:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        assert_eq!(shanghai(at).to_rfc3339(), "2025-05-12T09:30:00+08:00");
    }
}
