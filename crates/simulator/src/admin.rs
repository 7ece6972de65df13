//! `/admin`: what tests and benchmarks use to steer and observe the simulator — pins, the
//! outage switch, counters, the effective configuration. Never limited, never counted.

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::bank::BankStats;
use crate::errors;
use crate::interface::{Interface, PerInterface};
use crate::limits::InterfaceStats;
use crate::model::normalize_id;
use crate::pins::{BankPin, PensionPin, PersonPin, Pins, UnitPin};
use crate::state::Sim;

/// `GET /admin/stats`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StatsOut {
    /// Counters per interface.
    pub interfaces: PerInterface<InterfaceStats>,
    /// The bank's business counters.
    pub bank: BankStats,
}

/// `PUT /admin/outage`.
#[derive(Debug, Deserialize)]
struct OutageIn {
    /// An interface name, or `all`.
    interface: String,
    /// Down (every call 503) or up.
    down: bool,
}

fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Box<HttpResponse>> {
    serde_json::from_slice(body).map_err(|e| Box::new(errors::malformed(&e)))
}

async fn stats(sim: web::Data<Sim>) -> HttpResponse {
    HttpResponse::Ok().json(StatsOut {
        interfaces: sim.gates.stats(),
        bank: sim.bank.stats(),
    })
}

async fn reset_stats(sim: web::Data<Sim>) -> HttpResponse {
    sim.gates.reset_stats();
    sim.bank.reset_stats();
    HttpResponse::NoContent().finish()
}

async fn outage(sim: web::Data<Sim>) -> HttpResponse {
    HttpResponse::Ok().json(sim.gates.outage())
}

async fn set_outage(sim: web::Data<Sim>, body: web::Bytes) -> HttpResponse {
    let input: OutageIn = match parse_json(&body) {
        Ok(input) => input,
        Err(response) => return *response,
    };
    let targets: Vec<Interface> = if input.interface.trim() == "all" {
        Interface::ALL.to_vec()
    } else {
        match Interface::parse(&input.interface) {
            Some(interface) => vec![interface],
            None => {
                return errors::bad_request(
                    "unknown_interface",
                    "interface must be registry, social_security_persons, \
                     social_security_units, pension, bank or all",
                )
            }
        }
    };
    for interface in targets {
        sim.gates.set_down(interface, input.down);
    }
    HttpResponse::Ok().json(sim.gates.outage())
}

async fn pins(sim: web::Data<Sim>) -> HttpResponse {
    let pins = sim.pins().clone();
    HttpResponse::Ok().json(pins)
}

async fn replace_pins(sim: web::Data<Sim>, body: web::Bytes) -> HttpResponse {
    let pins = match std::str::from_utf8(&body)
        .map_err(|e| e.to_string())
        .and_then(Pins::from_json)
    {
        Ok(pins) => pins,
        Err(reason) => return errors::bad_request("malformed_body", &reason),
    };
    *sim.pins() = pins;
    HttpResponse::NoContent().finish()
}

async fn clear_pins(sim: web::Data<Sim>) -> HttpResponse {
    *sim.pins() = Pins::default();
    HttpResponse::NoContent().finish()
}

/// Pins one entry of a map keyed by ID number.
fn pin_by_id<T: serde::de::DeserializeOwned>(
    sim: &Sim,
    raw_id: &str,
    body: &[u8],
    map: impl FnOnce(&mut Pins) -> &mut std::collections::BTreeMap<String, T>,
) -> HttpResponse {
    let Some(id) = normalize_id(raw_id) else {
        return errors::invalid_id();
    };
    match parse_json::<T>(body) {
        Ok(pin) => {
            map(&mut sim.pins()).insert(id, pin);
            HttpResponse::NoContent().finish()
        }
        Err(response) => *response,
    }
}

async fn pin_person(
    sim: web::Data<Sim>,
    path: web::Path<String>,
    body: web::Bytes,
) -> HttpResponse {
    pin_by_id::<PersonPin>(&sim, &path, &body, |p| &mut p.social_security_persons)
}

async fn pin_pension(
    sim: web::Data<Sim>,
    path: web::Path<String>,
    body: web::Bytes,
) -> HttpResponse {
    pin_by_id::<PensionPin>(&sim, &path, &body, |p| &mut p.pension)
}

async fn pin_bank(sim: web::Data<Sim>, path: web::Path<String>, body: web::Bytes) -> HttpResponse {
    pin_by_id::<BankPin>(&sim, &path, &body, |p| &mut p.bank)
}

async fn pin_unit(sim: web::Data<Sim>, path: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let code = path.trim();
    if code.is_empty() {
        return errors::bad_request("invalid_ss_code", "empty 社保编号");
    }
    match parse_json::<UnitPin>(&body) {
        Ok(pin) => {
            sim.pins()
                .social_security_units
                .insert(code.to_owned(), pin);
            HttpResponse::NoContent().finish()
        }
        Err(response) => *response,
    }
}

async fn clear_bank(sim: web::Data<Sim>) -> HttpResponse {
    sim.bank.clear();
    HttpResponse::NoContent().finish()
}

async fn config(sim: web::Data<Sim>) -> HttpResponse {
    HttpResponse::Ok().json(&sim.config)
}

/// Registers the admin routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/admin")
            .route("/stats", web::get().to(stats))
            .route("/stats", web::delete().to(reset_stats))
            .route("/outage", web::get().to(outage))
            .route("/outage", web::put().to(set_outage))
            .route("/pins", web::get().to(pins))
            .route("/pins", web::put().to(replace_pins))
            .route("/pins", web::delete().to(clear_pins))
            .route(
                "/social-security/persons/{id_number}",
                web::put().to(pin_person),
            )
            .route("/social-security/units/{ss_code}", web::put().to(pin_unit))
            .route(
                "/pension/withholding/{id_number}",
                web::put().to(pin_pension),
            )
            .route("/bank/results/{id_number}", web::put().to(pin_bank))
            .route("/bank/withholdings", web::delete().to(clear_bank))
            .route("/config", web::get().to(config)),
    );
}
