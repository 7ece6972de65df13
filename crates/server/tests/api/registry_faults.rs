//! The enterprise registry's fault handling, measured against the simulator's fault
//! switches and counters (`/admin/stats`): a hanging registry times out on every attempt, a
//! 429 is waited for as its `Retry-After` asks (capped by `max_backoff_ms`), `attempts` is
//! the number of calls made, a 404 is an answer and is not retried — and each ends in the
//! 503 or the answer the caller sees.

use std::time::{Duration, Instant};

use api_types::{CreditCodeLookupOut, ErrorCode};
use server::interfaces::Limits;
use simulator::Faults;

use crate::app::TestApp;
use crate::assertions::{assert_error, assert_json};
use crate::fixtures::GOOD_PASSWORD;

const NAME: &str = "上海故障测试科技有限公司";

/// An app whose registry calls follow `limits`, against a simulator with `faults`.
async fn app_with(faults: Faults, limits: Limits) -> TestApp {
    TestApp::builder()
        .simulator(faults)
        .settings(move |s| s.interfaces.registry = limits)
        .spawn()
        .await
}

/// The simulator's counters of the registry.
async fn registry_stats(app: &TestApp) -> serde_json::Value {
    let url = format!("{}/admin/stats", app.state().settings.simulator_url);
    let stats: serde_json::Value = reqwest::get(url).await.unwrap().json().await.unwrap();
    stats["interfaces"]["registry"].clone()
}

/// A lookup: its status, body and how long it took.
async fn lookup(app: &TestApp, name: &str) -> (reqwest::Response, Duration) {
    let started = Instant::now();
    let res = app.anonymous().registrations().credit_code(name).await;
    (res, started.elapsed())
}

#[tokio::test]
async fn a_hanging_registry_times_out_on_each_attempt_then_answers_503() {
    let limits = Limits {
        timeout_ms: 200,
        attempts: 2,
        backoff_ms: 10,
        max_backoff_ms: 50,
        ..Limits::default()
    };
    let app = app_with(
        Faults {
            timeout_percent: 100,
            ..Faults::default()
        },
        limits,
    )
    .await;
    let (res, took) = lookup(&app, NAME).await;
    let body = assert_error(res, 503, ErrorCode::ServiceUnavailable).await;
    assert!(body.message.contains("企业登记信息"), "{}", body.message);
    // Two attempts of 200 ms each, not the simulator's 30 s hang.
    assert!(took >= Duration::from_millis(400), "{took:?}");
    assert!(took < Duration::from_secs(5), "{took:?}");
    let stats = registry_stats(&app).await;
    assert_eq!(stats["calls"], 2, "{stats}");
    assert_eq!(stats["injected_timeouts"], 2, "{stats}");

    // Registration depends on the registry: the same 503, and nothing is created.
    let res = app
        .anonymous()
        .registrations()
        .register(NAME, "hang@example.com", GOOD_PASSWORD)
        .await;
    assert_error(res, 503, ErrorCode::ServiceUnavailable).await;
    assert_eq!(registry_stats(&app).await["calls"], 4);
    let res = app
        .anonymous()
        .auth()
        .try_login("hang@example.com", GOOD_PASSWORD)
        .await;
    assert_error(res, 401, ErrorCode::InvalidCredentials).await;
}

#[tokio::test]
async fn a_throttling_registry_is_waited_for_as_retry_after_asks() {
    let throttled = Faults {
        throttle_percent: 100,
        ..Faults::default()
    };
    // Its 429s say `Retry-After: 1`; the backoff alone would wait 10–20 ms.
    let patient = Limits {
        attempts: 3,
        backoff_ms: 10,
        max_backoff_ms: 5_000,
        ..Limits::default()
    };
    let app = app_with(throttled.clone(), patient).await;
    let (res, took) = lookup(&app, NAME).await;
    assert_error(res, 503, ErrorCode::ServiceUnavailable).await;
    assert!(
        took >= Duration::from_millis(1_900),
        "two waits of 1 s: {took:?}"
    );
    let stats = registry_stats(&app).await;
    assert_eq!(stats["calls"], 3, "{stats}");
    assert_eq!(stats["status_429"], 3, "{stats}");
    assert_eq!(stats["injected_throttles"], 3, "{stats}");

    // `max_backoff_ms` caps what a `Retry-After` may ask.
    let capped = Limits {
        attempts: 3,
        backoff_ms: 10,
        max_backoff_ms: 100,
        ..Limits::default()
    };
    let app = app_with(throttled, capped).await;
    let (res, took) = lookup(&app, NAME).await;
    assert_error(res, 503, ErrorCode::ServiceUnavailable).await;
    assert!(
        took < Duration::from_millis(900),
        "capped at 100 ms a wait: {took:?}"
    );
    assert_eq!(registry_stats(&app).await["calls"], 3);
}

#[tokio::test]
async fn attempts_is_the_number_of_calls_and_a_404_is_not_retried() {
    let failing = Faults {
        error_percent: 100,
        ..Faults::default()
    };
    for attempts in [1, 4] {
        let limits = Limits {
            attempts,
            backoff_ms: 5,
            max_backoff_ms: 20,
            ..Limits::default()
        };
        let app = app_with(failing.clone(), limits).await;
        let (res, _) = lookup(&app, NAME).await;
        assert_error(res, 503, ErrorCode::ServiceUnavailable).await;
        let stats = registry_stats(&app).await;
        assert_eq!(stats["calls"], attempts, "{stats}");
        assert_eq!(stats["injected_errors"], attempts, "{stats}");
    }

    // A healthy registry: one call per lookup, and "not registered" (404) is an answer.
    let limits = Limits {
        attempts: 4,
        ..Limits::default()
    };
    let app = app_with(Faults::default(), limits).await;
    let (res, _) = lookup(&app, NAME).await;
    let found: CreditCodeLookupOut = assert_json(res, 200).await;
    assert_eq!(found.credit_code, simulator::credit_code_for(NAME));
    let (res, _) = lookup(&app, "上海未登记的小店").await;
    let missing: CreditCodeLookupOut = assert_json(res, 200).await;
    assert_eq!(missing.credit_code, None);
    let stats = registry_stats(&app).await;
    assert_eq!(stats["calls"], 2, "{stats}");
    assert_eq!(stats["status_4xx"], 1, "{stats}");
}
