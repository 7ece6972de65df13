//! The enterprise registry (企业登记): unit name → 统一社会信用代码.

use actix_web::{get, web, HttpResponse};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::errors;
use crate::interface::Interface;
use crate::limits::Answer;
use crate::state::Sim;

/// Query of the enterprise registry.
#[derive(Debug, Deserialize)]
pub struct RegistryQuery {
    /// The unit's full name.
    pub name: String,
}

/// A registry hit.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct RegistryOut {
    /// The registered name.
    pub name: String,
    /// 统一社会信用代码.
    pub credit_code: String,
}

/// The credit code the simulated registry assigns to a name: a deterministic, valid
/// GB 32100-2015 code; names containing `未登记` are not registered.
pub fn credit_code_for(name: &str) -> Option<String> {
    let name = name.trim();
    if name.is_empty() || name.contains("未登记") {
        return None;
    }
    const CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let digest = Sha256::digest(name.as_bytes());
    // 9 (enterprise) 1 (company) + Shanghai area code 310115 + 9 organisation characters.
    let mut first17 = String::from("91310115");
    for byte in digest.iter().take(9) {
        first17.push(CHARS[(*byte as usize) % CHARS.len()] as char);
    }
    let check = domain::credit_code::credit_code_check_char(&first17)?;
    first17.push(check);
    Some(first17)
}

#[get("/registry/companies")]
async fn companies(sim: web::Data<Sim>, query: web::Query<RegistryQuery>) -> HttpResponse {
    sim.gates
        .serve(Interface::Registry, 1, || async {
            Answer::one(match credit_code_for(&query.name) {
                Some(credit_code) => HttpResponse::Ok().json(RegistryOut {
                    name: query.name.trim().to_string(),
                    credit_code,
                }),
                None => errors::not_found("not_registered", "not registered"),
            })
        })
        .await
}

/// Registers the registry's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(companies);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_codes_are_deterministic_and_valid() {
        let a = credit_code_for("上海示范精密机械有限公司").unwrap_or_default();
        assert_eq!(
            Some(a.clone()),
            credit_code_for(" 上海示范精密机械有限公司 ")
        );
        assert!(domain::credit_code::CreditCode::parse(&a).is_ok(), "{a}");
        assert_ne!(Some(a), credit_code_for("上海另一家公司"));
        assert_eq!(credit_code_for("未登记的单位"), None);
    }
}
