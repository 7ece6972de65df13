//! Roster import and manual entry.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on bad setup

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use domain::id_number::resident_id_check_digit;
use domain::roster::*;
use domain::{DocumentType, IdNumberError, Sex};

fn id(first17: &str) -> String {
    format!("{first17}{}", resident_id_check_digit(first17).unwrap())
}

fn row(n: u32, name: &str, doc: &str, number: &str, mobile: &str) -> RawRow {
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    RawRow {
        row_number: n,
        name: opt(name),
        doc_type: opt(doc),
        id_number: opt(number),
        birth_date: None,
        sex: None,
        mobile: opt(mobile),
    }
}

fn header() -> Vec<String> {
    Column::ALL
        .iter()
        .map(|c| c.template_header().to_owned())
        .collect()
}

fn kinds(errors: &[RowError]) -> Vec<(Option<u32>, RowErrorKind)> {
    errors.iter().map(|e| (e.row, e.reason.clone())).collect()
}

#[test]
fn header_is_matched_by_name() {
    let map = check_header(&header()).unwrap();
    assert_eq!(map.position(Column::Mobile), 5);
    let mut shuffled = vec![
        "*手机号".to_owned(),
        "＊姓名".to_owned(),
        "证件号码".to_owned(),
        "*证件类型（身份证、非身份证）".to_owned(),
        " 性别 ".to_owned(),
        "出生日期(非身份证类型为必填)".to_owned(),
    ];
    shuffled.push(String::new());
    let map = check_header(&shuffled).unwrap();
    assert_eq!(map.position(Column::Name), 1);
    assert_eq!(map.position(Column::DocType), 3);
    let cells: Vec<String> = ["13300006961", "王豆豆", "X", "身份证", "", ""]
        .map(str::to_owned)
        .to_vec();
    let raw = RawRow::from_cells(2, &cells, &map);
    assert_eq!(raw.name.as_deref(), Some("王豆豆"));
    assert_eq!(raw.sex, None);
}

#[test]
fn header_shape_errors() {
    let mut h = header();
    h.remove(4);
    assert_eq!(
        check_header(&h),
        Err(HeaderError::MissingColumn(Column::Sex))
    );
    let mut h = header();
    h.push("备注".to_owned());
    assert!(matches!(
        check_header(&h),
        Err(HeaderError::UnknownColumn { position: 7, .. })
    ));
    let mut h = header();
    h.push("*姓名".to_owned());
    assert_eq!(
        check_header(&h),
        Err(HeaderError::DuplicateColumn(Column::Name))
    );
}

#[test]
fn a_good_file_is_accepted() {
    let mut other = row(3, "王豆", "非身份证", "E12345678", "13300006962");
    other.birth_date = Some("1998-12-09".into());
    other.sex = Some("男".into());
    let rows = vec![
        row(
            2,
            "王豆豆",
            "身份证",
            &id("11010519491231002"),
            "13300006961",
        ),
        other,
        RawRow::default(),
    ];
    let entries = validate_roster(&rows, &HashMap::new(), &RosterRules::default()).unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(
        entries[0].birth_date,
        NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
    );
    assert_eq!(entries[0].sex, Sex::Female);
    assert_eq!(entries[1].doc_type, DocumentType::Other);
    assert_eq!(entries[1].sex, Sex::Male);
    assert_eq!(entries[1].mobile.as_ref().unwrap().as_str(), "13300006962");
}

#[test]
fn required_cells_and_other_document_fields() {
    let rows = vec![
        row(2, "", "身份证", &id("11010519491231002"), ""),
        row(3, "王豆", "非身份证", "E12345678", "13300006962"),
    ];
    let errs = validate_roster(&rows, &HashMap::new(), &RosterRules::default()).unwrap_err();
    let k = kinds(&errs);
    assert!(k.contains(&(Some(2), RowErrorKind::Required(Column::Name))));
    assert!(k.contains(&(Some(2), RowErrorKind::Required(Column::Mobile))));
    assert!(k.contains(&(
        Some(3),
        RowErrorKind::RequiredForOtherDocument(Column::BirthDate)
    )));
    assert!(k.contains(&(Some(3), RowErrorKind::RequiredForOtherDocument(Column::Sex))));
    let first = errs.iter().find(|e| e.row == Some(2)).unwrap();
    assert_eq!(first.to_string(), "第2行【姓名】：姓名为必填项，不能为空");
}

#[test]
fn id_problems_are_reported_per_row() {
    let good = id("11010519491231002");
    let rows = vec![
        row(2, "甲", "身份证", &good, "13300000001"),
        row(3, "乙", "身份证", &good, "13300000002"),
        row(4, "丙", "身份证", "1.10101199001011E+17", "13300000003"),
        row(5, "丁", "身份证", "110105491231002", "13300000004"),
        row(6, "戊", "驾照", "X123", "13300000005"),
        row(7, "己", "身份证", &id("31010419520101123"), "13300000006"),
    ];
    let held = EnrolledIn {
        batch_no: "TXZY202605120001".to_owned(),
        own_unit: true,
    };
    let others: HashMap<String, EnrolledIn> = [(id("31010419520101123"), held.clone())]
        .into_iter()
        .collect();
    let errs = validate_roster(&rows, &others, &RosterRules::default()).unwrap_err();
    let k = kinds(&errs);
    assert!(k.contains(&(Some(3), RowErrorKind::DuplicateIdInFile { first_row: 2 })));
    assert!(k.contains(&(
        Some(4),
        RowErrorKind::IdNumber(IdNumberError::ScientificNotation)
    )));
    assert!(k.contains(&(
        Some(5),
        RowErrorKind::IdNumber(IdNumberError::LegacyFifteenDigits)
    )));
    assert!(k.contains(&(Some(6), RowErrorKind::UnknownDocumentType("驾照".into()))));
    assert!(k.contains(&(Some(7), RowErrorKind::AlreadyEnrolled(held))));
    // The message names the batch that holds the person.
    let elsewhere = errs.iter().find(|e| e.row == Some(7)).unwrap().to_string();
    assert!(
        elsewhere.contains("本单位的参保批次TXZY202605120001"),
        "{elsewhere}"
    );
    let sci = errs.iter().find(|e| e.row == Some(4)).unwrap().to_string();
    assert!(sci.contains("文本"), "{sci}");
}

#[test]
fn birth_date_and_sex_must_agree_with_the_id() {
    let mut r = row(2, "甲", "身份证", &id("11010519491231002"), "13300000001");
    r.birth_date = Some("1949/12/30".into());
    r.sex = Some("男".into());
    let errs = validate_roster(&[r], &HashMap::new(), &RosterRules::default()).unwrap_err();
    let k = kinds(&errs);
    let from_id = NaiveDate::from_ymd_opt(1949, 12, 31).unwrap();
    assert!(k.contains(&(Some(2), RowErrorKind::BirthDateMismatch { from_id })));
    assert!(k.contains(&(
        Some(2),
        RowErrorKind::SexMismatch {
            from_id: Sex::Female
        }
    )));
    let mut r = row(2, "甲", "身份证", &id("11010519491231002"), "13300000001");
    r.birth_date = Some("19491231".into());
    r.sex = Some("女".into());
    assert!(validate_roster(&[r], &HashMap::new(), &RosterRules::default()).is_ok());
}

#[test]
fn duplicate_mobiles_and_share() {
    let rows = vec![
        row(2, "甲", "身份证", &id("11010519491231002"), "13300000001"),
        row(3, "乙", "身份证", &id("31010419520101123"), "133 0000 0001"),
    ];
    let errs = validate_roster(&rows, &HashMap::new(), &RosterRules::default()).unwrap_err();
    assert_eq!(
        kinds(&errs),
        vec![(Some(3), RowErrorKind::DuplicateMobile { first_row: 2 })]
    );

    let rows = vec![
        row(2, "甲", "身份证", &id("11010519491231002"), "13300000001"),
        row(3, "乙", "身份证", &id("31010419520101123"), "无"),
        row(4, "丙", "身份证", &id("31010419520101456"), "021-1234"),
    ];
    let errs = validate_roster(&rows, &HashMap::new(), &RosterRules::default()).unwrap_err();
    let k = kinds(&errs);
    assert_eq!(
        k,
        vec![(
            None,
            RowErrorKind::MobileShareTooLow {
                valid: 1,
                total: 3,
                required_percent: 50
            }
        )]
    );
    assert_eq!(
        errs[0].to_string(),
        "有效手机号1个，共3人，有效手机号需达到50%以上"
    );

    // Half valid is enough; the invalid raw value is kept.
    let entries = validate_roster(&rows[..2], &HashMap::new(), &RosterRules::default()).unwrap();
    assert_eq!(entries[1].mobile, None);
    assert_eq!(entries[1].mobile_raw, "无");
}

#[test]
fn empty_file() {
    let errs = validate_roster(
        &[RawRow::default()],
        &HashMap::new(),
        &RosterRules::default(),
    );
    assert_eq!(
        kinds(&errs.unwrap_err()),
        vec![(None, RowErrorKind::EmptyRoster)]
    );
}

#[test]
fn date_cells() {
    let d = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap();
    for raw in [
        "1990-01-01",
        "1990/1/1",
        "19900101",
        "1990.01.01",
        "1990年1月1日",
        "32874",
        "32874.0",
        "1990-01-01 00:00:00",
        "１９９０-０１-０１",
    ] {
        assert_eq!(parse_date_cell(raw), Ok(d), "{raw}");
    }
    assert_eq!(
        parse_date_cell("1"),
        Ok(NaiveDate::from_ymd_opt(1900, 1, 1).unwrap())
    );
    assert_eq!(
        parse_date_cell("61"),
        Ok(NaiveDate::from_ymd_opt(1900, 3, 1).unwrap())
    );
    for bad in [
        "60",
        "1990-02-30",
        "01/01/1990",
        "abc",
        "1990-1",
        "０",
        "一九九〇年",
    ] {
        assert!(parse_date_cell(bad).is_err(), "{bad}");
    }
}

#[test]
fn future_birth_dates_are_refused_when_today_is_known() {
    let rules = RosterRules {
        today: NaiveDate::from_ymd_opt(2025, 5, 20),
        ..RosterRules::default()
    };
    let mut r = row(2, "王豆", "非身份证", "E12345678", "13300006962");
    r.birth_date = Some("2030-01-01".into());
    r.sex = Some("女".into());
    let errs = validate_roster(&[r], &HashMap::new(), &rules).unwrap_err();
    assert_eq!(
        kinds(&errs),
        vec![(Some(2), RowErrorKind::BirthDateInFuture)]
    );
}

#[test]
fn manual_entry() {
    let empty = HashMap::new();
    let this_batch: HashSet<String> = [id("31010419520101123")].into_iter().collect();
    let mobiles: HashSet<String> = ["13300000009".to_owned()].into_iter().collect();
    let known = KnownPeople {
        ids_in_other_batches: &empty,
        ids_in_this_batch: &this_batch,
        mobiles_in_this_batch: &mobiles,
    };
    let rules = RosterRules::default();
    let ok = validate_person(
        &row(1, "甲", "身份证", &id("11010519491231002"), ""),
        known,
        &rules,
    );
    assert_eq!(ok.unwrap().mobile, None);
    let bad_mobile = validate_person(
        &row(1, "甲", "身份证", &id("11010519491231002"), "123"),
        known,
        &rules,
    );
    assert!(matches!(
        bad_mobile.unwrap_err()[0].reason,
        RowErrorKind::Mobile(_)
    ));
    let dup = validate_person(
        &row(1, "乙", "身份证", &id("31010419520101123"), "13300000009"),
        known,
        &rules,
    );
    let k = kinds(&dup.unwrap_err());
    assert!(k.contains(&(Some(1), RowErrorKind::AlreadyInBatch)));
    assert!(k.contains(&(Some(1), RowErrorKind::MobileAlreadyInBatch)));
}

#[test]
fn error_report_serializes() {
    let held = EnrolledIn {
        batch_no: "TXZY202605120002".to_owned(),
        own_unit: false,
    };
    let e = RowError::at(
        4,
        Some(Column::IdNumber),
        RowErrorKind::AlreadyEnrolled(held),
    );
    let report = RowErrorReport::from(&e);
    let json = serde_json::to_string(&report).unwrap();
    assert!(json.contains("\"column\":\"id_number\""));
    assert!(
        json.contains("其他单位的参保批次TXZY202605120002"),
        "{json}"
    );
}
