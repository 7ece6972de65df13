//! Hostile roster files (the server killers and their relatives): each answers
//! 422 with one Chinese reason from the import, the error report names the same reason,
//! and the server is still there afterwards. Limits come from `[import]`.

use api_types::{ApiErrorBody, ErrorCode};

use crate::app::TestApp;
use crate::assertions::{assert_error, assert_import_refused};
use crate::fixtures::hostile::*;
use crate::fixtures::{sheet_rows, valid_rows, workbook};

/// The import refuses `bytes` with exactly one reason containing `expected`; so does the
/// error report (its 错误汇总 sheet).
async fn refused_with(
    unit: &crate::app::Client,
    b: &api_types::BatchOut,
    bytes: Vec<u8>,
    expected: &str,
) {
    let res = unit.roster(b).try_import(bytes.clone()).await;
    let errors = assert_import_refused(res).await;
    assert_eq!(errors.len(), 1, "one reason: {errors:?}");
    assert!(
        errors[0].message.contains(expected),
        "{expected} in {:?}",
        errors[0].message
    );
    let report = unit.roster(b).error_report(bytes).await;
    assert_eq!(report.status().as_u16(), 200);
    let summary = sheet_rows(&report.bytes().await.unwrap(), 1);
    assert!(
        summary
            .iter()
            .any(|r| r.iter().any(|c| c.contains(expected))),
        "{expected} in the report's summary: {summary:?}"
    );
}

/// The 5 KB file: header in row 1, one cell at XFD1048576. Before, calamine
/// allocated the 17-billion-cell grid and the process aborted (this test binary with it).
#[tokio::test]
async fn a_cell_at_the_last_row_and_column_is_refused_without_its_grid() {
    let (_app, unit, b) = TestApp::with_voucher_batch("tuixiu200000100").await;
    let file = far_corner_cell();
    assert!(file.len() < 5 * 1024, "a small file: {} bytes", file.len());
    refused_with(&unit, &b, file, "超过100000行的上限").await;
    refused_with(&unit, &b, far_right_cell(), "超过32列的上限").await;
    // The server survived both endpoints: an honest file still imports.
    let out = unit.roster(&b).import(workbook(&valid_rows(1, 2))).await;
    assert_eq!(out.imported, 2);
}

/// Every hostile shape answers 422 (never 500, never a dead server) with a Chinese
/// reason saying what is wrong.
#[tokio::test]
async fn every_hostile_file_answers_422_with_its_reason() {
    let (_app, unit, b) = TestApp::with_voucher_batch("tuixiu200000101").await;
    let honest = people_xlsx(3);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "uniqueCount of 4 billion",
            declared_billions_of_strings(),
            "共享字符串",
        ),
        ("XML nested 100,000 deep", deep_xml(100_000), "层级过深"),
        ("33 worksheets", many_sheets(33), "工作表超过32个"),
        ("a 201-character cell", long_cell(201), "超过200个字符"),
        (
            "one 100 KB string in every cell",
            one_long_shared_string(50_000, 3000),
            "超过200个字符",
        ),
        ("rows in descending order", rows_backwards(), "行的顺序颠倒"),
        (
            "a column number past u32",
            overflowing_reference(),
            "单元格位置无效",
        ),
        (
            "4 MB of spaces packed 1000:1",
            zip_bomb(4 * 1024 * 1024),
            "压缩比异常",
        ),
        (
            "an entry that inflates past its declared size",
            lying_sizes(1000),
            "实际大小或校验和与声明不符",
        ),
        (
            "an entry declaring 200 MB",
            lying_sizes(200 << 20),
            "解压后超过128MB的上限",
        ),
        (
            "not a zip at all",
            b"PK\x03\x04 but then nothing".to_vec(),
            ".xlsx",
        ),
        ("plain text", b"name,id\n".to_vec(), ".xlsx"),
        ("a truncated xlsx", truncated(&honest), ".xlsx"),
        ("an .ods", ods_like(), ".ods"),
        (
            "an .xls with a cell at 65536 × 65536",
            xls_far_corner_cell(),
            "超过32列的上限",
        ),
        (
            "an .xls whose DIMENSIONS are inverted",
            xls_inverted_dimensions(),
            "工作表范围无效",
        ),
        (
            "an .xls whose sector chain loops",
            xls_cyclic_chain(None),
            "扇区链无效",
        ),
        (
            "an .xls stream of a terabyte on a loop",
            xls_cyclic_chain(Some(1 << 40)),
            "流大小无效",
        ),
        ("an .xls cut in half", truncated(&xls_fixture()), ""),
    ];
    for (what, bytes, expected) in cases {
        let res = unit.roster(&b).try_import(bytes.clone()).await;
        let body: ApiErrorBody = {
            assert_eq!(res.status().as_u16(), 422, "{what}");
            res.json().await.unwrap()
        };
        assert_eq!(body.code, ErrorCode::RuleRefused, "{what}");
        let errors = body.details.unwrap()["errors"].clone();
        let message = errors[0]["message"].as_str().unwrap().to_owned();
        assert!(message.contains(expected), "{what}: {message}");
        assert!(
            message
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{what}"
        );
        let report = unit.roster(&b).error_report(bytes).await;
        assert_eq!(report.status().as_u16(), 200, "{what}: the error report");
    }
    // The honest file of the same shape imports: the refusals were about the hostility.
    assert_eq!(unit.roster(&b).import(honest).await.imported, 3);
}

/// More people than `import.max_rows` are refused before any row is validated (the
/// issue's million copies of one person answered 1,999,998 errors in 229 MB of JSON).
#[tokio::test]
async fn more_rows_than_the_limit_are_refused_whole() {
    let app = TestApp::builder()
        .settings(|s| s.import.max_rows = 50)
        .spawn()
        .await;
    app.travel("2026-11-30T10:00:00").await;
    let unit = app.unit("tuixiu200000102").await;
    let b = unit.batches().create_voucher_batch().await;
    let res = unit.roster(&b).try_import(copies_of_one_person(51)).await;
    let errors = assert_import_refused(res).await;
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].message.contains("超过50行的上限"),
        "{}",
        errors[0].message
    );
    assert_eq!(unit.roster(&b).import(people_xlsx(50)).await.imported, 50);
}

/// The JSON answer lists the first `import.max_errors_in_answer` errors and counts them
/// all; the downloadable report carries every one, each beside its row.
#[tokio::test]
async fn the_answer_lists_the_first_errors_and_the_report_all_of_them() {
    let (_app, unit, b) = TestApp::with_voucher_batch("tuixiu200000103").await;
    let file = copies_of_one_person(300);
    let res = unit.roster(&b).try_import(file.clone()).await;
    let body = assert_error(res, 422, ErrorCode::RuleRefused).await;
    let details = body.details.clone().unwrap();
    // 299 repeated IDs and 299 repeated mobiles.
    assert_eq!(details["errors_total"], 598);
    assert_eq!(details["errors_truncated"], true);
    assert_eq!(details["errors"].as_array().unwrap().len(), 200);
    assert!(body.message.contains("共598处错误"), "{}", body.message);
    assert!(body.message.contains("前200处"), "{}", body.message);

    let report = unit.roster(&b).error_report(file).await;
    let bytes = report.bytes().await.unwrap();
    let rows = sheet_rows(&bytes, 0);
    assert_eq!(rows.len(), 301, "header and every row");
    let last = rows.last().unwrap();
    assert!(last[7].contains("证件号码与第2行重复"), "{last:?}");
    assert!(last[7].contains("手机号与第2行重复"), "{last:?}");
    assert_eq!(sheet_rows(&bytes, 1).len(), 599, "header and every error");

    // A file with few errors keeps the plain message and lists them all.
    let few = unit.roster(&b).try_import(copies_of_one_person(3)).await;
    let body = assert_error(few, 422, ErrorCode::RuleRefused).await;
    let details = body.details.unwrap();
    assert_eq!(details["errors_total"], 4);
    assert_eq!(details["errors_truncated"], false);
    assert_eq!(details["errors"].as_array().unwrap().len(), 4);
}
