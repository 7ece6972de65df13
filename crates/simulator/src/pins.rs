//! Pinned answers: a test fixes what one ID number or 社保编号 answers, overriding the hash.
//! Held in memory (the simulator is a test double), set through `/admin` or loaded at start
//! from the JSON file named by `SIM_PINS_FILE`, whose shape is [`Pins`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{normalize_id, BankFailure, MedicalInsurance, Status};

/// Every pinned answer, keyed by ID number (or 社保编号 for units).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pins {
    /// Social-security person records.
    #[serde(default)]
    pub social_security_persons: BTreeMap<String, PersonPin>,
    /// Social-security units.
    #[serde(default)]
    pub social_security_units: BTreeMap<String, UnitPin>,
    /// Pension withholding.
    #[serde(default)]
    pub pension: BTreeMap<String, PensionPin>,
    /// Bank withholding results.
    #[serde(default)]
    pub bank: BTreeMap<String, BankPin>,
}

fn yes() -> bool {
    true
}

/// A pinned social-security record. `found: false` means no record (404); any field left out
/// takes the person's plain answer (retired, imported name, hint's first code, insured).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonPin {
    /// Whether a record exists.
    #[serde(default = "yes")]
    pub found: bool,
    /// 社保姓名.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 职退情况.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// 退休年月, answered as given (may be empty or invalid on purpose).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retirement_month: Option<String>,
    /// 社保编号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ss_code: Option<String>,
    /// Unit name on that code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ss_unit_name: Option<String>,
    /// 医保情况.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medical_insurance: Option<MedicalInsurance>,
}

/// A pinned social-security unit; `found: false` means the code is unknown (404).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitPin {
    /// Whether the code exists.
    #[serde(default = "yes")]
    pub found: bool,
    /// 社保人数; left out: the hashed count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retiree_count: Option<u32>,
    /// Unit name; left out: the generated name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_name: Option<String>,
}

/// A pinned pension answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PensionPin {
    /// 可代扣.
    pub withholdable: bool,
}

/// A pinned bank result for one person; a failure without a reason is 余额不足.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BankPin {
    /// 代扣成功.
    pub success: bool,
    /// Why not, when it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<BankFailure>,
}

impl Pins {
    /// Reads a pins file.
    pub fn load(path: &str) -> Result<Pins, String> {
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        Pins::from_json(&text)
    }

    /// Parses a pins document and normalises its ID numbers.
    pub fn from_json(text: &str) -> Result<Pins, String> {
        let pins: Pins = serde_json::from_str(text).map_err(|e| e.to_string())?;
        pins.normalized()
    }

    /// The same pins keyed by normalised ID numbers and trimmed codes; refuses malformed IDs.
    pub fn normalized(self) -> Result<Pins, String> {
        fn ids<T>(map: BTreeMap<String, T>) -> Result<BTreeMap<String, T>, String> {
            map.into_iter()
                .map(|(k, v)| match normalize_id(&k) {
                    Some(id) => Ok((id, v)),
                    None => Err(format!("{k:?} is not an ID number")),
                })
                .collect()
        }
        Ok(Pins {
            social_security_persons: ids(self.social_security_persons)?,
            social_security_units: self
                .social_security_units
                .into_iter()
                .map(|(k, v)| (k.trim().to_owned(), v))
                .collect(),
            pension: ids(self.pension)?,
            bank: ids(self.bank)?,
        })
    }

    /// Pins nothing.
    pub fn is_empty(&self) -> bool {
        self.social_security_persons.is_empty()
            && self.social_security_units.is_empty()
            && self.pension.is_empty()
            && self.bank.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pins_file_reads_with_defaults_and_normalised_keys() {
        let pins = Pins::from_json(
            r#"{
              "social_security_persons": {
                "11010119500101001x": {"status": "deceased"},
                "H1234567": {"found": false}
              },
              "social_security_units": {" C000000001 ": {"retiree_count": 3}},
              "pension": {"H1234567": {"withholdable": false}},
              "bank": {"H1234567": {"success": false, "reason": "账户状态异常"}}
            }"#,
        );
        let Ok(pins) = pins else {
            panic!("{pins:?}");
        };
        let deceased = &pins.social_security_persons["11010119500101001X"];
        assert!(deceased.found);
        assert_eq!(deceased.status, Some(Status::Deceased));
        assert!(!pins.social_security_persons["H1234567"].found);
        assert_eq!(
            pins.social_security_units["C000000001"].retiree_count,
            Some(3)
        );
        assert_eq!(
            pins.bank["H1234567"].reason,
            Some(BankFailure::AccountAbnormal)
        );
    }

    #[test]
    fn unknown_fields_and_bad_ids_are_refused() {
        assert!(
            Pins::from_json(r#"{"pension": {"H1234567": {"withholdable": true, "x": 1}}}"#)
                .is_err()
        );
        assert!(Pins::from_json(r#"{"pension": {"张三": {"withholdable": true}}}"#).is_err());
        assert!(Pins::from_json(r#"{"mail": {}}"#).is_err());
    }
}
