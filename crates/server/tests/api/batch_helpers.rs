//! Helpers of the batch and roster tests: logged-in operators, batches, workbooks.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use api_types::{BatchOut, ErrorCode};
use chrono::{DateTime, Utc};
use domain::roster::Column;
use rust_xlsxwriter::Workbook;
use uuid::Uuid;

use crate::helpers::{assert_error, TestApp, GOOD_PASSWORD};

/// An instant on the Shanghai wall clock.
pub fn shanghai(rfc3339_local: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("{rfc3339_local}+08:00"))
        .expect("instant")
        .with_timezone(&Utc)
}

/// A valid 18-digit resident ID, different for each `seq`.
pub fn resident_id(seq: u32) -> String {
    let first17 = format!("11010119500101{:03}", seq % 1000);
    let first17 = if seq >= 1000 {
        // Vary the birth date too, so that more than 1000 IDs stay distinct.
        let day = 1 + (seq / 1000) % 28;
        format!("110101195001{day:02}{:03}", seq % 1000)
    } else {
        first17
    };
    let check = domain::id_number::resident_id_check_digit(&first17).expect("check digit");
    format!("{first17}{check}")
}

/// A distinct valid mobile per `seq`.
pub fn mobile(seq: u32) -> String {
    format!("139{:08}", seq)
}

/// Creates a unit operator (password already changed) and returns its token.
pub async fn unit_token(app: &TestApp, login: &str) -> String {
    app.create_account(login, GOOD_PASSWORD, "unit", false)
        .await;
    app.login(login, GOOD_PASSWORD).await.access_token
}

/// Creates an account of `role` and returns its token.
pub async fn token_of(app: &TestApp, login: &str, role: &str) -> String {
    app.create_account(login, GOOD_PASSWORD, role, false).await;
    app.login(login, GOOD_PASSWORD).await.access_token
}

pub async fn post_batch(app: &TestApp, token: &str, kind: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/batches"))
        .bearer_auth(token)
        .json(&serde_json::json!({ "kind": kind }))
        .send()
        .await
        .expect("create batch")
}

/// Opens a batch; panics unless 201.
pub async fn create_batch(app: &TestApp, token: &str, kind: &str) -> BatchOut {
    let res = post_batch(app, token, kind).await;
    assert_eq!(res.status().as_u16(), 201);
    res.json().await.expect("batch body")
}

pub async fn get_batch(app: &TestApp, token: &str, id: Uuid) -> reqwest::Response {
    app.client
        .get(app.url(&format!("/api/batches/{id}")))
        .bearer_auth(token)
        .send()
        .await
        .expect("get batch")
}

pub async fn choose_method(
    app: &TestApp,
    token: &str,
    b: &BatchOut,
    body: serde_json::Value,
) -> reqwest::Response {
    app.client
        .put(app.url(&format!("/api/batches/{}/payment-method", b.id)))
        .bearer_auth(token)
        .header("If-Match", format!("\"{}\"", b.version))
        .json(&body)
        .send()
        .await
        .expect("payment method")
}

/// An instant batch paying by voucher, ready for a roster.
pub async fn voucher_batch(app: &TestApp, token: &str) -> BatchOut {
    let b = create_batch(app, token, "instant").await;
    let res = choose_method(app, token, &b, serde_json::json!({ "method": "voucher" })).await;
    assert_eq!(res.status().as_u16(), 200);
    res.json().await.expect("batch body")
}

/// A cell of a test workbook.
#[derive(Clone)]
pub enum Cell {
    Text(String),
    Number(f64),
}

pub fn t(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}

/// A workbook with the template's header (in `order`) and `rows`.
pub fn workbook_with(order: &[Column], rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (i, c) in order.iter().enumerate() {
        sheet
            .write_string(0, i as u16, c.template_header())
            .unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (i, cell) in row.iter().enumerate() {
            let (r, i) = (r as u32 + 1, i as u16);
            match cell {
                Cell::Text(s) if s.is_empty() => {}
                Cell::Text(s) => {
                    sheet.write_string(r, i, s).unwrap();
                }
                Cell::Number(n) => {
                    sheet.write_number(r, i, *n).unwrap();
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// A workbook in template order.
pub fn workbook(rows: &[Vec<Cell>]) -> Vec<u8> {
    workbook_with(&Column::ALL, rows)
}

/// A valid person name per `i` (digits spelled as 一二三…): 人员一二.
pub fn person_name(i: u32) -> String {
    let digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let spelled: String = i
        .to_string()
        .chars()
        .map(|c| digits[c.to_digit(10).unwrap_or(0) as usize])
        .collect();
    format!("人员{spelled}")
}

/// `n` valid 身份证 rows starting at `from`.
pub fn valid_rows(from: u32, n: u32) -> Vec<Vec<Cell>> {
    (from..from + n)
        .map(|i| {
            vec![
                t(&person_name(i)),
                t("身份证"),
                t(&resident_id(i)),
                t(""),
                t(""),
                t(&mobile(i)),
            ]
        })
        .collect()
}

/// The batch's current version (what a client sends as `If-Match`).
pub async fn version_of(app: &TestApp, token: &str, batch_id: Uuid) -> i32 {
    let current: BatchOut = get_batch(app, token, batch_id)
        .await
        .json()
        .await
        .expect("batch body");
    current.version
}

/// Imports `bytes` based on `version`, or (`None`) on the batch's current version as a
/// client that has just read it would.
pub async fn import(
    app: &TestApp,
    token: &str,
    batch_id: Uuid,
    bytes: Vec<u8>,
    version: Option<i32>,
) -> reqwest::Response {
    let version = match version {
        Some(v) => v,
        None => version_of(app, token, batch_id).await,
    };
    app.client
        .post(app.url(&format!("/api/batches/{batch_id}/roster/import")))
        .bearer_auth(token)
        .header("Content-Type", "application/octet-stream")
        .header("If-Match", version.to_string())
        .body(bytes)
        .send()
        .await
        .expect("import")
}

/// Asserts a 409 version conflict.
pub async fn assert_version_conflict(res: reqwest::Response) {
    assert_error(res, 409, ErrorCode::VersionConflict).await;
}

/// Moves the app's clock to a Shanghai wall-clock instant and makes sure the plan year
/// current then exists (as a server started at that instant would have seeded it).
pub async fn travel(app: &TestApp, local: &str) {
    let at = shanghai(local);
    app.clock.set(at);
    server::plan_years::service::ensure_seeded(&app.db, at)
        .await
        .expect("seed plan years");
}
