//! Identity-like values: ID numbers, mobiles, credit codes, postcodes, passwords, e-mails,
//! names.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on bad setup

use chrono::NaiveDate;
use domain::credit_code::credit_code_check_char;
use domain::id_number::resident_id_check_digit;
use domain::mobile::share_at_least;
use domain::*;

fn id(first17: &str) -> String {
    let check = resident_id_check_digit(first17).expect("17 digits");
    format!("{first17}{check}")
}

#[test]
fn standard_example_id_parses() {
    let n = IdNumber::parse(DocumentType::ResidentId, "11010519491231002X").unwrap();
    assert_eq!(n.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31));
    assert_eq!(n.sex(), Some(Sex::Female));
    assert_eq!(n.masked(), "110***********002X");
}

#[test]
fn lower_case_x_and_spaces_are_normalised() {
    let n = IdNumber::parse(DocumentType::ResidentId, " 110105 19491231002x ").unwrap();
    assert_eq!(n.as_str(), "11010519491231002X");
    let full = IdNumber::parse(
        DocumentType::ResidentId,
        "１１０１０５１９４９１２３１００２Ｘ",
    );
    assert_eq!(full.unwrap().as_str(), "11010519491231002X");
}

#[test]
fn sex_comes_from_the_17th_digit() {
    let male = IdNumber::parse(DocumentType::ResidentId, &id("41010219550301861")).unwrap();
    assert_eq!(male.sex(), Some(Sex::Male));
    assert_eq!(male.masked().chars().count(), 18);
    assert!(male.masked().starts_with("410***********"));
}

#[test]
fn bad_check_digit_is_refused() {
    let good = id("31010419520101123");
    let last = good.chars().last().unwrap();
    let wrong = if last == '0' { '1' } else { '0' };
    let bad = format!("{}{wrong}", &good[..17]);
    assert_eq!(
        IdNumber::parse(DocumentType::ResidentId, &bad),
        Err(IdNumberError::CheckDigitMismatch)
    );
}

#[test]
fn fifteen_digit_ids_are_refused_with_a_clear_message() {
    let err = IdNumber::parse(DocumentType::ResidentId, "110105491231002").unwrap_err();
    assert_eq!(err, IdNumberError::LegacyFifteenDigits);
    assert_eq!(
        err.to_string(),
        "不支持15位旧身份证号码，请使用18位身份证号码"
    );
}

#[test]
fn impossible_birth_dates_are_refused() {
    assert_eq!(
        IdNumber::parse(DocumentType::ResidentId, &id("31010419530229123")),
        Err(IdNumberError::InvalidBirthDate)
    );
    let future = id("31010420300101123");
    let today = NaiveDate::from_ymd_opt(2025, 5, 20).unwrap();
    assert!(IdNumber::parse(DocumentType::ResidentId, &future).is_ok());
    assert_eq!(
        IdNumber::parse_as_of(DocumentType::ResidentId, &future, today),
        Err(IdNumberError::BirthDateInFuture)
    );
}

#[test]
fn wrong_length_and_characters() {
    assert_eq!(
        IdNumber::parse(DocumentType::ResidentId, "1234"),
        Err(IdNumberError::WrongLength(4))
    );
    assert_eq!(
        IdNumber::parse(DocumentType::ResidentId, "11010519491231X02X"),
        Err(IdNumberError::InvalidCharacters)
    );
    assert_eq!(
        IdNumber::parse(DocumentType::ResidentId, "  "),
        Err(IdNumberError::Empty)
    );
}

#[test]
fn scientific_notation_gets_the_text_format_hint() {
    let err = IdNumber::parse(DocumentType::ResidentId, "1.10101199001011E+17").unwrap_err();
    assert_eq!(err, IdNumberError::ScientificNotation);
    assert!(err
        .to_string()
        .contains("将证件号码列设置为\"文本\"格式后重新填写"));
}

#[test]
fn other_documents() {
    let p = IdNumber::parse(DocumentType::Other, "e1234-5678").unwrap();
    assert_eq!(p.as_str(), "E1234-5678");
    assert_eq!(p.birth_date(), None);
    assert_eq!(p.sex(), None);
    assert_eq!(p.masked(), "E12***5678");
    assert_eq!(
        IdNumber::parse(DocumentType::Other, "AB"),
        Err(IdNumberError::InvalidOtherDocument)
    );
    assert_eq!(
        IdNumber::parse(DocumentType::Other, "AB#123"),
        Err(IdNumberError::InvalidOtherDocument)
    );
}

#[test]
fn id_number_serde_round_trip_revalidates() {
    let n = IdNumber::parse(DocumentType::ResidentId, "11010519491231002X").unwrap();
    let json = serde_json::to_string(&n).unwrap();
    assert_eq!(
        json,
        r#"{"doc_type":"resident_id","number":"11010519491231002X"}"#
    );
    assert_eq!(serde_json::from_str::<IdNumber>(&json).unwrap(), n);
    let bad = r#"{"doc_type":"resident_id","number":"110105194912310020"}"#;
    assert!(serde_json::from_str::<IdNumber>(bad).is_err());
}

#[test]
fn document_type_and_sex_words() {
    assert_eq!(
        DocumentType::parse_zh(" 身份证 "),
        Some(DocumentType::ResidentId)
    );
    assert_eq!(
        DocumentType::parse_zh("非身份证"),
        Some(DocumentType::Other)
    );
    assert_eq!(DocumentType::parse_zh("驾照"), None);
    assert_eq!(DocumentType::Other.label_zh(), "非身份证");
    assert_eq!(Sex::parse_zh("女"), Some(Sex::Female));
    assert_eq!(Sex::Male.label_zh(), "男");
    assert_eq!(
        serde_json::to_string(&DocumentType::ResidentId).unwrap(),
        "\"resident_id\""
    );
}

#[test]
fn mobiles_are_normalised_and_masked() {
    for raw in [
        "13300006961",
        "133 0000 6961",
        "133-0000-6961",
        "+86 133 0000 6961",
        "8613300006961",
        "１３３００００６９６１",
    ] {
        let m = Mobile::parse(raw).unwrap();
        assert_eq!(m.as_str(), "13300006961", "{raw}");
        assert_eq!(m.masked(), "133****6961");
    }
    assert_eq!(Mobile::parse(""), Err(MobileError::Empty));
    assert_eq!(Mobile::parse("12300006961"), Err(MobileError::Invalid));
    assert_eq!(Mobile::parse("1330000696"), Err(MobileError::Invalid));
    assert_eq!(Mobile::parse("021-62345678"), Err(MobileError::Invalid));
}

#[test]
fn valid_mobile_share_is_at_least_half() {
    assert!(share_at_least(5, 10, 50));
    assert!(!share_at_least(4, 9, 50));
    assert!(share_at_least(5, 9, 50));
    assert!(share_at_least(1, 1, 50));
    assert!(!share_at_least(0, 1, 50));
}

#[test]
fn credit_codes() {
    let first17 = "91310000MA1FL0000";
    let check = credit_code_check_char(first17).unwrap();
    let code = format!("{first17}{check}");
    assert_eq!(
        CreditCode::parse(&code.to_lowercase()).unwrap().as_str(),
        code
    );
    assert_eq!(
        CreditCode::parse("91310000MA1FL000"),
        Err(CreditCodeError::WrongLength(16))
    );
    assert!(matches!(
        CreditCode::parse("91310000MA1FLO0000"),
        Err(CreditCodeError::InvalidCharacter {
            position: 14,
            found: 'O'
        })
    ));
    let wrong = if check == '0' { '1' } else { '0' };
    assert_eq!(
        CreditCode::parse(&format!("{first17}{wrong}")),
        Err(CreditCodeError::CheckCharMismatch)
    );
    // A published code: 中国石油化工股份有限公司.
    assert!(CreditCode::parse("91110000710926094P").is_ok());
}

#[test]
fn postcodes() {
    assert_eq!(Postcode::parse(" 200070 ").unwrap().as_str(), "200070");
    assert_eq!(Postcode::parse("20007"), Err(PostcodeError::Invalid));
    assert_eq!(Postcode::parse("20007a"), Err(PostcodeError::Invalid));
}

#[test]
fn password_policy() {
    use domain::password::CharClass;
    assert_eq!(check_password_policy("Txbz@123456"), Ok(()));
    assert_eq!(
        check_password_policy("Txbz12"),
        Err(PasswordError::Length(6))
    );
    assert_eq!(
        check_password_policy("Txbz123456"),
        Err(PasswordError::Missing(vec![CharClass::Special]))
    );
    let err = check_password_policy("abcdefghij").unwrap_err();
    assert_eq!(
        err,
        PasswordError::Missing(vec![CharClass::Digit, CharClass::Special])
    );
    assert_eq!(
        err.to_string(),
        "密码必须包含字母、数字和特殊字符，缺少：数字、特殊字符"
    );
    assert_eq!(
        check_password_policy("abc 123!xyz"),
        Err(PasswordError::DisallowedCharacter)
    );
    assert_eq!(
        check_password_policy("a1!aaaaaaaaaaaaaaaaaa"),
        Err(PasswordError::Length(21))
    );
}

#[test]
fn emails() {
    assert_eq!(
        Email::parse(" Hr.Dept@Example.COM ").unwrap().as_str(),
        "hr.dept@example.com"
    );
    assert!(Email::parse("a+b@mail.sh.cn").is_ok());
    assert_eq!(
        Email::parse("no-at.example.com"),
        Err(EmailError::MissingAt)
    );
    assert_eq!(Email::parse("a@@b.com"), Err(EmailError::MissingAt));
    assert_eq!(Email::parse(".a@b.com"), Err(EmailError::InvalidLocalPart));
    assert_eq!(Email::parse("a@localhost"), Err(EmailError::InvalidDomain));
    assert_eq!(Email::parse("a@-x.com"), Err(EmailError::InvalidDomain));
    assert_eq!(Email::parse("a@x.c0m"), Err(EmailError::InvalidDomain));
}

#[test]
fn person_names_are_normalised() {
    assert_eq!(PersonName::parse("  张  三 ").unwrap().as_str(), "张 三");
    for dotted in [
        "阿卜杜拉・买买提",
        "阿卜杜拉•买买提",
        "阿卜杜拉‧买买提",
        "阿卜杜拉･买买提",
        "阿卜杜拉．买买提",
        "阿卜杜拉.买买提",
    ] {
        assert_eq!(
            PersonName::parse(dotted).unwrap().as_str(),
            "阿卜杜拉·买买提",
            "{dotted}"
        );
    }
    assert_eq!(
        PersonName::parse("ＪＯＨＮ　ＳＭＩＴＨ").unwrap().as_str(),
        "JOHN SMITH"
    );
    assert_eq!(PersonName::parse("   "), Err(NameError::Empty));
    assert_eq!(PersonName::parse("张3"), Err(NameError::ContainsDigit));
    assert_eq!(PersonName::parse("张\t三"), Err(NameError::ContainsControl));
    // Invisible characters make two names look alike or reorder what a list shows.
    for hidden in [
        "张\u{200B}三",         // zero-width space
        "张\u{200D}三",         // zero-width joiner
        "\u{FEFF}张三",         // byte-order mark
        "张三\u{202E}",         // right-to-left override
        "\u{2067}张三\u{2069}", // right-to-left isolate
        "张\u{200F}三",         // right-to-left mark
        "张\u{00AD}三",         // soft hyphen
        "张\u{E001}",           // private use
        "张\u{F0001}",          // supplementary private use
    ] {
        assert_eq!(
            PersonName::parse(hidden),
            Err(NameError::ContainsInvisible),
            "{hidden:?}"
        );
    }
    let long: String = "张".repeat(51);
    assert_eq!(
        PersonName::parse(&long),
        Err(NameError::TooLong { max: 50, len: 51 })
    );
}

#[test]
fn unit_names() {
    let n = UnitName::parse(" 上海某某有限公司(浦东分公司) ").unwrap();
    assert_eq!(n.as_str(), "上海某某有限公司（浦东分公司）");
    assert_eq!(UnitName::parse("厂"), Err(NameError::TooShort { min: 2 }));
    assert!(UnitName::parse("上海3M中国有限公司").is_ok());
    assert_eq!(
        UnitName::parse("上海某某\r\n有限公司"),
        Err(NameError::ContainsControl)
    );
    for hidden in [
        "上海\u{200B}某某有限公司",
        "上海某某有限公司\u{202D}",
        "上海\u{F8FF}有限公司",
    ] {
        assert_eq!(
            UnitName::parse(hidden),
            Err(NameError::ContainsInvisible),
            "{hidden:?}"
        );
    }
}

#[test]
fn raw_mobiles_are_masked_whether_valid_or_not() {
    use domain::mobile::mask_raw;
    assert_eq!(mask_raw("133 0000 6961"), "133****6961");
    let invalid = mask_raw("12345678901234");
    assert!(invalid.starts_with("123") && invalid.ends_with("1234"));
    assert!(!invalid.contains("45678"));
    assert_eq!(mask_raw(""), "");
}

#[test]
fn a_name_search_is_normalised_as_the_stored_names_are() {
    use domain::name::search_form;
    let stored = PersonName::parse(" 阿卜杜拉．买买提 ").unwrap();
    assert_eq!(stored.as_str(), "阿卜杜拉·买买提");
    assert!(stored.as_str().starts_with(&search_form(" 阿卜杜拉.买")));
    assert_eq!(search_form("  ＪＯＨＮ　 Ｓ "), "JOHN S");
    assert_eq!(search_form("人员_"), "人员_");
}
