//! Delivery of the bank's results to the request's `callback_url`: once the results are ready,
//! POSTed as JSON, retried with doubling pauses while it fails, and for a share of requests
//! delivered twice at the same time (so that the client's duplicate handling is exercised).

use std::sync::atomic::Ordering;
use std::time::Instant;

use actix_web::web;

use crate::bank::WithholdingOut;
use crate::config::SimConfig;
use crate::state::Sim;
use crate::synth;

/// How many times the callback of the request with `idempotency_key` is delivered: 2 for the
/// `duplicate_callback_permille` share, otherwise 1.
pub fn copies(config: &SimConfig, idempotency_key: &str) -> u32 {
    let bucket = synth::permille("bank-duplicate-callback", idempotency_key);
    if bucket < config.bank.duplicate_callback_permille {
        2
    } else {
        1
    }
}

/// Starts the deliveries; each waits until `ready_at`.
pub fn schedule(
    sim: web::Data<Sim>,
    url: String,
    copies: u32,
    ready_at: Instant,
    body: WithholdingOut,
) {
    for delivery in 1..=copies {
        let sim = sim.clone();
        let url = url.clone();
        let body = body.clone();
        actix_web::rt::spawn(async move {
            tokio::time::sleep_until(tokio::time::Instant::from_std(ready_at)).await;
            deliver(&sim, &url, &body, delivery).await;
        });
    }
}

async fn deliver(sim: &Sim, url: &str, body: &WithholdingOut, delivery: u32) {
    let bank = &sim.config.bank;
    let attempts = bank.callback_attempts.max(1);
    let mut pause = bank.callback_backoff;
    for attempt in 1..=attempts {
        let sent = sim
            .http
            .post(url)
            .header("X-Bank-Request-Id", body.request_id.to_string())
            .header("X-Bank-Delivery", delivery.to_string())
            .header("X-Bank-Attempt", attempt.to_string())
            .json(body)
            .send()
            .await;
        if sent.is_ok_and(|res| res.status().is_success()) {
            sim.bank.callback_deliveries.fetch_add(1, Ordering::SeqCst);
            return;
        }
        sim.bank.callback_failures.fetch_add(1, Ordering::SeqCst);
        if attempt < attempts {
            tokio::time::sleep(pause).await;
            pause = pause.saturating_mul(2);
        }
    }
    sim.bank.callbacks_abandoned.fetch_add(1, Ordering::SeqCst);
}
