//! Checking the unit forms with the domain's rules, collecting every field's error at once.

use actix_web::http::StatusCode;
use api_types::{ApplicantFields, AttachmentPurpose, ErrorCode, FieldError};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::error::ApiError;
use crate::services::{attachments, dictionaries};

/// Most attachments one application may carry.
const MAX_ATTACHMENTS: usize = 20;

/// Collects field errors; `finish` turns them into one 422.
#[derive(Default)]
pub struct Checks {
    fields: Vec<FieldError>,
}

impl Checks {
    /// Records a refused field.
    pub fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.fields.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    /// Runs a domain parser; keeps its canonical form or records its Chinese message.
    pub fn parse<T, E: std::fmt::Display>(
        &mut self,
        field: &str,
        result: Result<T, E>,
    ) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(field, e.to_string());
                None
            }
        }
    }

    /// A required free-text field of at most `max` characters.
    pub fn text(&mut self, field: &str, label: &str, raw: &str, max: usize) -> String {
        let value = raw.trim().to_string();
        if value.is_empty() {
            self.fail(field, format!("请填写{label}"));
        } else if value.chars().count() > max || value.chars().any(char::is_control) {
            self.fail(
                field,
                format!("{label}不能超过{max}个字，且不能包含换行等控制字符"),
            );
        }
        value
    }

    /// An optional free-text field.
    pub fn optional_text(
        &mut self,
        field: &str,
        label: &str,
        raw: Option<&str>,
        max: usize,
    ) -> Option<String> {
        let value = raw.map(str::trim).filter(|v| !v.is_empty())?;
        Some(self.text(field, label, value, max))
    }

    /// An optional landline or mobile: digits, `-`, spaces, an optional leading `+`.
    pub fn optional_phone(&mut self, field: &str, raw: Option<&str>) -> Option<String> {
        let value = raw.map(str::trim).filter(|v| !v.is_empty())?;
        let digits = value.chars().filter(char::is_ascii_digit).count();
        let allowed = value
            .chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || c == '-' || c == ' ' || (i == 0 && c == '+'));
        if !allowed || !(7..=20).contains(&digits) {
            self.fail(field, "单位电话格式不正确，应为7至20位数字，可含“-”");
        }
        Some(value.to_string())
    }

    /// 422 with every recorded field, or Ok.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.fields.is_empty() {
            return Ok(());
        }
        let message = self
            .fields
            .iter()
            .map(|f| f.message.as_str())
            .collect::<Vec<_>>()
            .join("；");
        Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
            message,
        )
        .with_details(serde_json::json!({ "fields": self.fields })))
    }
}

/// `ApplicantFields` in canonical form.
pub struct Applicant {
    pub operator_name: String,
    pub operator_mobile: String,
    pub operator_email: String,
    pub district_union: String,
    pub economic_type: String,
    pub address: String,
    pub postcode: String,
    pub principal: Option<String>,
    pub phone: Option<String>,
    pub attachment_ids: Vec<Uuid>,
}

/// Checks the applicant part (fields, dictionaries, the unit's own attachments).
pub async fn check_applicant(
    db: &impl ConnectionTrait,
    checks: &mut Checks,
    unit_id: Uuid,
    purpose: AttachmentPurpose,
    input: &ApplicantFields,
) -> Result<Applicant, ApiError> {
    let operator_name = checks
        .parse(
            "operator_name",
            domain::PersonName::parse(&input.operator_name),
        )
        .map(|n| n.as_str().to_string())
        .unwrap_or_default();
    let operator_mobile = checks
        .parse(
            "operator_mobile",
            domain::Mobile::parse(&input.operator_mobile),
        )
        .map(|m| m.as_str().to_string())
        .unwrap_or_default();
    let operator_email = checks
        .parse(
            "operator_email",
            domain::Email::parse(&input.operator_email),
        )
        .map(|m| m.as_str().to_string())
        .unwrap_or_default();
    let postcode = checks
        .parse("postcode", domain::Postcode::parse(&input.postcode))
        .map(|m| m.as_str().to_string())
        .unwrap_or_default();
    let address = checks.text("address", "单位地址", &input.address, 300);
    let principal = checks.optional_text("principal", "负责人", input.principal.as_deref(), 50);
    let phone = checks.optional_phone("phone", input.phone.as_deref());
    let district_union = input.district_union.trim().to_string();
    if !dictionaries::is_active(db, dictionaries::DISTRICT_UNION, &district_union).await? {
        checks.fail("district_union", "请从列表中选择所属区局工会");
    }
    let economic_type = input.economic_type.trim().to_string();
    if !dictionaries::is_active(db, dictionaries::ECONOMIC_TYPE, &economic_type).await? {
        checks.fail("economic_type", "请从列表中选择经济类型");
    }
    let mut ids = input.attachment_ids.clone();
    ids.dedup();
    if ids.is_empty() {
        checks.fail("attachment_ids", "请上传附件材料");
    } else if ids.len() > MAX_ATTACHMENTS {
        checks.fail("attachment_ids", format!("附件不能超过{MAX_ATTACHMENTS}个"));
    } else if let Err(err) =
        attachments::require_owned(db, unit_id, purpose, &ids, "attachment_ids").await
    {
        checks.fail("attachment_ids", err.message);
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

/// Masks a stored mobile for lists.
pub fn mask_mobile(raw: &str) -> String {
    domain::Mobile::parse(raw)
        .map(|m| m.masked())
        .unwrap_or_else(|_| "***".into())
}

/// Copies a checked `Applicant` into the applicant columns of an active model. Code
/// applications and name changes store the same columns under the same names.
macro_rules! set_applicant {
    ($active:expr, $applicant:expr) => {{
        use sea_orm::ActiveValue::Set;
        let a = $applicant;
        $active.operator_name = Set(a.operator_name);
        $active.operator_mobile = Set(a.operator_mobile);
        $active.operator_email = Set(a.operator_email);
        $active.district_union = Set(a.district_union);
        $active.economic_type = Set(a.economic_type);
        $active.address = Set(a.address);
        $active.postcode = Set(a.postcode);
        $active.principal = Set(a.principal);
        $active.phone = Set(a.phone);
        $active.attachment_ids = Set($crate::services::forms::ids_json(&a.attachment_ids));
    }};
}

/// The applicant columns of an application row as the API's `ApplicantFields`.
macro_rules! applicant_fields {
    ($row:expr, $attachment_ids:expr) => {
        api_types::ApplicantFields {
            operator_name: $row.operator_name,
            operator_mobile: $row.operator_mobile,
            operator_email: $row.operator_email,
            district_union: $row.district_union,
            economic_type: $row.economic_type,
            address: $row.address,
            postcode: $row.postcode,
            principal: $row.principal,
            phone: $row.phone,
            attachment_ids: $attachment_ids,
        }
    };
}

pub(crate) use {applicant_fields, set_applicant};
