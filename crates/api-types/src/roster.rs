//! Roster (参保名单): import, manual entry, list, unmasked view, deletion, export.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::BatchOut;

/// 证件类型.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DocTypeKey {
    /// 身份证
    ResidentId,
    /// 非身份证 (passport, residence permit, …)
    Other,
}

/// 性别.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SexKey {
    /// 男
    Male,
    /// 女
    Female,
}

/// A person in a roster list: ID and mobile masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterEntryOut {
    /// Id.
    pub id: Uuid,
    /// Order in the roster (the import's sheet row, or after the last for manual entries).
    pub row_no: i32,
    /// 姓名.
    pub name: String,
    /// 证件类型.
    pub doc_type: DocTypeKey,
    /// 证件类型 in Chinese.
    pub doc_type_label: String,
    /// 证件号码, masked: the first 3 and last 4 characters (`410***********8616`). No
    /// birth date beside it: a resident ID's birth date is 8 of its hidden digits.
    pub id_number_masked: String,
    /// 性别.
    pub sex: SexKey,
    /// 手机号, masked (`133****6961`); empty when none was given.
    pub mobile_masked: String,
    /// Whether the mobile is a valid mainland number.
    pub mobile_valid: bool,
    /// 参保费用, fen (the plan year's premium).
    pub premium_fen: i64,
    /// Person status key (`pending` = 待校验 until the system verification checks the
    /// person, `verified` = 已校验).
    pub status: String,
    /// 状态 in Chinese.
    pub status_label: String,
    /// 社保姓名, once checked.
    pub ss_name: Option<String>,
    /// 校验结果 key (see `OutcomeCount::outcome`), once checked.
    pub outcome: Option<String>,
    /// 校验结果 in the manual's wording.
    pub outcome_label: Option<String>,
    /// 代扣类型 key (`withholdable` / `not_withholdable`); none for people who must go.
    pub deduction_type: Option<String>,
    /// 代扣类型 in Chinese (可代扣 / 不可代扣).
    pub deduction_type_label: Option<String>,
    /// 退休年月 the operator entered (编辑), if any.
    pub edited_retirement_month: Option<String>,
    /// What the operator may do about the outcome now: `confirm_ss_name`,
    /// `edit_retirement_month`, `delete`.
    pub resolutions: Vec<String>,
    /// Whether the next verification checks the person (changed, or never checked).
    pub needs_check: bool,
    /// When last checked.
    pub checked_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// 代扣结果 key (`succeeded`, `insufficient_balance`, `verification_failed`,
    /// `account_abnormal`, `other_failure`), once the bank answered.
    pub withholding_result: Option<String>,
    /// 代扣结果 as shown (代扣成功 / 代扣失败(余额不足) …).
    pub withholding_result_label: Option<String>,
    /// 起保日期, once insured.
    pub coverage_start: Option<NaiveDate>,
    /// 终保日期 (the last covered day), once insured.
    pub coverage_end: Option<NaiveDate>,
    /// 沿用上年度: taken over from last plan year's insured roster; review before 提交系统校验.
    #[serde(default)]
    pub renewed: bool,
}

/// One person unmasked (查看): every read is audited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterPersonOut {
    /// The list fields.
    #[serde(flatten)]
    pub entry: RosterEntryOut,
    /// 证件号码 in full.
    pub id_number: String,
    /// 出生日期 (from the ID for 身份证, as entered otherwise).
    pub birth_date: NaiveDate,
    /// 手机号 in full as entered.
    pub mobile: String,
}

/// 新增参保人员 (方式2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonIn {
    /// 姓名.
    pub name: String,
    /// 证件类型.
    pub doc_type: DocTypeKey,
    /// 证件号码.
    pub id_number: String,
    /// 出生日期 `YYYY-MM-DD` (required for 非身份证; for 身份证 it must match the ID).
    pub birth_date: Option<String>,
    /// 性别 (required for 非身份证).
    pub sex: Option<SexKey>,
    /// 手机号 (optional, valid when given).
    pub mobile: Option<String>,
}

/// Filters of the roster list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct RosterQuery {
    /// 姓名: the names that begin with it (the whole name finds that name), served by an index.
    pub name: Option<String>,
    /// 证件号: the whole number, or its last 4 characters (a search by 证件号 is audited).
    pub id_number: Option<String>,
    /// Person status key.
    pub status: Option<String>,
    /// 校验结果 key.
    pub outcome: Option<String>,
    /// 代扣类型 key.
    pub deduction_type: Option<String>,
    /// 代扣结果: `succeeded` (代扣成功), `failed` (代扣失败) or `none` (not withheld).
    pub withholding_result: Option<String>,
    /// Keyset paging: the rows after the one this cursor (a previous page's `next`) names.
    /// With `after`, `page` only numbers the answer; the rows never shift when others are
    /// added or deleted before them, and every page costs the same.
    pub after: Option<String>,
    /// Page number, from 1.
    #[serde(default, deserialize_with = "crate::page::bounded::page")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1_000_000))]
    pub page: Option<u64>,
    /// Rows per page (default 10, at most 100).
    #[serde(default, deserialize_with = "crate::page::bounded::page_size")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub page_size: Option<u64>,
}

/// 批量删除: the checked people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterDeletionIn {
    /// Entry ids.
    pub ids: Vec<Uuid>,
}

/// One reason an import was refused (导入失败原因).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportErrorOut {
    /// Spreadsheet row as the operator sees it; `null` for the whole file.
    pub row: Option<u32>,
    /// Column (`name`, `doc_type`, `id_number`, `birth_date`, `sex`, `mobile`), if one.
    pub column: Option<String>,
    /// Column in Chinese, if one.
    pub column_label: Option<String>,
    /// Why, in Chinese.
    pub message: String,
}

/// 沿用上年度名单: who was taken over, and who not and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RenewalOut {
    /// People taken over (marked `renewed`).
    pub renewed: u64,
    /// Left out: last year's verification found them deceased (死亡).
    pub deceased: u64,
    /// Left out: already in another batch of this plan year.
    pub enrolled_elsewhere: u64,
    /// Left out by this year's import rules, each with its reason (row = the person's
    /// place in last year's list, from 2).
    pub refused: Vec<ImportErrorOut>,
    /// The outcome in one sentence, e.g. 已沿用上年度名单12人；未沿用：已故1人。
    pub message: String,
    /// The batch after it (new status and version).
    pub batch: BatchOut,
}

/// A successful import: the list was replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportOut {
    /// 成功导入参保人数.
    pub imported: u64,
    /// The batch after the import (new status and version).
    pub batch: BatchOut,
}

/// A person added by hand (or changed, e.g. an anomaly resolved), and the batch after it
/// (new status and version).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonAddedOut {
    /// The new person (masked).
    pub person: RosterEntryOut,
    /// The batch after the change.
    pub batch: BatchOut,
}
