//! Applications a unit makes to the association (申请): an enrollment code (参保编码申请)
//! or a new unit name (修改单位名称). Both share one life cycle: 申请中 → 审核通过, or
//! 审核不通过 → edited and resubmitted → 申请中.

use serde::{Deserialize, Serialize};

use crate::batch::Actor;

/// What is applied for (申请类型).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationKind {
    /// 参保编码申请: a unit without a code asks for one.
    EnrollmentCode,
    /// 修改单位名称: the unit's registered name changed.
    NameChange,
}

impl ApplicationKind {
    /// The manual's wording.
    pub fn label_zh(&self) -> &'static str {
        match self {
            ApplicationKind::EnrollmentCode => "参保编码申请",
            ApplicationKind::NameChange => "单位名称修改申请",
        }
    }
}

/// Where an application stands (申请状态).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    /// 申请中: waiting for a reviewer.
    Pending,
    /// 审核通过
    Approved,
    /// 审核不通过: the unit may edit and resubmit.
    Rejected,
}

impl ApplicationStatus {
    /// Every status.
    pub const ALL: [ApplicationStatus; 3] = [
        ApplicationStatus::Pending,
        ApplicationStatus::Approved,
        ApplicationStatus::Rejected,
    ];

    /// The manual's wording.
    pub fn label_zh(&self) -> &'static str {
        match self {
            ApplicationStatus::Pending => "申请中",
            ApplicationStatus::Approved => "审核通过",
            ApplicationStatus::Rejected => "审核不通过",
        }
    }

    /// True while a reviewer has to decide (a unit has at most one such application of a kind).
    pub fn is_open(&self) -> bool {
        *self == ApplicationStatus::Pending
    }

    /// The status after `action`, or why it is refused.
    pub fn apply(self, action: ApplicationAction) -> Result<ApplicationStatus, ApplicationRefusal> {
        use ApplicationAction as A;
        use ApplicationStatus as S;
        match (self, action) {
            (S::Pending, A::Approve) => Ok(S::Approved),
            (S::Pending, A::Reject) => Ok(S::Rejected),
            (_, A::Approve | A::Reject) => Err(ApplicationRefusal::NotPending),
            (S::Rejected, A::Resubmit) => Ok(S::Pending),
            (_, A::Resubmit) => Err(ApplicationRefusal::NotRejected),
        }
    }
}

/// What can be done to a submitted application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationAction {
    /// 修改后重新提交 (after a rejection).
    Resubmit,
    /// 审核通过
    Approve,
    /// 审核不通过 (with a reason)
    Reject,
}

impl ApplicationAction {
    /// Who may do it.
    pub fn actor(&self) -> Actor {
        match self {
            ApplicationAction::Resubmit => Actor::Unit,
            ApplicationAction::Approve | ApplicationAction::Reject => Actor::Reviewer,
        }
    }

    /// Whether `actor` may do it.
    pub fn permits(&self, actor: Actor) -> bool {
        self.actor() == actor
    }
}

/// Why an application's action was refused; the status stays as it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum ApplicationRefusal {
    /// Only 申请中 applications are decided (and only once).
    #[error("该申请不是申请中状态，不能重复审核")]
    NotPending,
    /// Only rejected applications are edited and resubmitted.
    #[error("只有审核不通过的申请可以修改后重新提交")]
    NotRejected,
}

/// Longest reject reason (不通过原因), in characters.
pub const REJECT_REASON_MAX: usize = 500;

/// Why a reject reason was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RejectReasonError {
    /// Rejected without saying why.
    #[error("审核不通过时请填写不通过原因")]
    Missing,
    /// Too long.
    #[error("不通过原因不能超过500个字")]
    TooLong,
    /// Invisible, bidirectional-control or private-use characters (see
    /// [`crate::is_refused_in_text`]); line breaks are allowed in a reason.
    #[error("不通过原因不能包含零宽字符、文字方向控制符等不可见字符或私用区字符")]
    Invisible,
}

/// Checks a reviewer's reject reason: required, at most [`REJECT_REASON_MAX`] characters;
/// answers it trimmed.
pub fn reject_reason(raw: Option<&str>) -> Result<String, RejectReasonError> {
    let reason = raw.map(str::trim).unwrap_or_default();
    if reason.is_empty() {
        return Err(RejectReasonError::Missing);
    }
    if reason.chars().count() > REJECT_REASON_MAX {
        return Err(RejectReasonError::TooLong);
    }
    let allowed = |c: char| matches!(c, '\n' | '\r' | '\t') || !crate::is_refused_in_text(c);
    if !reason.chars().all(allowed) {
        return Err(RejectReasonError::Invisible);
    }
    Ok(reason.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationAction as A;
    use ApplicationStatus as S;

    #[test]
    fn the_life_cycle_of_the_manual() {
        assert_eq!(S::Pending.apply(A::Approve), Ok(S::Approved));
        assert_eq!(S::Pending.apply(A::Reject), Ok(S::Rejected));
        assert_eq!(S::Rejected.apply(A::Resubmit), Ok(S::Pending));
    }

    #[test]
    fn decisions_happen_once_and_only_rejections_are_resubmitted() {
        for s in [S::Approved, S::Rejected] {
            assert_eq!(s.apply(A::Approve), Err(ApplicationRefusal::NotPending));
            assert_eq!(s.apply(A::Reject), Err(ApplicationRefusal::NotPending));
        }
        for s in [S::Pending, S::Approved] {
            assert_eq!(s.apply(A::Resubmit), Err(ApplicationRefusal::NotRejected));
        }
    }

    #[test]
    fn reviewers_decide_and_units_resubmit() {
        assert!(A::Approve.permits(Actor::Reviewer));
        assert!(!A::Approve.permits(Actor::Unit));
        assert!(!A::Reject.permits(Actor::Admin));
        assert!(A::Resubmit.permits(Actor::Unit));
        assert!(!A::Resubmit.permits(Actor::Reviewer));
    }

    #[test]
    fn only_pending_applications_are_open() {
        let open: Vec<S> = S::ALL.into_iter().filter(S::is_open).collect();
        assert_eq!(open, vec![S::Pending]);
    }

    #[test]
    fn reject_reasons_are_required_and_bounded() {
        assert_eq!(reject_reason(None), Err(RejectReasonError::Missing));
        assert_eq!(reject_reason(Some("  ")), Err(RejectReasonError::Missing));
        assert_eq!(reject_reason(Some(" 缺少材料 ")), Ok("缺少材料".to_owned()));
        let long = "字".repeat(REJECT_REASON_MAX + 1);
        assert_eq!(reject_reason(Some(&long)), Err(RejectReasonError::TooLong));
        assert!(reject_reason(Some(&"字".repeat(REJECT_REASON_MAX))).is_ok());
    }

    #[test]
    fn reject_reasons_keep_line_breaks_but_refuse_invisible_characters() {
        assert!(reject_reason(Some("缺少材料\n请补充")).is_ok());
        for hidden in ["缺少\u{200B}材料", "缺少\u{202E}材料", "缺少\u{E000}材料"] {
            assert_eq!(
                reject_reason(Some(hidden)),
                Err(RejectReasonError::Invisible)
            );
        }
    }
}
