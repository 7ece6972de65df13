//! The application workflow (参保编码申请 and 修改单位名称 alike): submit, view, list,
//! review (approve / reject with a reason), resubmit after a rejection. The life cycle and
//! who may act come from `domain::application`; each function owns its transaction.

use api_types::{RefusalReason, ReviewIn};
use chrono::{DateTime, Utc};
use domain::{ApplicationAction, ApplicationKind, ApplicationRefusal, ApplicationStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, Set, TransactionTrait,
};
use uuid::Uuid;

use super::applicant;
use super::kinds::{self, Form};
use crate::actor::Actor;
use crate::audit;
use crate::entities::{application as app, unit};
use crate::error::{key, stored, ServiceError, ServiceResult};
use crate::interfaces::EnterpriseRegistry;
use crate::validation::Checks;

/// The stored status of an application.
pub fn status_of(row: &app::Model) -> ServiceResult<ApplicationStatus> {
    stored("application status", row.id, &row.status)
}

fn refused(r: ApplicationRefusal) -> ServiceError {
    let reason = match r {
        ApplicationRefusal::NotPending => RefusalReason::ApplicationNotPending,
        ApplicationRefusal::NotRejected => RefusalReason::ApplicationNotRejected,
    };
    ServiceError::Conflict {
        message: r.to_string(),
        reason: Some(reason),
    }
}

fn snapshot(row: &app::Model) -> serde_json::Value {
    serde_json::json!({
        "status": row.status,
        "unit_name": row.unit_name,
        "old_name": row.old_name,
        "credit_code": row.credit_code,
        "enrollment_code": row.enrollment_code,
        "reject_reason": row.reject_reason,
    })
}

/// The application of `kind` if `actor` may see it (another unit's answers 404).
async fn find_visible(
    db: &impl ConnectionTrait,
    actor: &Actor,
    kind: ApplicationKind,
    id: Uuid,
) -> ServiceResult<app::Model> {
    let not_found = ServiceError::NotFound(kinds::spec(kind).not_found);
    let row = app::Entity::find_by_id(id)
        .filter(app::Column::Kind.eq(key(&kind)))
        .one(db)
        .await?
        .ok_or(not_found)?;
    if !actor.sees_unit(row.unit_id) {
        return Err(ServiceError::NotFound(kinds::spec(kind).not_found));
    }
    Ok(row)
}

/// Moves the row from `from` to `to` only if it is still in `from`: a concurrent second
/// decision or resubmission finds the new status and gives up (the row lock orders them).
async fn claim(
    db: &impl ConnectionTrait,
    id: Uuid,
    from: ApplicationStatus,
    refusal: ApplicationRefusal,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let result = app::Entity::update_many()
        .col_expr(app::Column::UpdatedAt, Expr::value(now))
        .filter(app::Column::Id.eq(id))
        .filter(app::Column::Status.eq(key(&from)))
        .exec(db)
        .await?;
    if result.rows_affected == 1 {
        Ok(())
    } else {
        Err(refused(refusal))
    }
}

/// Checks the form (every field at once, then the registry's answer).
async fn check_form(
    db: &impl ConnectionTrait,
    registered: &kinds::Registered,
    unit_row: &unit::Model,
    form: &Form<'_>,
) -> ServiceResult<(kinds::Subject, applicant::Applicant)> {
    let mut checks = Checks::default();
    let subject = kinds::parse_subject(&mut checks, form, &unit_row.name);
    let purpose = kinds::spec(form.kind).purpose;
    let applicant = applicant::check(db, &mut checks, unit_row.id, purpose, form.applicant).await?;
    checks.finish()?;
    kinds::check_subject(db, &subject, registered, unit_row.id).await?;
    Ok((subject, applicant))
}

fn fill(
    active: &mut app::ActiveModel,
    subject: kinds::Subject,
    applicant: applicant::Applicant,
    unit_row: &unit::Model,
    kind: ApplicationKind,
    now: DateTime<Utc>,
) {
    active.unit_name = Set(subject.name);
    active.credit_code = Set(subject.credit_code);
    active.old_name = Set((kind == ApplicationKind::NameChange).then(|| unit_row.name.clone()));
    applicant.apply(active);
    active.status = Set(key(&ApplicationStatus::Pending));
    active.reject_reason = Set(None);
    active.reviewed_by = Set(None);
    active.reviewed_at = Set(None);
    active.submitted_at = Set(now);
    active.updated_at = Set(now);
}

async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    event: &str,
    before: Option<serde_json::Value>,
    row: &app::Model,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let kind: ApplicationKind = stored("application kind", row.id, &row.kind)?;
    let name = kinds::spec(kind).audit_name;
    let action = format!("{name}.{event}");
    let mut entry = audit::entry(Some(actor), &action).target(name, row.id);
    if let Some(before) = before {
        entry = entry.before(before);
    }
    entry.after(snapshot(row)).write(db, now).await?;
    Ok(())
}

/// Submits a new application for the actor's unit (one open application per kind).
pub async fn submit<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    registry: &dyn EnterpriseRegistry,
    actor: &Actor,
    form: Form<'_>,
    now: DateTime<Utc>,
) -> ServiceResult<app::Model> {
    let unit_id = actor.own_unit()?;
    let registered = kinds::ask_registry(registry, &form).await?;
    let txn = crate::db::begin(db).await?;
    let unit_row = unit::Entity::find_by_id(unit_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("单位"))?;
    if form.kind == ApplicationKind::EnrollmentCode && unit_row.enrollment_code.is_some() {
        return Err(ServiceError::Conflict {
            message: "本单位已有参保编码，无需申请".into(),
            reason: Some(RefusalReason::AlreadyHasEnrollmentCode),
        });
    }
    // Two submissions at once must not both find "no open application".
    crate::units::service::lock(&txn, unit_id).await?;
    let open = app::Entity::find()
        .filter(app::Column::UnitId.eq(unit_id))
        .filter(app::Column::Kind.eq(key(&form.kind)))
        .filter(app::Column::Status.eq(key(&ApplicationStatus::Pending)))
        .count(&txn)
        .await?;
    if open > 0 {
        return Err(ServiceError::Conflict {
            message: kinds::spec(form.kind).already_open.into(),
            reason: Some(RefusalReason::ApplicationAlreadyOpen),
        });
    }
    let (subject, applicant) = check_form(&txn, &registered, &unit_row, &form).await?;
    let mut active = app::ActiveModel {
        id: Set(Uuid::new_v4()),
        kind: Set(key(&form.kind)),
        unit_id: Set(unit_id),
        enrollment_code: Set(None),
        created_at: Set(now),
        ..Default::default()
    };
    fill(&mut active, subject, applicant, &unit_row, form.kind, now);
    let row = active.insert(&txn).await?;
    record(&txn, actor, "submitted", None, &row, now).await?;
    txn.commit().await?;
    Ok(row)
}

/// Edits a rejected application and submits it again (申请中).
pub async fn resubmit<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    registry: &dyn EnterpriseRegistry,
    actor: &Actor,
    id: Uuid,
    form: Form<'_>,
    now: DateTime<Utc>,
) -> ServiceResult<app::Model> {
    if !ApplicationAction::Resubmit.permits(actor.kind()) {
        return Err(ServiceError::Forbidden);
    }
    let registered = kinds::ask_registry(registry, &form).await?;
    let txn = crate::db::begin(db).await?;
    let row = find_visible(&txn, actor, form.kind, id).await?;
    let refusal = ApplicationRefusal::NotRejected;
    status_of(&row)?
        .apply(ApplicationAction::Resubmit)
        .map_err(refused)?;
    claim(&txn, id, ApplicationStatus::Rejected, refusal, now).await?;
    let unit_row = unit::Entity::find_by_id(row.unit_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("单位"))?;
    let (subject, applicant) = check_form(&txn, &registered, &unit_row, &form).await?;
    let before = snapshot(&row);
    let mut active = row.into_active_model();
    fill(&mut active, subject, applicant, &unit_row, form.kind, now);
    let row = active.update(&txn).await?;
    record(&txn, actor, "resubmitted", Some(before), &row, now).await?;
    txn.commit().await?;
    Ok(row)
}

/// Approves (see `kinds::approve`) or rejects with a reason; one decision per submission.
pub async fn review<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    kind: ApplicationKind,
    id: Uuid,
    input: &ReviewIn,
    now: DateTime<Utc>,
) -> ServiceResult<app::Model> {
    let action = if input.approved {
        ApplicationAction::Approve
    } else {
        ApplicationAction::Reject
    };
    if !action.permits(actor.kind()) {
        return Err(ServiceError::Forbidden);
    }
    let txn = crate::db::begin(db).await?;
    let row = find_visible(&txn, actor, kind, id).await?;
    let to = status_of(&row)?.apply(action).map_err(refused)?;
    claim(
        &txn,
        id,
        ApplicationStatus::Pending,
        ApplicationRefusal::NotPending,
        now,
    )
    .await?;
    let before = snapshot(&row);
    let mut active = row.clone().into_active_model();
    active.reviewed_by = Set(actor.account_id());
    active.reviewed_at = Set(Some(now));
    active.updated_at = Set(now);
    active.status = Set(key(&to));
    if input.approved {
        let code = kinds::approve(&txn, &row, input, now).await?;
        if code.is_some() {
            active.enrollment_code = Set(code);
        }
        active.reject_reason = Set(None);
    } else {
        let reason = domain::application::reject_reason(input.reason.as_deref())
            .map_err(|e| ServiceError::field("reason", e.to_string()))?;
        active.reject_reason = Set(Some(reason));
    }
    let row = active.update(&txn).await?;
    let event = if input.approved {
        "approved"
    } else {
        "rejected"
    };
    record(&txn, actor, event, Some(before), &row, now).await?;
    crate::notifications::events::application_decided(&txn, &row, now).await?;
    txn.commit().await?;
    Ok(row)
}

/// One application in full (unmasked: the read is audited).
pub async fn view(
    db: &impl ConnectionTrait,
    actor: &Actor,
    kind: ApplicationKind,
    id: Uuid,
    now: DateTime<Utc>,
) -> ServiceResult<app::Model> {
    let row = find_visible(db, actor, kind, id).await?;
    let name = kinds::spec(kind).audit_name;
    audit::entry(Some(actor), &format!("{name}.viewed"))
        .target(name, row.id)
        .write(db, now)
        .await?;
    Ok(row)
}
