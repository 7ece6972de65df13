//! Abuse limits of the anonymous endpoints: captchas, logins, registrations and the
//! credit-code lookup per client address, logins per account name; beyond a limit the
//! answer is 429 `too_many_requests` with `Retry-After`, the counts live in the database so
//! that two instances on one database share them, and `X-Forwarded-For` counts only when
//! the installation says a trusted proxy sets it.

use api_types::{ApiErrorBody, CaptchaOut, ErrorCode};
use chrono::Duration;
use reqwest::{Method, Response};
use sea_orm::EntityTrait;
use server::auth::throttle::Limit;
use server::entities::captcha;
use simulator::Faults;

use crate::app::{NewAccount, TestApp};
use crate::assertions::assert_error;
use crate::fixtures::GOOD_PASSWORD;

/// `POST /api/auth/captcha`, from `forwarded_for` when given.
async fn captcha(app: &TestApp, forwarded_for: Option<&str>) -> Response {
    let mut req = app.anonymous().request(Method::POST, "/api/auth/captcha");
    if let Some(ip) = forwarded_for {
        req = req.header("X-Forwarded-For", ip);
    }
    req.send().await.unwrap()
}

/// A login of `account` with a right captcha (or a wrong one), from `forwarded_for`.
async fn login(
    app: &TestApp,
    forwarded_for: Option<&str>,
    account: &str,
    password: &str,
    right_captcha: bool,
) -> Response {
    let res = captcha(app, forwarded_for).await;
    assert_eq!(res.status().as_u16(), 200, "the captcha of a login");
    let out: CaptchaOut = res.json().await.unwrap();
    let stored = captcha::Entity::find_by_id(out.captcha_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let answer = if right_captcha {
        stored.answer
    } else {
        "0000".into()
    };
    let body = serde_json::json!({
        "account": account, "password": password,
        "captcha_id": out.captcha_id, "captcha_answer": answer,
    });
    let mut req = app
        .anonymous()
        .request(Method::POST, "/api/auth/login")
        .json(&body);
    if let Some(ip) = forwarded_for {
        req = req.header("X-Forwarded-For", ip);
    }
    req.send().await.unwrap()
}

/// Asserts a 429 whose `Retry-After` and `details.retry_after_seconds` agree and lie within
/// `1..=window`; answers the seconds.
async fn assert_too_many(res: Response, window: u64) -> u64 {
    assert_eq!(res.status().as_u16(), 429);
    let header: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let body: ApiErrorBody = res.json().await.unwrap();
    assert_eq!(body.code, ErrorCode::TooManyRequests);
    assert!(body.message.contains("频繁"), "{}", body.message);
    let details = body.details.expect("details");
    assert_eq!(details["retry_after_seconds"].as_u64(), Some(header));
    assert!((1..=window).contains(&header), "Retry-After {header}");
    header
}

#[tokio::test]
async fn a_hundred_captchas_in_a_row_get_429_beyond_the_default_limit() {
    let app = TestApp::spawn().await;
    let mut statuses = Vec::new();
    let mut first_refusal = None;
    for _ in 0..100 {
        let res = captcha(&app, None).await;
        statuses.push(res.status().as_u16());
        if res.status().as_u16() == 429 && first_refusal.is_none() {
            first_refusal = Some(assert_too_many(res, 60).await);
        }
    }
    let served = statuses.iter().filter(|s| **s == 200).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((served, refused), (30, 70), "{statuses:?}");
    assert!(statuses[..30].iter().all(|s| *s == 200));
    // Refused requests count too, so hammering does not end the wait sooner; the window
    // ends and the next captcha is served.
    app.clock.advance(Duration::seconds(61));
    assert_eq!(captcha(&app, None).await.status().as_u16(), 200);
}

#[tokio::test]
async fn logins_on_many_accounts_from_one_address_get_429_beyond_the_default_limit() {
    let app = TestApp::spawn().await;
    let mut statuses = Vec::new();
    for i in 0..25 {
        let name = format!("tuixiu9{i:05}");
        let res = login(&app, None, &name, "Wrong123!", true).await;
        let status = res.status().as_u16();
        if status == 429 {
            assert_too_many(res, 60).await;
        }
        statuses.push(status);
    }
    assert_eq!(&statuses[..20], &[401; 20]);
    assert_eq!(&statuses[20..], &[429; 5]);
}

#[tokio::test]
async fn one_account_is_limited_from_any_address_once_the_captcha_is_right() {
    let app = TestApp::builder()
        .settings(|s| {
            s.rate_limits.trust_forwarded_for = true;
            s.rate_limits.login_per_account = Limit::new(6, 900);
        })
        .spawn()
        .await;
    app.seed_account(NewAccount::unit("tuixiu5")).await;
    app.seed_account(NewAccount::unit("tuixiu6")).await;
    // Wrong captchas do not use up the account's attempts (nobody can lock a stranger out
    // without solving captchas).
    for i in 0..8 {
        let ip = format!("198.51.100.{i}");
        let res = login(&app, Some(&ip), "tuixiu5", GOOD_PASSWORD, false).await;
        assert_error(res, 400, ErrorCode::CaptchaInvalid).await;
    }
    let res = login(&app, Some("198.51.100.50"), "tuixiu5", GOOD_PASSWORD, true).await;
    assert_eq!(res.status().as_u16(), 200);
    // Attempts from ever new addresses: the wrong passwords lock the account, and past
    // the per-account limit even the lock's answer gives way to 429.
    let mut statuses = Vec::new();
    for i in 0..7 {
        let ip = format!("203.0.113.{i}");
        let res = login(&app, Some(&ip), "tuixiu5", "Wrong123!", true).await;
        statuses.push(res.status().as_u16());
        if i == 6 {
            assert_too_many(res, 900).await;
        }
    }
    assert_eq!(statuses, [401, 401, 401, 401, 423, 429, 429]);
    // Another account is not affected.
    let res = login(&app, Some("203.0.113.99"), "tuixiu6", GOOD_PASSWORD, true).await;
    assert_eq!(res.status().as_u16(), 200);
}

#[tokio::test]
async fn two_instances_on_one_database_share_the_counts() {
    let limit = |s: &mut server::app::config::Settings| {
        s.rate_limits.captcha_per_ip = Limit::new(4, 60);
    };
    let first = TestApp::builder().settings(limit).spawn().await;
    let second = TestApp::builder()
        .same_database_as(&first)
        .settings(limit)
        .spawn()
        .await;
    for app in [&first, &second, &first, &second] {
        assert_eq!(captcha(app, None).await.status().as_u16(), 200);
    }
    for app in [&first, &second] {
        assert_too_many(captcha(app, None).await, 60).await;
    }
}

#[tokio::test]
async fn concurrent_requests_each_count_once() {
    let app = TestApp::builder()
        .settings(|s| s.rate_limits.captcha_per_ip = Limit::new(10, 60))
        .spawn()
        .await;
    let burst = (0..25).map(|_| captcha(&app, None));
    let statuses: Vec<u16> = futures_util::future::join_all(burst)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    let served = statuses.iter().filter(|s| **s == 200).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((served, refused), (10, 15), "{statuses:?}");
}

#[tokio::test]
async fn forwarded_for_counts_only_behind_a_trusted_proxy() {
    let limit = |trusted: bool| {
        move |s: &mut server::app::config::Settings| {
            s.rate_limits.captcha_per_ip = Limit::new(2, 60);
            s.rate_limits.trust_forwarded_for = trusted;
        }
    };
    // Without a trusted proxy, a client cannot escape its limit by sending the header.
    let direct = TestApp::builder().settings(limit(false)).spawn().await;
    let spoofed = ["192.0.2.1", "192.0.2.2", "192.0.2.3"];
    let mut statuses = Vec::new();
    for ip in spoofed {
        statuses.push(captcha(&direct, Some(ip)).await.status().as_u16());
    }
    assert_eq!(statuses, [200, 200, 429]);
    // Behind one, each client (the last entry, the one the proxy appended) counts alone.
    let proxied = TestApp::builder().settings(limit(true)).spawn().await;
    for ip in spoofed {
        let chain = format!("10.9.9.9, {ip}");
        assert_eq!(captcha(&proxied, Some(&chain)).await.status().as_u16(), 200);
    }
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let chain = "192.0.2.1";
        statuses.push(captcha(&proxied, Some(chain)).await.status().as_u16());
    }
    assert_eq!(statuses, [200, 429, 429]);
}

#[tokio::test]
async fn registrations_and_anonymous_credit_code_lookups_are_limited() {
    let app = TestApp::builder()
        .simulator(Faults::default())
        .settings(|s| s.rate_limits.registration_per_ip = Limit::new(2, 3_600))
        .spawn()
        .await;
    let anonymous = app.anonymous();
    let registrations = anonymous.registrations();
    for i in 0..2 {
        let res = registrations
            .register(
                &format!("上海限流测试{i}有限公司"),
                &format!("u{i}@example.com"),
                GOOD_PASSWORD,
            )
            .await;
        assert_eq!(res.status().as_u16(), 201);
    }
    let res = registrations
        .register("上海限流测试9有限公司", "u9@example.com", GOOD_PASSWORD)
        .await;
    assert_too_many(res, 3_600).await;

    let mut statuses = Vec::new();
    for i in 0..32 {
        let res = registrations
            .credit_code(&format!("上海查询{i}有限公司"))
            .await;
        statuses.push(res.status().as_u16());
        if i == 31 {
            assert_too_many(res, 60).await;
        }
    }
    assert_eq!(&statuses[..30], &[200; 30]);
    assert_eq!(&statuses[30..], &[429; 2]);
}
