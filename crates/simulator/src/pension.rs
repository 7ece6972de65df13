//! The pension-withholding interface (养老金代扣): can this person's pension be withheld
//! (可代扣 / 不可代扣)?

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::errors;
use crate::interface::Interface;
use crate::limits::Answer;
use crate::model::normalize_id;
use crate::person;
use crate::social_security::{parse_batch, BatchOut};
use crate::state::Sim;

/// The answer for one person.
#[derive(Debug, Serialize)]
pub struct WithholdingOut {
    /// The ID number asked about (normalised when well-formed).
    pub id_number: String,
    /// 可代扣.
    pub withholdable: bool,
    /// `invalid_id_number` in a batch answer for a malformed ID; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'static str>,
}

/// One item of a batch question; other fields (a name, a unit) are ignored.
#[derive(Debug, Deserialize)]
pub struct PensionItem {
    /// ID number.
    pub id_number: String,
}

async fn one(sim: web::Data<Sim>, path: web::Path<String>) -> HttpResponse {
    sim.gates
        .serve(Interface::Pension, 1, || async {
            let Some(id) = normalize_id(&path) else {
                return Answer::one(errors::invalid_id());
            };
            let today = person::today_in_shanghai();
            let withholdable = person::withholdable(&sim.config, &sim.pins(), &id, today);
            Answer::one(HttpResponse::Ok().json(WithholdingOut {
                id_number: id,
                withholdable,
                error: None,
            }))
        })
        .await
}

async fn batch(sim: web::Data<Sim>, body: web::Bytes) -> HttpResponse {
    let (count, parsed) = parse_batch::<PensionItem>(&body, sim.config.batch_max_items);
    sim.gates
        .serve(Interface::Pension, count, || async {
            let items = match parsed {
                Ok(items) => items,
                Err(response) => return Answer { response, items: 0 },
            };
            let today = person::today_in_shanghai();
            let pins = sim.pins();
            let results: Vec<WithholdingOut> = items
                .into_iter()
                .map(|item| match normalize_id(&item.id_number) {
                    None => WithholdingOut {
                        id_number: item.id_number,
                        withholdable: false,
                        error: Some("invalid_id_number"),
                    },
                    Some(id) => WithholdingOut {
                        withholdable: person::withholdable(&sim.config, &pins, &id, today),
                        id_number: id,
                        error: None,
                    },
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

/// Registers the pension routes; the batch one only when `batch_endpoints` is on.
pub fn configure(cfg: &mut web::ServiceConfig, batch_endpoints: bool) {
    if batch_endpoints {
        cfg.route("/pension/withholding:batch", web::post().to(batch));
    }
    cfg.route("/pension/withholding/{id_number}", web::get().to(one));
}
