//! Roster: template, import (all or nothing, row errors, error report), manual entry,
//! masking and the audited unmasked view, deletion, search, export, size limit.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use std::io::Cursor;

use api_types::{
    BatchOut, ErrorCode, ImportErrorOut, ImportOut, Page, PersonAddedOut, RosterEntryOut,
    RosterPersonOut,
};
use calamine::{open_workbook_auto_from_rs, Data, Reader};
use domain::roster::Column;

use crate::batch_helpers::*;
use crate::helpers::{assert_error, spawn_app, spawn_app_with, TestApp};

fn sheet_rows(bytes: &[u8], index: usize) -> Vec<Vec<String>> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).expect("xlsx");
    let range = book
        .worksheet_range_at(index)
        .expect("sheet")
        .expect("range");
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

async fn roster(app: &TestApp, token: &str, b: &BatchOut, query: &str) -> Page<RosterEntryOut> {
    let url = app.url(&format!("/api/batches/{}/roster{query}", b.id));
    let res = app.client.get(url).bearer_auth(token).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    res.json().await.unwrap()
}

async fn refused(res: reqwest::Response) -> Vec<ImportErrorOut> {
    let body = assert_error(res, 422, ErrorCode::RuleRefused).await;
    serde_json::from_value(body.details.expect("details")["errors"].clone()).expect("errors")
}

async fn setup(login: &str) -> (TestApp, String, BatchOut) {
    let app = spawn_app().await;
    travel(&app, "2026-11-30T10:00:00").await;
    let token = unit_token(&app, login).await;
    let b = voucher_batch(&app, &token).await;
    (app, token, b)
}

#[tokio::test]
async fn the_template_has_the_manuals_header_and_instructions() {
    let app = spawn_app().await;
    let res = app
        .client
        .get(app.url("/api/templates/roster"))
        .send()
        .await
        .unwrap();
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
    let (app, token, b) = setup("tuixiu200000000").await;
    let errors = refused(import(&app, &token, b.id, bytes.to_vec(), None).await).await;
    assert!(errors[0].message.contains("没有参保人员"), "{:?}", errors);
    let letter = app
        .client
        .get(app.url("/api/templates/withholding-letter"))
        .send()
        .await
        .unwrap();
    assert_eq!(letter.status().as_u16(), 200);
}

#[tokio::test]
async fn a_valid_file_imports_whole_and_lists_masked() {
    let (app, token, b) = setup("tuixiu200000001").await;
    let mut rows = valid_rows(1, 2);
    rows.push(vec![
        t("王豆"),
        t("非身份证"),
        t("E12345678"),
        Cell::Number(36138.0), // 1998-12-09 as an Excel serial date
        t("男"),
        t("１３９ ０００１ ９９９９"), // full-width digits and spaces
    ]);
    let res = import(&app, &token, b.id, workbook(&rows), Some(b.version)).await;
    assert_eq!(res.status().as_u16(), 200);
    let out: ImportOut = res.json().await.unwrap();
    assert_eq!(out.imported, 3);
    assert_eq!(out.batch.status, "verification_pending");
    assert_eq!(out.batch.roster_size, 3);
    assert_eq!(out.batch.version, b.version + 1);

    let page = roster(&app, &token, &b, "").await;
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
    assert_eq!(other.birth_date.to_string(), "1998-12-09");
    assert_eq!(other.mobile_masked, "139****9999");
}

#[tokio::test]
async fn an_invalid_file_is_refused_whole_with_every_rows_errors() {
    let (app, token, b) = setup("tuixiu200000002").await;
    let res = import(&app, &token, b.id, workbook(&valid_rows(1, 2)), None).await;
    assert_eq!(res.status().as_u16(), 200);
    let mut wrong_check = resident_id(7);
    wrong_check.pop();
    wrong_check.push(if resident_id(7).ends_with('0') {
        '1'
    } else {
        '0'
    });
    let rows = vec![
        vec![
            t(""),
            t("身份证"),
            t(&resident_id(5)),
            t(""),
            t(""),
            t(&mobile(5)),
        ],
        vec![
            t("李四"),
            t("身份证"),
            Cell::Number(1.101_011_990_010_11e17),
            t(""),
            t(""),
            t(&mobile(6)),
        ],
        vec![
            t("王五"),
            t("身份证"),
            t(&wrong_check),
            t(""),
            t(""),
            t(&mobile(6)),
        ],
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
    let errors = refused(import(&app, &token, b.id, bytes.clone(), None).await).await;
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
    assert_eq!(roster(&app, &token, &b, "").await.total, 2);

    let res = app
        .client
        .post(app.url(&format!("/api/batches/{}/roster/error-report", b.id)))
        .bearer_auth(&token)
        .body(bytes)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let report = sheet_rows(&res.bytes().await.unwrap(), 0);
    assert_eq!(report[0].last().unwrap(), "错误原因");
    assert!(report[1].last().unwrap().contains("姓名"));
    assert!(report[2].last().unwrap().contains("科学计数法"));
}

#[tokio::test]
async fn headers_match_by_name_and_reimport_replaces_the_list() {
    let (app, token, b) = setup("tuixiu200000003").await;
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
    let res = import(&app, &token, b.id, workbook_with(&order, &rows), None).await;
    assert_eq!(res.status().as_u16(), 200);
    let res = import(&app, &token, b.id, workbook(&valid_rows(10, 2)), None).await;
    assert_eq!(res.status().as_u16(), 200);
    let page = roster(&app, &token, &b, "").await;
    assert_eq!(page.total, 2);
    assert!(page.items.iter().all(|p| p.name.starts_with("人员一")));
    // A sheet whose header differs from the template is refused.
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().write_string(0, 0, "编号").unwrap();
    let errors =
        refused(import(&app, &token, b.id, book.save_to_buffer().unwrap(), None).await).await;
    assert_eq!(errors.len(), 1);
    assert!(errors[0].message.contains("模板"), "{:?}", errors);
}

#[tokio::test]
async fn people_already_in_another_batch_of_the_year_are_reported() {
    let (app, token, b) = setup("tuixiu200000004").await;
    assert_eq!(
        import(&app, &token, b.id, workbook(&valid_rows(1, 3)), None)
            .await
            .status()
            .as_u16(),
        200
    );
    let other_unit = unit_token(&app, "tuixiu200000005").await;
    let other = voucher_batch(&app, &other_unit).await;
    let errors = refused(
        import(
            &app,
            &other_unit,
            other.id,
            workbook(&valid_rows(3, 2)),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].row, Some(2));
    assert!(errors[0].message.contains("其他批次"));
}

#[tokio::test]
async fn imports_need_a_payment_method_and_respect_the_size_limit() {
    let app = spawn_app_with(|s| s.roster_upload_max_bytes = 10_000).await;
    travel(&app, "2026-11-30T10:00:00").await;
    let token = unit_token(&app, "tuixiu200000006").await;
    let fresh = create_batch(&app, &token, "instant").await;
    let body = assert_error(
        import(&app, &token, fresh.id, workbook(&valid_rows(1, 1)), None).await,
        422,
        ErrorCode::RuleRefused,
    )
    .await;
    assert!(body.message.contains("缴费方式"), "{}", body.message);
    let b = voucher_batch(&app, &token).await;
    let big = workbook(&valid_rows(1, 1000));
    assert!(big.len() > 10_000);
    assert_error(
        import(&app, &token, b.id, big, None).await,
        413,
        ErrorCode::PayloadTooLarge,
    )
    .await;
    let garbage = b"not a workbook".to_vec();
    let errors = refused(import(&app, &token, b.id, garbage, None).await).await;
    assert!(errors[0].message.contains(".xlsx"));
}

#[tokio::test]
async fn manual_entry_view_delete_and_clear() {
    let (app, token, b) = setup("tuixiu200000007").await;
    let (app_ref, token_ref) = (&app, &token);
    let add = |body: serde_json::Value| async move {
        let (app, token) = (app_ref, token_ref);
        let version = version_of(app, token, b.id).await;
        app.client
            .post(app.url(&format!("/api/batches/{}/roster", b.id)))
            .bearer_auth(token)
            .header("If-Match", version.to_string())
            .json(&body)
            .send()
            .await
    };
    let person = serde_json::json!({
        "name": "张三", "doc_type": "resident_id", "id_number": resident_id(42), "mobile": "13300006961"
    });
    let res = add(person.clone()).await.unwrap();
    assert_eq!(res.status().as_u16(), 201);
    let added: PersonAddedOut = res.json().await.unwrap();
    assert_eq!(added.person.mobile_masked, "133****6961");
    assert_eq!(added.batch.status, "verification_pending");
    let dup = assert_error(add(person).await.unwrap(), 422, ErrorCode::ValidationFailed).await;
    assert!(dup.message.contains("本批次"), "{}", dup.message);
    let other =
        serde_json::json!({ "name": "约翰", "doc_type": "other", "id_number": "E99887766" });
    let body = assert_error(add(other).await.unwrap(), 422, ErrorCode::ValidationFailed).await;
    let fields = body.details.unwrap()["fields"].to_string();
    assert!(
        fields.contains("birth_date") && fields.contains("sex"),
        "{fields}"
    );
    let other = serde_json::json!({
        "name": "约翰", "doc_type": "other", "id_number": "E99887766", "birth_date": "1950-03-04", "sex": "male"
    });
    assert_eq!(add(other).await.unwrap().status().as_u16(), 201);

    // Unmasked view, audited.
    let id = added.person.id;
    let url = app.url(&format!("/api/batches/{}/roster/{id}", b.id));
    let full: RosterPersonOut = app
        .client
        .get(&url)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(full.id_number, resident_id(42));
    assert_eq!(full.mobile, "13300006961");
    let admin = token_of(&app, "admin7", "admin").await;
    let logs: serde_json::Value = app
        .client
        .get(app.url(&format!(
            "/api/audit-logs?action=roster.person_viewed&target_id={id}"
        )))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(logs["total"], 1);
    assert!(
        !logs.to_string().contains(&resident_id(42)),
        "no personal data in the audit log"
    );

    // Another unit sees nothing.
    let stranger = unit_token(&app, "tuixiu200000008").await;
    let res = app
        .client
        .get(&url)
        .bearer_auth(&stranger)
        .send()
        .await
        .unwrap();
    assert_error(res, 404, ErrorCode::NotFound).await;

    let res = app
        .client
        .delete(&url)
        .bearer_auth(&token)
        .header("If-Match", version_of(&app, &token, b.id).await.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let after: BatchOut = res.json().await.unwrap();
    assert_eq!(after.roster_size, 1);
    let res = app
        .client
        .delete(app.url(&format!("/api/batches/{}/roster", b.id)))
        .bearer_auth(&token)
        .header("If-Match", after.version.to_string())
        .send()
        .await
        .unwrap();
    let cleared: BatchOut = res.json().await.unwrap();
    assert_eq!(cleared.roster_size, 0);
    assert_eq!(cleared.status, "roster_pending");
}

#[tokio::test]
async fn search_page_batch_delete_and_export() {
    let (app, token, b) = setup("tuixiu200000009").await;
    assert_eq!(
        import(&app, &token, b.id, workbook(&valid_rows(1, 25)), None)
            .await
            .status()
            .as_u16(),
        200
    );
    let page = roster(&app, &token, &b, "?page=3&page_size=10").await;
    assert_eq!((page.total, page.items.len()), (25, 5));
    assert_eq!(
        roster(&app, &token, &b, "?name=%E4%BA%BA%E5%91%98%E4%B8%80")
            .await
            .total,
        11
    ); // 人员一, 人员一零–一九
    let id = resident_id(7);
    assert_eq!(
        roster(&app, &token, &b, &format!("?id_number={id}"))
            .await
            .total,
        1
    );
    assert_eq!(roster(&app, &token, &b, "?status=pending").await.total, 25);

    let ids: Vec<_> = page.items.iter().map(|p| p.id).collect();
    let res = app
        .client
        .post(app.url(&format!("/api/batches/{}/roster/deletions", b.id)))
        .bearer_auth(&token)
        .header("If-Match", version_of(&app, &token, b.id).await.to_string())
        .json(&serde_json::json!({ "ids": ids }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.json::<BatchOut>().await.unwrap().roster_size, 20);
    let unknown = serde_json::json!({ "ids": [uuid::Uuid::new_v4()] });
    let res = app
        .client
        .post(app.url(&format!("/api/batches/{}/roster/deletions", b.id)))
        .bearer_auth(&token)
        .header("If-Match", version_of(&app, &token, b.id).await.to_string())
        .json(&unknown)
        .send()
        .await
        .unwrap();
    assert_error(res, 404, ErrorCode::NotFound).await;

    let res = app
        .client
        .get(app.url(&format!("/api/batches/{}/roster/export", b.id)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let rows = sheet_rows(&res.bytes().await.unwrap(), 0);
    assert_eq!(rows.len(), 21);
    assert_eq!(rows[1][3], resident_id(1), "the export keeps every digit");
}

#[tokio::test]
async fn a_few_thousand_rows_import_in_one_request() {
    let (app, token, b) = setup("tuixiu200000010").await;
    let res = import(&app, &token, b.id, workbook(&valid_rows(1, 2500)), None).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.json::<ImportOut>().await.unwrap().imported, 2500);
    assert_eq!(roster(&app, &token, &b, "").await.total, 2500);
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

    let (app, token, b) = setup("tuixiu200000009").await;
    let res = import(&app, &token, b.id, xlsx, Some(b.version)).await;
    assert_eq!(res.status().as_u16(), 200);
    let first: ImportOut = res.json().await.unwrap();
    let from_xlsx = roster(&app, &token, &b, "?page_size=100").await;

    let res = import(&app, &token, b.id, xls, Some(first.batch.version)).await;
    assert_eq!(res.status().as_u16(), 200);
    let second: ImportOut = res.json().await.unwrap();
    assert_eq!(second.imported, first.imported);
    assert!(second.imported > 0);
    let from_xls = roster(&app, &token, &b, "?page_size=100").await;
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

    let (app, token, b) = setup("tuixiu200000010").await;
    let res = import(
        &app,
        &token,
        b.id,
        workbook(&valid_rows(1, 1)),
        Some(b.version),
    )
    .await;
    assert_eq!(res.status().as_u16(), 200);
    let existing = roster_entry::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .expect("imported row");
    let other = voucher_batch(&app, &token).await;
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
