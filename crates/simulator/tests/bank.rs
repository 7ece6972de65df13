//! The bank: idempotent acceptance, results after the delay, callbacks (retried, duplicated).
#![allow(clippy::unwrap_used)]

mod support;

use std::net::TcpListener;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{web, App, HttpResponse, HttpServer};
use serde_json::{json, Value};
use simulator::{BankConfig, Shares, SimConfig, WithholdingOut};
use support::{quiet, resident_id, spawn};

fn request(key: &str, people: u32) -> Value {
    let people: Vec<Value> = (0..people)
        .map(|i| json!({"ref": format!("r{i}"), "id_number": resident_id(i), "name": "钱七"}))
        .collect();
    json!({"idempotency_key": key, "amount_fen": 10000, "people": people})
}

type Received = Arc<Mutex<Vec<WithholdingOut>>>;

/// What the callback endpoint shares: the bodies received, and failures still to answer.
type ReceiverState = (Received, Arc<AtomicU32>);

/// Receives callbacks; answers 500 to the first `fail_first` deliveries.
struct Receiver {
    url: String,
    bodies: Received,
}

fn receiver(fail_first: u32) -> Receiver {
    let bodies: Received = Arc::default();
    let failures = Arc::new(AtomicU32::new(fail_first));
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let data = web::Data::new((bodies.clone(), failures));
    let server = HttpServer::new(move || {
        App::new().app_data(data.clone()).route(
            "/callback",
            web::post().to(
                |data: web::Data<ReceiverState>, body: web::Json<WithholdingOut>| async move {
                    let left = data.1.load(Ordering::SeqCst);
                    if left > 0 {
                        data.1.store(left - 1, Ordering::SeqCst);
                        return HttpResponse::InternalServerError().finish();
                    }
                    data.0.lock().unwrap().push(body.into_inner());
                    HttpResponse::NoContent().finish()
                },
            ),
        )
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    tokio::spawn(server);
    Receiver {
        url: format!("http://127.0.0.1:{port}/callback"),
        bodies,
    }
}

/// Waits (up to 5 s) until `n` callbacks arrived.
async fn wait_for(receiver: &Receiver, n: usize) -> Vec<WithholdingOut> {
    for _ in 0..500 {
        let bodies = receiver.bodies.lock().unwrap().clone();
        if bodies.len() >= n {
            return bodies;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!(
        "{n} callbacks expected, got {}",
        receiver.bodies.lock().unwrap().len()
    );
}

#[tokio::test]
async fn the_same_key_twice_is_one_request_and_is_never_withheld_twice() {
    let sim = spawn(quiet());
    let body = request("batch-1/withholding", 3);
    let (status, first) = sim.post_json("/bank/withholdings", &body).await;
    assert_eq!(status, 202, "{first}");
    assert_eq!(first["duplicate"], false);
    let (status, again) = sim.post_json("/bank/withholdings", &body).await;
    assert_eq!(status, 202);
    assert_eq!(again["duplicate"], true);
    assert_eq!(again["request_id"], first["request_id"]);

    let mut changed = body.clone();
    changed["amount_fen"] = json!(20000);
    let (status, conflict) = sim.post_json("/bank/withholdings", &changed).await;
    assert_eq!(
        (status, conflict["error"].as_str()),
        (409, Some("idempotency_key_reused"))
    );

    let stats = sim.stats().await;
    assert_eq!(stats.bank.accepted_requests, 1);
    assert_eq!(stats.bank.duplicate_requests, 1);
    assert_eq!(stats.bank.people_submitted, 3);
    assert_eq!(stats.bank.people_withheld, 3);
    assert_eq!(stats.interfaces.bank.calls, 3);

    assert_eq!(sim.delete("/admin/bank/withholdings").await, 204);
    let (_, fresh) = sim.post_json("/bank/withholdings", &body).await;
    assert_eq!(
        fresh["duplicate"], false,
        "forgotten requests are new again"
    );
}

#[tokio::test]
async fn results_are_pending_until_the_delay_has_passed() {
    let sim = spawn(SimConfig {
        bank: BankConfig {
            delay: Duration::from_millis(300),
            ..BankConfig::default()
        },
        ..quiet()
    });
    let (_, accepted) = sim
        .post_json("/bank/withholdings", &request("k-delay", 2))
        .await;
    assert_eq!(accepted["status"], "pending");
    let path = format!(
        "/bank/withholdings/{}",
        accepted["request_id"].as_str().unwrap()
    );
    let (status, pending) = sim.get_json(&path).await;
    assert_eq!(status, 200);
    assert_eq!(
        (pending["status"].as_str(), pending["people"].as_u64()),
        (Some("pending"), Some(2))
    );
    assert_eq!(pending["results"], json!([]));
    tokio::time::sleep(Duration::from_millis(350)).await;
    let (_, done) = sim.get_json(&path).await;
    assert_eq!(done["status"], "done");
    let results = done["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(
        results[0],
        json!({"ref": "r0", "id_number": resident_id(0), "success": true})
    );

    let (status, _) = sim
        .get_json("/bank/withholdings/00000000-0000-0000-0000-000000000000")
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn failures_follow_the_share_and_pins_with_the_banks_reasons() {
    let sim = spawn(SimConfig {
        shares: Shares {
            bank_failure: 200,
            ..Shares::none()
        },
        ..SimConfig::instant()
    });
    let pinned = resident_id(0);
    let pin = json!({"success": false, "reason": "账户状态异常"});
    assert_eq!(
        sim.put_json(&format!("/admin/bank/results/{pinned}"), &pin)
            .await,
        204
    );
    let (_, accepted) = sim
        .post_json("/bank/withholdings", &request("k-share", 1000))
        .await;
    let path = format!(
        "/bank/withholdings/{}",
        accepted["request_id"].as_str().unwrap()
    );
    let (_, done) = sim.get_json(&path).await;
    let results = done["results"].as_array().unwrap();
    assert_eq!(
        results[0],
        json!({"ref": "r0", "id_number": pinned, "success": false,
               "reason": "账户状态异常", "reason_code": "account_abnormal"})
    );
    let failed: Vec<&Value> = results.iter().filter(|r| r["success"] == false).collect();
    assert!(
        (140..=260).contains(&failed.len()),
        "{} of 1000 failed",
        failed.len()
    );
    for reason in ["余额不足", "校验不通过", "账户状态异常"] {
        let n = failed.iter().filter(|r| r["reason"] == reason).count();
        assert!(n > 30, "{reason}: {n}");
    }
    let bank = sim.stats().await.bank;
    assert_eq!(bank.people_failed, failed.len() as u64);
    assert_eq!(bank.people_withheld + bank.people_failed, 1000);
}

#[tokio::test]
async fn an_invalid_request_is_refused_whole() {
    let sim = spawn(quiet());
    let mut no_people = request("k", 0);
    no_people["people"] = json!([]);
    let mut zero = request("k", 1);
    zero["amount_fen"] = json!(0);
    let mut twice = request("k", 2);
    twice["people"][1]["ref"] = json!("r0");
    let mut bad_url = request("k", 1);
    bad_url["callback_url"] = json!("ftp://x");
    for (body, code) in [
        (no_people, "people_count"),
        (zero, "invalid_amount"),
        (twice, "duplicate_ref"),
        (bad_url, "invalid_callback_url"),
        (request(" ", 1), "invalid_idempotency_key"),
        (json!({"people": []}), "malformed_body"),
    ] {
        let (status, answer) = sim.post_json("/bank/withholdings", &body).await;
        assert_eq!(
            (status, answer["error"].as_str()),
            (400, Some(code)),
            "{body}"
        );
    }
    assert_eq!(sim.stats().await.bank.accepted_requests, 0);
}

#[tokio::test]
async fn the_callback_brings_the_results_and_is_retried_while_it_fails() {
    let receiver = receiver(2);
    let sim = spawn(SimConfig {
        bank: BankConfig {
            duplicate_callback_permille: 0,
            ..SimConfig::instant().bank
        },
        ..quiet()
    });
    let mut body = request("k-callback", 2);
    body["callback_url"] = json!(receiver.url);
    let (_, accepted) = sim.post_json("/bank/withholdings", &body).await;
    let bodies = wait_for(&receiver, 1).await;
    assert_eq!(
        bodies[0].request_id.to_string(),
        accepted["request_id"].as_str().unwrap()
    );
    assert_eq!(bodies[0].status, "done");
    assert_eq!(bodies[0].results.len(), 2);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(receiver.bodies.lock().unwrap().len(), 1, "delivered once");
    let bank = sim.stats().await.bank;
    assert_eq!((bank.callback_failures, bank.callback_deliveries), (2, 1));
}

#[tokio::test]
async fn a_share_of_callbacks_is_delivered_twice() {
    let receiver = receiver(0);
    let sim = spawn(SimConfig {
        bank: BankConfig {
            duplicate_callback_permille: 1000,
            ..SimConfig::instant().bank
        },
        ..quiet()
    });
    let mut body = request("k-twice", 1);
    body["callback_url"] = json!(receiver.url);
    sim.post_json("/bank/withholdings", &body).await;
    // A client retry of the same request does not add deliveries.
    sim.post_json("/bank/withholdings", &body).await;
    let bodies = wait_for(&receiver, 2).await;
    assert_eq!(bodies[0], bodies[1]);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(receiver.bodies.lock().unwrap().len(), 2);
    assert_eq!(sim.stats().await.bank.callback_deliveries, 2);
}
