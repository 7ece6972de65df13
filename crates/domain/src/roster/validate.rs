//! All-or-nothing validation of an imported roster, and of one manually added person.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::cells::parse_date_cell;
use super::errors::{EnrolledIn, RowError, RowErrorKind as K};
use super::header::{Column, ColumnMap};
use crate::id_number::{DocumentType, IdNumber, Sex};
use crate::mobile::{share_at_least, Mobile, DEFAULT_VALID_MOBILE_SHARE_PERCENT};
use crate::name::PersonName;
use crate::plan_year::PlanYear;

/// One data row as read from the sheet, every cell raw (导入行).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RawRow {
    /// Row number as the operator sees it in the spreadsheet (header = 1).
    pub row_number: u32,
    /// 姓名
    pub name: Option<String>,
    /// 证件类型
    pub doc_type: Option<String>,
    /// 证件号码
    pub id_number: Option<String>,
    /// 出生日期
    pub birth_date: Option<String>,
    /// 性别
    pub sex: Option<String>,
    /// 手机号
    pub mobile: Option<String>,
}

impl RawRow {
    /// Picks the cells of a data row by the header's column map.
    pub fn from_cells(row_number: u32, cells: &[String], map: &ColumnMap) -> RawRow {
        let get = |c| map.cell(cells, c).map(str::to_owned);
        RawRow {
            row_number,
            name: get(Column::Name),
            doc_type: get(Column::DocType),
            id_number: get(Column::IdNumber),
            birth_date: get(Column::BirthDate),
            sex: get(Column::Sex),
            mobile: get(Column::Mobile),
        }
    }

    /// True when every cell is empty (trailing blank rows of a sheet are skipped).
    pub fn is_blank(&self) -> bool {
        [
            &self.name,
            &self.doc_type,
            &self.id_number,
            &self.birth_date,
            &self.sex,
            &self.mobile,
        ]
        .iter()
        .all(|c| cell(c).is_none())
    }
}

/// Settings the roster rules take from the plan year (名单校验规则).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RosterRules {
    /// Required share of valid mobiles in an import, percent.
    pub valid_mobile_share_percent: u32,
    /// Reference date: birth dates after it are refused; `None` skips that check.
    pub today: Option<NaiveDate>,
}

impl Default for RosterRules {
    fn default() -> Self {
        RosterRules {
            valid_mobile_share_percent: DEFAULT_VALID_MOBILE_SHARE_PERCENT,
            today: None,
        }
    }
}

impl RosterRules {
    /// Rules of a plan year, as of `today`.
    pub fn for_plan_year(plan_year: &PlanYear, today: Option<NaiveDate>) -> RosterRules {
        RosterRules {
            valid_mobile_share_percent: plan_year.valid_mobile_share_percent,
            today,
        }
    }
}

/// A validated person of the roster (参保人员).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RosterEntry {
    /// 姓名
    pub name: PersonName,
    /// 证件类型
    pub doc_type: DocumentType,
    /// 证件号码
    pub id_number: IdNumber,
    /// 出生日期 (from the ID for 身份证)
    pub birth_date: NaiveDate,
    /// 性别 (from the ID for 身份证)
    pub sex: Sex,
    /// 手机号 when valid.
    pub mobile: Option<Mobile>,
    /// The mobile cell as entered (trimmed), kept for invalid numbers; empty if none.
    pub mobile_raw: String,
}

/// People already known when one person is added by hand. Keys are
/// `IdNumber::as_str()` and `Mobile::as_str()` values.
#[derive(Debug, Clone, Copy)]
pub struct KnownPeople<'a> {
    /// IDs in other batches of this plan year (any unit's), with the batch.
    pub ids_in_other_batches: &'a HashMap<String, EnrolledIn>,
    /// IDs already in this batch.
    pub ids_in_this_batch: &'a HashSet<String>,
    /// Valid mobiles already in this batch.
    pub mobiles_in_this_batch: &'a HashSet<String>,
}

fn cell(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// How the mobile cell is judged: an import tolerates invalid numbers (the share rule
/// covers them), a person typed by hand does not, but may leave it empty.
#[derive(Clone, Copy, PartialEq, Eq)]
enum MobileMode {
    Import,
    Manual,
}

/// A row's result: the entry when valid, plus what duplicate checks need.
struct Checked {
    entry: Option<RosterEntry>,
    id: Option<IdNumber>,
    mobile: Option<Mobile>,
    errors: Vec<RowError>,
}

fn check_row(row: &RawRow, rules: &RosterRules, mode: MobileMode) -> Checked {
    let r = row.row_number;
    let mut errors = Vec::new();
    let mut err = |c: Column, k: K| errors.push(RowError::at(r, Some(c), k));

    let name = match cell(&row.name) {
        None => {
            err(Column::Name, K::Required(Column::Name));
            None
        }
        Some(s) => PersonName::parse(s)
            .map_err(|e| err(Column::Name, K::Name(e)))
            .ok(),
    };
    let doc_type = match cell(&row.doc_type) {
        None => {
            err(Column::DocType, K::Required(Column::DocType));
            None
        }
        Some(s) => {
            let t = DocumentType::parse_zh(s);
            if t.is_none() {
                err(Column::DocType, K::UnknownDocumentType(s.to_owned()));
            }
            t
        }
    };
    let id = match (cell(&row.id_number), doc_type) {
        (None, _) => {
            err(Column::IdNumber, K::Required(Column::IdNumber));
            None
        }
        (Some(_), None) => None,
        (Some(s), Some(t)) => {
            let parsed = match rules.today {
                Some(today) => IdNumber::parse_as_of(t, s, today),
                None => IdNumber::parse(t, s),
            };
            parsed
                .map_err(|e| err(Column::IdNumber, K::IdNumber(e)))
                .ok()
        }
    };
    let birth_cell = cell(&row.birth_date).and_then(|s| match parse_date_cell(s) {
        Ok(d) if rules.today.is_some_and(|t| d > t) => {
            err(Column::BirthDate, K::BirthDateInFuture);
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            err(Column::BirthDate, K::Date(e));
            None
        }
    });
    let sex_cell = cell(&row.sex).and_then(|s| {
        let sex = Sex::parse_zh(s);
        if sex.is_none() {
            err(Column::Sex, K::InvalidSex(s.to_owned()));
        }
        sex
    });
    let (birth_date, sex) = match (doc_type, &id) {
        (Some(DocumentType::ResidentId), Some(id)) => {
            if let (Some(from_id), Some(given)) = (id.birth_date(), birth_cell) {
                if from_id != given {
                    err(Column::BirthDate, K::BirthDateMismatch { from_id });
                }
            }
            if let (Some(from_id), Some(given)) = (id.sex(), sex_cell) {
                if from_id != given {
                    err(Column::Sex, K::SexMismatch { from_id });
                }
            }
            (id.birth_date(), id.sex())
        }
        (Some(DocumentType::Other), _) => {
            if cell(&row.birth_date).is_none() {
                err(
                    Column::BirthDate,
                    K::RequiredForOtherDocument(Column::BirthDate),
                );
            }
            if cell(&row.sex).is_none() {
                err(Column::Sex, K::RequiredForOtherDocument(Column::Sex));
            }
            (birth_cell, sex_cell)
        }
        _ => (None, None),
    };
    let mobile_raw = cell(&row.mobile).unwrap_or_default().to_owned();
    let mobile = match (cell(&row.mobile), mode) {
        (None, MobileMode::Import) => {
            err(Column::Mobile, K::Required(Column::Mobile));
            None
        }
        (None, MobileMode::Manual) => None,
        (Some(s), MobileMode::Import) => Mobile::parse(s).ok(),
        (Some(s), MobileMode::Manual) => Mobile::parse(s)
            .map_err(|e| err(Column::Mobile, K::Mobile(e)))
            .ok(),
    };

    let entry = match (name, doc_type, id.clone(), birth_date, sex) {
        (Some(name), Some(doc_type), Some(id_number), Some(birth_date), Some(sex))
            if errors.is_empty() =>
        {
            Some(RosterEntry {
                name,
                doc_type,
                id_number,
                birth_date,
                sex,
                mobile: mobile.clone(),
                mobile_raw,
            })
        }
        _ => None,
    };
    Checked {
        entry,
        id,
        mobile,
        errors,
    }
}

/// Validates an imported roster as a whole: every row and the file-level rules. Blank
/// rows are skipped. `ids_in_other_batches` maps `IdNumber::as_str()` of people in other
/// batches of this plan year (any unit's) to that batch (an import replaces this batch's list).
/// Duplicate mobiles are checked among valid numbers only; invalid ones are governed by
/// the valid-share rule.
pub fn validate_roster(
    rows: &[RawRow],
    ids_in_other_batches: &HashMap<String, EnrolledIn>,
    rules: &RosterRules,
) -> Result<Vec<RosterEntry>, Vec<RowError>> {
    let rows: Vec<&RawRow> = rows.iter().filter(|r| !r.is_blank()).collect();
    if rows.is_empty() {
        return Err(vec![RowError::file(None, K::EmptyRoster)]);
    }
    let mut errors = Vec::new();
    let mut entries = Vec::with_capacity(rows.len());
    let mut seen_ids: HashMap<String, u32> = HashMap::new();
    let mut seen_mobiles: HashMap<String, u32> = HashMap::new();
    let mut valid_mobiles = 0usize;
    for row in &rows {
        let r = row.row_number;
        let mut checked = check_row(row, rules, MobileMode::Import);
        if let Some(id) = &checked.id {
            if let Some(first_row) = seen_ids.get(id.as_str()) {
                let k = K::DuplicateIdInFile {
                    first_row: *first_row,
                };
                checked
                    .errors
                    .push(RowError::at(r, Some(Column::IdNumber), k));
            } else {
                seen_ids.insert(id.as_str().to_owned(), r);
            }
            if let Some(batch) = ids_in_other_batches.get(id.as_str()) {
                let k = K::AlreadyEnrolled(batch.clone());
                checked
                    .errors
                    .push(RowError::at(r, Some(Column::IdNumber), k));
            }
        }
        if let Some(m) = &checked.mobile {
            valid_mobiles += 1;
            if let Some(first_row) = seen_mobiles.get(m.as_str()) {
                let k = K::DuplicateMobile {
                    first_row: *first_row,
                };
                checked
                    .errors
                    .push(RowError::at(r, Some(Column::Mobile), k));
            } else {
                seen_mobiles.insert(m.as_str().to_owned(), r);
            }
        }
        match checked.entry {
            Some(entry) if checked.errors.is_empty() => entries.push(entry),
            _ => errors.extend(checked.errors),
        }
    }
    let required_percent = rules.valid_mobile_share_percent;
    if !share_at_least(valid_mobiles, rows.len(), required_percent) {
        let k = K::MobileShareTooLow {
            valid: valid_mobiles,
            total: rows.len(),
            required_percent,
        };
        errors.push(RowError::file(Some(Column::Mobile), k));
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors)
    }
}

/// Validates one person added by hand (新增参保人员): the same cell rules, an optional
/// but valid mobile, and no duplicate in this batch or the year's other batches.
pub fn validate_person(
    row: &RawRow,
    known: KnownPeople<'_>,
    rules: &RosterRules,
) -> Result<RosterEntry, Vec<RowError>> {
    let r = row.row_number;
    let mut checked = check_row(row, rules, MobileMode::Manual);
    if let Some(id) = &checked.id {
        if known.ids_in_this_batch.contains(id.as_str()) {
            let k = K::AlreadyInBatch;
            checked
                .errors
                .push(RowError::at(r, Some(Column::IdNumber), k));
        } else if let Some(batch) = known.ids_in_other_batches.get(id.as_str()) {
            let k = K::AlreadyEnrolled(batch.clone());
            checked
                .errors
                .push(RowError::at(r, Some(Column::IdNumber), k));
        }
    }
    if let Some(m) = &checked.mobile {
        if known.mobiles_in_this_batch.contains(m.as_str()) {
            let k = K::MobileAlreadyInBatch;
            checked
                .errors
                .push(RowError::at(r, Some(Column::Mobile), k));
        }
    }
    match checked.entry {
        Some(entry) if checked.errors.is_empty() => Ok(entry),
        _ => Err(checked.errors),
    }
}
