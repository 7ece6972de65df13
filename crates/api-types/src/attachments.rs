//! Attachments (附件): uploaded PDF / JPEG / PNG files owned by a unit.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What an attachment is for; sent as the `purpose` field of the multipart upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AttachmentPurpose {
    /// 参保编码申请材料 (缴费申报表、营业执照等).
    CodeApplication,
    /// 修改单位名称佐证材料 (红头文件或工商变更登记表).
    NameChange,
    /// 代扣申请书 (盖章).
    WithholdingLetter,
    /// 参保比例不足时的相关材料.
    RatioMaterial,
    /// 缴费凭证.
    PaymentVoucher,
    /// 其它材料.
    Other,
}

impl AttachmentPurpose {
    /// The stored (and wire) name.
    pub fn as_str(self) -> &'static str {
        match self {
            AttachmentPurpose::CodeApplication => "code_application",
            AttachmentPurpose::NameChange => "name_change",
            AttachmentPurpose::WithholdingLetter => "withholding_letter",
            AttachmentPurpose::RatioMaterial => "ratio_material",
            AttachmentPurpose::PaymentVoucher => "payment_voucher",
            AttachmentPurpose::Other => "other",
        }
    }

    /// Parses the stored name.
    pub fn parse(raw: &str) -> Option<Self> {
        Some(match raw {
            "code_application" => AttachmentPurpose::CodeApplication,
            "name_change" => AttachmentPurpose::NameChange,
            "withholding_letter" => AttachmentPurpose::WithholdingLetter,
            "ratio_material" => AttachmentPurpose::RatioMaterial,
            "payment_voucher" => AttachmentPurpose::PaymentVoucher,
            "other" => AttachmentPurpose::Other,
            _ => return None,
        })
    }
}

/// An uploaded attachment's metadata (its bytes: `GET /api/attachments/{id}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentOut {
    /// Id, referenced by applications.
    pub id: Uuid,
    /// The owning unit.
    pub unit_id: Option<Uuid>,
    /// What it is for.
    pub purpose: AttachmentPurpose,
    /// The sanitised original file name.
    pub file_name: String,
    /// `application/pdf`, `image/jpeg` or `image/png`, from the content.
    pub content_type: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// SHA-256 of the content, lower-case hex.
    pub sha256: String,
    /// Uploaded at.
    pub created_at: DateTime<FixedOffset>,
}
