//! The batch state machine, path by path.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on bad setup

use domain::batch::{Actor, BatchAction as A, BatchContext, BatchRefusal, BatchStatus as S};
use domain::PaymentMethod;

fn ctx(method: Option<PaymentMethod>) -> BatchContext {
    BatchContext {
        payment_method: method,
        roster_size: 10,
        deletion_count: 1,
        enrollment_window_open: true,
        withholding_channel_open: true,
        withholding_application_open: true,
        withholding_details_complete: true,
        blocking_anomalies: 0,
        unchecked_people: 0,
        review_requirements_met: true,
        withholdable_count: 8,
        failed_deductions: 2,
        ratio_holds_after_deletion: true,
        vouchers_balanced: true,
    }
}

fn run(start: S, steps: &[A], c: &BatchContext) -> S {
    steps.iter().fold(start, |s, a| {
        s.apply(*a, c)
            .unwrap_or_else(|e| panic!("{a:?} in {s:?}: {e}"))
            .to
    })
}

#[test]
fn withholding_happy_path() {
    let c = ctx(Some(PaymentMethod::Withholding));
    let end = run(
        S::RosterPending,
        &[
            A::ImportRoster,
            A::StartVerification,
            A::FinishVerification,
            A::SubmitForReview,
            A::Approve,
            A::ApplyForWithholding,
            A::RecordWithholdingResults,
            A::DeleteFailedDeduction,
            A::ConfirmRoster,
            A::SubmitVouchers,
            A::RejectVouchers,
            A::SubmitVouchers,
            A::ApproveVouchers,
        ],
        &c,
    );
    assert_eq!(end, S::Completed);
    assert!(end.allowed_actions(&c).is_empty());
}

#[test]
fn voucher_path_skips_withholding() {
    let c = ctx(Some(PaymentMethod::Voucher));
    let s = run(
        S::VerificationPending,
        &[
            A::StartVerification,
            A::FinishVerification,
            A::SubmitForReview,
            A::Approve,
        ],
        &c,
    );
    assert_eq!(s, S::ReviewApproved);
    assert_eq!(
        s.apply(A::ApplyForWithholding, &c),
        Err(BatchRefusal::NotWithholdingBatch)
    );
    assert_eq!(
        s.apply(A::ConfirmRoster, &c).unwrap().to,
        S::VouchersPending
    );
}

#[test]
fn payment_method_is_chosen_once() {
    let none = ctx(None);
    let t = S::RosterPending
        .apply(A::ChoosePaymentMethod(PaymentMethod::Voucher), &none)
        .unwrap();
    assert_eq!(t.to, S::RosterPending);
    assert!(!t.changed());
    assert_eq!(t.chosen_payment_method(), Some(PaymentMethod::Voucher));
    let chosen = ctx(Some(PaymentMethod::Voucher));
    assert_eq!(
        S::RosterPending.apply(A::ChoosePaymentMethod(PaymentMethod::Withholding), &chosen),
        Err(BatchRefusal::PaymentMethodAlreadyChosen)
    );
    assert_eq!(
        S::RosterPending.apply(A::ImportRoster, &none),
        Err(BatchRefusal::PaymentMethodNotChosen)
    );
}

#[test]
fn withholding_channel_closes() {
    let mut c = ctx(None);
    c.withholding_channel_open = false;
    assert_eq!(
        S::RosterPending.apply(A::ChoosePaymentMethod(PaymentMethod::Withholding), &c),
        Err(BatchRefusal::WithholdingChannelClosed)
    );
    assert!(S::RosterPending
        .apply(A::ChoosePaymentMethod(PaymentMethod::Voucher), &c)
        .is_ok());
    let allowed = S::RosterPending.allowed_actions(&c);
    assert!(allowed.contains(&A::ChoosePaymentMethod(PaymentMethod::Voucher)));
    assert!(!allowed.contains(&A::ChoosePaymentMethod(PaymentMethod::Withholding)));
}

#[test]
fn deletion_until_submitted_and_after_rejection() {
    let c = ctx(Some(PaymentMethod::Voucher));
    for s in [
        S::RosterPending,
        S::VerificationPending,
        S::Verified,
        S::ReviewRejected,
    ] {
        assert!(s.can_delete(), "{s:?}");
        assert!(s.apply(A::DeleteBatch, &c).unwrap().removes_batch());
    }
    for s in [
        S::Verifying,
        S::UnderReview,
        S::ReviewApproved,
        S::WithholdingDone,
        S::Completed,
    ] {
        assert!(!s.can_delete(), "{s:?}");
        let err = s.apply(A::DeleteBatch, &c).unwrap_err();
        assert!(matches!(err, BatchRefusal::NotAllowedInStatus { .. }));
    }
    let err = S::UnderReview.apply(A::DeleteBatch, &c).unwrap_err();
    assert_eq!(err.to_string(), "批次状态为“职保会审核中”时不能批次删除");
}

#[test]
fn roster_edits() {
    let c = ctx(Some(PaymentMethod::Withholding));
    assert_eq!(
        S::Verified.apply(A::AddPerson, &c).unwrap().to,
        S::VerificationPending
    );
    assert_eq!(
        S::Verified.apply(A::DeletePerson, &c).unwrap().to,
        S::Verified
    );
    assert_eq!(
        S::ReviewRejected.apply(A::DeletePerson, &c).unwrap().to,
        S::ReviewRejected
    );
    assert_eq!(
        S::Verified.apply(A::ClearRoster, &c).unwrap().to,
        S::RosterPending
    );
    let mut last = c.clone();
    last.deletion_count = 10;
    assert_eq!(
        S::VerificationPending
            .apply(A::DeletePerson, &last)
            .unwrap()
            .to,
        S::RosterPending
    );
    last.deletion_count = 11;
    assert_eq!(
        S::VerificationPending.apply(A::DeletePerson, &last),
        Err(BatchRefusal::DeletionExceedsRoster)
    );
    assert!(S::Verifying.apply(A::AddPerson, &c).is_err());
    assert!(S::UnderReview.apply(A::DeletePerson, &c).is_err());
    assert!(S::ReviewApproved.apply(A::ImportRoster, &c).is_err());
    assert!(S::Verified.can_edit_roster(&c));
    assert!(!S::UnderReview.can_edit_roster(&c));
    let mut closed = c.clone();
    closed.enrollment_window_open = false;
    assert_eq!(
        S::Verified.apply(A::AddPerson, &closed),
        Err(BatchRefusal::WindowClosed)
    );
    assert!(!S::Verified.can_edit_roster(&closed));
}

#[test]
fn after_withholding_only_failed_people_may_go() {
    let mut c = ctx(Some(PaymentMethod::Withholding));
    let s = S::WithholdingDone;
    assert!(s.can_edit_roster(&c));
    assert_eq!(
        s.apply(A::DeletePerson, &c),
        Err(BatchRefusal::OnlyFailedDeductionsDeletable)
    );
    assert_eq!(s.apply(A::DeleteFailedDeduction, &c).unwrap().to, s);
    assert_eq!(s.apply(A::AddPerson, &c).map(|t| t.to).ok(), None);
    c.ratio_holds_after_deletion = false;
    assert_eq!(
        s.apply(A::DeleteFailedDeduction, &c),
        Err(BatchRefusal::RatioWouldBreak)
    );
    c.ratio_holds_after_deletion = true;
    c.deletion_count = 3;
    assert_eq!(
        s.apply(A::DeleteFailedDeduction, &c),
        Err(BatchRefusal::TooManyDeletions(2))
    );
    c.failed_deductions = 0;
    assert!(!s.can_edit_roster(&c));
}

#[test]
fn review_materials_are_prepared_before_submission_or_after_rejection() {
    let c = ctx(Some(PaymentMethod::Voucher));
    for s in [S::Verified, S::ReviewRejected] {
        assert_eq!(s.apply(A::PrepareReview, &c).map(|t| t.to), Ok(s));
    }
    for s in [S::UnderReview, S::ReviewApproved, S::Verifying] {
        assert!(s.apply(A::PrepareReview, &c).is_err(), "{s:?}");
    }
    assert!(S::ReviewApproved.counts_as_enrolled() && S::Completed.counts_as_enrolled());
    assert!(!S::UnderReview.counts_as_enrolled() && !S::ReviewRejected.counts_as_enrolled());
}

#[test]
fn submission_requirements() {
    let mut c = ctx(Some(PaymentMethod::Withholding));
    c.unchecked_people = 1;
    assert_eq!(
        S::ReviewRejected.apply(A::SubmitForReview, &c),
        Err(BatchRefusal::UncheckedPeople(1))
    );
    c.unchecked_people = 0;
    c.blocking_anomalies = 2;
    let err = S::Verified.apply(A::SubmitForReview, &c).unwrap_err();
    assert_eq!(err, BatchRefusal::BlockingAnomalies(2));
    assert!(err.to_string().contains("2名"));
    c.blocking_anomalies = 0;
    c.review_requirements_met = false;
    assert_eq!(
        S::Verified.apply(A::SubmitForReview, &c),
        Err(BatchRefusal::ReviewRequirementsUnmet)
    );
    c.review_requirements_met = true;
    c.withholding_details_complete = false;
    assert_eq!(
        S::Verified.apply(A::SubmitForReview, &c),
        Err(BatchRefusal::WithholdingDetailsIncomplete)
    );
    c.roster_size = 0;
    assert_eq!(
        S::VerificationPending.apply(A::StartVerification, &c),
        Err(BatchRefusal::EmptyRoster)
    );
}

#[test]
fn withholding_application_rules() {
    let mut c = ctx(Some(PaymentMethod::Withholding));
    let s = S::ReviewApproved;
    assert_eq!(
        s.apply(A::ConfirmRoster, &c),
        Err(BatchRefusal::WithholdingNotApplied)
    );
    c.withholdable_count = 0;
    assert_eq!(
        s.apply(A::ApplyForWithholding, &c),
        Err(BatchRefusal::NoWithholdablePeople)
    );
    assert_eq!(
        s.apply(A::ConfirmRoster, &c).unwrap().to,
        S::VouchersPending
    );
    c.withholdable_count = 5;
    c.withholding_application_open = false;
    assert_eq!(
        s.apply(A::ApplyForWithholding, &c),
        Err(BatchRefusal::WithholdingApplicationClosed)
    );
    assert_eq!(
        s.apply(A::ConfirmRoster, &c).unwrap().to,
        S::VouchersPending
    );
}

#[test]
fn review_and_vouchers() {
    let mut c = ctx(Some(PaymentMethod::Voucher));
    assert_eq!(
        S::UnderReview.apply(A::Reject, &c).unwrap().to,
        S::ReviewRejected
    );
    assert_eq!(
        S::ReviewRejected.apply(A::SubmitForReview, &c).unwrap().to,
        S::UnderReview
    );
    c.vouchers_balanced = false;
    assert_eq!(
        S::VouchersPending.apply(A::SubmitVouchers, &c),
        Err(BatchRefusal::VouchersUnbalanced)
    );
    assert_eq!(A::Approve.actor(), Actor::Reviewer);
    assert_eq!(A::FinishVerification.actor(), Actor::System);
    assert_eq!(A::ImportRoster.actor(), Actor::Unit);
    assert!(A::ImportRoster.permits(Actor::Unit));
    assert!(!A::ImportRoster.permits(Actor::Reviewer));
    assert!(!A::Approve.permits(Actor::Unit));
    assert!(!A::Approve.permits(Actor::Admin));
    assert!(A::Approve.permits(Actor::Reviewer));
}

#[test]
fn labels_and_serde() {
    assert_eq!(S::ALL.len(), 13);
    assert_eq!(S::RosterPending.label_zh(), "名单待导入");
    assert_eq!(S::Completed.label_zh(), "凭证审核通过");
    assert_eq!(PaymentMethod::Withholding.label_zh(), "委托代扣款缴费参保");
    assert_eq!(
        serde_json::to_string(&S::ReviewRejected).unwrap(),
        "\"review_rejected\""
    );
    assert_eq!(
        serde_json::to_string(&A::SubmitForReview).unwrap(),
        "\"submit_for_review\""
    );
    assert_eq!(
        serde_json::to_string(&A::ChoosePaymentMethod(PaymentMethod::Voucher)).unwrap(),
        r#"{"choose_payment_method":"voucher"}"#
    );
    let mut labels: Vec<_> = S::ALL.iter().map(|s| s.label_zh()).collect();
    labels.sort_unstable();
    labels.dedup();
    assert_eq!(labels.len(), 13);
}
