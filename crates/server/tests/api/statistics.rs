//! 统计: the association's figures of a plan year match the batches behind them — only
//! 参保已完成 batches count, on their completion day, by 所属区局工会, by 参保类型 · 缴费方式;
//! every status in the funnel; last year's units not yet enrolled; xlsx; reviewers only.

use api_types::{BatchOut, ErrorCode, StatisticsOut};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use server::entities::{batch, plan_year, unit};

use crate::app::{Client, TestApp};
use crate::assertions::{assert_error, assert_json};
use crate::fixtures::{valid_rows, workbook};

/// A voucher batch of `unit` with people `from..from + n` imported.
async fn batch_with(unit: &Client, from: u32, n: u32) -> BatchOut {
    let b = unit.batches().create_voucher_batch().await;
    unit.roster(&b)
        .import(workbook(&valid_rows(from, n)))
        .await
        .batch
}

/// Marks a batch 参保已完成 at `at` (the voucher review's end), as the demo seed does.
async fn complete(app: &TestApp, b: &BatchOut, at: &str) {
    let at: DateTime<Utc> = DateTime::parse_from_rfc3339(at).unwrap().into();
    batch::Entity::update_many()
        .col_expr(batch::Column::Status, Expr::value("completed"))
        .col_expr(batch::Column::CompletedAt, Expr::value(Some(at)))
        .filter(batch::Column::Id.eq(b.id))
        .exec(&app.db)
        .await
        .unwrap();
}

/// `GET /api/statistics?plan_year=`; fails the test unless 200.
async fn statistics_of(reviewer: &Client, year: i32) -> StatisticsOut {
    let path = format!("/api/statistics?plan_year={year}");
    assert_json(reviewer.get(&path).await, 200).await
}

async fn set_district(app: &TestApp, b: &BatchOut, district: &str) {
    unit::Entity::update_many()
        .col_expr(unit::Column::DistrictUnion, Expr::value(Some(district)))
        .filter(unit::Column::Id.eq(b.unit_id))
        .exec(&app.db)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_figures_of_a_plan_year_are_those_of_its_completed_batches() {
    let app = TestApp::spawn().await;
    app.travel("2026-11-30T10:00:00").await;
    let a = app.unit("tuixiu700000001").await;
    let a1 = batch_with(&a, 1, 12).await;
    let a2 = batch_with(&a, 101, 3).await;
    let b1 = batch_with(&app.unit("tuixiu700000002").await, 201, 7).await;
    // Still 名单待校验: in the funnel, not in the figures.
    batch_with(&app.unit("tuixiu700000003").await, 301, 40).await;
    let lapsed = batch_with(&app.unit("tuixiu700000004").await, 401, 9).await;
    set_district(&app, &a1, "浦东新区总工会").await;
    set_district(&app, &b1, "黄浦区总工会").await;
    // Monday 23, Friday 27 and Monday 30 November (Shanghai).
    complete(&app, &a1, "2026-11-23T15:00:00+08:00").await;
    complete(&app, &a2, "2026-11-30T09:00:00+08:00").await;
    complete(&app, &b1, "2026-11-27T23:30:00+08:00").await;
    // The fifth unit enrolled last plan year, and not this one.
    complete(&app, &lapsed, "2026-01-10T10:00:00+08:00").await;
    let year = a1.plan_year;
    batch::Entity::update_many()
        .col_expr(batch::Column::PlanYear, Expr::value(year - 1))
        .filter(batch::Column::Id.eq(lapsed.id))
        .exec(&app.db)
        .await
        .unwrap();
    let premium = plan_year::Entity::find_by_id(year)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .premium_fen;

    let reviewer = app.reviewer("shenhe70").await;
    let s = statistics_of(&reviewer, year).await;
    assert_eq!(s.plan_year, year);
    assert_eq!((s.total.units, s.total.people), (2, 22));
    assert_eq!(s.total.premium_fen, 22 * premium);
    assert_eq!(s.enrolled_today.people, 3);
    assert_eq!(s.enrolled_this_week.people, 3, "the week began this Monday");
    assert_eq!(s.enrolled_this_month.people, 22);
    let districts: Vec<_> = s
        .by_district
        .iter()
        .map(|r| (r.label.as_str(), r.figures.people))
        .collect();
    assert_eq!(districts, [("浦东新区总工会", 15), ("黄浦区总工会", 7)]);
    let days: Vec<_> = s
        .by_day
        .iter()
        .map(|r| (r.label.as_str(), r.figures.people))
        .collect();
    assert_eq!(
        days,
        [("2026-11-23", 12), ("2026-11-27", 7), ("2026-11-30", 3)]
    );
    assert_eq!(s.by_kind_and_method.len(), 1);
    assert_eq!(s.by_kind_and_method[0].label, "即时参保 · 缴费凭证参保");
    let count = |status: &str| {
        s.funnel
            .iter()
            .find(|f| f.status == status)
            .map(|f| f.batches)
    };
    assert_eq!(count("completed"), Some(3));
    assert_eq!(count("verification_pending"), Some(1));
    assert_eq!(s.funnel.iter().map(|f| f.batches).sum::<u64>(), 4);
    assert_eq!(s.lapsed_units.len(), 1);
    assert_eq!(s.lapsed_units[0].unit_id, lapsed.unit_id);
    assert_eq!(s.lapsed_units[0].people_last_year, 9);

    // The same figures as xlsx.
    let res = reviewer
        .get(&format!("/api/statistics/export?plan_year={year}"))
        .await;
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.unwrap().to_vec();
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("按区局工会").unwrap();
    assert_eq!(
        sheet.get_value((1, 0)).map(|c| c.to_string()),
        Some("浦东新区总工会".into())
    );
    assert_eq!(
        sheet.get_value((1, 2)).map(|c| c.to_string()),
        Some("15".into())
    );
}

#[tokio::test]
async fn the_funnel_says_how_long_batches_stay_in_each_step() {
    let app = TestApp::with_simulator().await;
    app.travel("2026-11-30T09:00:00").await;
    let unit = app.unit("tuixiu700000011").await;
    let first = unit.batches().create_voucher_batch().await;
    let second = unit.batches().create_voucher_batch().await;
    // 名单待导入 for 20 and for 40 minutes.
    app.clock.advance(Duration::minutes(20));
    let first = unit
        .roster(&first)
        .import(workbook(&valid_rows(1, 2)))
        .await;
    app.clock.advance(Duration::minutes(20));
    unit.roster(&second)
        .import(workbook(&valid_rows(11, 2)))
        .await;
    // 名单待校验 for 60 minutes, then the check runs and ends at once (the clock stands).
    app.clock.advance(Duration::minutes(40));
    unit.verification(&first.batch).start().await;
    while app.run_pending_tasks().await > 0 {}
    assert_eq!(
        unit.batches().fetch(first.batch.id).await.status,
        "verified"
    );
    let year = first.batch.plan_year;

    let reviewer = app.reviewer("shenhe71").await;
    let s = statistics_of(&reviewer, year).await;
    let step = |status: &str| {
        s.funnel
            .iter()
            .find(|f| f.status == status)
            .unwrap_or_else(|| panic!("{status} in the funnel"))
    };
    let pending = step("roster_pending");
    assert_eq!((pending.batches, pending.stays), (0, 2));
    assert_eq!(pending.mean_seconds, Some(30 * 60));
    assert_eq!(pending.median_seconds, Some(30 * 60));
    assert_eq!(pending.mean_label, "30分钟");
    let to_verify = step("verification_pending");
    assert_eq!((to_verify.batches, to_verify.stays), (1, 1));
    assert_eq!(to_verify.mean_label, "1.0小时");
    let verifying = step("verifying");
    assert_eq!((verifying.stays, verifying.mean_seconds), (1, Some(0)));
    let verified = step("verified");
    assert_eq!((verified.batches, verified.stays), (1, 0));
    assert_eq!(
        (verified.mean_seconds, verified.mean_label.as_str()),
        (None, "")
    );

    // The same columns in the workbook.
    let res = reviewer
        .get(&format!("/api/statistics/export?plan_year={year}"))
        .await;
    let bytes = res.bytes().await.unwrap().to_vec();
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("批次状态").unwrap();
    let cell = |r: u32, c: u32| sheet.get_value((r, c)).map(|v| v.to_string());
    assert_eq!(cell(0, 3), Some("平均停留".into()));
    assert_eq!(cell(1, 0), Some("名单待导入".into()));
    assert_eq!(
        (cell(1, 2), cell(1, 3)),
        (Some("2".into()), Some("30分钟".into()))
    );
}

#[tokio::test]
async fn statistics_are_for_the_association_only() {
    let app = TestApp::spawn().await;
    let unit = app.unit("tuixiu700000009").await;
    assert_error(unit.get("/api/statistics").await, 403, ErrorCode::Forbidden).await;
    let res = unit.get("/api/statistics/export").await;
    assert_error(res, 403, ErrorCode::Forbidden).await;
    let res = app.anonymous().get("/api/statistics").await;
    assert_error(res, 401, ErrorCode::Unauthorized).await;
    let admin = app.admin("admin70").await;
    let s: StatisticsOut = assert_json(admin.get("/api/statistics").await, 200).await;
    assert_eq!(s.total.people, 0);
    let res = admin.get("/api/statistics?plan_year=1999").await;
    assert_error(res, 404, ErrorCode::NotFound).await;
}
