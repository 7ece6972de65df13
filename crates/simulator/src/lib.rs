//! A simulator of the platform's external interfaces (SPEC §13), owned by us so that
//! development and tests make real HTTP calls: the enterprise registry, social security
//! (persons and units), pension withholding and the bank. Answers are deterministic functions
//! of the question (a hash of the ID number picks the bucket), with configurable anomaly
//! shares and pins; every interface has its own latency, concurrency cap, rate limit, injected
//! faults, outage switch and counters. `README.md` documents every endpoint for client authors.
//!
//! # Configuration (`SIM_*` environment variables, read by [`SimConfig::from_env`])
//!
//! Per interface, `<P>` one of `SIM_REGISTRY_`, `SIM_SS_PERSONS_`, `SIM_SS_UNITS_`,
//! `SIM_PENSION_`, `SIM_BANK_`:
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `<P>LATENCY_MS` | 0 registry, 50 others (or `SIM_LATENCY_MS`) | added to every answer |
//! | `<P>ITEM_LATENCY_MS` | 1 persons and pension, 0 others | added per batch item after the first |
//! | `<P>MAX_IN_FLIGHT` | 32 | requests served at once; beyond: 429 at once (0: no cap) |
//! | `<P>RATE_PER_SEC` | 200 | calls per second, a batch is one call; beyond: 429 (0: no limit) |
//! | `<P>TIMEOUT_PERCENT` | `SIM_TIMEOUT_PERCENT` or 0 | share that hangs `SIM_TIMEOUT_HANG_MS`, then 504 |
//! | `<P>ERROR_PERCENT` | `SIM_ERROR_PERCENT` or 0 | share answered 500 |
//! | `<P>THROTTLE_PERCENT` | `SIM_THROTTLE_PERCENT` or 0 | share answered 429 regardless of the limits |
//!
//! Everything else:
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `SIM_BIND` | `127.0.0.1:8090` | address of the binary |
//! | `SIM_LATENCY_MS` | – | latency of every interface without its own variable |
//! | `SIM_ERROR_PERCENT`, `SIM_THROTTLE_PERCENT`, `SIM_TIMEOUT_PERCENT` | 0 | faults of every interface without its own variable |
//! | `SIM_TIMEOUT_HANG_MS` | 30000 | how long an injected timeout hangs |
//! | `SIM_BATCH_ENDPOINTS` | `on` | `off`: the `…:batch` endpoints answer 404 |
//! | `SIM_BATCH_MAX_ITEMS` | 100 | items per batch call; more: 400 |
//! | `SIM_OUTAGE` | – | interfaces down from the start, comma-separated (`pension,bank`) |
//! | `SIM_PINS_FILE` | – | JSON file of pinned answers loaded at start |
//! | `SIM_SS_NO_RECORD_PERMILLE` | 30 | ‰ of IDs with no record (404) |
//! | `SIM_SS_DECEASED_PERMILLE` | 20 | ‰ 死亡 |
//! | `SIM_SS_ACTIVE_PERMILLE` | 20 | ‰ 在职 |
//! | `SIM_SS_UNKNOWN_PERMILLE` | 10 | ‰ 未知 |
//! | `SIM_SS_RETIREMENT_EMPTY_PERMILLE` | 30 | ‰ retired with an empty 退休年月 |
//! | `SIM_SS_RETIREMENT_INVALID_PERMILLE` | 20 | ‰ retired with an invalid 退休年月 |
//! | `SIM_SS_NAME_DIFFERS_PERMILLE` | 40 | ‰ whose 社保姓名 differs by one character |
//! | `SIM_SS_NOT_INSURED_PERMILLE` | 20 | ‰ `not_insured` (independent draw) |
//! | `SIM_SS_SECOND_CODE_PERMILLE` | 100 | ‰ of a hint's people on its second 社保编号 |
//! | `SIM_SS_UNIT_RETIREES_MIN` / `_MAX` | 10 / 40 | range of 社保人数 |
//! | `SIM_PENSION_NOT_WITHHOLDABLE_PERMILLE` | 50 | ‰ of retirees 不可代扣 |
//! | `SIM_BANK_FAILURE_PERMILLE` | 200 | ‰ of withholdings that fail |
//! | `SIM_BANK_DELAY_MS` | 3000 | from acceptance until results are ready |
//! | `SIM_BANK_MAX_PEOPLE` | 10000 | people per withholding request |
//! | `SIM_BANK_DUPLICATE_CALLBACK_PERMILLE` | 100 | ‰ of requests whose callback comes twice |
//! | `SIM_BANK_CALLBACK_ATTEMPTS` | 5 | deliveries tried per callback |
//! | `SIM_BANK_CALLBACK_BACKOFF_MS` | 500 | pause before the first retry, doubled each time |
//! | `SIM_BANK_CALLBACK_TIMEOUT_MS` | 5000 | time allowed for one delivery |
//!
//! The person anomaly shares exclude each other and may add up to at most 1000 ‰; all 0 is
//! allowed ([`Shares::none`]).

mod admin;
mod bank;
mod bank_callback;
mod config;
mod env;
mod errors;
mod interface;
mod limits;
mod model;
mod pension;
mod person;
mod pins;
mod registry;
mod social_security;
mod state;
mod synth;

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::{get, web, App, HttpResponse, HttpServer};

pub use admin::StatsOut;
pub use bank::{BankResult, BankStats, WithholdingOut};
pub use config::{BankConfig, Faults, Limits, Shares, SimConfig};
pub use env::ConfigError;
pub use interface::{Interface, PerInterface};
pub use limits::InterfaceStats;
pub use model::{BankFailure, MedicalInsurance, Status};
pub use person::PersonRecord;
pub use pins::{BankPin, PensionPin, PersonPin, Pins, UnitPin};
pub use registry::{credit_code_for, RegistryOut, RegistryQuery};

/// Request bodies up to this size: a bank request of 10,000 people fits easily.
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

#[get("/healthz")]
async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

/// Starts the simulator on `listener` with the default configuration and `faults` on every
/// interface (latency as given, so `Faults::default()` answers at once).
pub fn run(listener: TcpListener, faults: Faults) -> std::io::Result<Server> {
    run_with(listener, SimConfig::from(faults))
}

/// Starts the simulator on `listener` with `config`.
pub fn run_with(listener: TcpListener, config: SimConfig) -> std::io::Result<Server> {
    config
        .validate()
        .map_err(|reason| std::io::Error::new(std::io::ErrorKind::InvalidInput, reason))?;
    let batch = config.batch_endpoints;
    let sim = web::Data::new(state::Sim::new(config));
    Ok(HttpServer::new(move || {
        App::new()
            .app_data(sim.clone())
            .app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
            .service(healthz)
            .configure(registry::configure)
            .configure(|cfg| social_security::configure(cfg, batch))
            .configure(|cfg| pension::configure(cfg, batch))
            .configure(bank::configure)
            .configure(admin::configure)
    })
    .listen(listener)?
    .run())
}
