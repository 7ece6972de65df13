//! The applicant part both kinds of application share (经办人, 所属区局工会, 经济类型,
//! address, attachments): checked once, stored in the same columns.

use api_types::{ApplicantFields, AttachmentPurpose};
use sea_orm::ActiveValue::Set;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::attachments::service::require_owned;
use crate::dictionaries::service::{is_active, DISTRICT_UNION, ECONOMIC_TYPE};
use crate::entities::application;
use crate::error::{ServiceError, ServiceResult};
use crate::validation::Checks;

/// Most attachments one application may carry.
const MAX_ATTACHMENTS: usize = 20;

/// `ApplicantFields` in canonical form.
pub struct Applicant {
    operator_name: String,
    operator_mobile: String,
    operator_email: String,
    district_union: String,
    economic_type: String,
    address: String,
    postcode: String,
    principal: Option<String>,
    phone: Option<String>,
    attachment_ids: Vec<Uuid>,
}

fn canonical<T: AsRef<str>>(value: Option<T>) -> String {
    value.map(|v| v.as_ref().to_string()).unwrap_or_default()
}

/// Checks the applicant part (fields, dictionaries, the unit's own attachments of
/// `purpose`), recording every refused field in `checks`.
pub async fn check(
    db: &impl ConnectionTrait,
    checks: &mut Checks,
    unit_id: Uuid,
    purpose: AttachmentPurpose,
    input: &ApplicantFields,
) -> ServiceResult<Applicant> {
    let name = domain::PersonName::parse(&input.operator_name);
    let mobile = domain::Mobile::parse(&input.operator_mobile);
    let email = domain::Email::parse(&input.operator_email);
    let postcode = domain::Postcode::parse(&input.postcode);
    let operator_name = canonical(
        checks
            .parse("operator_name", name)
            .as_ref()
            .map(|n| n.as_str()),
    );
    let operator_mobile = canonical(
        checks
            .parse("operator_mobile", mobile)
            .as_ref()
            .map(|m| m.as_str()),
    );
    let operator_email = canonical(
        checks
            .parse("operator_email", email)
            .as_ref()
            .map(|e| e.as_str()),
    );
    let postcode = canonical(
        checks
            .parse("postcode", postcode)
            .as_ref()
            .map(|p| p.as_str()),
    );
    let address = checks.text("address", "单位地址", &input.address, 300);
    let principal = checks.optional_text("principal", "负责人", input.principal.as_deref(), 50);
    let phone = checks.optional_phone("phone", input.phone.as_deref());
    let district_union = input.district_union.trim().to_string();
    if !is_active(db, DISTRICT_UNION, &district_union).await? {
        checks.fail("district_union", "请从列表中选择所属区局工会");
    }
    let economic_type = input.economic_type.trim().to_string();
    if !is_active(db, ECONOMIC_TYPE, &economic_type).await? {
        checks.fail("economic_type", "请从列表中选择经济类型");
    }
    let mut ids = input.attachment_ids.clone();
    ids.dedup();
    if ids.is_empty() {
        checks.fail("attachment_ids", "请上传附件材料");
    } else if ids.len() > MAX_ATTACHMENTS {
        checks.fail("attachment_ids", format!("附件不能超过{MAX_ATTACHMENTS}个"));
    } else {
        match require_owned(db, unit_id, purpose, &ids, "attachment_ids").await {
            Ok(_) => {}
            Err(ServiceError::Invalid(fields)) => {
                for f in fields {
                    checks.fail(&f.field, f.message);
                }
            }
            Err(other) => return Err(other),
        }
    }
    Ok(Applicant {
        operator_name,
        operator_mobile,
        operator_email,
        district_union,
        economic_type,
        address,
        postcode,
        principal,
        phone,
        attachment_ids: ids,
    })
}

impl Applicant {
    /// Writes the applicant columns of a row.
    pub fn apply(self, active: &mut application::ActiveModel) {
        active.operator_name = Set(self.operator_name);
        active.operator_mobile = Set(self.operator_mobile);
        active.operator_email = Set(self.operator_email);
        active.district_union = Set(self.district_union);
        active.economic_type = Set(self.economic_type);
        active.address = Set(self.address);
        active.postcode = Set(self.postcode);
        active.principal = Set(self.principal);
        active.phone = Set(self.phone);
        active.attachment_ids = Set(ids_json(&self.attachment_ids));
    }
}

/// The applicant columns of a row as the API's `ApplicantFields`.
pub fn fields(row: &application::Model) -> ApplicantFields {
    ApplicantFields {
        operator_name: row.operator_name.clone(),
        operator_mobile: row.operator_mobile.clone(),
        operator_email: row.operator_email.clone(),
        district_union: row.district_union.clone(),
        economic_type: row.economic_type.clone(),
        address: row.address.clone(),
        postcode: row.postcode.clone(),
        principal: row.principal.clone(),
        phone: row.phone.clone(),
        attachment_ids: ids_from_json(&row.attachment_ids),
    }
}

/// The stored JSON array of attachment ids.
pub fn ids_json(ids: &[Uuid]) -> serde_json::Value {
    serde_json::Value::Array(
        ids.iter()
            .map(|id| serde_json::Value::String(id.to_string()))
            .collect(),
    )
}

/// Reads the stored JSON array back.
pub fn ids_from_json(value: &serde_json::Value) -> Vec<Uuid> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().and_then(|s| Uuid::parse_str(s).ok()))
                .collect()
        })
        .unwrap_or_default()
}
