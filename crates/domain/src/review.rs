//! 提交职保会审核 (SPEC §10): what each social-security code (社保编号) and each person
//! without a social-security match still needs before a batch may go to the reviewer, and
//! what a reviewer's rejection must say. The server decides with these functions; the SPA
//! runs the very same ones for its live preview.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::application::{reject_reason, RejectReasonError};
use crate::ratio::Ratio;
use crate::verification::{check_no_ss_reason, newly_retired_window, NoSsReason, NoSsReasonError};
use crate::year_month::YearMonth;

/// The figures of one social-security code among a batch's people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeFacts {
    /// 社保编号.
    pub ss_code: String,
    /// 社保人数, 参保人数 and 已参保人数.
    pub ratio: Ratio,
    /// People of this batch on the code who retired in the 新退休 window.
    pub newly_retired_here: u32,
    /// 相关材料 uploaded for the code.
    pub materials: u32,
}

/// Where a code stands against the ratio threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeStanding {
    /// 参保比例 reaches the threshold.
    Meets,
    /// Below it, but every person of this batch on the code is a new retiree
    /// (新退休人员无需上传材料).
    NewlyRetiredOnly,
    /// Below it, materials uploaded.
    MaterialsUploaded,
    /// Below it, nothing uploaded yet: blocks submission.
    MaterialsMissing,
}

impl CodeStanding {
    /// True unless materials are missing.
    pub fn satisfied(&self) -> bool {
        !matches!(self, CodeStanding::MaterialsMissing)
    }

    /// 附件上传状态 as the table shows it.
    pub fn label_zh(&self) -> &'static str {
        match self {
            CodeStanding::Meets => "已达标",
            CodeStanding::NewlyRetiredOnly => "新退休人员无需上传材料",
            CodeStanding::MaterialsUploaded => "已上传",
            CodeStanding::MaterialsMissing => "未上传",
        }
    }
}

/// Where one code stands. The exemption for new retirees is read from the manual's
/// “新退休人员无需上传材料” as: the shortfall comes only from new retirees when every person
/// this batch enrolls on the code retired in the window (inferred; the interface's head
/// count cannot say who the missing people are).
pub fn code_standing(facts: &CodeFacts, threshold_percent: u32) -> CodeStanding {
    if facts.ratio.meets(threshold_percent) {
        CodeStanding::Meets
    } else if facts.ratio.insured_here > 0 && facts.newly_retired_here >= facts.ratio.insured_here {
        CodeStanding::NewlyRetiredOnly
    } else if facts.materials > 0 {
        CodeStanding::MaterialsUploaded
    } else {
        CodeStanding::MaterialsMissing
    }
}

/// True when a retirement month falls in the plan year's 新退休 window (1 July of the
/// previous year to 30 June of the plan year).
pub fn is_newly_retired(month: YearMonth, plan_year: i32) -> bool {
    match (newly_retired_window(plan_year), month.first_day()) {
        (Some((from, to)), Some(day)) => day >= from && day <= to,
        _ => false,
    }
}

/// A person of the batch the interfaces did not find (未匹配到单位社保编码), with the
/// reason the operator gave so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnmatchedPerson {
    /// 姓名, for the messages.
    pub name: String,
    /// 社保类型 chosen, if any.
    pub reason: Option<NoSsReason>,
    /// 备注 (其它类型说明).
    pub remark: Option<String>,
    /// Whether an attachment is uploaded.
    pub has_attachment: bool,
    /// 退休年月 as far as known (entered by the operator).
    pub retirement_month: Option<YearMonth>,
}

/// Why one unmatched person is not ready.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonGap {
    /// No reason chosen.
    NoReason,
    /// The reason is incomplete or does not fit.
    Incomplete(NoSsReasonError),
}

/// The gap of one unmatched person, if any.
pub fn person_gap(person: &UnmatchedPerson, plan_year: i32) -> Option<PersonGap> {
    let Some(reason) = person.reason else {
        return Some(PersonGap::NoReason);
    };
    check_no_ss_reason(
        reason,
        person.remark.as_deref(),
        person.has_attachment,
        person.retirement_month,
        plan_year,
    )
    .err()
    .map(PersonGap::Incomplete)
}

/// One thing that keeps a batch from 提交职保会审核.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// A code below the threshold without materials.
    Materials {
        /// 社保编号.
        ss_code: String,
        /// 参保比例 as shown.
        ratio: String,
        /// The threshold, in percent.
        threshold_percent: u32,
    },
    /// An unmatched person without a complete reason.
    Reason {
        /// 姓名.
        name: String,
        /// What is wrong.
        gap: PersonGap,
    },
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Missing::Materials {
                ss_code,
                ratio,
                threshold_percent,
            } => write!(
                f,
                "社保编号 {ss_code} 参保比例 {ratio} 未达 {threshold_percent}%，请在“操作”栏点击“上传相关材料”"
            ),
            Missing::Reason {
                name,
                gap: PersonGap::NoReason,
            } => write!(f, "{name}：未匹配到社保信息，请选择其具体情形"),
            Missing::Reason {
                name,
                gap: PersonGap::Incomplete(err),
            } => write!(f, "{name}：{err}"),
        }
    }
}

/// Every code's standing (in the order given) and everything still missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readiness {
    /// One standing per code.
    pub codes: Vec<CodeStanding>,
    /// What keeps the batch from review, codes first, then people in the order given.
    pub missing: Vec<Missing>,
}

impl Readiness {
    /// True when nothing is missing.
    pub fn ready(&self) -> bool {
        self.missing.is_empty()
    }
}

/// Assesses a batch's codes and unmatched people against the plan year's threshold.
pub fn assess(
    codes: &[CodeFacts],
    unmatched: &[UnmatchedPerson],
    plan_year: i32,
    threshold_percent: u32,
) -> Readiness {
    let standings: Vec<CodeStanding> = codes
        .iter()
        .map(|c| code_standing(c, threshold_percent))
        .collect();
    let mut missing: Vec<Missing> = codes
        .iter()
        .zip(&standings)
        .filter(|(_, s)| !s.satisfied())
        .map(|(c, _)| Missing::Materials {
            ss_code: c.ss_code.clone(),
            ratio: c.ratio.display(),
            threshold_percent,
        })
        .collect();
    missing.extend(unmatched.iter().filter_map(|p| {
        person_gap(p, plan_year).map(|gap| Missing::Reason {
            name: p.name.clone(),
            gap,
        })
    }));
    Readiness {
        codes: standings,
        missing,
    }
}

/// Most reasons one rejection may give (per code and overall together).
pub const REJECTION_REASONS_MAX: usize = 50;

/// Why a rejection cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RejectionError {
    /// Neither an overall reason nor one for any code.
    #[error("审核不通过时请至少填写一条不通过原因（总体或按社保编号）")]
    NoReason,
    /// A reason is empty or too long.
    #[error(transparent)]
    Reason(#[from] RejectReasonError),
    /// Too many reasons.
    #[error("不通过原因过多（最多{REJECTION_REASONS_MAX}条）")]
    TooMany,
}

/// Checks a rejection's reasons (overall and per code, each as given): at least one, each
/// non-empty and at most 500 characters, at most [`REJECTION_REASONS_MAX`]; answers them
/// trimmed, in the same shape.
pub fn check_rejection(
    overall: &[String],
    per_code: &[Vec<String>],
) -> Result<(Vec<String>, Vec<Vec<String>>), RejectionError> {
    let count = overall.len() + per_code.iter().map(Vec::len).sum::<usize>();
    if count == 0 {
        return Err(RejectionError::NoReason);
    }
    if count > REJECTION_REASONS_MAX {
        return Err(RejectionError::TooMany);
    }
    let trim = |list: &[String]| -> Result<Vec<String>, RejectionError> {
        list.iter()
            .map(|r| reject_reason(Some(r)).map_err(RejectionError::from))
            .collect()
    };
    let overall = trim(overall)?;
    let per_code = per_code
        .iter()
        .map(|l| trim(l))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((overall, per_code))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(here: u32, elsewhere: u32, headcount: u32, newly: u32, materials: u32) -> CodeFacts {
        CodeFacts {
            ss_code: "C001".into(),
            ratio: Ratio::new(here, elsewhere, headcount),
            newly_retired_here: newly,
            materials,
        }
    }

    fn person(reason: Option<NoSsReason>, remark: Option<&str>, attached: bool) -> UnmatchedPerson {
        UnmatchedPerson {
            name: "张三".into(),
            reason,
            remark: remark.map(str::to_owned),
            has_attachment: attached,
            retirement_month: None,
        }
    }

    #[test]
    fn the_manuals_table() {
        // 14 of 424 (3.0 %) without materials blocks; with materials it is 已上传.
        assert_eq!(
            code_standing(&code(14, 0, 424, 0, 0), 75),
            CodeStanding::MaterialsMissing
        );
        assert_eq!(
            code_standing(&code(14, 0, 424, 0, 1), 75),
            CodeStanding::MaterialsUploaded
        );
        // 75 % exactly meets, counting the unit's other enrolled batches.
        assert_eq!(
            code_standing(&code(50, 25, 100, 0, 0), 75),
            CodeStanding::Meets
        );
        assert_eq!(
            code_standing(&code(50, 24, 100, 0, 0), 75),
            CodeStanding::MaterialsMissing
        );
    }

    #[test]
    fn new_retirees_need_no_materials_only_when_all_are_new() {
        assert_eq!(
            code_standing(&code(3, 0, 400, 3, 0), 75),
            CodeStanding::NewlyRetiredOnly
        );
        assert_eq!(
            code_standing(&code(3, 0, 400, 2, 0), 75),
            CodeStanding::MaterialsMissing
        );
    }

    #[test]
    fn the_window_is_july_to_june() {
        let m = |s: &str| YearMonth::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert!(is_newly_retired(m("2024-07"), 2025));
        assert!(is_newly_retired(m("2025-06"), 2025));
        assert!(!is_newly_retired(m("2024-06"), 2025));
        assert!(!is_newly_retired(m("2025-07"), 2025));
    }

    #[test]
    fn every_gap_is_named() {
        let r = assess(
            &[code(14, 0, 424, 0, 0), code(80, 0, 100, 0, 0)],
            &[
                person(None, None, false),
                person(Some(NoSsReason::Other), Some("社保封存"), false),
                person(Some(NoSsReason::Abroad), None, false),
            ],
            2025,
            75,
        );
        assert!(!r.ready());
        let lines: Vec<String> = r.missing.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "社保编号 C001 参保比例 3.0% 未达 75%，请在“操作”栏点击“上传相关材料”",
                "张三：未匹配到社保信息，请选择其具体情形",
                "张三：选择“其他”时须上传附件",
            ]
        );
        assert_eq!(
            r.codes,
            [CodeStanding::MaterialsMissing, CodeStanding::Meets]
        );
    }

    #[test]
    fn a_complete_batch_is_ready() {
        let r = assess(
            &[code(14, 0, 424, 0, 2)],
            &[person(Some(NoSsReason::Other), Some("社保封存"), true)],
            2025,
            75,
        );
        assert!(r.ready(), "{:?}", r.missing);
    }

    #[test]
    fn a_rejection_says_why() {
        assert_eq!(
            check_rejection(&[], &[vec![]]),
            Err(RejectionError::NoReason)
        );
        assert_eq!(
            check_rejection(&["  ".into()], &[]),
            Err(RejectionError::Reason(RejectReasonError::Missing))
        );
        let ok = check_rejection(&[], &[vec![" 缺少《社会保险业务核定表》 ".into()]]);
        assert_eq!(
            ok,
            Ok((vec![], vec![vec!["缺少《社会保险业务核定表》".into()]]))
        );
        let many = vec!["缺少材料".to_owned(); REJECTION_REASONS_MAX + 1];
        assert_eq!(check_rejection(&many, &[]), Err(RejectionError::TooMany));
    }
}
