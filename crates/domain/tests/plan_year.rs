//! Plan-year windows, deadlines and coverage, with edges on the Shanghai clock.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on bad setup

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use domain::plan_year::{plan_year_for, plan_year_for_new_batch, shanghai, standard_plan_year_for};
use domain::*;

fn sh(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    Shanghai
        .with_ymd_and_hms(y, mo, d, h, mi, s)
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

fn py2025() -> PlanYear {
    PlanYear::standard(2025).unwrap()
}

#[test]
fn standard_2025_values() {
    let p = py2025();
    assert_eq!(p.centralized_start, sh(2025, 5, 12, 0, 0, 0));
    assert_eq!(p.centralized_end, sh(2025, 6, 30, 17, 0, 0));
    assert_eq!(p.withholding_channel_close, sh(2025, 5, 31, 17, 0, 0));
    assert_eq!(p.withholding_application_deadline, sh(2025, 6, 4, 16, 0, 0));
    assert_eq!(p.instant_start, sh(2025, 7, 1, 0, 0, 0));
    assert_eq!(p.coverage_start, sh(2025, 7, 1, 0, 0, 0));
    assert_eq!(p.coverage_end, sh(2026, 7, 1, 0, 0, 0));
    assert_eq!(p.premium, Fen::from_yuan(450).unwrap());
    assert_eq!(p.withholding_cap, Fen::from_yuan(450).unwrap());
    assert_eq!(p.ratio_threshold_percent, 75);
    assert_eq!(p.valid_mobile_share_percent, 50);
    assert_eq!(p.waiting_period_days, 30);
    assert_eq!(p.validate(), Ok(()));
    // 17:00 Shanghai is 09:00 UTC.
    assert_eq!(p.centralized_end.to_rfc3339(), "2025-06-30T09:00:00+00:00");
}

#[test]
fn centralized_window_edges() {
    let p = py2025();
    let k = BatchKind::Centralized;
    assert!(matches!(
        p.can_open_batch(k, sh(2025, 5, 11, 23, 59, 59)),
        Err(WindowError::NotYetOpen { .. })
    ));
    assert_eq!(p.can_open_batch(k, sh(2025, 5, 12, 0, 0, 0)), Ok(()));
    assert_eq!(p.can_open_batch(k, sh(2025, 6, 30, 16, 59, 59)), Ok(()));
    let err = p.can_open_batch(k, sh(2025, 6, 30, 17, 0, 0)).unwrap_err();
    assert!(matches!(err, WindowError::Closed { .. }));
    assert_eq!(err.to_string(), "集中参保通道已于2025年06月30日17:00关闭");
}

#[test]
fn instant_window_edges() {
    let p = py2025();
    let k = BatchKind::Instant;
    assert!(p.can_open_batch(k, sh(2025, 6, 30, 23, 59, 59)).is_err());
    assert_eq!(p.can_open_batch(k, sh(2025, 7, 1, 0, 0, 0)), Ok(()));
    assert_eq!(p.can_open_batch(k, sh(2026, 6, 30, 23, 59, 59)), Ok(()));
    assert!(p.can_open_batch(k, sh(2026, 7, 1, 0, 0, 0)).is_err());
}

#[test]
fn withholding_channel_and_application_edges() {
    let p = py2025();
    assert!(!p.withholding_channel_open(sh(2025, 5, 11, 23, 59, 59)));
    assert!(p.withholding_channel_open(sh(2025, 5, 31, 16, 59, 59)));
    assert!(!p.withholding_channel_open(sh(2025, 5, 31, 17, 0, 0)));
    assert!(p.withholding_application_open(sh(2025, 6, 4, 15, 59, 59)));
    assert!(!p.withholding_application_open(sh(2025, 6, 4, 16, 0, 0)));
}

#[test]
fn centralized_coverage_is_the_whole_year() {
    let p = py2025();
    let c = p
        .coverage(BatchKind::Centralized, sh(2025, 6, 20, 10, 0, 0))
        .unwrap();
    assert_eq!(c.start, sh(2025, 7, 1, 0, 0, 0));
    assert_eq!(c.end, sh(2026, 7, 1, 0, 0, 0));
    assert_eq!(c.waiting_period_end, None);
}

#[test]
fn instant_coverage_starts_next_shanghai_day() {
    let p = py2025();
    // 23:30 Shanghai on 15 Aug is still 15 Aug locally though 15:30 UTC.
    let c = p
        .coverage(BatchKind::Instant, sh(2025, 8, 15, 23, 30, 0))
        .unwrap();
    assert_eq!(c.start, sh(2025, 8, 16, 0, 0, 0));
    assert_eq!(c.end, sh(2026, 7, 1, 0, 0, 0));
    assert_eq!(c.waiting_period_end, Some(sh(2025, 9, 15, 0, 0, 0)));
    // 00:30 Shanghai on 16 Aug is 15 Aug in UTC, yet cover starts on 17 Aug.
    let c = p
        .coverage(BatchKind::Instant, sh(2025, 8, 16, 0, 30, 0))
        .unwrap();
    assert_eq!(c.start, sh(2025, 8, 17, 0, 0, 0));
    assert_eq!(c.waiting_period_end.unwrap() - c.start, Duration::days(30));
}

#[test]
fn instant_coverage_on_the_last_day_is_refused() {
    let p = py2025();
    assert!(p
        .coverage(BatchKind::Instant, sh(2026, 6, 30, 12, 0, 0))
        .is_err());
    assert!(p
        .coverage(BatchKind::Instant, sh(2026, 6, 29, 12, 0, 0))
        .is_ok());
}

#[test]
fn current_plan_year() {
    let years = [
        PlanYear::standard(2024).unwrap(),
        py2025(),
        PlanYear::standard(2026).unwrap(),
    ];
    let at = |t| plan_year_for(&years, t).map(|p| p.year);
    assert_eq!(at(sh(2025, 5, 11, 23, 59, 59)), Some(2024));
    assert_eq!(at(sh(2025, 5, 12, 0, 0, 0)), Some(2025));
    assert_eq!(at(sh(2025, 12, 1, 0, 0, 0)), Some(2025));
    assert_eq!(at(sh(2026, 6, 1, 0, 0, 0)), Some(2026));
    assert_eq!(at(sh(2023, 1, 1, 0, 0, 0)), None);
    assert_eq!(
        standard_plan_year_for(sh(2025, 5, 11, 23, 59, 59))
            .unwrap()
            .year,
        2024
    );
    assert_eq!(
        standard_plan_year_for(sh(2025, 5, 12, 0, 0, 0))
            .unwrap()
            .year,
        2025
    );
    assert_eq!(
        standard_plan_year_for(sh(2026, 1, 1, 0, 0, 0))
            .unwrap()
            .year,
        2025
    );
}

#[test]
fn a_new_batch_opens_in_the_newest_year_whose_window_is_open() {
    let years = [py2025(), PlanYear::standard(2026).unwrap()];
    let open = |kind, t| plan_year_for_new_batch(&years, kind, t).map(|p| p.year);
    // 2026-06-01: 2026's centralized window and 2025's instant enrollment are both open.
    let june = sh(2026, 6, 1, 10, 0, 0);
    assert_eq!(open(BatchKind::Centralized, june), Ok(2026));
    assert_eq!(open(BatchKind::Instant, june), Ok(2025));
    // Before 2025's centralized window: the window refusal of the year current then.
    let early = sh(2025, 5, 11, 23, 59, 59);
    assert!(matches!(
        open(BatchKind::Centralized, early),
        Err(NewBatchError::Window(_))
    ));
    // 2026 not configured yet: 2025 is the reference, and its centralized window closed.
    let only_2025 = [py2025()];
    let may_2026 = sh(2026, 5, 20, 9, 0, 0);
    assert!(matches!(
        plan_year_for_new_batch(&only_2025, BatchKind::Centralized, may_2026),
        Err(NewBatchError::Window(WindowError::Closed { .. }))
    ));
    // Nothing configured: even inside the calendar's window nothing opens.
    assert_eq!(
        plan_year_for_new_batch(&[], BatchKind::Centralized, may_2026).map(|p| p.year),
        Err(NewBatchError::NotOpen(BatchKind::Centralized))
    );
}

#[test]
fn validation_catches_disorder() {
    let mut p = py2025();
    p.centralized_end = p.centralized_start;
    assert!(p.validate().is_err());
    let mut p = py2025();
    p.withholding_cap = Fen::from_yuan(451).unwrap();
    assert!(p.validate().is_err());
    let mut p = py2025();
    p.ratio_threshold_percent = 101;
    assert!(p.validate().is_err());
    assert!(PlanYear::standard(1900).is_err());
    assert!(shanghai(2025, 2, 30, 0, 0).is_err());
}

#[test]
fn plan_year_serde_round_trip() {
    let p = py2025();
    let json = serde_json::to_string(&p).unwrap();
    assert!(json.contains("\"premium\":45000"));
    assert_eq!(serde_json::from_str::<PlanYear>(&json).unwrap(), p);
    assert_eq!(BatchKind::Instant.label_zh(), "即时参保");
    assert_eq!(
        serde_json::to_string(&BatchKind::Centralized).unwrap(),
        "\"centralized\""
    );
}
