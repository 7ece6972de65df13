//! The events wired today, one function each, called by the service of the change inside its
//! transaction (one line there): the template, the recipient and the event's dedupe key.
//!
//! Dedupe keys name the event, not the call: a decision is keyed by the submission it
//! decides (one decision per submission), an account issue by the account, a reset by the
//! token version it created.

use api_types::DecisionKey;
use chrono::{DateTime, Utc};
use domain::{ApplicationKind, ApplicationStatus};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::outbox::{emit, Recipient};
use super::templates::{self, BatchRef, CodeReasons};
use crate::entities::{application, batch};
use crate::error::{stored, ServiceResult};
use crate::review::view::StoredCodeReasons;

/// 参保编码申请 / 修改单位名称 approved or rejected: the unit hears of it.
pub async fn application_decided(
    db: &impl ConnectionTrait,
    row: &application::Model,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let kind: ApplicationKind = stored("application kind", row.id, &row.kind)?;
    let status: ApplicationStatus = stored("application status", row.id, &row.status)?;
    let reason = row.reject_reason.as_deref().unwrap_or_default();
    let letter = match (kind, status) {
        (ApplicationKind::EnrollmentCode, ApplicationStatus::Approved) => {
            let code = row.enrollment_code.as_deref().unwrap_or_default();
            templates::code_application_approved(&row.unit_name, code)
        }
        (ApplicationKind::EnrollmentCode, ApplicationStatus::Rejected) => {
            templates::code_application_rejected(&row.unit_name, reason)
        }
        (ApplicationKind::NameChange, ApplicationStatus::Approved) => {
            let old = row.old_name.as_deref().unwrap_or_default();
            templates::name_change_approved(old, &row.unit_name)
        }
        (ApplicationKind::NameChange, ApplicationStatus::Rejected) => {
            templates::name_change_rejected(&row.unit_name, reason)
        }
        (_, ApplicationStatus::Pending) => return Ok(()),
    };
    let key = format!(
        "application:{}:{}",
        row.id,
        row.submitted_at.timestamp_micros()
    );
    emit(db, now, letter.to(Recipient::Unit(row.unit_id), key)).await?;
    Ok(())
}

/// 职保会审核 decided on review `review_id` of batch `b`: the unit hears the decision and,
/// for a rejection, every reason.
pub async fn review_decided(
    db: &impl ConnectionTrait,
    b: &batch::Model,
    review_id: Uuid,
    decision: DecisionKey,
    overall: &[String],
    per_code: &[StoredCodeReasons],
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let batch = BatchRef::of(b)?;
    let letter = match decision {
        DecisionKey::Approve => templates::batch_review_approved(&batch),
        DecisionKey::Reject => {
            let codes: Vec<CodeReasons<'_>> = per_code
                .iter()
                .map(|c| CodeReasons {
                    ss_code: c.ss_code.as_deref(),
                    reasons: &c.reasons,
                })
                .collect();
            templates::batch_review_rejected(&batch, &codes, overall)
        }
    };
    let key = format!("batch_review:{review_id}");
    emit(db, now, letter.to(Recipient::Unit(b.unit_id), key)).await?;
    Ok(())
}

/// The bank's results of withholding application `withholding_id` of batch `b` are in:
/// the unit hears the figures and what it still pays.
pub async fn withholding_results(
    db: &impl ConnectionTrait,
    b: &batch::Model,
    withholding_id: Uuid,
    requested: u32,
    succeeded: u32,
    unit_due: domain::Fen,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let batch = BatchRef::of(b)?;
    let letter = templates::withholding_results(&batch, requested, succeeded, unit_due);
    let key = format!("withholding_results:{withholding_id}");
    emit(db, now, letter.to(Recipient::Unit(b.unit_id), key)).await?;
    Ok(())
}

/// 缴费凭证审核 decided on review `review_id` of batch `b`: a rejection's feedback (an
/// approval is told by [`enrollment_completed`]).
pub async fn vouchers_decided(
    db: &impl ConnectionTrait,
    b: &batch::Model,
    review_id: Uuid,
    decision: DecisionKey,
    feedback: &[String],
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    if decision == DecisionKey::Approve {
        return Ok(());
    }
    let batch = BatchRef::of(b)?;
    let letter = templates::vouchers_rejected(&batch, &feedback.join("；"));
    let key = format!("vouchers_review:{review_id}");
    emit(db, now, letter.to(Recipient::Unit(b.unit_id), key)).await?;
    Ok(())
}

/// 投保成功: the unit hears its cover.
pub async fn enrollment_completed(
    db: &impl ConnectionTrait,
    b: &batch::Model,
    people: u32,
    coverage_start: chrono::NaiveDate,
    coverage_end: chrono::NaiveDate,
    waiting_days: u32,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let batch = BatchRef::of(b)?;
    let letter =
        templates::enrollment_completed(&batch, people, coverage_start, coverage_end, waiting_days);
    let key = format!("enrollment_completed:{}", b.id);
    emit(db, now, letter.to(Recipient::Unit(b.unit_id), key)).await?;
    Ok(())
}

/// 派发账号: the unit hears that its account `login` exists (the password is not in it).
pub async fn account_issued(
    db: &impl ConnectionTrait,
    account_id: Uuid,
    login: &str,
    unit_id: Uuid,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let letter = templates::account_issued(login);
    let key = format!("account_issued:{account_id}");
    emit(db, now, letter.to(Recipient::Unit(unit_id), key)).await?;
    Ok(())
}

/// 重置密码: the account itself hears of it (the password is not in it); `token_version` is
/// the one the reset created.
pub async fn password_reset(
    db: &impl ConnectionTrait,
    account_id: Uuid,
    login: &str,
    token_version: i32,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let letter = templates::password_reset(login);
    let key = format!("password_reset:{account_id}:{token_version}");
    emit(db, now, letter.to(Recipient::Account(account_id), key)).await?;
    Ok(())
}
