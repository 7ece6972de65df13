//! A login does not tell whether an account exists: a name nobody has gets the answers of a
//! real account whose password the caller does not know — the same status, message and
//! `remaining_attempts`, the same lock after five tries, the same time taken (the password
//! is checked against a dummy hash) — and a disabled account says so only to someone who
//! knows its password.

use std::time::{Duration as StdDuration, Instant};

use api_types::ErrorCode;
use chrono::{DateTime, Duration};

use crate::app::{NewAccount, TestApp};
use crate::assertions::assert_error;
use crate::fixtures::GOOD_PASSWORD;

/// Status and body of an answer, with `details.locked_until` taken out (and answered apart).
async fn answer(res: reqwest::Response) -> (u16, serde_json::Value, Option<String>) {
    let status = res.status().as_u16();
    let mut body: serde_json::Value = res.json().await.unwrap();
    let until = body["details"]
        .as_object_mut()
        .and_then(|d| d.remove("locked_until"))
        .and_then(|v| v.as_str().map(str::to_owned));
    (status, body, until)
}

fn instant(rfc3339: &str) -> DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap()
}

#[tokio::test]
async fn an_unknown_account_gets_the_answers_of_a_known_one_try_after_try() {
    let app = TestApp::spawn().await;
    app.seed_account(NewAccount::unit("tuixiu1")).await;
    let anonymous = app.anonymous();
    let auth = anonymous.auth();
    let mut statuses = Vec::new();
    for attempt in 1..=7 {
        let known = answer(auth.try_login("tuixiu1", "Wrong123!").await).await;
        let unknown = answer(auth.try_login("tuixiu-nobody", "Wrong123!").await).await;
        assert_eq!(known.0, unknown.0, "attempt {attempt}");
        assert_eq!(known.1, unknown.1, "attempt {attempt}");
        match (known.2, unknown.2) {
            (None, None) => {}
            (Some(k), Some(u)) => {
                let (k, u) = (instant(&k), instant(&u));
                assert_eq!(
                    k.timestamp_subsec_nanos(),
                    0,
                    "whole seconds, as an unknown name's"
                );
                assert_eq!(u.timestamp_subsec_nanos(), 0);
                assert!((k - u).num_seconds().abs() <= 1, "{k} vs {u}");
            }
            other => panic!("attempt {attempt}: only one is locked: {other:?}"),
        }
        statuses.push(known.0);
        if attempt <= 4 {
            assert_eq!(known.1["details"]["remaining_attempts"], 5 - attempt);
        }
    }
    assert_eq!(statuses, [401, 401, 401, 401, 423, 423, 423]);

    // The lock runs out for both alike, and the count starts again.
    app.clock
        .advance(Duration::minutes(15) + Duration::seconds(1));
    let known = answer(auth.try_login("tuixiu1", "Wrong123!").await).await;
    let unknown = answer(auth.try_login("tuixiu-nobody", "Wrong123!").await).await;
    assert_eq!((known.0, &known.1), (unknown.0, &unknown.1));
    assert_eq!(known.1["details"]["remaining_attempts"], 4);
}

#[tokio::test]
async fn a_wrong_password_takes_as_long_for_an_unknown_account() {
    let app = TestApp::builder()
        .settings(|s| s.max_failed_logins = 100)
        .spawn()
        .await;
    app.seed_account(NewAccount::unit("tuixiu3")).await;
    let anonymous = app.anonymous();
    let auth = anonymous.auth();
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for _ in 0..5 {
        for (name, times) in [("tuixiu3", &mut known), ("tuixiu-nobody", &mut unknown)] {
            let (id, answer) = auth.captcha().await;
            let started = Instant::now();
            let res = auth
                .login_with_captcha(name, "Wrong123!", (id, &answer))
                .await;
            times.push(started.elapsed());
            assert_error(res, 401, ErrorCode::InvalidCredentials).await;
        }
    }
    // The fastest of each: load on the machine only ever adds time.
    let fastest = |t: &[StdDuration]| t.iter().min().copied().unwrap();
    let (k, u) = (fastest(&known), fastest(&unknown));
    assert!(
        u * 2 >= k && k * 2 >= u,
        "known account {k:?}, unknown account {u:?}: the timing tells them apart"
    );
}

#[tokio::test]
async fn a_disabled_account_answers_like_any_other_to_a_wrong_password() {
    let app = TestApp::spawn().await;
    app.seed_account(NewAccount::unit("gone").disabled()).await;
    let anonymous = app.anonymous();
    let auth = anonymous.auth();
    let disabled = answer(auth.try_login("gone", "Wrong123!").await).await;
    let unknown = answer(auth.try_login("never-was", "Wrong123!").await).await;
    assert_eq!((disabled.0, &disabled.1), (unknown.0, &unknown.1));
    // The right password learns that it is disabled.
    let res = auth.try_login("gone", GOOD_PASSWORD).await;
    assert_error(res, 403, ErrorCode::AccountDisabled).await;
}
