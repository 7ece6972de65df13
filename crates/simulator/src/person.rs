//! What the social-security and pension interfaces answer for one person: a pure function of
//! the ID number, the hints, the shares, the pins and today's month.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::config::{Shares, SimConfig};
use crate::model::{MedicalInsurance, Status};
use crate::pins::Pins;
use crate::synth;

/// One person asked about: the normalised ID number and the platform's hints.
#[derive(Debug, Clone, Copy)]
pub struct PersonQuery<'a> {
    /// Normalised ID number.
    pub id: &'a str,
    /// The name the platform imported; a plain answer echoes it.
    pub name: Option<&'a str>,
    /// The unit's enrollment code or name; decides the 社保编号.
    pub unit: Option<&'a str>,
}

/// A social-security record (社保信息) as the interface answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRecord {
    /// Always true here; a batch answers `found: false` items for missing records.
    pub found: bool,
    /// The ID number asked about, normalised.
    pub id_number: String,
    /// 社保姓名.
    pub name: String,
    /// 职退情况.
    pub status: Status,
    /// 退休年月: `YYYY-MM`, empty, or an invalid value such as `0000-00`.
    pub retirement_month: String,
    /// 社保编号 of the person's unit.
    pub ss_code: String,
    /// Unit name on that code.
    pub ss_unit_name: String,
    /// 医保情况.
    pub medical_insurance: MedicalInsurance,
}

/// Which synthetic answer an ID number falls on (the anomalies exclude each other).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// No record (404).
    NoRecord,
    /// 死亡.
    Deceased,
    /// 在职.
    Active,
    /// 未知.
    Unknown,
    /// Retired, 退休年月 empty.
    RetirementMonthEmpty,
    /// Retired, 退休年月 invalid.
    RetirementMonthInvalid,
    /// Retired, name differs.
    NameDiffers,
    /// Nothing unusual.
    Plain,
}

/// The kind of answer the hash gives `id`.
pub fn kind(shares: &Shares, id: &str) -> Kind {
    let bucket = synth::permille("ss-kind", id);
    let mut upper = 0u16;
    for (share, kind) in [
        (shares.no_record, Kind::NoRecord),
        (shares.deceased, Kind::Deceased),
        (shares.active, Kind::Active),
        (shares.unknown_status, Kind::Unknown),
        (shares.retirement_month_empty, Kind::RetirementMonthEmpty),
        (
            shares.retirement_month_invalid,
            Kind::RetirementMonthInvalid,
        ),
        (shares.name_differs, Kind::NameDiffers),
    ] {
        upper = upper.saturating_add(share);
        if bucket < upper {
            return kind;
        }
    }
    Kind::Plain
}

/// Today in Shanghai (UTC+8), which decides whether someone has reached retirement yet.
pub fn today_in_shanghai() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

/// The answer with no anomaly: retired in the month the ID gives (active, with an empty month,
/// while that month is still ahead), the imported name, the hint's code.
pub fn plain_record(config: &SimConfig, q: PersonQuery<'_>, today: NaiveDate) -> PersonRecord {
    let (status, retirement_month) = match synth::retirement_month(q.id, today) {
        Some((y, m)) => (Status::Retired, synth::year_month(y, m)),
        None => (Status::Active, String::new()),
    };
    let name = match q.name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => n.to_owned(),
        None => synth::generated_name(q.id),
    };
    let ss_code = match q.unit.map(str::trim).filter(|u| !u.is_empty()) {
        Some(hint) => {
            let second = synth::permille("ss-second-code", q.id) < config.shares.second_ss_code;
            synth::ss_code_for_hint(hint, second)
        }
        None => synth::ss_code_for_person(q.id),
    };
    let medical_insurance = if synth::permille("ss-insured", q.id) < config.shares.not_insured {
        MedicalInsurance::NotInsured
    } else {
        MedicalInsurance::Insured
    };
    PersonRecord {
        found: true,
        id_number: q.id.to_owned(),
        name,
        status,
        retirement_month,
        ss_unit_name: synth::unit_name_for_code(&ss_code),
        ss_code,
        medical_insurance,
    }
}

/// What the social-security interface answers; `None` is "no record".
pub fn social_security(
    config: &SimConfig,
    pins: &Pins,
    q: PersonQuery<'_>,
    today: NaiveDate,
) -> Option<PersonRecord> {
    let mut record = plain_record(config, q, today);
    if let Some(pin) = pins.social_security_persons.get(q.id) {
        if !pin.found {
            return None;
        }
        if let Some(name) = &pin.name {
            record.name = name.clone();
        }
        if let Some(status) = pin.status {
            record.status = status;
        }
        if let Some(month) = &pin.retirement_month {
            record.retirement_month = month.clone();
        }
        if let Some(code) = &pin.ss_code {
            record.ss_unit_name = synth::unit_name_for_code(code);
            record.ss_code = code.clone();
        }
        if let Some(unit_name) = &pin.ss_unit_name {
            record.ss_unit_name = unit_name.clone();
        }
        if let Some(insurance) = pin.medical_insurance {
            record.medical_insurance = insurance;
        }
        return Some(record);
    }
    match kind(&config.shares, q.id) {
        Kind::NoRecord => return None,
        Kind::Deceased => record.status = Status::Deceased,
        Kind::Active => {
            record.status = Status::Active;
            record.retirement_month.clear();
        }
        Kind::Unknown => {
            record.status = Status::Unknown;
            record.retirement_month.clear();
        }
        Kind::RetirementMonthEmpty => record.retirement_month.clear(),
        Kind::RetirementMonthInvalid => {
            record.retirement_month = synth::invalid_retirement_month(q.id)
        }
        Kind::NameDiffers => record.name = synth::altered_name(&record.name, q.id),
        Kind::Plain => {}
    }
    Some(record)
}

/// What the pension interface answers (可代扣): a pinned answer; otherwise false for anyone
/// without a social-security record or not retired, and for the `not_withholdable` share.
pub fn withholdable(config: &SimConfig, pins: &Pins, id: &str, today: NaiveDate) -> bool {
    if let Some(pin) = pins.pension.get(id) {
        return pin.withholdable;
    }
    let q = PersonQuery {
        id,
        name: None,
        unit: None,
    };
    let retired =
        social_security(config, pins, q, today).is_some_and(|r| r.status == Status::Retired);
    retired && synth::permille("pension", id) >= config.shares.not_withholdable
}

#[cfg(test)]
#[path = "person_tests.rs"]
mod tests;
