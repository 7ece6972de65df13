//! 沿用上年度名单: a new batch pre-filled with the people this unit insured last plan year —
//! minus those known to have died and those already enrolled elsewhere this plan year —
//! as rows of an import, so every rule of an import applies to them again (this year's age
//! rule, the mobile rules). A row this year's rules refuse is left out with its reasons
//! rather than refusing the whole renewal: the operator sees who and why.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;

use super::errors::RowError;
use super::validate::{validate_roster, RawRow, RosterEntry, RosterRules};
use crate::id_number::{DocumentType, Sex};

/// A person of last plan year's insured roster, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousPerson {
    /// 姓名.
    pub name: String,
    /// 证件类型.
    pub doc_type: DocumentType,
    /// The normalised ID number.
    pub id_number: String,
    /// 出生日期.
    pub birth_date: NaiveDate,
    /// 性别.
    pub sex: Sex,
    /// The mobile as stored (may be invalid or empty).
    pub mobile: String,
    /// Last year's verification found the person deceased (职退情况: 死亡).
    pub deceased: bool,
}

/// What a renewal takes over and what it leaves out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Renewal {
    /// The people taken over, each with the row number it had as an import row.
    pub entries: Vec<(u32, RosterEntry)>,
    /// Left out: known deceased.
    pub deceased: usize,
    /// Left out: already in another batch of this plan year.
    pub enrolled_elsewhere: usize,
    /// Left out by this year's rules, with the reasons (row numbers as in `entries`).
    pub refused: Vec<RowError>,
}

/// Last year's people as import rows (header = row 1, so the first person is row 2), in
/// their order, without the deceased and those enrolled elsewhere.
pub fn renewal_rows(
    previous: &[PreviousPerson],
    enrolled_this_year: &HashSet<String>,
) -> (Vec<RawRow>, usize, usize) {
    let mut rows = Vec::with_capacity(previous.len());
    let (mut deceased, mut elsewhere) = (0, 0);
    for p in previous {
        if p.deceased {
            deceased += 1;
            continue;
        }
        if enrolled_this_year.contains(&p.id_number) {
            elsewhere += 1;
            continue;
        }
        let row_number = u32::try_from(rows.len() + 2).unwrap_or(u32::MAX);
        rows.push(RawRow {
            row_number,
            name: Some(p.name.clone()),
            doc_type: Some(p.doc_type.label_zh().to_owned()),
            id_number: Some(p.id_number.clone()),
            birth_date: Some(p.birth_date.format("%Y-%m-%d").to_string()),
            sex: Some(p.sex.label_zh().to_owned()),
            mobile: Some(p.mobile.clone()).filter(|m| !m.trim().is_empty()),
        });
    }
    (rows, deceased, elsewhere)
}

/// The renewal of `previous` under this year's `rules`. `Err` when nothing can be taken
/// over, or when a rule of the whole roster (not of one row) refuses what is left — then
/// the errors say why, as an import's would.
pub fn renew(
    previous: &[PreviousPerson],
    enrolled_this_year: &HashSet<String>,
    rules: &RosterRules,
) -> Result<Renewal, Vec<RowError>> {
    let (rows, deceased, enrolled_elsewhere) = renewal_rows(previous, enrolled_this_year);
    let none = HashMap::new();
    let refused = match validate_roster(&rows, &none, rules) {
        Ok(entries) => {
            let numbers = rows.iter().map(|r| r.row_number);
            return Ok(Renewal {
                entries: numbers.zip(entries).collect(),
                deceased,
                enrolled_elsewhere,
                refused: Vec::new(),
            });
        }
        Err(errors) => errors,
    };
    // Leave out the rows refused by a rule of their own, then the rest must pass.
    let bad: BTreeSet<u32> = refused.iter().filter_map(|e| e.row).collect();
    if bad.is_empty() {
        return Err(refused);
    }
    let kept: Vec<RawRow> = rows
        .into_iter()
        .filter(|r| !bad.contains(&r.row_number))
        .collect();
    let entries = validate_roster(&kept, &none, rules)?;
    let numbers = kept.iter().map(|r| r.row_number);
    Ok(Renewal {
        entries: numbers.zip(entries).collect(),
        deceased,
        enrolled_elsewhere,
        refused,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test
mod tests {
    use super::*;
    use crate::id_number::resident_id_check_digit;

    fn id(seq: u32) -> String {
        let first17 = format!("11010119500101{seq:03}");
        let check = resident_id_check_digit(&first17).unwrap();
        format!("{first17}{check}")
    }

    fn person(seq: u32, deceased: bool) -> PreviousPerson {
        PreviousPerson {
            name: "张三".into(),
            doc_type: DocumentType::ResidentId,
            id_number: id(seq),
            birth_date: NaiveDate::from_ymd_opt(1950, 1, 1).unwrap(),
            sex: if seq % 2 == 1 { Sex::Male } else { Sex::Female },
            mobile: format!("139{seq:08}"),
            deceased,
        }
    }

    #[test]
    fn the_deceased_and_those_enrolled_elsewhere_are_left_out() {
        let previous = [
            person(1, false),
            person(2, true),
            person(3, false),
            person(4, false),
        ];
        let elsewhere: HashSet<String> = [id(3)].into();
        let r = renew(&previous, &elsewhere, &RosterRules::default()).unwrap();
        let ids: Vec<&str> = r
            .entries
            .iter()
            .map(|(_, e)| e.id_number.as_str())
            .collect();
        assert_eq!(ids, [id(1), id(4)]);
        assert_eq!((r.deceased, r.enrolled_elsewhere), (1, 1));
        assert_eq!(r.entries[0].0, 2, "the first person is row 2");
        assert!(r.refused.is_empty());
    }

    #[test]
    fn a_row_this_years_rules_refuse_is_left_out_with_its_reason() {
        let mut bad = person(2, false);
        bad.name = String::new(); // 姓名 missing
        let previous = [person(1, false), bad, person(3, false)];
        let r = renew(&previous, &HashSet::new(), &RosterRules::default()).unwrap();
        assert_eq!(r.entries.len(), 2);
        assert_eq!(r.refused.len(), 1);
        assert_eq!(r.refused[0].row, Some(3));
    }

    #[test]
    fn nobody_left_is_the_import_refusal_of_an_empty_roster() {
        let previous = [person(1, true)];
        assert!(renew(&previous, &HashSet::new(), &RosterRules::default()).is_err());
        assert!(renew(&[], &HashSet::new(), &RosterRules::default()).is_err());
    }
}
