//! Money, fees, ratios and batch numbers.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on bad setup

use chrono::NaiveDate;
use domain::fees::{total_premium, unit_due};
use domain::*;

fn yuan(y: i64) -> Fen {
    Fen::from_yuan(y).unwrap()
}

#[test]
fn manual_fee_examples() {
    let premium = yuan(450);
    // 29 people, 23 withheld at 100 元 → 10750 元.
    assert_eq!(unit_due(29, premium, 23, yuan(100)), Ok(yuan(10_750)));
    // 13 people, 9 withheld at 300 元 → 3150 元.
    assert_eq!(unit_due(13, premium, 9, yuan(300)), Ok(yuan(3_150)));
    // 12 people, 8 withheld at 100 元 → 4600 元; total 5400 元.
    assert_eq!(unit_due(12, premium, 8, yuan(100)), Ok(yuan(4_600)));
    assert_eq!(total_premium(12, premium), Ok(yuan(5_400)));
    // Everyone withheld at the full premium → nothing due.
    assert_eq!(unit_due(12, premium, 12, premium), Ok(Fen::ZERO));
}

#[test]
fn fee_errors() {
    let premium = yuan(450);
    assert_eq!(
        unit_due(3, premium, 4, yuan(100)),
        Err(FeeError::SuccessesExceedPeople {
            successes: 4,
            people: 3
        })
    );
    assert_eq!(
        unit_due(3, premium, 1, yuan(451)),
        Err(FeeError::AmountAbovePremium)
    );
    assert_eq!(
        total_premium(u32::MAX, Fen(i64::MAX / 2)),
        Err(FeeError::Overflow)
    );
}

#[test]
fn yuan_formatting_and_parsing() {
    assert_eq!(yuan(10_750).to_string(), "10750.00元");
    assert_eq!(yuan(10_750).yuan_string(), "10750.00");
    assert_eq!(yuan(10_750).yuan_compact(), "10750");
    assert_eq!(Fen(30_050).yuan_compact(), "300.50");
    assert_eq!(Fen(-350).yuan_string(), "-3.50");
    assert_eq!(Fen(5).yuan_string(), "0.05");
    assert_eq!(Fen::parse_yuan("300.5"), Ok(Fen(30_050)));
    assert_eq!(Fen::parse_yuan("300"), Ok(Fen(30_000)));
    assert_eq!(Fen::parse_yuan(" 1,200.05元 "), Ok(Fen(120_005)));
    assert_eq!(Fen::parse_yuan("0.1"), Ok(Fen(10)));
    assert_eq!(Fen::parse_yuan(""), Err(MoneyError::Empty));
    assert_eq!(Fen::parse_yuan("1.234"), Err(MoneyError::TooManyDecimals));
    assert_eq!(Fen::parse_yuan("-1"), Err(MoneyError::Invalid));
    assert_eq!(Fen::parse_yuan("1."), Err(MoneyError::Invalid));
    assert_eq!(Fen::parse_yuan(".5"), Err(MoneyError::Invalid));
    assert_eq!(
        Fen::parse_yuan("99999999999999999999"),
        Err(MoneyError::Overflow)
    );
    assert_eq!(serde_json::to_string(&Fen(45_000)).unwrap(), "45000");
}

#[test]
fn checked_arithmetic() {
    assert_eq!(Fen(1).checked_add(Fen(2)), Some(Fen(3)));
    assert_eq!(Fen(i64::MAX).checked_add(Fen(1)), None);
    assert_eq!(Fen(i64::MIN).checked_sub(Fen(1)), None);
    assert_eq!(Fen(45_000).checked_mul(29), Some(yuan(13_050)));
    assert_eq!(Fen(i64::MAX).checked_mul(2), None);
    assert_eq!(Fen::from_yuan(i64::MAX), Err(MoneyError::Overflow));
}

#[test]
fn withholding_amount_bounds() {
    let cap = yuan(450);
    assert!(WithholdingAmount::new(yuan(100), cap).is_ok());
    assert_eq!(
        WithholdingAmount::new(cap, cap).map(WithholdingAmount::fen),
        Ok(cap)
    );
    assert_eq!(
        WithholdingAmount::new(Fen::ZERO, cap),
        Err(MoneyError::NotPositive)
    );
    assert_eq!(
        WithholdingAmount::new(Fen(-1), cap),
        Err(MoneyError::NotPositive)
    );
    let err = WithholdingAmount::new(Fen(45_001), cap).unwrap_err();
    assert_eq!(err, MoneyError::AboveCap { cap });
    assert_eq!(err.to_string(), "代扣金额不能超过450.00元");
}

#[test]
fn ratio_matches_the_manual() {
    assert_eq!(Ratio::new(14, 0, 424).display(), "3.0%");
    assert_eq!(Ratio::new(11, 0, 13_777).display(), "0%");
    assert_eq!(Ratio::new(1, 0, 35_237).display(), "0%");
    assert_eq!(Ratio::new(2, 0, 0).display(), "0%");
    assert_eq!(Ratio::new(3, 0, 4).display(), "75.0%");
    assert!(!Ratio::new(2, 0, 0).meets(75));
    assert!(!Ratio::new(14, 0, 424).meets(75));
}

#[test]
fn ratio_threshold_edges() {
    assert!(Ratio::new(3, 0, 4).meets(75));
    assert!(Ratio::new(2, 1, 4).meets(75));
    assert!(!Ratio::new(2, 0, 4).meets(75));
    assert!(!Ratio::new(74, 0, 100).meets(75));
    assert!(Ratio::new(75, 0, 100).meets(75));
    assert!(Ratio::new(u32::MAX, u32::MAX, u32::MAX).meets(100));
    let r = Ratio::new(10, 2, 15);
    assert!(r.meets(75));
    assert!(!r.without(1).meets(75));
    assert_eq!(r.without(20).insured_here, 0);
}

#[test]
fn batch_numbers() {
    let d = NaiveDate::from_ymd_opt(2025, 4, 30).unwrap();
    let n = BatchNo::format(d, 1).unwrap();
    assert_eq!(n.as_str(), "TXZY202504300001");
    let p = BatchNo::parse("txzy202504300001").unwrap();
    assert_eq!(p, n);
    assert_eq!(p.date(), d);
    assert_eq!(p.sequence(), 1);
    assert_eq!(
        BatchNo::format(d, 9999).unwrap().as_str(),
        "TXZY202504309999"
    );
    assert_eq!(BatchNo::format(d, 0), Err(BatchNoError::InvalidSequence));
    assert_eq!(
        BatchNo::format(d, 10_000),
        Err(BatchNoError::InvalidSequence)
    );
    assert_eq!(
        BatchNo::parse("TXZY20250430001"),
        Err(BatchNoError::WrongLength)
    );
    assert_eq!(
        BatchNo::parse("ABCD202504300001"),
        Err(BatchNoError::MissingPrefix)
    );
    assert_eq!(
        BatchNo::parse("TXZY202502300001"),
        Err(BatchNoError::InvalidDate)
    );
    assert_eq!(
        BatchNo::parse("TXZY202504300000"),
        Err(BatchNoError::InvalidSequence)
    );
    assert_eq!(
        BatchNo::parse("TXZY20250430000A"),
        Err(BatchNoError::InvalidSequence)
    );
    assert_eq!(
        BatchNo::parse("TXZY２０２５０４３０0001"),
        Err(BatchNoError::WrongLength)
    );
    let json = serde_json::to_string(&n).unwrap();
    assert_eq!(json, "\"TXZY202504300001\"");
    assert_eq!(serde_json::from_str::<BatchNo>(&json).unwrap(), n);
}

#[test]
fn year_months() {
    let ym = YearMonth::parse("2005-06").unwrap();
    assert_eq!((ym.year(), ym.month()), (2005, 6));
    assert_eq!(YearMonth::parse("200506").unwrap(), ym);
    assert_eq!(YearMonth::parse("2005/6").unwrap(), ym);
    assert_eq!(YearMonth::parse("2005年6月").unwrap(), ym);
    assert_eq!(ym.to_string(), "2005-06");
    assert!(YearMonth::parse("2005-13").is_err());
    assert!(YearMonth::parse("000000").is_err());
    assert!(YearMonth::parse("").is_err());
}
