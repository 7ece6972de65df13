//! The batch features' error: a refusal of the state machine keeps its kind on the wire
//! (`details.reason`); everything else is the shared vocabulary.

use api_types::{ErrorCode, RefusalReason};
use domain::BatchRefusal;

use crate::error::{Failure, ServiceError};

/// Why a change of a batch (or its roster) was refused.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The state machine refused the action.
    #[error(transparent)]
    Refused(#[from] BatchRefusal),
    /// Anything else.
    #[error(transparent)]
    Service(#[from] ServiceError),
}

impl From<sea_orm::DbErr> for BatchError {
    fn from(err: sea_orm::DbErr) -> Self {
        BatchError::Service(err.into())
    }
}

/// Shorthand for batch service results.
pub type BatchResult<T> = Result<T, BatchError>;

/// The kind of a refusal, as sent in `details.reason`.
pub fn reason_of(r: &BatchRefusal) -> RefusalReason {
    use BatchRefusal as B;
    use RefusalReason as R;
    match r {
        B::NotAllowedInStatus { .. } => R::NotAllowedInStatus,
        B::PaymentMethodAlreadyChosen => R::PaymentMethodAlreadyChosen,
        B::PaymentMethodNotChosen => R::PaymentMethodNotChosen,
        B::WithholdingChannelClosed => R::WithholdingChannelClosed,
        B::WindowClosed => R::WindowClosed,
        B::EmptyRoster => R::EmptyRoster,
        B::NothingToDelete => R::NothingToDelete,
        B::DeletionExceedsRoster => R::DeletionExceedsRoster,
        B::BlockingAnomalies(_) => R::BlockingAnomalies,
        B::UncheckedPeople(_) => R::UncheckedPeople,
        B::ReviewRequirementsUnmet => R::ReviewRequirementsUnmet,
        B::WithholdingDetailsIncomplete => R::WithholdingDetailsIncomplete,
        B::NotWithholdingBatch => R::NotWithholdingBatch,
        B::WithholdingApplicationClosed => R::WithholdingApplicationClosed,
        B::NoWithholdablePeople => R::NoWithholdablePeople,
        B::WithholdingNotApplied => R::WithholdingNotApplied,
        B::OnlyFailedDeductionsDeletable => R::OnlyFailedDeductionsDeletable,
        B::TooManyDeletions(_) => R::TooManyDeletions,
        B::CannotDeleteEveryone => R::CannotDeleteEveryone,
        B::RatioWouldBreak => R::RatioWouldBreak,
        B::VouchersUnbalanced => R::VouchersUnbalanced,
    }
}

impl Failure for BatchError {
    /// 409 when the status forbids the action (or the method was chosen already), 422
    /// when a rule (window, method, …) does.
    fn code(&self) -> ErrorCode {
        match self {
            BatchError::Refused(
                BatchRefusal::NotAllowedInStatus { .. } | BatchRefusal::PaymentMethodAlreadyChosen,
            ) => ErrorCode::Conflict,
            BatchError::Refused(_) => ErrorCode::RuleRefused,
            BatchError::Service(e) => e.code(),
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        let r = match self {
            BatchError::Refused(r) => r,
            BatchError::Service(e) => return e.details(),
        };
        let mut details = serde_json::json!({ "reason": reason_of(r) });
        match r {
            BatchRefusal::NotAllowedInStatus { status, action } => {
                details["status"] = serde_json::json!(status);
                details["action"] = serde_json::json!(action);
            }
            BatchRefusal::BlockingAnomalies(n)
            | BatchRefusal::UncheckedPeople(n)
            | BatchRefusal::TooManyDeletions(n) => {
                details["count"] = (*n).into();
            }
            _ => {}
        }
        Some(details)
    }
}
