//! Plan years, batches (windows, numbering, list, isolation, deletion), payment method
//! and optimistic concurrency.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use api_types::{BatchOut, CurrentPlanYearOut, ErrorCode, Page, PlanYearOut};

use crate::batch_helpers::*;
use crate::helpers::{assert_error, spawn_app};

#[tokio::test]
async fn plan_years_hold_the_manuals_2025_values_and_the_current_year() {
    let app = spawn_app().await;
    travel(&app, "2026-11-30T10:00:00").await;
    let token = unit_token(&app, "tuixiu100000001").await;
    let years: Vec<PlanYearOut> = app
        .client
        .get(app.url("/api/plan-years"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
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

    travel(&app, "2026-11-30T10:00:00").await;
    let current: CurrentPlanYearOut = app
        .client
        .get(app.url("/api/plan-years/current"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(current.plan_year.year, 2026);
    assert!(current.instant_open);
    assert!(!current.centralized_open);
    assert!(!current.withholding_channel_open);
}

#[tokio::test]
async fn only_admins_edit_plan_years_with_validation_and_versions() {
    let app = spawn_app().await;
    travel(&app, "2026-11-30T10:00:00").await;
    let admin = token_of(&app, "admin1", "admin").await;
    let unit = unit_token(&app, "tuixiu100000002").await;
    let y: Vec<PlanYearOut> = app
        .client
        .get(app.url("/api/plan-years"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let y2025 = y.into_iter().find(|y| y.year == 2025).unwrap();
    let mut body = serde_json::to_value(&y2025).unwrap();
    body["withholding_cap_fen"] = 30_000.into();
    let put = |token: String, body: serde_json::Value, version: i32| {
        app.client
            .put(app.url("/api/plan-years/2025"))
            .bearer_auth(token)
            .header("If-Match", format!("\"{version}\""))
            .json(&body)
            .send()
    };
    assert_error(
        put(unit.clone(), body.clone(), 1).await.unwrap(),
        403,
        ErrorCode::Forbidden,
    )
    .await;
    let mut bad = body.clone();
    bad["withholding_cap_fen"] = 50_000.into();
    assert_error(
        put(admin.clone(), bad, 1).await.unwrap(),
        422,
        ErrorCode::ValidationFailed,
    )
    .await;
    let res = put(admin.clone(), body.clone(), 1).await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let saved: PlanYearOut = res.json().await.unwrap();
    assert_eq!(saved.withholding_cap_fen, 30_000);
    assert_eq!(saved.version, 2);
    // A second admin still holding version 1 is refused.
    assert_version_conflict(put(admin.clone(), body, 1).await.unwrap()).await;
}

#[tokio::test]
async fn batches_open_only_inside_their_windows_with_daily_numbers() {
    let app = spawn_app().await;
    let token = unit_token(&app, "tuixiu100000003").await;
    travel(&app, "2026-11-30T10:00:00").await;
    let res = post_batch(&app, &token, "centralized").await;
    let body = assert_error(res, 422, ErrorCode::RuleRefused).await;
    assert!(
        body.message.contains("集中参保通道已于"),
        "{}",
        body.message
    );

    let first = create_batch(&app, &token, "instant").await;
    let second = create_batch(&app, &token, "instant").await;
    assert_eq!(first.batch_no, "TXZY202611300001");
    assert_eq!(second.batch_no, "TXZY202611300002");
    assert_eq!(first.plan_year, 2026);
    assert_eq!(first.status, "roster_pending");
    assert_eq!(first.status_label, "名单待导入");
    assert!(first
        .allowed_actions
        .contains(&"choose_voucher".to_string()));
    assert!(first.allowed_actions.contains(&"delete_batch".to_string()));
    assert!(!first
        .allowed_actions
        .contains(&"choose_withholding".to_string()));
    assert!(!first.allowed_actions.contains(&"import_roster".to_string()));

    // Inside the 2025 centralized window, instant enrollment has not opened yet.
    travel(&app, "2025-05-20T09:00:00").await;
    let c = create_batch(&app, &token, "centralized").await;
    assert_eq!(c.batch_no, "TXZY202505200001");
    assert_eq!(c.plan_year, 2025);
    assert!(c
        .allowed_actions
        .contains(&"choose_withholding".to_string()));
    let body = assert_error(
        post_batch(&app, &token, "instant").await,
        422,
        ErrorCode::RuleRefused,
    )
    .await;
    assert!(body.message.contains("尚未开放"), "{}", body.message);

    let reviewer = token_of(&app, "shenhe09", "reviewer").await;
    assert_error(
        post_batch(&app, &reviewer, "centralized").await,
        403,
        ErrorCode::Forbidden,
    )
    .await;
}

#[tokio::test]
async fn the_list_filters_pages_and_keeps_units_apart() {
    let app = spawn_app().await;
    travel(&app, "2026-11-30T10:00:00").await;
    let a = unit_token(&app, "tuixiu100000004").await;
    let b = unit_token(&app, "tuixiu100000005").await;
    let mut mine = Vec::new();
    for _ in 0..3 {
        mine.push(create_batch(&app, &a, "instant").await);
    }
    let theirs = create_batch(&app, &b, "instant").await;
    voucher_batch(&app, &b).await;

    let list = |token: String, query: &'static str| {
        let url = app.url(&format!("/api/batches{query}"));
        let client = app.client.clone();
        async move {
            let res = client.get(url).bearer_auth(token).send().await.unwrap();
            assert_eq!(res.status().as_u16(), 200);
            res.json::<Page<BatchOut>>().await.unwrap()
        }
    };
    let page = list(a.clone(), "?page=1&page_size=2").await;
    assert_eq!(page.total, 3);
    assert_eq!(page.items.len(), 2);
    assert!(page.items.iter().all(|i| i.unit_id == mine[0].unit_id));
    let page2 = list(a.clone(), "?page=2&page_size=2").await;
    assert_eq!(page2.items.len(), 1);

    let by_no = list(a.clone(), "?batch_no=0002").await;
    assert_eq!(by_no.total, 1);
    assert_eq!(by_no.items[0].batch_no, mine[1].batch_no);
    assert_eq!(list(b.clone(), "?status=roster_pending").await.total, 2);
    assert_eq!(
        list(b.clone(), "?status=verification_pending").await.total,
        0
    );
    assert_eq!(list(b.clone(), "").await.total, 2);

    // Another unit's batch does not exist for this operator.
    assert_error(
        get_batch(&app, &a, theirs.id).await,
        404,
        ErrorCode::NotFound,
    )
    .await;
    let reviewer = token_of(&app, "shenhe08", "reviewer").await;
    assert_eq!(list(reviewer.clone(), "").await.total, 5);
    let name = urlencode(&theirs.unit_name);
    let url = app.url(&format!("/api/batches?unit_name={name}"));
    let res = app
        .client
        .get(url)
        .bearer_auth(&reviewer)
        .send()
        .await
        .unwrap();
    assert_eq!(res.json::<Page<BatchOut>>().await.unwrap().total, 2);
    let bad = app
        .client
        .get(app.url("/api/batches?status=nonsense"))
        .bearer_auth(&a)
        .send()
        .await
        .unwrap();
    assert_error(bad, 422, ErrorCode::ValidationFailed).await;
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn a_batch_is_deleted_while_allowed_and_only_by_its_unit() {
    let app = spawn_app().await;
    travel(&app, "2026-11-30T10:00:00").await;
    let a = unit_token(&app, "tuixiu100000006").await;
    let b = unit_token(&app, "tuixiu100000007").await;
    let batch = create_batch(&app, &a, "instant").await;
    let del = |token: String, version: i32| {
        app.client
            .delete(app.url(&format!("/api/batches/{}", batch.id)))
            .bearer_auth(token)
            .header("If-Match", version.to_string())
            .send()
    };
    assert_error(del(b.clone(), 1).await.unwrap(), 404, ErrorCode::NotFound).await;
    assert_version_conflict(del(a.clone(), 7).await.unwrap()).await;
    assert_eq!(del(a.clone(), 1).await.unwrap().status().as_u16(), 204);
    assert_error(
        get_batch(&app, &a, batch.id).await,
        404,
        ErrorCode::NotFound,
    )
    .await;
}

#[tokio::test]
async fn the_payment_method_is_chosen_once_within_the_cap_and_the_channel() {
    let app = spawn_app().await;
    let token = unit_token(&app, "tuixiu100000008").await;
    travel(&app, "2026-05-20T09:00:00").await;
    let b = create_batch(&app, &token, "centralized").await;
    for (amount, code) in [
        (0, ErrorCode::ValidationFailed),
        (45_001, ErrorCode::ValidationFailed),
    ] {
        let body = serde_json::json!({ "method": "withholding", "withholding_amount_fen": amount });
        assert_error(choose_method(&app, &token, &b, body).await, 422, code).await;
    }
    let missing = serde_json::json!({ "method": "withholding" });
    assert_error(
        choose_method(&app, &token, &b, missing).await,
        422,
        ErrorCode::ValidationFailed,
    )
    .await;
    let ok = serde_json::json!({ "method": "withholding", "withholding_amount_fen": 30_000 });
    let res = choose_method(&app, &token, &b, ok).await;
    assert_eq!(res.status().as_u16(), 200);
    let chosen: BatchOut = res.json().await.unwrap();
    assert_eq!(chosen.withholding_amount_fen, Some(30_000));
    assert_eq!(chosen.version, b.version + 1);
    assert!(chosen
        .allowed_actions
        .contains(&"import_roster".to_string()));
    // Never changed afterwards.
    let again = serde_json::json!({ "method": "voucher" });
    let body = assert_error(
        choose_method(&app, &token, &chosen, again).await,
        409,
        ErrorCode::Conflict,
    )
    .await;
    assert!(body.message.contains("不能修改"), "{}", body.message);

    // After 31 May 17:00 the withholding channel is closed; vouchers remain.
    travel(&app, "2026-05-31T17:00:00").await;
    let late = create_batch(&app, &token, "centralized").await;
    assert!(!late
        .allowed_actions
        .contains(&"choose_withholding".to_string()));
    let w = serde_json::json!({ "method": "withholding", "withholding_amount_fen": 100 });
    let body = assert_error(
        choose_method(&app, &token, &late, w).await,
        422,
        ErrorCode::RuleRefused,
    )
    .await;
    assert!(body.message.contains("通道已关闭"), "{}", body.message);
    let v = serde_json::json!({ "method": "voucher" });
    assert_eq!(
        choose_method(&app, &token, &late, v)
            .await
            .status()
            .as_u16(),
        200
    );
}

#[tokio::test]
async fn two_operators_with_the_same_version_cannot_both_write() {
    let app = spawn_app().await;
    travel(&app, "2026-11-30T10:00:00").await;
    let token = unit_token(&app, "tuixiu100000009").await;
    let b = create_batch(&app, &token, "instant").await;
    // Two tabs read version 1; the first choice wins, the second is stale.
    let body = serde_json::json!({ "method": "voucher" });
    let (r1, r2) = tokio::join!(
        choose_method(&app, &token, &b, body.clone()),
        choose_method(&app, &token, &b, body.clone())
    );
    let mut statuses = [r1.status().as_u16(), r2.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 409]);
    let after: BatchOut = get_batch(&app, &token, b.id).await.json().await.unwrap();
    assert_eq!(after.version, 2);
    // A stale roster write is refused too.
    let bytes = workbook(&valid_rows(1, 2));
    assert_version_conflict(import(&app, &token, b.id, bytes, Some(1)).await).await;
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

#[tokio::test]
async fn the_withholding_letter_is_an_attachment_of_the_unit() {
    let app = spawn_app().await;
    let token = unit_token(&app, "tuixiu100000010").await;
    let stranger = unit_token(&app, "tuixiu100000011").await;
    travel(&app, "2026-05-20T09:00:00").await;
    let b = create_batch(&app, &token, "centralized").await;
    let theirs = app.upload_pdf(&stranger, "withholding_letter").await;
    let body = serde_json::json!({
        "method": "withholding", "withholding_amount_fen": 10_000, "withholding_letter_id": theirs
    });
    assert_error(
        choose_method(&app, &token, &b, body).await,
        422,
        ErrorCode::ValidationFailed,
    )
    .await;
    let body = serde_json::json!({ "method": "withholding", "withholding_amount_fen": 10_000 });
    let chosen: BatchOut = choose_method(&app, &token, &b, body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(chosen.withholding_letter_id, None);
    let letter = app.upload_pdf(&token, "withholding_letter").await;
    let put = |attachment: uuid::Uuid, version: i32| {
        app.client
            .put(app.url(&format!("/api/batches/{}/withholding-letter", b.id)))
            .bearer_auth(&token)
            .header("If-Match", version.to_string())
            .json(&serde_json::json!({ "attachment_id": attachment }))
            .send()
    };
    let wrong = put(theirs, chosen.version).await.unwrap();
    assert_error(wrong, 422, ErrorCode::ValidationFailed).await;
    let res = put(letter, chosen.version).await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let after: BatchOut = res.json().await.unwrap();
    assert_eq!(after.withholding_letter_id, Some(letter));
    assert_version_conflict(put(letter, chosen.version).await.unwrap()).await;
}
