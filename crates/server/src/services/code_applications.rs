//! 参保编码申请: a unit without a code applies; a reviewer approves (the code is assigned to
//! the unit) or rejects with a reason; a rejected application is edited and resubmitted.

use api_types::{
    ApplicationListItem, ApplicationQuery, ApplicationStatus, AttachmentPurpose, CodeApplicationIn,
    CodeApplicationOut, Page, PageQuery, ReviewIn, Role,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use crate::audit::{self, AuditEntry};
use crate::auth::SessionUser;
use crate::entities::{code_application as app, unit};
use crate::error::ApiError;
use crate::services::attachments;
use crate::services::forms::{self, check_applicant, Applicant, Checks};
use crate::services::paging::fetch_page;

/// First code handed out when no unit has a numeric 9-digit code yet.
const FIRST_CODE: u64 = 100_000_001;

struct Checked {
    unit_name: String,
    credit_code: String,
    applicant: Applicant,
}

async fn check(
    db: &impl ConnectionTrait,
    unit_id: Uuid,
    input: &CodeApplicationIn,
) -> Result<Checked, ApiError> {
    let mut checks = Checks::default();
    let unit_name = checks
        .parse("unit_name", domain::UnitName::parse(&input.unit_name))
        .map(|n| n.as_str().to_string())
        .unwrap_or_default();
    let credit_code = checks
        .parse("credit_code", domain::CreditCode::parse(&input.credit_code))
        .map(|c| c.as_str().to_string())
        .unwrap_or_default();
    let applicant = check_applicant(
        db,
        &mut checks,
        unit_id,
        AttachmentPurpose::CodeApplication,
        &input.applicant,
    )
    .await?;
    checks.finish()?;
    Ok(Checked {
        unit_name,
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
    let result = app::Entity::update_many()
        .col_expr(app::Column::UpdatedAt, sea_orm::sea_query::Expr::value(now))
        .filter(app::Column::Id.eq(id))
        .filter(app::Column::Status.eq(expected.as_str()))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

fn status_of(row: &app::Model) -> ApplicationStatus {
    ApplicationStatus::parse(&row.status).unwrap_or(ApplicationStatus::Pending)
}

fn snapshot(row: &app::Model) -> serde_json::Value {
    serde_json::json!({
        "status": row.status,
        "unit_name": row.unit_name,
        "credit_code": row.credit_code,
        "enrollment_code": row.enrollment_code,
        "reject_reason": row.reject_reason,
    })
}

/// Submits a new application for the user's unit.
pub async fn submit(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    user: &SessionUser,
    input: &CodeApplicationIn,
) -> Result<app::Model, ApiError> {
    let unit_id = user.account.unit_id.ok_or_else(ApiError::forbidden)?;
    let unit = unit::Entity::find_by_id(unit_id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("单位"))?;
    if unit.enrollment_code.is_some() {
        return Err(ApiError::conflict("本单位已有参保编码，无需申请"));
    }
    // Two submissions at once must not both find "no open application".
    super::units::lock(db, unit_id).await?;
    let open = app::Entity::find()
        .filter(app::Column::UnitId.eq(unit_id))
        .filter(app::Column::Status.ne(ApplicationStatus::Rejected.as_str()))
        .count(db)
        .await?;
    if open > 0 {
        return Err(ApiError::conflict(
            "本单位已有申请中的参保编码申请，请等待审核结果",
        ));
    }
    let c = check(db, unit_id, input).await?;
    let a = c.applicant;
    let row = app::ActiveModel {
        id: Set(Uuid::new_v4()),
        unit_id: Set(unit_id),
        unit_name: Set(c.unit_name),
        credit_code: Set(c.credit_code),
        enrollment_code: Set(None),
        operator_name: Set(a.operator_name),
        operator_mobile: Set(a.operator_mobile),
        operator_email: Set(a.operator_email),
        district_union: Set(a.district_union),
        economic_type: Set(a.economic_type),
        address: Set(a.address),
        postcode: Set(a.postcode),
        principal: Set(a.principal),
        phone: Set(a.phone),
        attachment_ids: Set(forms::ids_json(&a.attachment_ids)),
        status: Set(ApplicationStatus::Pending.as_str().into()),
        reject_reason: Set(None),
        reviewed_by: Set(None),
        reviewed_at: Set(None),
        submitted_at: Set(now),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        now,
        AuditEntry {
            actor: Some(user),
            action: "code_application.submitted",
            target_type: "code_application",
            target_id: Some(row.id.to_string()),
            before: None,
            after: Some(snapshot(&row)),
        },
    )
    .await?;
    Ok(row)
}

/// The application if `user` may see it (another unit's answers 404).
pub async fn find_visible(
    db: &impl ConnectionTrait,
    user: &SessionUser,
    id: Uuid,
) -> Result<app::Model, ApiError> {
    let row = app::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("参保编码申请"))?;
    if user.role == Role::Unit && user.account.unit_id != Some(row.unit_id) {
        return Err(ApiError::not_found("参保编码申请"));
    }
    Ok(row)
}

/// Edits a rejected application and submits it again.
pub async fn resubmit(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    user: &SessionUser,
    id: Uuid,
    input: &CodeApplicationIn,
) -> Result<app::Model, ApiError> {
    let row = find_visible(db, user, id).await?;
    if status_of(&row) != ApplicationStatus::Rejected
        || !claim(db, id, ApplicationStatus::Rejected, now).await?
    {
        return Err(ApiError::conflict("只有审核不通过的申请可以修改后重新提交"));
    }
    let c = check(db, row.unit_id, input).await?;
    let a = c.applicant;
    let before = snapshot(&row);
    let mut active = row.into_active_model();
    active.unit_name = Set(c.unit_name);
    active.credit_code = Set(c.credit_code);
    forms::set_applicant!(active, a);
    active.status = Set(ApplicationStatus::Pending.as_str().into());
    active.reject_reason = Set(None);
    active.reviewed_by = Set(None);
    active.reviewed_at = Set(None);
    active.submitted_at = Set(now);
    active.updated_at = Set(now);
    let row = active.update(db).await?;
    audit::record(
        db,
        now,
        AuditEntry {
            actor: Some(user),
            action: "code_application.resubmitted",
            target_type: "code_application",
            target_id: Some(row.id.to_string()),
            before: Some(before),
            after: Some(snapshot(&row)),
        },
    )
    .await?;
    Ok(row)
}

/// Checks a reject reason: required, at most 500 characters.
pub fn reject_reason(input: &ReviewIn) -> Result<String, ApiError> {
    let reason = input.reason.as_deref().map(str::trim).unwrap_or_default();
    if reason.is_empty() {
        return Err(ApiError::field("reason", "审核不通过时请填写不通过原因"));
    }
    if reason.chars().count() > 500 {
        return Err(ApiError::field("reason", "不通过原因不能超过500个字"));
    }
    Ok(reason.to_string())
}

async fn next_code(db: &impl ConnectionTrait) -> Result<String, ApiError> {
    let codes: Vec<Option<String>> = unit::Entity::find()
        .filter(unit::Column::EnrollmentCode.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.enrollment_code)
        .collect();
    let max = codes
        .iter()
        .flatten()
        .filter(|c| c.len() == 9)
        .filter_map(|c| c.parse::<u64>().ok())
        .max();
    Ok(max.map_or(FIRST_CODE, |m| m + 1).to_string())
}

/// Approves (assigning the code to the unit) or rejects a pending application.
pub async fn review(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    user: &SessionUser,
    id: Uuid,
    input: &ReviewIn,
) -> Result<app::Model, ApiError> {
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
        let code = match input.enrollment_code.as_deref().map(str::trim) {
            Some(code) if !code.is_empty() => {
                if code.len() != 9 || !code.chars().all(|c| c.is_ascii_digit()) {
                    return Err(ApiError::field("enrollment_code", "参保编码应为9位数字"));
                }
                code.to_string()
            }
            _ => next_code(db).await?,
        };
        let taken = unit::Entity::find()
            .filter(unit::Column::EnrollmentCode.eq(&code))
            .count(db)
            .await?;
        if taken > 0 {
            return Err(ApiError::conflict(format!(
                "参保编码 {code} 已被其它单位使用"
            )));
        }
        let unit_row = unit::Entity::find_by_id(row.unit_id)
            .one(db)
            .await?
            .ok_or_else(|| ApiError::not_found("单位"))?;
        if unit_row.enrollment_code.is_some() {
            return Err(ApiError::conflict("该单位已有参保编码"));
        }
        let version = unit_row.version;
        let mut unit_active = unit_row.into_active_model();
        unit_active.enrollment_code = Set(Some(code.clone()));
        unit_active.name = Set(row.unit_name.clone());
        unit_active.credit_code = Set(Some(row.credit_code.clone()));
        unit_active.address = Set(Some(row.address.clone()));
        unit_active.postcode = Set(Some(row.postcode.clone()));
        unit_active.district_union = Set(Some(row.district_union.clone()));
        unit_active.economic_type = Set(Some(row.economic_type.clone()));
        unit_active.version = Set(version + 1);
        unit_active.updated_at = Set(now);
        unit_active.update(db).await?;
        active.status = Set(ApplicationStatus::Approved.as_str().into());
        active.enrollment_code = Set(Some(code));
        active.reject_reason = Set(None);
    } else {
        active.status = Set(ApplicationStatus::Rejected.as_str().into());
        active.reject_reason = Set(Some(reject_reason(input)?));
    }
    let row = active.update(db).await?;
    audit::record(
        db,
        now,
        AuditEntry {
            actor: Some(user),
            action: if input.approved {
                "code_application.approved"
            } else {
                "code_application.rejected"
            },
            target_type: "code_application",
            target_id: Some(row.id.to_string()),
            before: Some(before),
            after: Some(snapshot(&row)),
        },
    )
    .await?;
    Ok(row)
}

/// The full DTO (attachments included).
pub async fn to_out(
    db: &impl ConnectionTrait,
    row: app::Model,
) -> Result<CodeApplicationOut, ApiError> {
    let ids = forms::ids_from_json(&row.attachment_ids);
    let attachments = attachments::load_many(db, &ids).await?;
    Ok(CodeApplicationOut {
        id: row.id,
        unit_id: row.unit_id,
        status: status_of(&row),
        enrollment_code: row.enrollment_code,
        reject_reason: row.reject_reason,
        unit_name: row.unit_name,
        credit_code: row.credit_code,
        applicant: forms::applicant_fields!(row, ids),
        attachments,
        submitted_at: row.submitted_at.fixed_offset(),
        reviewed_at: row.reviewed_at.map(|t| t.fixed_offset()),
    })
}

/// A page of applications: a unit sees its own, reviewers and admins all.
pub async fn list(
    db: &impl ConnectionTrait,
    user: &SessionUser,
    query: &ApplicationQuery,
) -> Result<Page<ApplicationListItem>, ApiError> {
    let paging = PageQuery {
        page: query.page,
        page_size: query.page_size,
    };
    let mut select = app::Entity::find();
    if user.role == Role::Unit {
        let unit_id = user.account.unit_id.ok_or_else(ApiError::forbidden)?;
        select = select.filter(app::Column::UnitId.eq(unit_id));
    }
    if let Some(code) = non_empty(&query.enrollment_code) {
        select = select.filter(app::Column::EnrollmentCode.eq(code));
    }
    if let Some(name) = non_empty(&query.unit_name) {
        select = select.filter(app::Column::UnitName.contains(name));
    }
    if let Some(status) = query.status {
        select = select.filter(app::Column::Status.eq(status.as_str()));
    }
    let select = select
        .order_by_desc(app::Column::SubmittedAt)
        .order_by_desc(app::Column::Id);
    let page = fetch_page(db, select, paging).await?;
    Ok(page.map(|row| ApplicationListItem {
        id: row.id,
        unit_id: row.unit_id,
        status: status_of(&row),
        operator_mobile_masked: forms::mask_mobile(&row.operator_mobile),
        unit_name: row.unit_name,
        old_name: None,
        credit_code: row.credit_code,
        enrollment_code: row.enrollment_code,
        operator_name: row.operator_name,
        reject_reason: row.reject_reason,
        submitted_at: row.submitted_at.fixed_offset(),
        reviewed_at: row.reviewed_at.map(|t| t.fixed_offset()),
    }))
}

/// A trimmed filter value, None when blank.
pub fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}
