//! The social-security interface (社保): person records, one at a time or in batches, and
//! social-security units (社保编号 → 社保人数).

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::errors;
use crate::interface::Interface;
use crate::limits::Answer;
use crate::model::normalize_id;
use crate::person::{self, PersonQuery, PersonRecord};
use crate::state::Sim;
use crate::synth;

/// Hints sent with a person query.
#[derive(Debug, Default, Deserialize)]
pub struct PersonHints {
    /// The name the platform imported.
    pub name: Option<String>,
    /// The unit's enrollment code or name.
    pub unit: Option<String>,
}

/// One item of a batch question.
#[derive(Debug, Deserialize)]
pub struct BatchItem {
    /// ID number.
    pub id_number: String,
    /// The name the platform imported.
    #[serde(default)]
    pub name: Option<String>,
    /// The unit's enrollment code or name.
    #[serde(default)]
    pub unit: Option<String>,
}

/// A batch question: `{"items": [...]}`.
#[derive(Debug, Deserialize)]
pub struct BatchIn<T> {
    /// 1 to `batch_max_items` items.
    pub items: Vec<T>,
}

/// One answer of a batch: the record, or `found: false` with why.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum PersonResult {
    /// A record.
    Found(PersonRecord),
    /// No record (`no_record`) or a malformed ID (`invalid_id_number`).
    Missing {
        /// Always false.
        found: bool,
        /// The ID number as sent (normalised when well-formed).
        id_number: String,
        /// `no_record` or `invalid_id_number`.
        error: &'static str,
    },
}

/// A batch answer: `{"results": [...]}`, one per item, in order.
#[derive(Debug, Serialize)]
pub struct BatchOut<T> {
    /// The answers.
    pub results: Vec<T>,
}

/// A social-security unit (社保单位).
#[derive(Debug, Serialize)]
pub struct UnitOut {
    /// 社保编号.
    pub ss_code: String,
    /// Unit name on that code.
    pub unit_name: String,
    /// 社保人数: retirees on that code.
    pub retiree_count: u32,
}

async fn person_one(
    sim: web::Data<Sim>,
    path: web::Path<String>,
    hints: web::Query<PersonHints>,
) -> HttpResponse {
    sim.gates
        .serve(Interface::SocialSecurityPersons, 1, || async {
            let Some(id) = normalize_id(&path) else {
                return Answer::one(errors::invalid_id());
            };
            let q = PersonQuery {
                id: &id,
                name: hints.name.as_deref(),
                unit: hints.unit.as_deref(),
            };
            let today = person::today_in_shanghai();
            let record = person::social_security(&sim.config, &sim.pins(), q, today);
            Answer::one(match record {
                Some(record) => HttpResponse::Ok().json(record),
                None => errors::not_found("no_record", "no social-security record"),
            })
        })
        .await
}

/// Parses a batch body and checks its size; the item count is for the gate's item latency.
pub fn parse_batch<T: serde::de::DeserializeOwned>(
    body: &[u8],
    max: usize,
) -> (usize, Result<Vec<T>, HttpResponse>) {
    match serde_json::from_slice::<BatchIn<T>>(body) {
        Err(err) => (1, Err(errors::malformed(&err))),
        Ok(batch) if batch.items.is_empty() || batch.items.len() > max => (
            1,
            Err(errors::bad_request(
                "batch_size",
                &format!("a batch holds 1 to {max} items"),
            )),
        ),
        Ok(batch) => (batch.items.len(), Ok(batch.items)),
    }
}

async fn person_batch(sim: web::Data<Sim>, body: web::Bytes) -> HttpResponse {
    let (count, parsed) = parse_batch::<BatchItem>(&body, sim.config.batch_max_items);
    sim.gates
        .serve(Interface::SocialSecurityPersons, count, || async {
            let items = match parsed {
                Ok(items) => items,
                Err(response) => return Answer { response, items: 0 },
            };
            let today = person::today_in_shanghai();
            let pins = sim.pins();
            let results: Vec<PersonResult> = items
                .iter()
                .map(|item| {
                    let Some(id) = normalize_id(&item.id_number) else {
                        return PersonResult::Missing {
                            found: false,
                            id_number: item.id_number.clone(),
                            error: "invalid_id_number",
                        };
                    };
                    let q = PersonQuery {
                        id: &id,
                        name: item.name.as_deref(),
                        unit: item.unit.as_deref(),
                    };
                    match person::social_security(&sim.config, &pins, q, today) {
                        Some(record) => PersonResult::Found(record),
                        None => PersonResult::Missing {
                            found: false,
                            id_number: id,
                            error: "no_record",
                        },
                    }
                })
                .collect();
            drop(pins);
            Answer {
                items: results.len() as u64,
                response: HttpResponse::Ok().json(BatchOut { results }),
            }
        })
        .await
}

/// The unit on a 社保编号: a pinned one, or any well-formed code (`C` and nine digits).
pub fn unit(sim: &Sim, code: &str) -> Option<UnitOut> {
    let code = code.trim();
    let pin = sim.pins().social_security_units.get(code).cloned();
    if pin.as_ref().is_some_and(|p| !p.found)
        || (pin.is_none() && !synth::is_well_formed_ss_code(code))
    {
        return None;
    }
    let pin = pin.unwrap_or_default();
    let c = &sim.config;
    Some(UnitOut {
        ss_code: code.to_owned(),
        unit_name: pin
            .unit_name
            .unwrap_or_else(|| synth::unit_name_for_code(code)),
        retiree_count: pin.retiree_count.unwrap_or_else(|| {
            synth::retiree_count(code, c.unit_retirees_min, c.unit_retirees_max)
        }),
    })
}

async fn unit_one(sim: web::Data<Sim>, path: web::Path<String>) -> HttpResponse {
    sim.gates
        .serve(Interface::SocialSecurityUnits, 1, || async {
            Answer::one(match unit(&sim, &path) {
                Some(unit) => HttpResponse::Ok().json(unit),
                None => errors::not_found("no_unit", "no social-security unit with this code"),
            })
        })
        .await
}

/// Registers the social-security routes; the batch one only when `batch` is on.
pub fn configure(cfg: &mut web::ServiceConfig, batch: bool) {
    if batch {
        cfg.route(
            "/social-security/persons:batch",
            web::post().to(person_batch),
        );
    }
    cfg.route(
        "/social-security/persons/{id_number}",
        web::get().to(person_one),
    )
    .route("/social-security/units/{ss_code}", web::get().to(unit_one));
}
