//! 参保人员: one person of a batch's roster (ID and mobile encrypted at rest, found through
//! their blind indexes; see `crate::pii`).

use sea_orm::entity::prelude::*;

use crate::pii::Sealed;

/// A row of `roster_entries`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "roster_entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub batch_id: Uuid,
    pub plan_year: i32,
    pub row_no: i32,
    pub name: String,
    pub doc_type: String,
    #[sea_orm(column_type = "Text")]
    pub id_number: Sealed,
    /// Blind index of the ID number (exact search, once per plan year).
    pub id_hash: Option<String>,
    /// The ID's last four characters (the 后4位 search; the lists show them anyway).
    pub id_last4: Option<String>,
    pub birth_date: Date,
    pub sex: String,
    /// The mobile as imported (normalised when valid).
    #[sea_orm(column_type = "Text")]
    pub mobile: Sealed,
    /// Blind index of a valid mobile (one mobile once per batch).
    pub mobile_hash: Option<String>,
    pub mobile_valid: bool,
    pub status: String,
    pub created_at: DateTimeUtc,
    /// Changed (or never checked) since the last verification: the next one checks it.
    pub needs_check: bool,
    pub checked_at: Option<DateTimeUtc>,
    /// The verification job that checked it last.
    pub checked_in_job: Option<Uuid>,
    /// `domain::VerificationOutcome` key.
    pub outcome: Option<String>,
    /// `domain::DeductionType` key.
    pub deduction_type: Option<String>,
    /// 社保姓名.
    pub ss_name: Option<String>,
    pub ss_status: Option<String>,
    /// 退休年月 as the interface answered it.
    pub ss_retirement_month: Option<String>,
    pub ss_code: Option<String>,
    pub ss_unit_name: Option<String>,
    pub medical_insurance: Option<String>,
    pub withholdable: Option<bool>,
    /// The interfaces' raw answers.
    pub ss_raw: Option<Json>,
    /// 退休年月 the operator entered (编辑).
    pub edited_retirement_month: Option<String>,
    /// `domain::NoSsReason` key (社保类型) of a person without a social-security match.
    pub no_ss_reason: Option<String>,
    /// 备注 (其它类型说明).
    pub no_ss_remark: Option<String>,
    /// 附件 of the reason.
    pub no_ss_attachment_id: Option<Uuid>,
    /// `domain::withholding::DeductionResult` key (代扣结果), once the bank answered.
    pub withholding_result: Option<String>,
    /// The bank's wording of a failure.
    pub withholding_reason: Option<String>,
    /// 起保日期, once insured.
    pub coverage_start: Option<Date>,
    /// 终保日期 (the last covered day), once insured.
    pub coverage_end: Option<Date>,
    /// Taken over from last plan year (沿用上年度名单), to be reviewed before verification.
    pub renewed: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
