//! System verification (系统校验) of each person against social-security data, and the
//! reasons given for people with no social-security match.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::name::PersonName;
use crate::roster::RosterEntry;
use crate::year_month::YearMonth;

/// Employment status in the social-security records (职退情况).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SsStatus {
    /// 退休
    Retired,
    /// 在职
    Active,
    /// 死亡
    Deceased,
    /// 未知
    Unknown,
}

impl SsStatus {
    /// Chinese wording.
    pub fn label_zh(&self) -> &'static str {
        match self {
            SsStatus::Retired => "退休",
            SsStatus::Active => "在职",
            SsStatus::Deceased => "死亡",
            SsStatus::Unknown => "未知",
        }
    }
}

/// What the social-security interface returns for one ID number (社保信息).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SocialSecurityRecord {
    /// 社保姓名
    pub name: String,
    /// 职退情况
    pub status: SsStatus,
    /// 退休年月; `None` when empty or unreadable.
    pub retirement_month: Option<YearMonth>,
    /// 社保编号 of the unit, if any.
    pub ss_code: Option<String>,
    /// Unit name on that code.
    pub ss_unit_name: Option<String>,
    /// 可否代扣: the pension can be withheld.
    pub withholdable: bool,
}

/// Per-person verification result (校验结果).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerificationOutcome {
    /// 校验通过
    Passed,
    /// 参保姓名和社保姓名不一致
    NameMismatch,
    /// 退休年月为空或值无效
    RetirementMonthInvalid,
    /// 已经修改退休年月 (the operator entered it)
    RetirementMonthEdited,
    /// 死亡
    Deceased,
    /// 未匹配到社保信息
    NoSocialSecurity,
    /// 非退休人员 (inferred: the plan is for retirees)
    NotRetired,
}

impl VerificationOutcome {
    /// The manual's wording.
    pub fn label_zh(&self) -> &'static str {
        match self {
            VerificationOutcome::Passed => "校验通过",
            VerificationOutcome::NameMismatch => "参保姓名和社保姓名不一致",
            VerificationOutcome::RetirementMonthInvalid => "退休年月为空或值无效",
            VerificationOutcome::RetirementMonthEdited => "已经修改退休年月",
            VerificationOutcome::Deceased => "死亡",
            VerificationOutcome::NoSocialSecurity => "未匹配到社保信息",
            VerificationOutcome::NotRetired => "非退休人员",
        }
    }
}

/// Whether a pension can be withheld (代扣类型).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeductionType {
    /// 可代扣
    Withholdable,
    /// 不可代扣
    NotWithholdable,
}

impl DeductionType {
    /// The manual's wording.
    pub fn label_zh(&self) -> &'static str {
        match self {
            DeductionType::Withholdable => "可代扣",
            DeductionType::NotWithholdable => "不可代扣",
        }
    }
}

/// What the operator may do about an outcome (异常处理操作).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// 确认: overwrite the name with the social-security name.
    ConfirmSsName,
    /// 删除: remove the person.
    Delete,
    /// 编辑: enter the retirement month.
    EditRetirementMonth,
}

impl Resolution {
    /// The manual's button wording.
    pub fn label_zh(&self) -> &'static str {
        match self {
            Resolution::ConfirmSsName => "确认",
            Resolution::Delete => "删除",
            Resolution::EditRetirementMonth => "编辑",
        }
    }
}

/// Why a resolution was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolutionError {
    /// The resolution does not apply to this outcome.
    #[error("校验结果为“{}”的人员不能执行“{}”操作", .outcome.label_zh(), .resolution.label_zh())]
    NotApplicable {
        /// Current outcome.
        outcome: VerificationOutcome,
        /// Refused resolution.
        resolution: Resolution,
    },
}

/// Classifies one person. Checks run in the order an operator would fix them: death,
/// not retired, retirement month, name; an `Unknown` status counts as no match.
/// `edited_retirement_month` is what the operator entered after an earlier run.
pub fn classify(
    entry: &RosterEntry,
    record: Option<&SocialSecurityRecord>,
    edited_retirement_month: Option<YearMonth>,
) -> VerificationOutcome {
    use VerificationOutcome as V;
    let Some(record) = record else {
        return V::NoSocialSecurity;
    };
    match record.status {
        SsStatus::Unknown => return V::NoSocialSecurity,
        SsStatus::Deceased => return V::Deceased,
        SsStatus::Active => return V::NotRetired,
        SsStatus::Retired => {}
    }
    let valid_month = |m: YearMonth| m.first_day().is_some_and(|d| d > entry.birth_date);
    let record_month_ok = record.retirement_month.is_some_and(valid_month);
    let edited_ok = edited_retirement_month.is_some_and(valid_month);
    if !record_month_ok && !edited_ok {
        return V::RetirementMonthInvalid;
    }
    let same_name = PersonName::parse(&record.name).is_ok_and(|n| n == entry.name);
    if !same_name {
        return V::NameMismatch;
    }
    if record_month_ok {
        V::Passed
    } else {
        V::RetirementMonthEdited
    }
}

/// 是否删除: whether the person can only be deleted (死亡, 非退休人员: the plan is for
/// living retirees), as the roster's column shows it.
pub fn must_be_deleted(outcome: VerificationOutcome) -> bool {
    matches!(
        outcome,
        VerificationOutcome::Deceased | VerificationOutcome::NotRetired
    )
}

/// 代扣类型 shown beside an outcome: none for people who must be deleted.
pub fn deduction_type(
    outcome: VerificationOutcome,
    record: Option<&SocialSecurityRecord>,
) -> Option<DeductionType> {
    match outcome {
        o if must_be_deleted(o) => None,
        VerificationOutcome::NoSocialSecurity => Some(DeductionType::NotWithholdable),
        _ => Some(match record {
            Some(r) if r.withholdable => DeductionType::Withholdable,
            _ => DeductionType::NotWithholdable,
        }),
    }
}

/// The operator's options for an outcome (delete is always possible before review).
pub fn allowed_resolutions(outcome: VerificationOutcome) -> &'static [Resolution] {
    use Resolution as R;
    match outcome {
        VerificationOutcome::NameMismatch => &[R::ConfirmSsName, R::Delete],
        VerificationOutcome::RetirementMonthInvalid => &[R::EditRetirementMonth, R::Delete],
        _ => &[R::Delete],
    }
}

/// The outcome after a resolution (`None` = the person is deleted). The platform shows it
/// until the next verification run re-classifies the person.
pub fn resolve(
    outcome: VerificationOutcome,
    resolution: Resolution,
) -> Result<Option<VerificationOutcome>, ResolutionError> {
    if !allowed_resolutions(outcome).contains(&resolution) {
        return Err(ResolutionError::NotApplicable {
            outcome,
            resolution,
        });
    }
    Ok(match resolution {
        Resolution::Delete => None,
        Resolution::ConfirmSsName => Some(VerificationOutcome::Passed),
        Resolution::EditRetirementMonth => Some(VerificationOutcome::RetirementMonthEdited),
    })
}

/// Whether an outcome keeps 提交职保会审核 disabled until handled.
pub fn blocks_submission(outcome: VerificationOutcome) -> bool {
    matches!(
        outcome,
        VerificationOutcome::NameMismatch
            | VerificationOutcome::RetirementMonthInvalid
            | VerificationOutcome::Deceased
            | VerificationOutcome::NotRetired
    )
}

/// Why a person has no social-security match (无社保人员情形).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoSsReason {
    /// 新退休: retired between 1 July last year and 30 June this year.
    NewlyRetired,
    /// 干保
    CadreInsurance,
    /// 出国
    Abroad,
    /// 其他 (如：社保封存等): remark and attachment required.
    Other,
}

impl NoSsReason {
    /// The manual's wording.
    pub fn label_zh(&self) -> &'static str {
        match self {
            NoSsReason::NewlyRetired => "新退休",
            NoSsReason::CadreInsurance => "干保",
            NoSsReason::Abroad => "出国",
            NoSsReason::Other => "其他",
        }
    }
}

/// Why a no-social-security reason is incomplete.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoSsReasonError {
    /// 其他 without a remark.
    #[error("选择“其他”时须填写备注")]
    RemarkRequired,
    /// 其他 without an attachment.
    #[error("选择“其他”时须上传附件")]
    AttachmentRequired,
    /// 新退休 with a retirement month outside the window.
    #[error("新退休人员须在{from}至{to}期间办理退休")]
    NotNewlyRetired {
        /// Window start (1 July of the previous year).
        from: NaiveDate,
        /// Window end (30 June of the plan year).
        to: NaiveDate,
    },
}

/// The 新退休 window of a plan year: 1 July of the previous year to 30 June of the plan
/// year, both inclusive; `None` for an unrepresentable year.
pub fn newly_retired_window(plan_year: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_ymd_opt(plan_year - 1, 7, 1)?,
        NaiveDate::from_ymd_opt(plan_year, 6, 30)?,
    ))
}

/// Checks a reason: 其他 needs a remark and an attachment; 新退休 with a known retirement
/// month must fall in [`newly_retired_window`] (the month is optional: the operator
/// declares it and the reviewer judges).
pub fn check_no_ss_reason(
    reason: NoSsReason,
    remark: Option<&str>,
    has_attachment: bool,
    retirement_month: Option<YearMonth>,
    plan_year: i32,
) -> Result<(), NoSsReasonError> {
    match reason {
        NoSsReason::Other => {
            if remark.map(str::trim).unwrap_or_default().is_empty() {
                return Err(NoSsReasonError::RemarkRequired);
            }
            if !has_attachment {
                return Err(NoSsReasonError::AttachmentRequired);
            }
            Ok(())
        }
        NoSsReason::NewlyRetired => {
            let (Some((from, to)), Some(month)) =
                (newly_retired_window(plan_year), retirement_month)
            else {
                return Ok(());
            };
            match month.first_day() {
                Some(d) if d >= from && d <= to => Ok(()),
                _ => Err(NoSsReasonError::NotNewlyRetired { from, to }),
            }
        }
        NoSsReason::CadreInsurance | NoSsReason::Abroad => Ok(()),
    }
}
