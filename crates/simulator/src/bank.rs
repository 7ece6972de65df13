//! The bank (银行代扣), asynchronous: a withholding request is accepted once per idempotency
//! key, its results are ready after a delay (standing in for the pension day), fetched by
//! polling or delivered to a callback URL.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::config::SimConfig;
use crate::errors;
use crate::interface::Interface;
use crate::limits::Answer;
use crate::model::{normalize_id, BankFailure};
use crate::person;
use crate::pins::Pins;
use crate::state::Sim;
use crate::synth;

/// A withholding request (代扣申请).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct WithholdingIn {
    /// The client's key: the same key again is the same request, never withheld twice.
    pub idempotency_key: String,
    /// Amount per person, in fen (> 0).
    pub amount_fen: i64,
    /// The people, 1 to `max_people`, each `ref` unique in the request.
    pub people: Vec<BankPersonIn>,
    /// Where to POST the results when they are ready.
    #[serde(default)]
    pub callback_url: Option<String>,
}

/// One person to withhold from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct BankPersonIn {
    /// The client's reference for this line, echoed in the result.
    #[serde(rename = "ref")]
    pub reference: String,
    /// ID number.
    pub id_number: String,
    /// Name.
    pub name: String,
}

/// The result for one person (代扣成功 / 代扣失败).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankResult {
    /// The client's reference.
    #[serde(rename = "ref")]
    pub reference: String,
    /// ID number as sent.
    pub id_number: String,
    /// 代扣成功.
    pub success: bool,
    /// The bank's wording of the failure (余额不足, 校验不通过, 账户状态异常).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The same as a code (`insufficient_balance`, `verification_failed`, `account_abnormal`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<BankFailure>,
}

/// A request's state, as polled and as delivered to the callback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WithholdingOut {
    /// The bank's id of the request.
    pub request_id: Uuid,
    /// The client's key.
    pub idempotency_key: String,
    /// Amount per person, in fen.
    pub amount_fen: i64,
    /// `pending` or `done`.
    pub status: String,
    /// People in the request.
    pub people: usize,
    /// One per person, in request order, once `done`; empty while `pending`.
    pub results: Vec<BankResult>,
}

#[derive(Debug, Serialize)]
struct AcceptedOut {
    request_id: Uuid,
    duplicate: bool,
    status: &'static str,
}

struct Stored {
    body: WithholdingIn,
    ready_at: Instant,
    results: Vec<BankResult>,
}

impl Stored {
    fn out(&self, request_id: Uuid, now: Instant) -> WithholdingOut {
        let done = now >= self.ready_at;
        WithholdingOut {
            request_id,
            idempotency_key: self.body.idempotency_key.clone(),
            amount_fen: self.body.amount_fen,
            status: if done { "done" } else { "pending" }.to_owned(),
            people: self.body.people.len(),
            results: if done {
                self.results.clone()
            } else {
                Vec::new()
            },
        }
    }
}

#[derive(Default)]
struct BankState {
    by_key: HashMap<String, Uuid>,
    requests: HashMap<Uuid, Stored>,
}

/// What `/admin/stats` shows for the bank's business (besides its interface counters).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankStats {
    /// Requests accepted under a new idempotency key.
    pub accepted_requests: u64,
    /// Requests answered `duplicate: true`.
    pub duplicate_requests: u64,
    /// People in accepted requests.
    pub people_submitted: u64,
    /// People withheld successfully.
    pub people_withheld: u64,
    /// People whose withholding failed.
    pub people_failed: u64,
    /// Callback deliveries answered 2xx (a duplicated callback counts twice).
    pub callback_deliveries: u64,
    /// Callback attempts that failed (and were retried while attempts remained).
    pub callback_failures: u64,
    /// Callbacks given up after the last attempt.
    pub callbacks_abandoned: u64,
}

/// Accepted requests and the bank's counters.
#[derive(Default)]
pub struct BankStore {
    state: Mutex<BankState>,
    accepted_requests: AtomicU64,
    duplicate_requests: AtomicU64,
    people_submitted: AtomicU64,
    people_withheld: AtomicU64,
    people_failed: AtomicU64,
    pub(crate) callback_deliveries: AtomicU64,
    pub(crate) callback_failures: AtomicU64,
    pub(crate) callbacks_abandoned: AtomicU64,
}

impl BankStore {
    fn state(&self) -> std::sync::MutexGuard<'_, BankState> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn counters(&self) -> [&AtomicU64; 8] {
        [
            &self.accepted_requests,
            &self.duplicate_requests,
            &self.people_submitted,
            &self.people_withheld,
            &self.people_failed,
            &self.callback_deliveries,
            &self.callback_failures,
            &self.callbacks_abandoned,
        ]
    }

    /// The counters now.
    pub fn stats(&self) -> BankStats {
        let [a, d, s, w, f, cd, cf, ca] = self.counters().map(|c| c.load(Ordering::SeqCst));
        BankStats {
            accepted_requests: a,
            duplicate_requests: d,
            people_submitted: s,
            people_withheld: w,
            people_failed: f,
            callback_deliveries: cd,
            callback_failures: cf,
            callbacks_abandoned: ca,
        }
    }

    /// Zeroes the counters.
    pub fn reset_stats(&self) {
        for counter in self.counters() {
            counter.store(0, Ordering::SeqCst);
        }
    }

    /// Forgets every request and idempotency key.
    pub fn clear(&self) {
        let mut state = self.state();
        state.by_key.clear();
        state.requests.clear();
    }
}

/// The bank's answer for one person: a pinned result; 校验不通过 for a malformed ID or a
/// pension that cannot be withheld; otherwise the `bank_failure` share fails, the three
/// reasons in equal parts.
pub fn outcome(
    config: &SimConfig,
    pins: &Pins,
    raw_id: &str,
    today: NaiveDate,
) -> Result<(), BankFailure> {
    let Some(id) = normalize_id(raw_id) else {
        return Err(BankFailure::VerificationFailed);
    };
    if let Some(pin) = pins.bank.get(&id) {
        return match pin.success {
            true => Ok(()),
            false => Err(pin.reason.unwrap_or(BankFailure::InsufficientBalance)),
        };
    }
    if !person::withholdable(config, pins, &id, today) {
        return Err(BankFailure::VerificationFailed);
    }
    if synth::permille("bank", &id) < config.shares.bank_failure {
        let reasons = BankFailure::ALL;
        let pick = synth::hash64("bank-reason", &id) % reasons.len() as u64;
        return Err(reasons[pick as usize]);
    }
    Ok(())
}

fn validate(body: &WithholdingIn, max_people: usize) -> Result<(), Box<HttpResponse>> {
    let key = body.idempotency_key.trim();
    if key.is_empty() || key.len() > 200 {
        return Err(Box::new(errors::bad_request(
            "invalid_idempotency_key",
            "idempotency_key must be 1-200 characters",
        )));
    }
    if body.amount_fen <= 0 {
        return Err(Box::new(errors::bad_request(
            "invalid_amount",
            "amount_fen must be > 0",
        )));
    }
    if body.people.is_empty() || body.people.len() > max_people {
        return Err(Box::new(errors::bad_request(
            "people_count",
            &format!("a request holds 1 to {max_people} people"),
        )));
    }
    let mut refs = HashSet::new();
    if let Some(dup) = body
        .people
        .iter()
        .find(|p| !refs.insert(p.reference.as_str()))
    {
        return Err(Box::new(errors::bad_request(
            "duplicate_ref",
            &format!("ref {:?} appears twice", dup.reference),
        )));
    }
    if let Some(url) = &body.callback_url {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(Box::new(errors::bad_request(
                "invalid_callback_url",
                "callback_url must be an http(s) URL",
            )));
        }
    }
    Ok(())
}

fn accept(sim: &web::Data<Sim>, body: WithholdingIn) -> HttpResponse {
    if let Err(response) = validate(&body, sim.config.bank.max_people) {
        return *response;
    }
    let store = &sim.bank;
    let mut state = store.state();
    if let Some(request_id) = state.by_key.get(&body.idempotency_key).copied() {
        let same = state
            .requests
            .get(&request_id)
            .is_some_and(|s| s.body == body);
        if !same {
            return errors::error(
                actix_web::http::StatusCode::CONFLICT,
                "idempotency_key_reused",
                "this idempotency_key was used for a different request",
            );
        }
        store.duplicate_requests.fetch_add(1, Ordering::SeqCst);
        let done = state
            .requests
            .get(&request_id)
            .is_some_and(|s| Instant::now() >= s.ready_at);
        return HttpResponse::Accepted().json(AcceptedOut {
            request_id,
            duplicate: true,
            status: if done { "done" } else { "pending" },
        });
    }
    let today = person::today_in_shanghai();
    let results: Vec<BankResult> = {
        let pins = sim.pins();
        body.people
            .iter()
            .map(|p| {
                let failure = outcome(&sim.config, &pins, &p.id_number, today).err();
                BankResult {
                    reference: p.reference.clone(),
                    id_number: p.id_number.clone(),
                    success: failure.is_none(),
                    reason: failure.map(|f| f.label_zh().to_owned()),
                    reason_code: failure,
                }
            })
            .collect()
    };
    let withheld = results.iter().filter(|r| r.success).count() as u64;
    store.accepted_requests.fetch_add(1, Ordering::SeqCst);
    store
        .people_submitted
        .fetch_add(results.len() as u64, Ordering::SeqCst);
    store.people_withheld.fetch_add(withheld, Ordering::SeqCst);
    store
        .people_failed
        .fetch_add(results.len() as u64 - withheld, Ordering::SeqCst);

    let request_id = Uuid::new_v4();
    let ready_at = Instant::now() + sim.config.bank.delay;
    let stored = Stored {
        body,
        ready_at,
        results,
    };
    let callback = stored.body.callback_url.clone().map(|url| {
        let copies = crate::bank_callback::copies(&sim.config, &stored.body.idempotency_key);
        (url, copies, stored.out(request_id, ready_at))
    });
    let status = if sim.config.bank.delay.is_zero() {
        "done"
    } else {
        "pending"
    };
    state
        .by_key
        .insert(stored.body.idempotency_key.clone(), request_id);
    state.requests.insert(request_id, stored);
    drop(state);
    if let Some((url, copies, out)) = callback {
        crate::bank_callback::schedule(sim.clone(), url, copies, ready_at, out);
    }
    HttpResponse::Accepted().json(AcceptedOut {
        request_id,
        duplicate: false,
        status,
    })
}

async fn create(sim: web::Data<Sim>, body: web::Bytes) -> HttpResponse {
    let parsed = serde_json::from_slice::<WithholdingIn>(&body);
    let count = parsed.as_ref().map(|b| b.people.len().max(1)).unwrap_or(1);
    sim.gates
        .serve(Interface::Bank, count, || async {
            match parsed {
                Err(err) => Answer::one(errors::malformed(&err)),
                Ok(body) => Answer::one(accept(&sim, body)),
            }
        })
        .await
}

async fn show(sim: web::Data<Sim>, path: web::Path<String>) -> HttpResponse {
    sim.gates
        .serve(Interface::Bank, 1, || async {
            let found = Uuid::parse_str(path.trim()).ok().and_then(|id| {
                let state = sim.bank.state();
                state.requests.get(&id).map(|s| s.out(id, Instant::now()))
            });
            Answer::one(match found {
                Some(out) => HttpResponse::Ok().json(out),
                None => errors::not_found("no_request", "no withholding request with this id"),
            })
        })
        .await
}

/// Registers the bank's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/bank/withholdings", web::post().to(create))
        .route("/bank/withholdings/{request_id}", web::get().to(show));
}
