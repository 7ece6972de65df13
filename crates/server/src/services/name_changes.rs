//! 修改单位名称: a unit whose name no longer matches the registry applies for a new name; a
//! reviewer approves (the unit's name changes and the history keeps the old one) or rejects.

use api_types::{
    ApplicationListItem, ApplicationQuery, ApplicationStatus, AttachmentPurpose, NameChangeIn,
    NameChangeOut, Page, PageQuery, ReviewIn, Role,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use crate::audit::{self, AuditEntry};
use crate::auth::SessionUser;
use crate::entities::{name_change as nc, unit, unit_name_history};
use crate::error::ApiError;
use crate::services::code_applications::{non_empty, reject_reason};
use crate::services::forms::{self, check_applicant, Applicant, Checks};
use crate::services::paging::fetch_page;
use crate::services::{attachments, registry};

/// The registry's code for the new name, asked before the transaction starts so that no
/// database transaction waits on the external interface.
pub struct Registered(Option<String>);

/// Asks the registry about the new name (nothing to ask when the name is malformed: the field
/// check refuses it anyway).
pub async fn ask_registry(
    registry_url: &str,
    input: &NameChangeIn,
) -> Result<Registered, ApiError> {
    match domain::UnitName::parse(&input.new_name) {
        Ok(name) => Ok(Registered(
            registry::lookup_credit_code(registry_url, name.as_str()).await?,
        )),
        Err(_) => Ok(Registered(None)),
    }
}

struct Checked {
    new_name: String,
    credit_code: String,
    applicant: Applicant,
}

async fn check(
    db: &impl ConnectionTrait,
    registered: &Registered,
    unit_row: &unit::Model,
    input: &NameChangeIn,
) -> Result<Checked, ApiError> {
    let mut checks = Checks::default();
    let new_name = checks
        .parse("new_name", domain::UnitName::parse(&input.new_name))
        .map(|n| n.as_str().to_string());
    let credit_code = checks
        .parse("credit_code", domain::CreditCode::parse(&input.credit_code))
        .map(|c| c.as_str().to_string());
    let applicant = check_applicant(
        db,
        &mut checks,
        unit_row.id,
        AttachmentPurpose::NameChange,
        &input.applicant,
    )
    .await?;
    if let Some(name) = &new_name {
        if *name == unit_row.name {
            checks.fail("new_name", "新单位名称与当前名称相同");
        }
    }
    checks.finish()?;
    let (Some(new_name), Some(credit_code)) = (new_name, credit_code) else {
        return Err(ApiError::internal("checked fields missing"));
    };
    match registered.0.as_deref() {
        None => {
            return Err(ApiError::field(
                "new_name",
                "新单位名称未在企业登记信息中查到，请填写与营业执照一致的单位全称",
            ))
        }
        Some(code) if code != credit_code.as_str() => {
            return Err(ApiError::field(
                "credit_code",
                "统一社会信用代码与企业登记信息不一致，请核对",
            ))
        }
        Some(_) => {}
    }
    let taken = unit::Entity::find()
        .filter(unit::Column::Name.eq(&new_name))
        .filter(unit::Column::Id.ne(unit_row.id))
        .count(db)
        .await?;
    if taken > 0 {
        return Err(ApiError::conflict("该单位名称已被其它单位使用"));
    }
    Ok(Checked {
        new_name,
        credit_code,
        applicant,
    })
}

/// Takes the row for this change only if it is still in `expected` (the row lock makes a
/// concurrent second review or resubmission find the new status and give up).
async fn claim(
    db: &impl ConnectionTrait,
    id: Uuid,
    expected: ApplicationStatus,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let result = nc::Entity::update_many()
        .col_expr(nc::Column::UpdatedAt, sea_orm::sea_query::Expr::value(now))
        .filter(nc::Column::Id.eq(id))
        .filter(nc::Column::Status.eq(expected.as_str()))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

fn status_of(row: &nc::Model) -> ApplicationStatus {
    ApplicationStatus::parse(&row.status).unwrap_or(ApplicationStatus::Pending)
}

fn snapshot(row: &nc::Model) -> serde_json::Value {
    serde_json::json!({
        "status": row.status,
        "old_name": row.old_name,
        "new_name": row.new_name,
        "credit_code": row.credit_code,
        "reject_reason": row.reject_reason,
    })
}

fn apply(active: &mut nc::ActiveModel, c: Checked, now: DateTime<Utc>) {
    let a = c.applicant;
    active.new_name = Set(c.new_name);
    active.credit_code = Set(c.credit_code);
    forms::set_applicant!(active, a);
    active.status = Set(ApplicationStatus::Pending.as_str().into());
    active.reject_reason = Set(None);
    active.reviewed_by = Set(None);
    active.reviewed_at = Set(None);
    active.submitted_at = Set(now);
    active.updated_at = Set(now);
}

async fn record(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    user: &SessionUser,
    action: &str,
    before: Option<serde_json::Value>,
    row: &nc::Model,
) -> Result<(), ApiError> {
    audit::record(
        db,
        now,
        AuditEntry {
            actor: Some(user),
            action,
            target_type: "name_change",
            target_id: Some(row.id.to_string()),
            before,
            after: Some(snapshot(row)),
        },
    )
    .await
}

/// Submits a name change for the user's unit.
pub async fn submit(
    db: &impl ConnectionTrait,
    registered: &Registered,
    now: DateTime<Utc>,
    user: &SessionUser,
    input: &NameChangeIn,
) -> Result<nc::Model, ApiError> {
    let unit_id = user.account.unit_id.ok_or_else(ApiError::forbidden)?;
    let unit_row = unit::Entity::find_by_id(unit_id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("单位"))?;
    // Two submissions at once must not both find "no open application".
    super::units::lock(db, unit_id).await?;
    let pending = nc::Entity::find()
        .filter(nc::Column::UnitId.eq(unit_id))
        .filter(nc::Column::Status.eq(ApplicationStatus::Pending.as_str()))
        .count(db)
        .await?;
    if pending > 0 {
        return Err(ApiError::conflict(
            "本单位已有申请中的单位名称修改申请，请等待审核结果",
        ));
    }
    let c = check(db, registered, &unit_row, input).await?;
    let mut active = nc::ActiveModel {
        id: Set(Uuid::new_v4()),
        unit_id: Set(unit_id),
        old_name: Set(unit_row.name.clone()),
        created_at: Set(now),
        ..Default::default()
    };
    apply(&mut active, c, now);
    let row = active.insert(db).await?;
    record(db, now, user, "name_change.submitted", None, &row).await?;
    Ok(row)
}

/// The name change if `user` may see it (another unit's answers 404).
pub async fn find_visible(
    db: &impl ConnectionTrait,
    user: &SessionUser,
    id: Uuid,
) -> Result<nc::Model, ApiError> {
    let row = nc::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("单位名称修改申请"))?;
    if user.role == Role::Unit && user.account.unit_id != Some(row.unit_id) {
        return Err(ApiError::not_found("单位名称修改申请"));
    }
    Ok(row)
}

/// Edits a rejected name change and submits it again.
pub async fn resubmit(
    db: &impl ConnectionTrait,
    registered: &Registered,
    now: DateTime<Utc>,
    user: &SessionUser,
    id: Uuid,
    input: &NameChangeIn,
) -> Result<nc::Model, ApiError> {
    let row = find_visible(db, user, id).await?;
    if status_of(&row) != ApplicationStatus::Rejected
        || !claim(db, id, ApplicationStatus::Rejected, now).await?
    {
        return Err(ApiError::conflict("只有审核不通过的申请可以修改后重新提交"));
    }
    let unit_row = unit::Entity::find_by_id(row.unit_id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("单位"))?;
    let c = check(db, registered, &unit_row, input).await?;
    let before = snapshot(&row);
    let mut active = row.into_active_model();
    active.old_name = Set(unit_row.name);
    apply(&mut active, c, now);
    let row = active.update(db).await?;
    record(db, now, user, "name_change.resubmitted", Some(before), &row).await?;
    Ok(row)
}

/// Approves (renames the unit, keeps the history) or rejects with a reason.
pub async fn review(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    user: &SessionUser,
    id: Uuid,
    input: &ReviewIn,
) -> Result<nc::Model, ApiError> {
    let row = find_visible(db, user, id).await?;
    if status_of(&row) != ApplicationStatus::Pending
        || !claim(db, id, ApplicationStatus::Pending, now).await?
    {
        return Err(ApiError::conflict("该申请不是申请中状态，不能重复审核"));
    }
    let before = snapshot(&row);
    let mut active = row.clone().into_active_model();
    active.reviewed_by = Set(Some(user.account.id));
    active.reviewed_at = Set(Some(now));
    active.updated_at = Set(now);
    if input.approved {
        let unit_row = unit::Entity::find_by_id(row.unit_id)
            .one(db)
            .await?
            .ok_or_else(|| ApiError::not_found("单位"))?;
        let unit_before = unit_row.name.clone();
        let version = unit_row.version;
        let mut unit_active = unit_row.into_active_model();
        unit_active.name = Set(row.new_name.clone());
        unit_active.credit_code = Set(Some(row.credit_code.clone()));
        unit_active.address = Set(Some(row.address.clone()));
        unit_active.postcode = Set(Some(row.postcode.clone()));
        unit_active.district_union = Set(Some(row.district_union.clone()));
        unit_active.economic_type = Set(Some(row.economic_type.clone()));
        unit_active.version = Set(version + 1);
        unit_active.updated_at = Set(now);
        unit_active.update(db).await?;
        unit_name_history::ActiveModel {
            id: Set(Uuid::new_v4()),
            unit_id: Set(row.unit_id),
            old_name: Set(unit_before),
            new_name: Set(row.new_name.clone()),
            name_change_id: Set(Some(row.id)),
            changed_at: Set(now),
        }
        .insert(db)
        .await?;
        active.status = Set(ApplicationStatus::Approved.as_str().into());
    } else {
        active.status = Set(ApplicationStatus::Rejected.as_str().into());
        active.reject_reason = Set(Some(reject_reason(input)?));
    }
    let row = active.update(db).await?;
    let action = if input.approved {
        "name_change.approved"
    } else {
        "name_change.rejected"
    };
    record(db, now, user, action, Some(before), &row).await?;
    Ok(row)
}

/// The full DTO.
pub async fn to_out(db: &impl ConnectionTrait, row: nc::Model) -> Result<NameChangeOut, ApiError> {
    let ids = forms::ids_from_json(&row.attachment_ids);
    let attachments = attachments::load_many(db, &ids).await?;
    Ok(NameChangeOut {
        id: row.id,
        unit_id: row.unit_id,
        status: status_of(&row),
        reject_reason: row.reject_reason,
        old_name: row.old_name,
        new_name: row.new_name,
        credit_code: row.credit_code,
        applicant: forms::applicant_fields!(row, ids),
        attachments,
        submitted_at: row.submitted_at.fixed_offset(),
        reviewed_at: row.reviewed_at.map(|t| t.fixed_offset()),
    })
}

/// A page of name changes: a unit its own, reviewers and admins all.
pub async fn list(
    db: &impl ConnectionTrait,
    user: &SessionUser,
    query: &ApplicationQuery,
) -> Result<Page<ApplicationListItem>, ApiError> {
    let paging = PageQuery {
        page: query.page,
        page_size: query.page_size,
    };
    let mut select = nc::Entity::find();
    if user.role == Role::Unit {
        let unit_id = user.account.unit_id.ok_or_else(ApiError::forbidden)?;
        select = select.filter(nc::Column::UnitId.eq(unit_id));
    }
    if let Some(code) = non_empty(&query.enrollment_code) {
        let ids: Vec<Uuid> = unit::Entity::find()
            .filter(unit::Column::EnrollmentCode.eq(code))
            .all(db)
            .await?
            .into_iter()
            .map(|u| u.id)
            .collect();
        select = select.filter(nc::Column::UnitId.is_in(ids));
    }
    if let Some(name) = non_empty(&query.unit_name) {
        select = select.filter(
            sea_orm::Condition::any()
                .add(nc::Column::NewName.contains(name))
                .add(nc::Column::OldName.contains(name)),
        );
    }
    if let Some(status) = query.status {
        select = select.filter(nc::Column::Status.eq(status.as_str()));
    }
    let select = select
        .order_by_desc(nc::Column::SubmittedAt)
        .order_by_desc(nc::Column::Id);
    let page = fetch_page(db, select, paging).await?;
    let unit_ids: Vec<Uuid> = page.items.iter().map(|r| r.unit_id).collect();
    let units = unit::Entity::find()
        .filter(unit::Column::Id.is_in(unit_ids))
        .all(db)
        .await?;
    Ok(page.map(|row| ApplicationListItem {
        id: row.id,
        unit_id: row.unit_id,
        status: status_of(&row),
        operator_mobile_masked: forms::mask_mobile(&row.operator_mobile),
        enrollment_code: units
            .iter()
            .find(|u| u.id == row.unit_id)
            .and_then(|u| u.enrollment_code.clone()),
        unit_name: row.new_name,
        old_name: Some(row.old_name),
        credit_code: row.credit_code,
        operator_name: row.operator_name,
        reject_reason: row.reject_reason,
        submitted_at: row.submitted_at.fixed_offset(),
        reviewed_at: row.reviewed_at.map(|t| t.fixed_offset()),
    }))
}
