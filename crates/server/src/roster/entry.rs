//! One person of a roster: the row a validated person becomes, and the row as the lists
//! show it (ID and mobile masked, the verification's result).

use api_types::{DocTypeKey, RosterEntryOut, SexKey};
use chrono::{DateTime, Utc};
use domain::withholding::DeductionResult;
use domain::{DeductionType, DocumentType, IdNumber, RosterEntry, Sex};
use sea_orm::Set;
use uuid::Uuid;

use crate::entities::roster_entry;
use crate::error::{key, stored, ServiceError, ServiceResult};
use crate::time::shanghai;
use crate::verification::check::{outcome_of, resolution_keys};

/// Status of a person before the system verification (待校验).
pub const PENDING: &str = "pending";

/// The label of a person's status (待校验 / 已校验).
pub(crate) fn status_label(s: &str) -> &'static str {
    match s {
        PENDING => "待校验",
        crate::verification::check::VERIFIED => "已校验",
        _ => "其他",
    }
}

/// A row as the list shows it: ID and mobile masked, and no birth date — a resident ID's
/// digits 7–14 are the birth date, so showing it beside the mask would give away 15 of the
/// 18 characters. A stored value this build cannot read (document type, sex) is corrupt
/// data, never a default.
pub fn entry_out(e: &roster_entry::Model, premium_fen: i64) -> ServiceResult<RosterEntryOut> {
    let doc: DocumentType = stored("document type", e.id, &e.doc_type)?;
    let sex: Sex = stored("sex", e.id, &e.sex)?;
    let id_masked = IdNumber::parse(doc, &e.id_number)
        .map(|id| id.masked())
        .unwrap_or_else(|_| "***".into());
    Ok(RosterEntryOut {
        id: e.id,
        row_no: e.row_no,
        name: e.name.clone(),
        doc_type: match doc {
            DocumentType::ResidentId => DocTypeKey::ResidentId,
            DocumentType::Other => DocTypeKey::Other,
        },
        doc_type_label: doc.label_zh().into(),
        id_number_masked: id_masked,
        sex: match sex {
            Sex::Male => SexKey::Male,
            Sex::Female => SexKey::Female,
        },
        mobile_masked: domain::mobile::mask_raw(&e.mobile),
        mobile_valid: e.mobile_valid,
        premium_fen,
        status: e.status.clone(),
        status_label: status_label(&e.status).into(),
        ss_name: e.ss_name.clone(),
        outcome: e.outcome.clone(),
        outcome_label: outcome_of(e)?.map(|o| o.label_zh().to_owned()),
        deduction_type: e.deduction_type.clone(),
        deduction_type_label: deduction_of(e)?.map(|d| d.label_zh().to_owned()),
        edited_retirement_month: e.edited_retirement_month.clone(),
        resolutions: resolution_keys(e)?,
        needs_check: e.needs_check,
        checked_at: e.checked_at.map(shanghai),
        withholding_result: e.withholding_result.clone(),
        withholding_result_label: result_of(e)?.map(|r| r.label_zh().to_owned()),
        coverage_start: e.coverage_start,
        coverage_end: e.coverage_end,
        renewed: e.renewed,
    })
}

fn result_of(e: &roster_entry::Model) -> ServiceResult<Option<DeductionResult>> {
    e.withholding_result
        .as_deref()
        .map(|raw| stored("withholding result", e.id, raw))
        .transpose()
}

fn deduction_of(e: &roster_entry::Model) -> ServiceResult<Option<DeductionType>> {
    e.deduction_type
        .as_deref()
        .map(|raw| stored("deduction type", e.id, raw))
        .transpose()
}

/// A validated person as a row of `roster_entries`.
pub fn entry_row(
    batch_id: Uuid,
    plan_year: i32,
    row_no: i32,
    e: &RosterEntry,
    now: DateTime<Utc>,
) -> roster_entry::ActiveModel {
    roster_entry::ActiveModel {
        id: Set(Uuid::new_v4()),
        batch_id: Set(batch_id),
        plan_year: Set(plan_year),
        row_no: Set(row_no),
        name: Set(e.name.as_str().to_owned()),
        doc_type: Set(key(&e.doc_type)),
        id_number: Set(e.id_number.as_str().into()),
        id_hash: Set(Some(crate::pii::id_index(e.id_number.as_str()))),
        id_last4: Set(Some(crate::pii::last_four(e.id_number.as_str()))),
        birth_date: Set(e.birth_date),
        sex: Set(key(&e.sex)),
        mobile: Set(e
            .mobile
            .as_ref()
            .map_or_else(|| e.mobile_raw.clone(), |m| m.as_str().to_owned())
            .into()),
        mobile_hash: Set(e
            .mobile
            .as_ref()
            .map(|m| crate::pii::mobile_index(m.as_str()))),
        mobile_valid: Set(e.mobile.is_some()),
        status: Set(PENDING.into()),
        created_at: Set(now),
        needs_check: Set(true),
        ..Default::default()
    }
}

/// A unique violation while inserting: someone put one of these people into another batch
/// of the plan year after the check above (two imports at once).
pub fn enrolled_meanwhile(err: sea_orm::DbErr) -> ServiceError {
    match err.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
            ServiceError::conflict("名单中有人员刚被加入本保障年度的其它批次，请重新导入以查看明细")
        }
        _ => err.into(),
    }
}
