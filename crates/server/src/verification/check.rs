//! One person's check: the interfaces' answers become the domain's record, the domain
//! classifies it, and the result becomes the columns stored on the roster entry.

use chrono::{DateTime, Utc};
use domain::verification::{
    allowed_resolutions, classify, deduction_type, Resolution, SocialSecurityRecord, SsStatus,
};
use domain::{DocumentType, IdNumber, PersonName, RosterEntry, VerificationOutcome, YearMonth};
use sea_orm::ActiveValue::Set;
use uuid::Uuid;

use crate::entities::roster_entry;
use crate::error::{key, parse_key, stored, ServiceResult};
use crate::interfaces::social_security::{PersonQuery, PersonRecord};

/// The question about one person: the ID, the imported name and the unit's code.
pub fn query(e: &roster_entry::Model, unit_hint: &str) -> PersonQuery {
    PersonQuery {
        id_number: e.id_number.as_str().to_owned(),
        name: e.name.clone(),
        unit: unit_hint.to_owned(),
    }
}

/// The stored person as the domain's entry (its values were validated when stored).
pub fn domain_entry(e: &roster_entry::Model) -> ServiceResult<RosterEntry> {
    let doc_type: DocumentType = stored("document type", e.id, &e.doc_type)?;
    let corrupt = |what: &str, raw: &str| crate::error::ServiceError::corrupt(what, e.id, raw);
    Ok(RosterEntry {
        name: PersonName::parse(&e.name).map_err(|_| corrupt("name", &e.name))?,
        id_number: IdNumber::parse(doc_type, &e.id_number)
            .map_err(|_| corrupt("id number", "…"))?,
        doc_type,
        birth_date: e.birth_date,
        sex: stored("sex", e.id, &e.sex)?,
        mobile: None,
        mobile_raw: String::new(),
    })
}

/// The domain's record of an interface answer; an unknown status word counts as 未知.
pub fn domain_record(r: &PersonRecord, withholdable: bool) -> SocialSecurityRecord {
    SocialSecurityRecord {
        name: r.name.clone(),
        status: parse_key(&r.status).unwrap_or(SsStatus::Unknown),
        retirement_month: YearMonth::parse(&r.retirement_month).ok(),
        ss_code: r.ss_code.clone().filter(|c| !c.trim().is_empty()),
        ss_unit_name: r.ss_unit_name.clone(),
        withholdable,
    }
}

/// The operator's edited retirement month of a stored entry.
pub fn edited_month(e: &roster_entry::Model) -> Option<YearMonth> {
    e.edited_retirement_month
        .as_deref()
        .and_then(|m| YearMonth::parse(m).ok())
}

/// Classifies one person from the answers and writes the result columns of `active`.
pub fn record_result(
    e: &roster_entry::Model,
    answer: Option<&PersonRecord>,
    withholdable: bool,
    job: Uuid,
    now: DateTime<Utc>,
) -> ServiceResult<roster_entry::ActiveModel> {
    let entry = domain_entry(e)?;
    let record = answer.map(|r| domain_record(r, withholdable));
    let outcome = classify(&entry, record.as_ref(), edited_month(e));
    let deduction = deduction_type(outcome, record.as_ref());
    let raw = serde_json::json!({ "social_security": answer, "pension": { "withholdable": withholdable } });
    Ok(roster_entry::ActiveModel {
        id: Set(e.id),
        needs_check: Set(false),
        status: Set(VERIFIED.into()),
        checked_at: Set(Some(now)),
        checked_in_job: Set(Some(job)),
        outcome: Set(Some(key(&outcome))),
        deduction_type: Set(deduction.map(|d| key(&d))),
        ss_name: Set(answer.map(|r| r.name.clone())),
        ss_status: Set(answer.map(|r| r.status.clone())),
        ss_retirement_month: Set(answer.map(|r| r.retirement_month.clone())),
        ss_code: Set(record.as_ref().and_then(|r| r.ss_code.clone())),
        ss_unit_name: Set(answer.and_then(|r| r.ss_unit_name.clone())),
        medical_insurance: Set(answer.and_then(|r| r.medical_insurance.clone())),
        withholdable: Set(Some(withholdable)),
        ss_raw: Set(Some(raw)),
        ..Default::default()
    })
}

/// Status of a checked person (已校验).
pub const VERIFIED: &str = "verified";

/// The stored outcome of an entry, if checked.
pub fn outcome_of(e: &roster_entry::Model) -> ServiceResult<Option<VerificationOutcome>> {
    e.outcome
        .as_deref()
        .map(|raw| stored("verification outcome", e.id, raw))
        .transpose()
}

/// The resolutions the operator may apply to an entry now, as API keys.
pub fn resolution_keys(e: &roster_entry::Model) -> ServiceResult<Vec<String>> {
    let Some(outcome) = outcome_of(e)? else {
        return Ok(vec![key(&Resolution::Delete)]);
    };
    Ok(allowed_resolutions(outcome)
        .iter()
        .map(|r| match r {
            Resolution::ConfirmSsName => "confirm_ss_name".to_owned(),
            Resolution::EditRetirementMonth => "edit_retirement_month".to_owned(),
            Resolution::Delete => "delete".to_owned(),
        })
        .collect())
}
