//! What differs between the two kinds of application: the form's own fields and their
//! checks, the attachment purpose, the wording, and what an approval does to the unit.

use api_types::{AttachmentPurpose, CodeApplicationIn, NameChangeIn, ReviewIn};
use chrono::{DateTime, Utc};
use domain::ApplicationKind;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::entities::{application, unit, unit_name_history};
use crate::error::{ServiceError, ServiceResult};
use crate::interfaces::{registry, EnterpriseRegistry};
use crate::validation::Checks;

/// First code handed out when no unit has a numeric 9-digit code yet.
const FIRST_CODE: u64 = 100_000_001;

/// The wording and storage names of a kind.
pub struct Spec {
    /// `code_application` / `name_change`: audit actions and record kind.
    pub audit_name: &'static str,
    /// What a 404 names.
    pub not_found: &'static str,
    /// The purpose its attachments are uploaded with.
    pub purpose: AttachmentPurpose,
    /// The form field of the name applied for.
    pub name_field: &'static str,
    /// The refusal of a second open application.
    pub already_open: &'static str,
}

/// The spec of `kind`.
pub fn spec(kind: ApplicationKind) -> Spec {
    match kind {
        ApplicationKind::EnrollmentCode => Spec {
            audit_name: "code_application",
            not_found: "参保编码申请",
            purpose: AttachmentPurpose::CodeApplication,
            name_field: "unit_name",
            already_open: "本单位已有申请中的参保编码申请，请等待审核结果",
        },
        ApplicationKind::NameChange => Spec {
            audit_name: "name_change",
            not_found: "单位名称修改申请",
            purpose: AttachmentPurpose::NameChange,
            name_field: "new_name",
            already_open: "本单位已有申请中的单位名称修改申请，请等待审核结果",
        },
    }
}

/// A submitted form of either kind.
pub struct Form<'a> {
    /// Which kind.
    pub kind: ApplicationKind,
    /// 单位名称 (code application) or 新单位名称 (name change).
    pub name: &'a str,
    /// 统一社会信用代码.
    pub credit_code: &'a str,
    /// The shared applicant part.
    pub applicant: &'a api_types::ApplicantFields,
}

impl<'a> From<&'a CodeApplicationIn> for Form<'a> {
    fn from(input: &'a CodeApplicationIn) -> Self {
        Form {
            kind: ApplicationKind::EnrollmentCode,
            name: &input.unit_name,
            credit_code: &input.credit_code,
            applicant: &input.applicant,
        }
    }
}

impl<'a> From<&'a NameChangeIn> for Form<'a> {
    fn from(input: &'a NameChangeIn) -> Self {
        Form {
            kind: ApplicationKind::NameChange,
            name: &input.new_name,
            credit_code: &input.credit_code,
            applicant: &input.applicant,
        }
    }
}

/// The registry's code for a name change's new name, asked before the transaction starts
/// so that no database transaction waits on the external interface.
pub enum Registered {
    /// The kind does not ask (code applications).
    NotAsked,
    /// The registry's answer (`None`: not registered, or the name is malformed anyway).
    Answer(Option<String>),
}

/// Asks the registry what the form needs.
pub async fn ask_registry(
    registry: &dyn EnterpriseRegistry,
    form: &Form<'_>,
) -> ServiceResult<Registered> {
    if form.kind != ApplicationKind::NameChange {
        return Ok(Registered::NotAsked);
    }
    match domain::UnitName::parse(form.name) {
        Ok(name) => registry
            .credit_code(name.as_str())
            .await
            .map(Registered::Answer)
            .map_err(registry::unavailable),
        Err(_) => Ok(Registered::Answer(None)),
    }
}

/// The form's own fields, checked (every refused field goes to `checks`).
pub struct Subject {
    /// The name applied for, canonical.
    pub name: String,
    /// The credit code, canonical.
    pub credit_code: String,
}

/// Parses the kind's own fields; a name change may not keep the current name.
pub fn parse_subject(checks: &mut Checks, form: &Form<'_>, current_name: &str) -> Subject {
    let name = checks
        .parse(
            spec(form.kind).name_field,
            domain::UnitName::parse(form.name),
        )
        .map(|n| n.as_str().to_string());
    let credit_code = checks
        .parse("credit_code", domain::CreditCode::parse(form.credit_code))
        .map(|c| c.as_str().to_string());
    if form.kind == ApplicationKind::NameChange && name.as_deref() == Some(current_name) {
        checks.fail("new_name", "新单位名称与当前名称相同");
    }
    Subject {
        name: name.unwrap_or_default(),
        credit_code: credit_code.unwrap_or_default(),
    }
}

/// The checks that follow the form's: a new name must be the registry's, with its code,
/// and not another unit's.
pub async fn check_subject(
    db: &impl ConnectionTrait,
    subject: &Subject,
    registered: &Registered,
    unit_id: Uuid,
) -> ServiceResult<()> {
    let Registered::Answer(answer) = registered else {
        return Ok(());
    };
    match answer.as_deref() {
        None => {
            return Err(ServiceError::field(
                "new_name",
                "新单位名称未在企业登记信息中查到，请填写与营业执照一致的单位全称",
            ))
        }
        Some(code) if code != subject.credit_code => {
            return Err(ServiceError::field(
                "credit_code",
                "统一社会信用代码与企业登记信息不一致，请核对",
            ))
        }
        Some(_) => {}
    }
    let taken = unit::Entity::find()
        .filter(unit::Column::Name.eq(&subject.name))
        .filter(unit::Column::Id.ne(unit_id))
        .count(db)
        .await?;
    if taken > 0 {
        return Err(ServiceError::conflict("该单位名称已被其它单位使用"));
    }
    Ok(())
}

/// What an approval does: a code application assigns the code (the reviewer's, or the
/// next free one) and the unit adopts the form; a name change renames the unit and keeps
/// the old name in its history. Answers the assigned code, if any.
pub async fn approve(
    db: &impl ConnectionTrait,
    row: &application::Model,
    input: &ReviewIn,
    now: DateTime<Utc>,
) -> ServiceResult<Option<String>> {
    let kind: ApplicationKind = crate::error::stored("application kind", row.id, &row.kind)?;
    let unit_row = unit::Entity::find_by_id(row.unit_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("单位"))?;
    let old_name = unit_row.name.clone();
    let version = unit_row.version;
    let code = match kind {
        ApplicationKind::EnrollmentCode => {
            if unit_row.enrollment_code.is_some() {
                return Err(ServiceError::conflict("该单位已有参保编码"));
            }
            Some(assignable_code(db, input).await?)
        }
        ApplicationKind::NameChange => None,
    };
    let mut active = unit_row.into_active_model();
    if let Some(code) = &code {
        active.enrollment_code = Set(Some(code.clone()));
    }
    active.name = Set(row.unit_name.clone());
    active.credit_code = Set(Some(row.credit_code.clone()));
    active.address = Set(Some(row.address.clone()));
    active.postcode = Set(Some(row.postcode.clone()));
    active.district_union = Set(Some(row.district_union.clone()));
    active.economic_type = Set(Some(row.economic_type.clone()));
    active.version = Set(version + 1);
    active.updated_at = Set(now);
    active.update(db).await?;
    if kind == ApplicationKind::NameChange {
        unit_name_history::ActiveModel {
            id: Set(Uuid::new_v4()),
            unit_id: Set(row.unit_id),
            old_name: Set(old_name),
            new_name: Set(row.unit_name.clone()),
            name_change_id: Set(Some(row.id)),
            changed_at: Set(now),
        }
        .insert(db)
        .await?;
    }
    Ok(code)
}

/// The reviewer's code (9 digits, not another unit's) or the next free one.
async fn assignable_code(db: &impl ConnectionTrait, input: &ReviewIn) -> ServiceResult<String> {
    let code = match input.enrollment_code.as_deref().map(str::trim) {
        Some(code) if !code.is_empty() => {
            if code.len() != 9 || !code.chars().all(|c| c.is_ascii_digit()) {
                return Err(ServiceError::field(
                    "enrollment_code",
                    "参保编码应为9位数字",
                ));
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
        return Err(ServiceError::conflict(format!(
            "参保编码 {code} 已被其它单位使用"
        )));
    }
    Ok(code)
}

/// One more than the highest 9-digit numeric code: equal-length digit strings sort like
/// their numbers, so the database's top rows hold it (a few, in case a non-numeric code of
/// nine characters sorts above).
async fn next_code(db: &impl ConnectionTrait) -> ServiceResult<String> {
    let top: Vec<Option<String>> = unit::Entity::find()
        .select_only()
        .column(unit::Column::EnrollmentCode)
        .filter(unit::Column::EnrollmentCode.is_not_null())
        .filter(sea_orm::sea_query::Expr::cust(
            "LENGTH(enrollment_code) = 9",
        ))
        .order_by_desc(unit::Column::EnrollmentCode)
        .limit(20)
        .into_tuple()
        .all(db)
        .await?;
    let max = top
        .iter()
        .flatten()
        .filter_map(|c| c.parse::<u64>().ok())
        .max();
    Ok(max.map_or(FIRST_CODE, |m| m + 1).to_string())
}
