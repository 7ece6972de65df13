//! Verification outcomes, no-social-security reasons and payment vouchers.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on bad setup

use chrono::NaiveDate;
use domain::id_number::resident_id_check_digit;
use domain::verification::*;
use domain::voucher::*;
use domain::*;

fn entry(name: &str) -> RosterEntry {
    let first17 = "31010419520101123";
    let number = format!("{first17}{}", resident_id_check_digit(first17).unwrap());
    let id_number = IdNumber::parse(DocumentType::ResidentId, &number).unwrap();
    RosterEntry {
        name: PersonName::parse(name).unwrap(),
        doc_type: DocumentType::ResidentId,
        birth_date: id_number.birth_date().unwrap(),
        sex: id_number.sex().unwrap(),
        id_number,
        mobile: None,
        mobile_raw: String::new(),
    }
}

fn record(name: &str, status: SsStatus, month: Option<&str>) -> SocialSecurityRecord {
    SocialSecurityRecord {
        name: name.to_owned(),
        status,
        retirement_month: month.map(|m| YearMonth::parse(m).unwrap()),
        ss_code: Some("C0001".into()),
        ss_unit_name: Some("上海某厂".into()),
        withholdable: true,
    }
}

#[test]
fn classification() {
    use VerificationOutcome as V;
    let e = entry("张三");
    let ok = record("张三", SsStatus::Retired, Some("2012-01"));
    assert_eq!(classify(&e, Some(&ok), None), V::Passed);
    assert_eq!(classify(&e, None, None), V::NoSocialSecurity);
    assert_eq!(
        classify(&e, Some(&record("张三", SsStatus::Unknown, None)), None),
        V::NoSocialSecurity
    );
    assert_eq!(
        classify(&e, Some(&record("张三", SsStatus::Deceased, None)), None),
        V::Deceased
    );
    assert_eq!(
        classify(&e, Some(&record("张三", SsStatus::Active, None)), None),
        V::NotRetired
    );
    assert_eq!(
        classify(
            &e,
            Some(&record("张叁", SsStatus::Retired, Some("2012-01"))),
            None
        ),
        V::NameMismatch
    );
    // Full-width spacing differences do not count as a mismatch.
    assert_eq!(
        classify(
            &e,
            Some(&record(" 张三 ", SsStatus::Retired, Some("2012-01"))),
            None
        ),
        V::Passed
    );
    let no_month = record("张三", SsStatus::Retired, None);
    assert_eq!(
        classify(&e, Some(&no_month), None),
        V::RetirementMonthInvalid
    );
    let before_birth = record("张三", SsStatus::Retired, Some("1950-01"));
    assert_eq!(
        classify(&e, Some(&before_birth), None),
        V::RetirementMonthInvalid
    );
    let edited = YearMonth::parse("2012-02").ok();
    assert_eq!(
        classify(&e, Some(&no_month), edited),
        V::RetirementMonthEdited
    );
}

#[test]
fn deduction_types() {
    let mut r = record("张三", SsStatus::Retired, Some("2012-01"));
    assert_eq!(
        deduction_type(VerificationOutcome::Passed, Some(&r)),
        Some(DeductionType::Withholdable)
    );
    r.withholdable = false;
    assert_eq!(
        deduction_type(VerificationOutcome::Passed, Some(&r)),
        Some(DeductionType::NotWithholdable)
    );
    assert_eq!(
        deduction_type(VerificationOutcome::NoSocialSecurity, None),
        Some(DeductionType::NotWithholdable)
    );
    assert_eq!(
        deduction_type(VerificationOutcome::Deceased, Some(&r)),
        None
    );
    assert_eq!(DeductionType::Withholdable.label_zh(), "可代扣");
}

#[test]
fn resolutions_and_blocking() {
    use VerificationOutcome as V;
    assert_eq!(
        allowed_resolutions(V::NameMismatch),
        &[Resolution::ConfirmSsName, Resolution::Delete]
    );
    assert_eq!(allowed_resolutions(V::Deceased), &[Resolution::Delete]);
    assert_eq!(
        resolve(V::NameMismatch, Resolution::ConfirmSsName),
        Ok(Some(V::Passed))
    );
    assert_eq!(
        resolve(V::RetirementMonthInvalid, Resolution::EditRetirementMonth),
        Ok(Some(V::RetirementMonthEdited))
    );
    assert_eq!(resolve(V::Deceased, Resolution::Delete), Ok(None));
    assert!(resolve(V::Deceased, Resolution::ConfirmSsName).is_err());
    for (o, blocks) in [
        (V::Passed, false),
        (V::RetirementMonthEdited, false),
        (V::NoSocialSecurity, false),
        (V::NameMismatch, true),
        (V::RetirementMonthInvalid, true),
        (V::Deceased, true),
        (V::NotRetired, true),
    ] {
        assert_eq!(blocks_submission(o), blocks, "{o:?}");
    }
    assert_eq!(V::NameMismatch.label_zh(), "参保姓名和社保姓名不一致");
    assert_eq!(V::RetirementMonthEdited.label_zh(), "已经修改退休年月");
}

#[test]
fn no_social_security_reasons() {
    assert_eq!(
        check_no_ss_reason(NoSsReason::Abroad, None, false, None, 2025),
        Ok(())
    );
    assert_eq!(
        check_no_ss_reason(NoSsReason::Other, Some("  "), true, None, 2025),
        Err(NoSsReasonError::RemarkRequired)
    );
    assert_eq!(
        check_no_ss_reason(NoSsReason::Other, Some("社保封存"), false, None, 2025),
        Err(NoSsReasonError::AttachmentRequired)
    );
    assert_eq!(
        check_no_ss_reason(NoSsReason::Other, Some("社保封存"), true, None, 2025),
        Ok(())
    );
    let (from, to) = newly_retired_window(2025).unwrap();
    assert_eq!(from, NaiveDate::from_ymd_opt(2024, 7, 1).unwrap());
    assert_eq!(to, NaiveDate::from_ymd_opt(2025, 6, 30).unwrap());
    let m = |s| YearMonth::parse(s).ok();
    assert_eq!(
        check_no_ss_reason(NoSsReason::NewlyRetired, None, false, m("2024-07"), 2025),
        Ok(())
    );
    assert_eq!(
        check_no_ss_reason(NoSsReason::NewlyRetired, None, false, m("2025-06"), 2025),
        Ok(())
    );
    assert!(check_no_ss_reason(NoSsReason::NewlyRetired, None, false, m("2024-06"), 2025).is_err());
    assert!(check_no_ss_reason(NoSsReason::NewlyRetired, None, false, m("2025-07"), 2025).is_err());
    assert_eq!(
        check_no_ss_reason(NoSsReason::NewlyRetired, None, false, None, 2025),
        Ok(())
    );
    assert_eq!(NoSsReason::CadreInsurance.label_zh(), "干保");
}

fn pay(name: &str, yuan: i64) -> PaymentLine {
    PaymentLine {
        payer_name: name.into(),
        channel: PaymentChannel::OnlineBankCredit,
        amount: Fen::from_yuan(yuan).unwrap(),
        has_voucher_image: true,
    }
}

fn refund(index: usize, account: &str, yuan: i64, explained: bool) -> RefundLine {
    RefundLine {
        payment_index: index,
        account_name: account.into(),
        account_no: "6222000011112222".into(),
        bank: "上海银行".into(),
        amount: Fen::from_yuan(yuan).unwrap(),
        has_explanation: explained,
    }
}

fn receipt(yuan: i64) -> ReceiptLine {
    ReceiptLine {
        title: "上海某厂".into(),
        amount: Fen::from_yuan(yuan).unwrap(),
        remark: None,
    }
}

#[test]
fn vouchers_of_the_manual_example() {
    // 12 people × 450 = 5400; 8 withheld at 100 → system line 800, unit pays 4600.
    let total = Fen::from_yuan(5_400).unwrap();
    let payments = vec![
        PaymentLine::withholding("上海某厂", Fen::from_yuan(800).unwrap()),
        pay("上海某厂", 4_600),
    ];
    assert_eq!(
        check_vouchers(total, &payments, &[], &[receipt(5_400)]),
        Ok(())
    );
    // Paid 4700, refunded 100 to the same unit.
    let payments = vec![payments[0].clone(), pay("上海某厂", 4_700)];
    assert_eq!(
        check_vouchers(total, &payments, &[refund(1, "上海某厂", 100, false)], &[]),
        Ok(())
    );
    // Refund to another account needs an explanation.
    let errs = check_vouchers(total, &payments, &[refund(1, "张三", 100, false)], &[]).unwrap_err();
    assert_eq!(errs, vec![VoucherError::ExplanationRequired(1)]);
    assert_eq!(
        check_vouchers(total, &payments, &[refund(1, "张三", 100, true)], &[]),
        Ok(())
    );
}

#[test]
fn voucher_errors() {
    let total = Fen::from_yuan(5_400).unwrap();
    let errs =
        check_vouchers(total, &[pay("上海某厂", 5_000)], &[], &[receipt(5_400)]).unwrap_err();
    assert!(errs.contains(&VoucherError::AmountMismatch {
        net_paid: Fen::from_yuan(5_000).unwrap(),
        expected: total
    }));
    assert!(errs.contains(&VoucherError::ReceiptsExceedPaid {
        receipts: total,
        paid: Fen::from_yuan(5_000).unwrap()
    }));
    let mut no_image = pay("", 5_400);
    no_image.has_voucher_image = false;
    let errs = check_vouchers(total, &[no_image], &[refund(3, "x", 1, true)], &[]).unwrap_err();
    assert!(errs.contains(&VoucherError::PayerNameMissing(1)));
    assert!(errs.contains(&VoucherError::VoucherImageMissing(1)));
    assert!(errs.contains(&VoucherError::RefundPayerUnknown(1)));
    assert_eq!(
        check_vouchers(total, &[], &[], &[]).unwrap_err()[0],
        VoucherError::NoPayments
    );
    let errs = check_vouchers(
        Fen::ZERO,
        &[pay("a", 10)],
        &[refund(0, "a", 20, false)],
        &[],
    )
    .unwrap_err();
    assert!(errs.contains(&VoucherError::RefundExceedsPayment(1)));
    assert!(VoucherError::ExplanationRequired(1)
        .to_string()
        .contains("情况说明"));
}
