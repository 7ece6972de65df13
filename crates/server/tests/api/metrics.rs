//! `/metrics`: the counters move with real work (requests by route pattern, interface calls,
//! people checked, the shared queue's depth), and only a scraper on this machine or one with
//! the token reads them.

use reqwest::Method;
use secrecy::SecretString;
use serde_json::json;

use crate::app::{Client, TestApp};
use crate::fixtures::{resident_id, valid_rows, workbook};

const CODE: &str = "M001";
const PEOPLE: u32 = 4;

async fn scrape(client: &Client) -> String {
    let res = client.get("/metrics").await;
    assert_eq!(res.status().as_u16(), 200);
    let content_type = res.headers()["content-type"]
        .to_str()
        .unwrap_or("")
        .to_owned();
    assert!(
        content_type.starts_with("application/openmetrics-text"),
        "{content_type}"
    );
    res.text().await.expect("text")
}

/// The value of the sample whose line starts with `series` (name and labels), if any.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(series) && l[series.len()..].starts_with(' '))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

#[tokio::test]
async fn the_counters_move_when_a_roster_is_imported_and_verified() {
    let app = TestApp::with_simulator().await;
    let sim = app.simulator();
    sim.pin_unit(CODE, PEOPLE).await;
    for seq in 1..=PEOPLE {
        sim.pin_person(
            &resident_id(seq),
            json!({ "ss_code": CODE, "retirement_month": "2010-05" }),
        )
        .await;
    }
    let unit = app.unit("tuixiu200000041").await;
    let b = unit.batches().create_voucher_batch().await;
    let anonymous = app.anonymous();
    let before = scrape(&anonymous).await;
    assert_eq!(
        sample(&before, "rtp_verification_people_checked_total"),
        Some(0.0)
    );

    let imported = unit
        .roster(&b)
        .import(workbook(&valid_rows(1, PEOPLE)))
        .await;
    unit.verification(&imported.batch).start().await;
    let queued = scrape(&anonymous).await;
    let checks = queued
        .lines()
        .filter(|l| l.starts_with("rtp_tasks{") && l.contains("state=\"queued\""))
        .count();
    assert!(checks > 0, "queued tasks are visible: {queued}");
    assert!(
        queued.contains("rtp_tasks_oldest_queued_age_seconds{"),
        "{queued}"
    );

    while app.run_pending_tasks().await > 0 {}
    let after = scrape(&anonymous).await;
    let import = r#"rtp_http_requests_total{method="POST",route="/api/batches/{id}/roster/import",status="200"}"#;
    assert_eq!(sample(&after, import), Some(1.0), "{after}");
    assert_eq!(
        sample(&after, "rtp_verification_people_checked_total"),
        Some(f64::from(PEOPLE))
    );
    let calls = r#"rtp_interface_calls_total{interface="social_security_persons",outcome="ok"}"#;
    assert!(sample(&after, calls).is_some_and(|n| n >= 1.0), "{after}");
    assert!(after.contains(r#"rtp_interface_call_duration_seconds_count{interface="pension"}"#));
    // No path with an ID becomes a series of its own.
    assert!(!after.contains(&b.id.to_string()), "{after}");
    assert!(after.contains("rtp_outbox_pending_mails "), "{after}");
    assert!(after.trim_end().ends_with("# EOF"));
}

#[tokio::test]
async fn only_this_machine_or_the_token_reads_the_metrics() {
    let app = TestApp::builder()
        .settings(|s| {
            s.metrics.allow_loopback = false;
            s.metrics.token = Some(SecretString::from("metrics-token-of-the-test"));
        })
        .spawn()
        .await;
    let anonymous = app.anonymous();
    let res = anonymous.get("/metrics").await;
    crate::assertions::assert_error(res, 403, api_types::ErrorCode::Forbidden).await;
    let wrong = anonymous
        .request(Method::GET, "/metrics")
        .bearer_auth("metrics-token-of-the-tesT")
        .send()
        .await
        .expect("answer");
    assert_eq!(wrong.status().as_u16(), 403);
    let right = anonymous
        .request(Method::GET, "/metrics")
        .bearer_auth("metrics-token-of-the-test")
        .send()
        .await
        .expect("answer");
    assert_eq!(right.status().as_u16(), 200);
    // A user's access token is not the metrics token.
    let unit = app.unit("tuixiu200000042").await;
    assert_eq!(unit.get("/metrics").await.status().as_u16(), 403);
}
