//! Step ⑤ and the review records as the API shows them.

use std::collections::HashMap;

use api_types::{
    BatchOut, CodeReasonsOut, CodeStandingKey, NoSsReasonKey, RatioRowOut, RatiosOut, ReviewOut,
    ReviewStatusKey, UnmatchedPersonOut,
};
use domain::review::{code_standing, person_gap, CodeStanding, Missing};
use domain::{BatchRefusal, DocumentType, IdNumber, NoSsReason, Ratio};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::facts::BatchFacts;
use crate::attachments::service::to_out as attachment_out;
use crate::entities::{account, api_key, attachment, batch, review};
use crate::error::{stored, ServiceError, ServiceResult};
use crate::time::shanghai;

/// 社保编号 of the group of people without one.
pub const UNMATCHED_LABEL: &str = "未匹配到单位社保编码";

/// The stored shape of one code's 不通过原因.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredCodeReasons {
    /// 社保编号; `None` for the group.
    pub ss_code: Option<String>,
    /// The reasons.
    pub reasons: Vec<String>,
}

/// Stored decision: approved.
pub const APPROVED: &str = "approved";
/// Stored decision: rejected.
pub const REJECTED: &str = "rejected";

/// 社保编号 as shown.
pub fn code_label(code: Option<&str>) -> String {
    code.unwrap_or(UNMATCHED_LABEL).to_owned()
}

fn standing_key(s: CodeStanding) -> CodeStandingKey {
    match s {
        CodeStanding::Meets => CodeStandingKey::Meets,
        CodeStanding::NewlyRetiredOnly => CodeStandingKey::NewlyRetiredOnly,
        CodeStanding::MaterialsUploaded => CodeStandingKey::MaterialsUploaded,
        CodeStanding::MaterialsMissing => CodeStandingKey::MaterialsMissing,
    }
}

/// The API key of a reason.
pub fn reason_key(r: NoSsReason) -> NoSsReasonKey {
    match r {
        NoSsReason::NewlyRetired => NoSsReasonKey::NewlyRetired,
        NoSsReason::CadreInsurance => NoSsReasonKey::CadreInsurance,
        NoSsReason::Abroad => NoSsReasonKey::Abroad,
        NoSsReason::Other => NoSsReasonKey::Other,
    }
}

/// The domain's reason of an API key.
pub fn reason_of(k: NoSsReasonKey) -> NoSsReason {
    match k {
        NoSsReasonKey::NewlyRetired => NoSsReason::NewlyRetired,
        NoSsReasonKey::CadreInsurance => NoSsReason::CadreInsurance,
        NoSsReasonKey::Abroad => NoSsReason::Abroad,
        NoSsReasonKey::Other => NoSsReason::Other,
    }
}

/// 社保类型 as the manual's drop-down shows it.
pub fn reason_label(r: NoSsReason) -> &'static str {
    match r {
        NoSsReason::NewlyRetired => "(新退休) 上年度7月1至本年度6月30号办理退休",
        NoSsReason::CadreInsurance => "干保",
        NoSsReason::Abroad => "出国",
        NoSsReason::Other => "其他(如：社保封存等)",
    }
}

/// A review's row status and reasons for code `code`.
fn row_review(
    latest: Option<&ReviewOut>,
    code: Option<&str>,
) -> (Option<ReviewStatusKey>, Vec<String>) {
    let Some(r) = latest else {
        return (None, Vec::new());
    };
    match r.status {
        ReviewStatusKey::Pending => (Some(ReviewStatusKey::Pending), Vec::new()),
        ReviewStatusKey::Approved => (Some(ReviewStatusKey::Approved), Vec::new()),
        ReviewStatusKey::Rejected => {
            let reasons: Vec<String> = r
                .code_reasons
                .iter()
                .filter(|c| c.ss_code.as_deref() == code)
                .flat_map(|c| c.reasons.iter().cloned())
                .collect();
            if reasons.is_empty() {
                (Some(ReviewStatusKey::Approved), reasons)
            } else {
                (Some(ReviewStatusKey::Rejected), reasons)
            }
        }
    }
}

fn status_label(s: Option<ReviewStatusKey>) -> String {
    match s {
        None => String::new(),
        Some(ReviewStatusKey::Pending) => "待审核".into(),
        Some(ReviewStatusKey::Approved) => "审核通过".into(),
        Some(ReviewStatusKey::Rejected) => "审核不通过".into(),
    }
}

fn files_out(
    files: Option<&Vec<attachment::Model>>,
) -> ServiceResult<Vec<api_types::AttachmentOut>> {
    files
        .map(|list| list.iter().map(attachment_out).collect())
        .unwrap_or_else(|| Ok(Vec::new()))
}

/// The ratio rows: the batch's codes, then the group.
pub fn rows_out(f: &BatchFacts, latest: Option<&ReviewOut>) -> ServiceResult<Vec<RatioRowOut>> {
    let mut rows = Vec::with_capacity(f.codes.len() + 1);
    for c in &f.codes {
        let standing = code_standing(&c.facts, f.threshold_percent);
        let code = Some(c.facts.ss_code.as_str());
        let (review_status, reject_reasons) = row_review(latest, code);
        rows.push(RatioRowOut {
            ss_code: Some(c.facts.ss_code.clone()),
            code_label: code_label(code),
            unit_name: c.unit_name.clone(),
            ss_headcount: c.facts.ratio.ss_headcount,
            insured_here: c.facts.ratio.insured_here,
            insured_elsewhere: c.facts.ratio.insured_elsewhere,
            newly_retired_here: c.facts.newly_retired_here,
            ratio: c.facts.ratio.display(),
            standing: standing_key(standing),
            standing_label: standing.label_zh().into(),
            materials: files_out(f.materials.get(&Some(c.facts.ss_code.clone())))?,
            review_status,
            review_status_label: status_label(review_status),
            reject_reasons,
        });
    }
    if f.ungrouped > 0 {
        let materials = files_out(f.materials.get(&None))?;
        let (review_status, reject_reasons) = row_review(latest, None);
        // The group has no head count: 0 %, and its people each need a reason instead of
        // the code needing materials (materials are optional here).
        let label = if materials.is_empty() {
            "未上传"
        } else {
            "已上传"
        };
        rows.push(RatioRowOut {
            ss_code: None,
            code_label: code_label(None),
            unit_name: None,
            ss_headcount: 0,
            insured_here: f.ungrouped,
            insured_elsewhere: 0,
            newly_retired_here: 0,
            ratio: Ratio::new(f.ungrouped, 0, 0).display(),
            standing: if materials.is_empty() {
                CodeStandingKey::MaterialsMissing
            } else {
                CodeStandingKey::MaterialsUploaded
            },
            standing_label: label.into(),
            materials,
            review_status,
            review_status_label: status_label(review_status),
            reject_reasons,
        });
    }
    Ok(rows)
}

fn masked(doc_type: &str, id_number: &str, entry_id: Uuid) -> ServiceResult<String> {
    let doc: DocumentType = stored("document type", entry_id, doc_type)?;
    Ok(IdNumber::parse(doc, id_number)
        .map(|id| id.masked())
        .unwrap_or_else(|_| "***".into()))
}

/// The unmatched people with their reasons and what each still lacks.
pub fn unmatched_out(f: &BatchFacts) -> ServiceResult<Vec<UnmatchedPersonOut>> {
    f.unmatched
        .iter()
        .map(|u| {
            let e = &u.entry;
            let problem = person_gap(&u.person, f.plan_year).map(|gap| {
                Missing::Reason {
                    name: e.name.clone(),
                    gap,
                }
                .to_string()
            });
            let attachment = e
                .no_ss_attachment_id
                .and_then(|id| f.reason_files.get(&id))
                .map(attachment_out)
                .transpose()?;
            Ok(UnmatchedPersonOut {
                entry_id: e.id,
                row_no: e.row_no,
                name: e.name.clone(),
                id_number_masked: masked(&e.doc_type, &e.id_number, e.id)?,
                retirement_month: u.person.retirement_month.map(|m| m.to_string()),
                reason: u.person.reason.map(reason_key),
                reason_label: u.person.reason.map(reason_label).unwrap_or_default().into(),
                remark: e.no_ss_remark.clone(),
                attachment,
                problem,
            })
        })
        .collect()
}

/// Every gap as one sentence: what verification left open, then the domain's gaps, then
/// any other rule of the state machine that refuses submission (`refusal`; a status that
/// simply does not offer it is not a gap).
pub fn missing_lines(f: &BatchFacts, refusal: Option<&BatchRefusal>) -> Vec<String> {
    let mut missing: Vec<String> = Vec::new();
    if f.unchecked > 0 {
        missing.push(
            BatchRefusal::UncheckedPeople(usize::try_from(f.unchecked).unwrap_or(usize::MAX))
                .to_string(),
        );
    }
    if f.blocking > 0 {
        missing.push(
            BatchRefusal::BlockingAnomalies(usize::try_from(f.blocking).unwrap_or(usize::MAX))
                .to_string(),
        );
    }
    missing.extend(f.readiness().missing.iter().map(ToString::to_string));
    if let Some(r) = refusal {
        let covered = matches!(
            r,
            BatchRefusal::NotAllowedInStatus { .. }
                | BatchRefusal::UncheckedPeople(_)
                | BatchRefusal::BlockingAnomalies(_)
                | BatchRefusal::ReviewRequirementsUnmet
        );
        if !covered {
            missing.push(r.to_string());
        }
    }
    missing
}

/// Step ⑤ of batch `b` as the API shows it; `refusal` is the state machine's answer to
/// 提交职保会审核 now (`None`: accepted).
pub async fn ratios_out(
    db: &impl ConnectionTrait,
    b: &batch::Model,
    batch_out: BatchOut,
    f: &BatchFacts,
    refusal: Option<&BatchRefusal>,
) -> ServiceResult<RatiosOut> {
    let latest = latest(db, b.id, super::ENROLLMENT).await?;
    let withholding_letter = match b.withholding_letter_id {
        Some(id) => attachment::Entity::find_by_id(id)
            .one(db)
            .await?
            .as_ref()
            .map(attachment_out)
            .transpose()?,
        None => None,
    };
    Ok(RatiosOut {
        threshold_percent: f.threshold_percent,
        rows: rows_out(f, latest.as_ref())?,
        unmatched: unmatched_out(f)?,
        unchecked: f.unchecked,
        blocking_anomalies: f.blocking,
        missing: missing_lines(f, refusal),
        can_submit: refusal.is_none(),
        withholding_letter,
        latest_review: latest,
        operator: crate::units::operator::of_unit(db, b.unit_id).await?,
        batch: batch_out,
    })
}

/// The batch's latest enrollment review, as shown.
pub async fn latest(
    db: &impl ConnectionTrait,
    batch_id: Uuid,
    stage: &str,
) -> ServiceResult<Option<ReviewOut>> {
    let rows = super::history::rows(db, batch_id, Some(stage)).await?;
    match rows.last() {
        Some(r) => Ok(Some(review_out(db, r).await?)),
        None => Ok(None),
    }
}

/// Display names of accounts, by id.
pub async fn account_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> ServiceResult<HashMap<Uuid, String>> {
    names_by_id::<account::Entity>(db, ids, account::Column::Id, |a| {
        let name = if a.display_name.trim().is_empty() {
            a.account
        } else {
            a.display_name
        };
        (a.id, name)
    })
    .await
}

/// The rows of `E` with these ids, each named by `name`.
async fn names_by_id<E: EntityTrait>(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
    id: E::Column,
    name: impl Fn(E::Model) -> (Uuid, String),
) -> ServiceResult<HashMap<Uuid, String>> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(E::find()
        .filter(id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(name)
        .collect())
}

/// The names of the people and keys that submitted and decided `rows`, by id.
pub async fn names_of(
    db: &impl ConnectionTrait,
    rows: &[review::Model],
) -> ServiceResult<HashMap<Uuid, String>> {
    let mut names = account_names(
        db,
        rows.iter()
            .flat_map(|r| r.submitted_by.into_iter().chain(r.decided_by)),
    )
    .await?;
    names.extend(
        key_names(
            db,
            rows.iter()
                .flat_map(|r| r.submitted_by_key.into_iter().chain(r.decided_by_key)),
        )
        .await?,
    );
    Ok(names)
}

/// Integrator keys as named where a person's name would stand: 接口密钥「HR系统」(rtpk_3fa9c1d2).
async fn key_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> ServiceResult<HashMap<Uuid, String>> {
    names_by_id::<api_key::Entity>(db, ids, api_key::Column::Id, |k| {
        (k.id, format!("接口密钥「{}」({})", k.name, k.key_prefix))
    })
    .await
}

/// One review as shown, with names looked up.
pub async fn review_out(db: &impl ConnectionTrait, r: &review::Model) -> ServiceResult<ReviewOut> {
    let names = names_of(db, std::slice::from_ref(r)).await?;
    review_out_with(r, &names)
}

/// One review as shown, names given.
pub fn review_out_with(
    r: &review::Model,
    names: &HashMap<Uuid, String>,
) -> ServiceResult<ReviewOut> {
    let status = match r.decision.as_deref() {
        None => ReviewStatusKey::Pending,
        Some(APPROVED) => ReviewStatusKey::Approved,
        Some(REJECTED) => ReviewStatusKey::Rejected,
        Some(other) => return Err(ServiceError::corrupt("review decision", r.id, other)),
    };
    let overall_reasons: Vec<String> = match &r.overall_reasons {
        Some(v) => serde_json::from_value(v.clone())
            .map_err(|_| ServiceError::corrupt("overall reasons", r.id, &v.to_string()))?,
        None => Vec::new(),
    };
    let code_reasons: Vec<StoredCodeReasons> = match &r.code_reasons {
        Some(v) => serde_json::from_value(v.clone())
            .map_err(|_| ServiceError::corrupt("code reasons", r.id, &v.to_string()))?,
        None => Vec::new(),
    };
    let name = |id: Option<Uuid>| id.and_then(|id| names.get(&id).cloned());
    let stage = match r.stage.as_str() {
        super::ENROLLMENT => api_types::ReviewStageKey::Enrollment,
        super::VOUCHERS => api_types::ReviewStageKey::Vouchers,
        other => return Err(ServiceError::corrupt("review stage", r.id, other)),
    };
    Ok(ReviewOut {
        id: r.id,
        batch_id: r.batch_id,
        stage,
        round: r.round,
        submitted_at: shanghai(r.submitted_at),
        submitted_by: name(r.submitted_by.or(r.submitted_by_key)),
        status,
        status_label: status_label(Some(status)),
        decided_at: r.decided_at.map(shanghai),
        decided_by: name(r.decided_by.or(r.decided_by_key)),
        overall_reasons,
        code_reasons: code_reasons
            .into_iter()
            .map(|c| CodeReasonsOut {
                code_label: code_label(c.ss_code.as_deref()),
                ss_code: c.ss_code,
                reasons: c.reasons,
            })
            .collect(),
    })
}
