//! Roster import: the template, all or nothing with every row's errors, the error report,
//! headers by name, people of other batches, size limit, thousands of rows, `.xls`.

use api_types::{ErrorCode, Page, RosterEntryOut, RosterPersonOut};
use domain::roster::Column;

use crate::app::TestApp;
use crate::assertions::{assert_error, assert_import_refused};
use crate::fixtures::{
    mobile, person_name, resident_id, resident_id_with_wrong_check_digit, resident_row, sheet_rows,
    t, valid_rows, workbook, workbook_headed, workbook_with, Cell,
};

#[tokio::test]
async fn the_template_has_the_manuals_header_and_instructions() {
    let app = TestApp::spawn().await;
    let res = app.anonymous().templates().roster().await;
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("spreadsheetml"));
    let bytes = res.bytes().await.unwrap();
    let header = &sheet_rows(&bytes, 0)[0];
    let expected: Vec<&str> = Column::ALL.iter().map(|c| c.template_header()).collect();
    assert_eq!(header, &expected);
    let help = sheet_rows(&bytes, 1);
    assert!(help.iter().any(|r| r[0].contains("文本")));
    // The template itself (no people) is refused as empty, not as malformed.
    let (app, unit, b) = TestApp::with_voucher_batch("tuixiu200000000").await;
    let res = unit.roster(&b).try_import(bytes.to_vec()).await;
    let errors = assert_import_refused(res).await;
    assert!(errors[0].message.contains("没有参保人员"), "{:?}", errors);
    let letter = app.anonymous().templates().withholding_letter().await;
    assert_eq!(letter.status().as_u16(), 200);
}

#[tokio::test]
async fn a_valid_file_imports_whole_and_lists_masked() {
    let (_app, unit, b) = TestApp::with_voucher_batch("tuixiu200000001").await;
    let mut rows = valid_rows(1, 2);
    rows.push(vec![
        t("王豆"),
        t("非身份证"),
        t("E12345678"),
        Cell::Number(36138.0), // 1998-12-09 as an Excel serial date
        t("男"),
        t("１３９ ０００１ ９９９９"), // full-width digits and spaces
    ]);
    let out = unit.roster(&b).import(workbook(&rows)).await;
    assert_eq!(out.imported, 3);
    assert_eq!(out.batch.status, "verification_pending");
    assert_eq!(out.batch.roster_size, 3);
    assert_eq!(out.batch.version, b.version + 1);

    let page = unit.roster(&b).list("").await;
    assert_eq!(page.total, 3);
    let first = &page.items[0];
    assert_eq!(first.name, "人员一");
    assert!(
        first.id_number_masked.starts_with("110***********"),
        "{}",
        first.id_number_masked
    );
    assert_eq!(first.id_number_masked.chars().count(), 18);
    assert!(!first.id_number_masked.contains("19500101"));
    assert_eq!(first.mobile_masked, "139****0001");
    assert_eq!(first.premium_fen, 45_000);
    let other = &page.items[2];
    assert_eq!(other.mobile_masked, "139****9999");
    // The birth date is in the audited single-person view only.
    let full: RosterPersonOut =
        crate::assertions::assert_json(unit.roster(&b).person(other.id).await, 200).await;
    assert_eq!(full.birth_date.to_string(), "1998-12-09");
}

#[tokio::test]
async fn an_invalid_file_is_refused_whole_with_every_rows_errors() {
    let (_app, unit, b) = TestApp::with_voucher_batch("tuixiu200000002").await;
    let earlier = unit.roster(&b).import(workbook(&valid_rows(1, 2))).await;
    let in_scientific_notation = Cell::Number(1.101_011_990_010_11e17);
    let wrong_check = t(&resident_id_with_wrong_check_digit(7));
    let rows = vec![
        resident_row("", t(&resident_id(5)), &mobile(5)),
        resident_row("李四", in_scientific_notation, &mobile(6)),
        resident_row("王五", wrong_check, &mobile(6)),
        vec![
            t("赵六"),
            t("非身份证"),
            t("P1234567"),
            t(""),
            t(""),
            t(&mobile(8)),
        ],
    ];
    let bytes = workbook(&rows);
    let roster = unit.roster(&earlier.batch);
    let errors = assert_import_refused(roster.try_import(bytes.clone()).await).await;
    let at = |row: u32, column: &str| {
        errors
            .iter()
            .find(|e| e.row == Some(row) && e.column.as_deref() == Some(column))
            .unwrap_or_else(|| panic!("no error at row {row} {column}: {errors:?}"))
            .message
            .clone()
    };
    assert!(at(2, "name").contains("必填"));
    assert!(at(3, "id_number").contains("科学计数法"));
    assert!(at(4, "id_number").contains("校验位"));
    assert!(at(4, "mobile").contains("重复"));
    assert!(at(5, "birth_date").contains("非身份证"));
    assert!(at(5, "sex").contains("非身份证"));
    // Nothing changed: the earlier list stays.
    assert_eq!(roster.list("").await.total, 2);

    let res = roster.error_report(bytes).await;
    assert_eq!(res.status().as_u16(), 200);
    let report = sheet_rows(&res.bytes().await.unwrap(), 0);
    assert_eq!(report[0].last().unwrap(), "错误原因");
    assert!(report[1].last().unwrap().contains("姓名"));
    assert!(report[2].last().unwrap().contains("科学计数法"));
}

#[tokio::test]
async fn headers_match_by_name_and_reimport_replaces_the_list() {
    let (_app, unit, b) = TestApp::with_voucher_batch("tuixiu200000003").await;
    let order = [
        Column::Mobile,
        Column::Name,
        Column::IdNumber,
        Column::DocType,
        Column::Sex,
        Column::BirthDate,
    ];
    let rows: Vec<Vec<Cell>> = (1..=3)
        .map(|i| {
            vec![
                t(&mobile(i)),
                t(&person_name(i)),
                t(&resident_id(i)),
                t("身份证"),
                t(""),
                t(""),
            ]
        })
        .collect();
    let first = unit.roster(&b).import(workbook_with(&order, &rows)).await;
    let roster = unit.roster(&first.batch);
    let second = roster.import(workbook(&valid_rows(10, 2))).await;
    let page = roster.list("").await;
    assert_eq!(page.total, 2);
    assert!(page.items.iter().all(|p| p.name.starts_with("人员一")));
    // A sheet whose header differs from the template is refused.
    let res = unit
        .roster(&second.batch)
        .try_import(workbook_headed("编号"))
        .await;
    let errors = assert_import_refused(res).await;
    assert_eq!(errors.len(), 1);
    assert!(errors[0].message.contains("模板"), "{:?}", errors);
}

#[tokio::test]
async fn people_already_in_another_batch_of_the_year_are_reported() {
    let (app, unit, b) = TestApp::with_voucher_batch("tuixiu200000004").await;
    unit.roster(&b).import(workbook(&valid_rows(1, 3))).await;
    let other_unit = app.unit("tuixiu200000005").await;
    let other = other_unit.batches().create_voucher_batch().await;
    let res = other_unit
        .roster(&other)
        .try_import(workbook(&valid_rows(3, 2)))
        .await;
    let errors = assert_import_refused(res).await;
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].row, Some(2));
    // The message names the batch that holds the person (another unit's: its number only).
    let held = format!("其他单位的参保批次{}", b.batch_no);
    assert!(errors[0].message.contains(&held), "{errors:?}");

    // Typed by hand into the same unit's second batch, the refusal names the first one.
    let again = unit.batches().create_voucher_batch().await;
    let person = serde_json::json!({
        "name": "人员三", "doc_type": "resident_id", "id_number": resident_id(3), "mobile": "13300006969"
    });
    let res = unit.roster(&again).try_add(&person).await;
    let body = assert_error(res, 422, ErrorCode::ValidationFailed).await;
    let held = format!("本单位的参保批次{}", b.batch_no);
    assert!(body.message.contains(&held), "{}", body.message);
}

#[tokio::test]
async fn imports_need_a_payment_method_and_respect_the_size_limit() {
    let app = TestApp::builder()
        .settings(|s| s.roster_upload_max_bytes = 10_000)
        .spawn()
        .await;
    app.travel("2026-11-30T10:00:00").await;
    let unit = app.unit("tuixiu200000006").await;
    let fresh = unit.batches().create("instant").await;
    let res = unit
        .roster(&fresh)
        .try_import(workbook(&valid_rows(1, 1)))
        .await;
    let body = assert_error(res, 422, ErrorCode::RuleRefused).await;
    assert!(body.message.contains("缴费方式"), "{}", body.message);
    let b = unit.batches().create_voucher_batch().await;
    let big = workbook(&valid_rows(1, 1000));
    assert!(big.len() > 10_000);
    let res = unit.roster(&b).try_import(big).await;
    assert_error(res, 413, ErrorCode::PayloadTooLarge).await;
    let garbage = b"not a workbook".to_vec();
    let errors = assert_import_refused(unit.roster(&b).try_import(garbage).await).await;
    assert!(errors[0].message.contains(".xlsx"));
}

#[tokio::test]
async fn a_few_thousand_rows_import_in_one_request() {
    let (_app, unit, b) = TestApp::with_voucher_batch("tuixiu200000010").await;
    let out = unit.roster(&b).import(workbook(&valid_rows(1, 2500))).await;
    assert_eq!(out.imported, 2500);
    assert_eq!(unit.roster(&b).list("").await.total, 2500);
}

/// The legacy .xls format (here saved by LibreOffice from the same rows as the .xlsx
/// fixture) imports exactly like .xlsx.
#[tokio::test]
async fn an_xls_file_imports_like_the_same_xlsx() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let xlsx = std::fs::read(fixtures.join("roster-valid.xlsx")).unwrap();
    let xls = std::fs::read(fixtures.join("roster-valid.xls")).unwrap();
    assert_eq!(
        &xls[..4],
        &[0xD0, 0xCF, 0x11, 0xE0],
        "the .xls fixture is an OLE2 file"
    );

    let (_app, unit, b) = TestApp::with_voucher_batch("tuixiu200000009").await;
    let first = unit.roster(&b).import(xlsx).await;
    let from_xlsx = unit.roster(&b).list("?page_size=100").await;

    let second = unit.roster(&first.batch).import(xls).await;
    assert_eq!(second.imported, first.imported);
    assert!(second.imported > 0);
    let from_xls = unit.roster(&b).list("?page_size=100").await;
    let key = |p: &Page<RosterEntryOut>| {
        p.items
            .iter()
            .map(|e| {
                (
                    e.name.clone(),
                    e.id_number_masked.clone(),
                    e.mobile_masked.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(key(&from_xls), key(&from_xlsx));
}

/// The database itself refuses a second enrollment of a person in the same plan year,
/// so that two imports racing past the check cannot both succeed.
#[tokio::test]
async fn the_database_refuses_a_person_twice_in_a_plan_year() {
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};
    use server::entities::roster_entry;

    let (app, unit, b) = TestApp::with_voucher_batch("tuixiu200000010").await;
    unit.roster(&b).import(workbook(&valid_rows(1, 1))).await;
    let existing = roster_entry::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .expect("imported row");
    let other = unit.batches().create_voucher_batch().await;
    let duplicate = roster_entry::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        batch_id: Set(other.id),
        ..roster_entry::ActiveModel::from(existing)
    };
    let err = duplicate
        .insert(&app.db)
        .await
        .expect_err("a second enrollment");
    assert!(matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    ));
}
