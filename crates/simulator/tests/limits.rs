//! Limits every interface enforces: concurrency cap, rate limit, outage, faults, counters.
#![allow(clippy::unwrap_used)]

mod support;

use std::time::Duration;

use serde_json::json;
use simulator::{Faults, Interface};
use support::{quiet, resident_id, spawn};

fn person(seq: u32) -> String {
    format!("/social-security/persons/{}", resident_id(seq))
}

#[tokio::test]
async fn beyond_the_concurrency_cap_the_answer_is_429_at_once() {
    let mut config = quiet();
    let limits = config.limits.get_mut(Interface::SocialSecurityPersons);
    limits.max_in_flight = 2;
    limits.rate_per_sec = 0;
    limits.latency = Duration::from_millis(400);
    let sim = spawn(config);
    let calls = (0..6).map(|i| {
        let http = sim.http.clone();
        let url = sim.url(&person(i));
        tokio::spawn(async move {
            let started = std::time::Instant::now();
            let res = http.get(url).send().await.unwrap();
            let retry_after = res
                .headers()
                .get("Retry-After")
                .map(|v| v.to_str().unwrap().to_owned());
            (res.status().as_u16(), retry_after, started.elapsed())
        })
    });
    let mut answers = Vec::new();
    for call in calls.collect::<Vec<_>>() {
        answers.push(call.await.unwrap());
    }
    let ok = answers.iter().filter(|a| a.0 == 200).count();
    let rejected: Vec<_> = answers.iter().filter(|a| a.0 == 429).collect();
    assert_eq!((ok, rejected.len()), (2, 4), "{answers:?}");
    for (_, retry_after, elapsed) in rejected {
        assert_eq!(retry_after.as_deref(), Some("1"));
        assert!(
            *elapsed < Duration::from_millis(300),
            "rejected at once, not after {elapsed:?}"
        );
    }
    let stats = sim.stats().await.interfaces.social_security_persons;
    assert_eq!(stats.max_in_flight, 2);
    assert_eq!((stats.calls, stats.status_2xx, stats.status_429), (6, 2, 4));
    assert_eq!(stats.rejected_in_flight, 4);
    assert_eq!(stats.in_flight, 0);
}

#[tokio::test]
async fn beyond_the_rate_limit_the_answer_is_429_with_retry_after() {
    let mut config = quiet();
    config.limits.get_mut(Interface::Pension).rate_per_sec = 5;
    let sim = spawn(config);
    let mut statuses = Vec::new();
    for i in 0..12 {
        let res = sim
            .get(&format!("/pension/withholding/{}", resident_id(i)))
            .await;
        let status = res.status().as_u16();
        if status == 429 {
            let secs: u64 = res.headers()["Retry-After"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!(secs >= 1);
            let body: serde_json::Value = res.json().await.unwrap();
            assert_eq!(body["error"], "rate_limited");
        }
        statuses.push(status);
    }
    let ok = statuses.iter().filter(|s| **s == 200).count();
    assert!((5..=6).contains(&ok), "{statuses:?}");
    assert_eq!(ok + statuses.iter().filter(|s| **s == 429).count(), 12);
    // Other interfaces have their own bucket.
    assert_eq!(sim.get(&person(1)).await.status().as_u16(), 200);
    // After a second the bucket is full again.
    tokio::time::sleep(Duration::from_millis(1050)).await;
    assert_eq!(
        sim.get("/pension/withholding/H1234567")
            .await
            .status()
            .as_u16(),
        200
    );
    let stats = sim.stats().await.interfaces.pension;
    assert_eq!(stats.rejected_rate, 12 - ok as u64);
}

#[tokio::test]
async fn a_batch_is_one_call_for_the_rate_limit() {
    let mut config = quiet();
    config
        .limits
        .get_mut(Interface::SocialSecurityPersons)
        .rate_per_sec = 2;
    let sim = spawn(config);
    let items: Vec<_> = (0..100)
        .map(|i| json!({"id_number": resident_id(i)}))
        .collect();
    for _ in 0..2 {
        let (status, _) = sim
            .post_json("/social-security/persons:batch", &json!({ "items": items }))
            .await;
        assert_eq!(status, 200);
    }
    let (status, _) = sim
        .post_json("/social-security/persons:batch", &json!({ "items": items }))
        .await;
    assert_eq!(status, 429);
    let stats = sim.stats().await.interfaces.social_security_persons;
    assert_eq!((stats.calls, stats.items, stats.status_429), (3, 200, 1));
}

#[tokio::test]
async fn an_interface_switched_off_answers_503_until_switched_on() {
    let sim = spawn(quiet());
    let down = json!({"interface": "social_security_units", "down": true});
    assert_eq!(sim.put_json("/admin/outage", &down).await, 200);
    let (status, body) = sim.get_json("/social-security/units/C000000001").await;
    assert_eq!((status, body["error"].as_str()), (503, Some("outage")));
    assert_eq!(
        sim.get(&person(1)).await.status().as_u16(),
        200,
        "others stay up"
    );
    let (_, outage) = sim.get_json("/admin/outage").await;
    assert_eq!(outage["social_security_units"], true);
    assert_eq!(outage["pension"], false);

    let up = json!({"interface": "social_security_units", "down": false});
    assert_eq!(sim.put_json("/admin/outage", &up).await, 200);
    assert_eq!(
        sim.get("/social-security/units/C000000001")
            .await
            .status()
            .as_u16(),
        200
    );

    assert_eq!(
        sim.put_json("/admin/outage", &json!({"interface": "all", "down": true}))
            .await,
        200
    );
    let registry = sim
        .get("/registry/companies?name=x")
        .await
        .status()
        .as_u16();
    assert_eq!(registry, 503);
    assert_eq!(
        sim.put_json("/admin/outage", &json!({"interface": "mail", "down": true}))
            .await,
        400
    );

    let units = sim.stats().await.interfaces.social_security_units;
    assert_eq!(
        (units.calls, units.status_5xx, units.rejected_outage),
        (2, 1, 1)
    );
}

#[tokio::test]
async fn counters_count_calls_per_interface_and_reset() {
    let sim = spawn(quiet());
    for i in 0..3 {
        sim.get(&person(i)).await;
    }
    sim.get("/social-security/persons/x").await; // 400
    sim.get("/registry/companies?name=%E6%9C%AA%E7%99%BB%E8%AE%B0")
        .await; // 404
    let stats = sim.stats().await;
    let persons = &stats.interfaces.social_security_persons;
    assert_eq!(
        (persons.calls, persons.status_2xx, persons.status_4xx),
        (4, 3, 1)
    );
    assert_eq!(persons.items, 3);
    assert_eq!(
        (
            stats.interfaces.registry.calls,
            stats.interfaces.registry.status_4xx
        ),
        (1, 1)
    );
    assert_eq!(stats.interfaces.pension.calls, 0);
    // Admin calls are not interface calls.
    assert_eq!(stats.interfaces.bank.calls, 0);

    assert_eq!(sim.delete("/admin/stats").await, 204);
    let stats = sim.stats().await;
    assert_eq!(stats.interfaces.social_security_persons, Default::default());
}

#[tokio::test]
async fn injected_timeouts_hang_then_answer_504() {
    let mut config = quiet();
    config.timeout_hang = Duration::from_millis(300);
    config.limits.get_mut(Interface::Pension).timeout_percent = 100;
    let sim = spawn(config);
    let client = reqwest::Client::builder()
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let err = client
        .get(sim.url("/pension/withholding/H1234567"))
        .send()
        .await;
    assert!(err.is_err_and(|e| e.is_timeout()));
    let started = std::time::Instant::now();
    let res = sim.get("/pension/withholding/H1234567").await;
    assert_eq!(res.status().as_u16(), 504);
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(sim.stats().await.interfaces.pension.injected_timeouts, 2);
}

#[tokio::test]
async fn the_legacy_faults_still_fail_the_registry() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = simulator::run(
        listener,
        Faults {
            error_percent: 100,
            ..Default::default()
        },
    )
    .unwrap();
    tokio::spawn(server);
    let url = format!("http://127.0.0.1:{port}/registry/companies?name=x");
    let res = reqwest::get(url).await.unwrap();
    assert_eq!(res.status().as_u16(), 500);

    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(simulator::run(listener, Faults::default()).unwrap());
    let url = format!(
        "http://127.0.0.1:{port}/registry/companies?name=%E4%B8%8A%E6%B5%B7%E7%A4%BA%E8%8C%83%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8"
    );
    let hit: simulator::RegistryOut = reqwest::get(url).await.unwrap().json().await.unwrap();
    assert_eq!(
        Some(hit.credit_code),
        simulator::credit_code_for("上海示范有限公司")
    );
}
