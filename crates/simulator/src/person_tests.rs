#![allow(clippy::unwrap_used)]

use std::collections::HashMap;

use chrono::Datelike;

use super::*;
use crate::pins::{PensionPin, PersonPin};

/// A valid resident ID born 1940–1960 (retired by 2025), different for each `seq`.
fn resident_id(seq: u32) -> String {
    let year = 1940 + seq % 21;
    let month = 1 + (seq / 21) % 12;
    let day = 1 + (seq / 252) % 28;
    let first17 = format!("310115{year}{month:02}{day:02}{:03}", seq % 1000);
    let check = domain::id_number::resident_id_check_digit(&first17).unwrap();
    format!("{first17}{check}")
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()
}

fn query(id: &str) -> PersonQuery<'_> {
    PersonQuery {
        id,
        name: Some("张三丰"),
        unit: Some("tuixiu31011500001"),
    }
}

#[test]
fn the_same_question_gets_the_same_answer() {
    let config = SimConfig::default();
    let pins = Pins::default();
    for seq in 0..200 {
        let id = resident_id(seq);
        let a = social_security(&config, &pins, query(&id), today());
        let b = social_security(&config, &pins, query(&id), today());
        assert_eq!(a, b);
        assert_eq!(
            withholdable(&config, &pins, &id, today()),
            withholdable(&config, &pins, &id, today())
        );
    }
}

#[test]
fn anomaly_shares_come_out_roughly_as_configured() {
    let config = SimConfig {
        shares: Shares {
            no_record: 50,
            deceased: 40,
            active: 30,
            unknown_status: 20,
            retirement_month_empty: 60,
            retirement_month_invalid: 70,
            name_differs: 80,
            not_insured: 100,
            second_ss_code: 250,
            not_withholdable: 150,
            bank_failure: 0,
        },
        ..Default::default()
    };
    let pins = Pins::default();
    let n = 10_000u32;
    let mut kinds: HashMap<Kind, u32> = HashMap::new();
    let (mut not_insured, mut second, mut plain_withholdable, mut plain) = (0, 0, 0, 0);
    let first_code = synth::ss_code_for_hint("tuixiu31011500001", false);
    for seq in 0..n {
        let id = resident_id(seq);
        let k = kind(&config.shares, &id);
        *kinds.entry(k).or_default() += 1;
        let record = social_security(&config, &pins, query(&id), today());
        match (k, &record) {
            (Kind::NoRecord, None) => continue,
            (Kind::NoRecord, Some(_)) | (_, None) => panic!("{id}: {k:?} vs {record:?}"),
            (_, Some(r)) => {
                not_insured += u32::from(r.medical_insurance == MedicalInsurance::NotInsured);
                second += u32::from(r.ss_code != first_code);
                check_kind(k, r, &id);
            }
        }
        if k == Kind::Plain {
            plain += 1;
            plain_withholdable += u32::from(withholdable(&config, &pins, &id, today()));
        }
    }
    let near = |count: u32, permille: u16, of: u32| {
        let expected = f64::from(permille) * f64::from(of) / 1000.0;
        let tolerance = 4.0 * expected.sqrt() + 5.0;
        (f64::from(count) - expected).abs() <= tolerance
    };
    let s = &config.shares;
    for (k, share) in [
        (Kind::NoRecord, s.no_record),
        (Kind::Deceased, s.deceased),
        (Kind::Active, s.active),
        (Kind::Unknown, s.unknown_status),
        (Kind::RetirementMonthEmpty, s.retirement_month_empty),
        (Kind::RetirementMonthInvalid, s.retirement_month_invalid),
        (Kind::NameDiffers, s.name_differs),
    ] {
        let count = kinds.get(&k).copied().unwrap_or(0);
        assert!(
            near(count, share, n),
            "{k:?}: {count} of {n}, expected {share} ‰"
        );
    }
    let found = n - kinds.get(&Kind::NoRecord).copied().unwrap_or(0);
    assert!(
        near(not_insured, s.not_insured, found),
        "not insured: {not_insured}"
    );
    assert!(
        near(second, s.second_ss_code, found),
        "second code: {second}"
    );
    let not_withholdable = plain - plain_withholdable;
    assert!(
        near(not_withholdable, s.not_withholdable, plain),
        "not withholdable: {not_withholdable} of {plain}"
    );
}

fn check_kind(k: Kind, r: &PersonRecord, id: &str) {
    let month_ok = domain::year_month::YearMonth::parse(&r.retirement_month).is_ok();
    match k {
        Kind::Plain | Kind::Deceased => {
            assert_eq!(r.name, "张三丰", "{id}");
            assert!(month_ok, "{id}: {:?}", r.retirement_month);
            let expected = if k == Kind::Plain {
                Status::Retired
            } else {
                Status::Deceased
            };
            assert_eq!(r.status, expected, "{id}");
        }
        Kind::Active | Kind::Unknown => assert_eq!(r.retirement_month, "", "{id}"),
        Kind::RetirementMonthEmpty => assert_eq!(r.retirement_month, "", "{id}"),
        Kind::RetirementMonthInvalid => {
            let (birth, _) = synth::birth_and_sex(id);
            let before_birth = r.retirement_month < synth::year_month(birth.year(), birth.month());
            assert!(!month_ok || before_birth, "{id}: {:?}", r.retirement_month);
        }
        Kind::NameDiffers => assert_ne!(r.name, "张三丰", "{id}"),
        Kind::NoRecord => unreachable!(),
    }
}

#[test]
fn all_shares_zero_makes_everyone_a_plain_withholdable_retiree() {
    let config = SimConfig {
        shares: Shares::none(),
        ..Default::default()
    };
    let pins = Pins::default();
    let first_code = synth::ss_code_for_hint("tuixiu31011500001", false);
    for seq in 0..2000 {
        let id = resident_id(seq);
        assert_eq!(kind(&config.shares, &id), Kind::Plain);
        let r = social_security(&config, &pins, query(&id), today()).unwrap();
        assert_eq!((r.status, r.name.as_str()), (Status::Retired, "张三丰"));
        assert_eq!(r.ss_code, first_code);
        assert_eq!(r.medical_insurance, MedicalInsurance::Insured);
        assert!(withholdable(&config, &pins, &id, today()));
    }
}

#[test]
fn without_a_name_hint_the_name_is_generated_from_the_id() {
    let config = SimConfig {
        shares: Shares::none(),
        ..Default::default()
    };
    let id = resident_id(7);
    let q = PersonQuery {
        id: &id,
        name: None,
        unit: None,
    };
    let r = social_security(&config, &Pins::default(), q, today()).unwrap();
    assert_eq!(r.name, synth::generated_name(&id));
    assert_eq!(r.ss_code, synth::ss_code_for_person(&id));
}

#[test]
fn pins_override_the_hash_and_fill_the_rest_from_the_plain_answer() {
    let config = SimConfig::default();
    let id = resident_id(42);
    let mut pins = Pins::default();
    pins.social_security_persons.insert(
        id.clone(),
        PersonPin {
            found: true,
            status: Some(Status::Deceased),
            retirement_month: Some("0000-00".into()),
            ..Default::default()
        },
    );
    let r = social_security(&config, &pins, query(&id), today()).unwrap();
    assert_eq!(r.status, Status::Deceased);
    assert_eq!(r.retirement_month, "0000-00");
    assert_eq!(r.name, "张三丰");
    // Not retired, so not withholdable, unless the pension answer is pinned too.
    assert!(!withholdable(&config, &pins, &id, today()));
    pins.pension
        .insert(id.clone(), PensionPin { withholdable: true });
    assert!(withholdable(&config, &pins, &id, today()));

    pins.social_security_persons.insert(
        id.clone(),
        PersonPin {
            found: false,
            ..Default::default()
        },
    );
    assert_eq!(social_security(&config, &pins, query(&id), today()), None);
}

#[test]
fn a_person_not_yet_of_retirement_age_is_active() {
    let config = SimConfig {
        shares: Shares::none(),
        ..Default::default()
    };
    let first17 = "31011519900101001";
    let id = format!(
        "{first17}{}",
        domain::id_number::resident_id_check_digit(first17).unwrap()
    );
    let r = social_security(&config, &Pins::default(), query(&id), today()).unwrap();
    assert_eq!(
        (r.status, r.retirement_month.as_str()),
        (Status::Active, "")
    );
    assert!(!withholdable(&config, &Pins::default(), &id, today()));
}
