//! Units (参保单位): registration, operator info, enrollment-code applications, unit info
//! and name changes.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::AttachmentOut;

/// 企业注册: a unit without a union registers itself (the email is the login).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationIn {
    /// 单位名称 (full name; the credit code is looked up from it).
    pub unit_name: String,
    /// 邮箱帐号: the login.
    pub email: String,
    /// 8–20 characters with a letter, a digit and a special character.
    pub password: String,
    /// From `POST /api/auth/captcha`.
    pub captcha_id: Uuid,
    /// The characters of the captcha image.
    pub captcha_answer: String,
}

/// The registered unit and its login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationOut {
    /// The new account's id.
    pub account_id: Uuid,
    /// The login (the email).
    pub account: String,
    /// The new unit's id.
    pub unit_id: Uuid,
    /// The unit name as stored.
    pub unit_name: String,
    /// 统一社会信用代码 from the enterprise registry.
    pub credit_code: String,
}

/// The enterprise registry's answer for a unit name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreditCodeLookupOut {
    /// The name asked about (trimmed).
    pub name: String,
    /// The credit code, when the name is registered.
    pub credit_code: Option<String>,
}

/// `?name=` of the credit-code look-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct CreditCodeQuery {
    /// 单位名称.
    pub name: String,
}

/// 经办人信息 (the logged-in operator's own, unmasked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperatorOut {
    /// 经办人姓名.
    pub name: String,
    /// 经办人手机.
    pub mobile: Option<String>,
    /// 经办人邮箱 (notifications go here).
    pub email: Option<String>,
}

/// Edits 经办人信息.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperatorIn {
    /// 经办人姓名.
    pub name: String,
    /// 经办人手机 (11 digits).
    pub mobile: String,
    /// 经办人邮箱.
    pub email: String,
}

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    /// 申请中.
    Pending,
    /// 审核通过.
    Approved,
    /// 审核不通过.
    Rejected,
}

impl ApplicationStatus {
    /// The stored (and wire) name.
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Pending => "pending",
            ApplicationStatus::Approved => "approved",
            ApplicationStatus::Rejected => "rejected",
        }
    }

    /// Parses the stored name.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "pending" => Some(ApplicationStatus::Pending),
            "approved" => Some(ApplicationStatus::Approved),
            "rejected" => Some(ApplicationStatus::Rejected),
            _ => None,
        }
    }

    /// The manual's wording.
    pub fn label_zh(self) -> &'static str {
        match self {
            ApplicationStatus::Pending => "申请中",
            ApplicationStatus::Approved => "审核通过",
            ApplicationStatus::Rejected => "审核不通过",
        }
    }
}

/// The applicant part shared by code applications and name changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicantFields {
    /// 经办人姓名.
    pub operator_name: String,
    /// 经办人手机.
    pub operator_mobile: String,
    /// 经办人邮箱.
    pub operator_email: String,
    /// 所属区局工会 (a value of the `district-union` dictionary).
    pub district_union: String,
    /// 经济类型 (a value of the `economic-type` dictionary).
    pub economic_type: String,
    /// 单位地址.
    pub address: String,
    /// 邮政编码 (6 digits).
    pub postcode: String,
    /// 负责人 (optional).
    pub principal: Option<String>,
    /// 单位电话 (optional).
    pub phone: Option<String>,
    /// Uploaded attachments (at least one).
    pub attachment_ids: Vec<Uuid>,
}

/// 参保编码申请 as submitted (and resubmitted after a rejection).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeApplicationIn {
    /// 单位名称.
    pub unit_name: String,
    /// 统一社会信用代码.
    pub credit_code: String,
    /// The rest of the form.
    #[serde(flatten)]
    pub applicant: ApplicantFields,
}

/// One application in full, with the attachments' metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeApplicationOut {
    /// Id.
    pub id: Uuid,
    /// The applying unit.
    pub unit_id: Uuid,
    /// 审核状态.
    pub status: ApplicationStatus,
    /// 参保编码, once approved.
    pub enrollment_code: Option<String>,
    /// 不通过原因, when rejected.
    pub reject_reason: Option<String>,
    /// 单位名称.
    pub unit_name: String,
    /// 统一社会信用代码.
    pub credit_code: String,
    /// The rest of the form (mobile unmasked: this read is audited).
    #[serde(flatten)]
    pub applicant: ApplicantFields,
    /// The attachments.
    pub attachments: Vec<AttachmentOut>,
    /// Last submitted at.
    pub submitted_at: DateTime<FixedOffset>,
    /// Reviewed at.
    pub reviewed_at: Option<DateTime<FixedOffset>>,
}

/// A row of an application list (mobile masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationListItem {
    /// Id.
    pub id: Uuid,
    /// The unit.
    pub unit_id: Uuid,
    /// 单位名称 (for a name change: the new name).
    pub unit_name: String,
    /// 原单位名称 (name changes only).
    pub old_name: Option<String>,
    /// 统一社会信用代码.
    pub credit_code: String,
    /// 参保编码 (assigned, or the unit's for a name change).
    pub enrollment_code: Option<String>,
    /// 审核状态.
    pub status: ApplicationStatus,
    /// 经办人姓名.
    pub operator_name: String,
    /// 经办人手机, masked (`133****6961`).
    pub operator_mobile_masked: String,
    /// 不通过原因.
    pub reject_reason: Option<String>,
    /// Last submitted at.
    pub submitted_at: DateTime<FixedOffset>,
    /// Reviewed at.
    pub reviewed_at: Option<DateTime<FixedOffset>>,
}

/// Filters of the application lists (参保编码, 单位名称, 审核状态) and paging.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct ApplicationQuery {
    /// Page number, from 1.
    #[serde(default, deserialize_with = "crate::page::bounded::page")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1_000_000))]
    pub page: Option<u64>,
    /// Rows per page (default 10, at most 100).
    #[serde(default, deserialize_with = "crate::page::bounded::page_size")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub page_size: Option<u64>,
    /// 参保编码 (exact).
    pub enrollment_code: Option<String>,
    /// 单位名称 (contains).
    pub unit_name: Option<String>,
    /// 审核状态.
    pub status: Option<ApplicationStatus>,
}

/// A reviewer's decision: approve, or reject with a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewIn {
    /// true: 审核通过; false: 审核不通过.
    pub approved: bool,
    /// Required when rejecting.
    pub reason: Option<String>,
    /// Code applications only: the 参保编码 to assign (9 digits); generated when absent.
    pub enrollment_code: Option<String>,
}

/// 单位信息 (wizard step ②).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitOut {
    /// Id.
    pub id: Uuid,
    /// 参保单位.
    pub name: String,
    /// 参保编码.
    pub enrollment_code: Option<String>,
    /// 统一社会信用代码 as stored.
    pub credit_code: Option<String>,
    /// The registry's code for the current name; None when the name is not registered
    /// or the registry could not be asked (see `registry_status`).
    pub registry_credit_code: Option<String>,
    /// `matched`, `not_found` (→ 修改单位名称) or `unavailable`.
    pub registry_status: String,
    /// 单位地址.
    pub address: Option<String>,
    /// 邮政编码.
    pub postcode: Option<String>,
    /// 所属区局.
    pub district_union: Option<String>,
    /// 经济类型.
    pub economic_type: Option<String>,
    /// Optimistic-lock version: send it as `If-Match` with `PUT /api/units/{id}`.
    pub version: i32,
    /// Last change.
    pub updated_at: DateTime<FixedOffset>,
}

/// 修改并保存: the editable unit fields (the name changes only through a name change).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitIn {
    /// 单位地址.
    pub address: String,
    /// 邮政编码.
    pub postcode: String,
    /// 所属区局.
    pub district_union: String,
    /// 经济类型.
    pub economic_type: String,
}

/// Filters of the unit list (reviewers and admins).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct UnitQuery {
    /// Page number, from 1.
    #[serde(default, deserialize_with = "crate::page::bounded::page")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1_000_000))]
    pub page: Option<u64>,
    /// Rows per page.
    #[serde(default, deserialize_with = "crate::page::bounded::page_size")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub page_size: Option<u64>,
    /// 单位名称 (contains).
    pub name: Option<String>,
    /// 参保编码 (exact).
    pub enrollment_code: Option<String>,
}

/// 修改单位名称 application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NameChangeIn {
    /// 新单位名称.
    pub new_name: String,
    /// 统一社会信用代码 of the new name.
    pub credit_code: String,
    /// The rest of the form.
    #[serde(flatten)]
    pub applicant: ApplicantFields,
}

/// A name change in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NameChangeOut {
    /// Id.
    pub id: Uuid,
    /// The unit.
    pub unit_id: Uuid,
    /// 审核状态.
    pub status: ApplicationStatus,
    /// 不通过原因.
    pub reject_reason: Option<String>,
    /// The name when applying.
    pub old_name: String,
    /// 新单位名称.
    pub new_name: String,
    /// 统一社会信用代码.
    pub credit_code: String,
    /// The rest of the form.
    #[serde(flatten)]
    pub applicant: ApplicantFields,
    /// The attachments.
    pub attachments: Vec<AttachmentOut>,
    /// Last submitted at.
    pub submitted_at: DateTime<FixedOffset>,
    /// Reviewed at.
    pub reviewed_at: Option<DateTime<FixedOffset>>,
}

/// One approved change of a unit's name (单位名称变更记录).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitNameHistoryOut {
    /// The name before.
    pub old_name: String,
    /// The name after.
    pub new_name: String,
    /// The approved name change.
    pub name_change_id: Option<Uuid>,
    /// When the reviewer approved it.
    pub changed_at: DateTime<FixedOffset>,
}
