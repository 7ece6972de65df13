//! Plan years (保障年度): the manual's 2025 values, the current year, admin edits with
//! versions, and the demo clock.

use api_types::{ErrorCode, PlanYearOut};

use crate::app::{shanghai, TestApp};
use crate::assertions::{assert_error, assert_json, assert_version_conflict};

#[tokio::test]
async fn plan_years_hold_the_manuals_2025_values_and_the_current_year() {
    let app = TestApp::spawn().await;
    app.travel("2026-11-30T10:00:00").await;
    let unit = app.unit("tuixiu100000001").await;
    let years = unit.plan_years().list().await;
    let y2025 = years.iter().find(|y| y.year == 2025).expect("2025 seeded");
    assert_eq!(y2025.premium_fen, 45_000);
    assert_eq!(y2025.withholding_cap_fen, 45_000);
    assert_eq!(
        y2025.centralized_start.to_rfc3339(),
        "2025-05-12T00:00:00+08:00"
    );
    assert_eq!(
        y2025.centralized_end.to_rfc3339(),
        "2025-06-30T17:00:00+08:00"
    );
    assert_eq!(
        y2025.withholding_channel_close.to_rfc3339(),
        "2025-05-31T17:00:00+08:00"
    );
    assert_eq!(y2025.ratio_threshold_percent, 75);

    app.travel("2026-11-30T10:00:00").await;
    let current = unit.plan_years().current().await;
    assert_eq!(current.plan_year.year, 2026);
    assert!(current.instant_open);
    assert!(!current.centralized_open);
    assert!(!current.withholding_channel_open);
}

#[tokio::test]
async fn only_admins_edit_plan_years_with_validation_and_versions() {
    let app = TestApp::spawn().await;
    app.travel("2026-11-30T10:00:00").await;
    let admin = app.admin("admin1").await;
    let unit = app.unit("tuixiu100000002").await;
    let years = admin.plan_years().list().await;
    let y2025 = years.into_iter().find(|y| y.year == 2025).unwrap();
    assert_eq!(y2025.version, 1, "every write below is based on version 1");
    let mut body = serde_json::to_value(&y2025).unwrap();
    body["withholding_cap_fen"] = 30_000.into();
    let res = unit.plan_years().update(&y2025, &body).await;
    assert_error(res, 403, ErrorCode::Forbidden).await;
    let mut bad = body.clone();
    bad["withholding_cap_fen"] = 50_000.into();
    let res = admin.plan_years().update(&y2025, &bad).await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;
    let res = admin.plan_years().update(&y2025, &body).await;
    let saved: PlanYearOut = assert_json(res, 200).await;
    assert_eq!(saved.withholding_cap_fen, 30_000);
    assert_eq!(saved.version, 2);
    // A second admin still holding version 1 is refused.
    assert_version_conflict(admin.plan_years().update(&y2025, &body).await).await;
}

#[test]
fn the_demo_clock_setting_reads_rfc3339() {
    let mut s = server::app::config::Settings::for_tests("sqlite::memory:".into(), "/tmp".into());
    s.clock_start = Some("2025-05-20T09:00:00+08:00".into());
    let at = s.clock_start_instant().unwrap().unwrap();
    assert_eq!(at, shanghai("2025-05-20T09:00:00"));
    s.clock_start = Some("20 May".into());
    assert!(s.clock_start_instant().is_err());
}
