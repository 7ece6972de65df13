//! Workbooks written from a roster: the export (导出) and the import error report
//! (the uploaded rows with an error column).

use std::collections::HashMap;

use api_types::ImportErrorOut;
use chrono::{DateTime, Utc};
use domain::roster::{Column, RawRow};
use domain::{DocumentType, Fen, Sex};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::entry::status_label;
use super::page;
use crate::actor::Actor;
use crate::audit;
use crate::batches::access::{plan_of, readable};
use crate::error::{stored, ServiceResult};
use crate::sheet_writer::{self, SheetWriter};

/// Rows read per query while exporting.
pub const EXPORT_CHUNK: u64 = 2000;

/// The roster of a batch as xlsx, unmasked (the unit's own list); audited. Returns the
/// file name and bytes. Read in chunks by keyset and written off the request workers in
/// constant memory ([`SheetWriter`]).
pub async fn export(
    db: &impl ConnectionTrait,
    actor: &Actor,
    batch_id: Uuid,
    now: DateTime<Utc>,
) -> ServiceResult<(String, Vec<u8>)> {
    let b = readable(db, actor, batch_id).await?;
    let plan = plan_of(db, &b).await?;
    let titles = [
        "序号",
        "姓名",
        "证件类型",
        "证件号码",
        "出生日期",
        "性别",
        "手机号",
        "参保费用(元)",
        "状态",
    ];
    let mut sheet = SheetWriter::start(
        "参保名单",
        Box::new(move |sheet, bold| {
            sheet_writer::titles(sheet, bold, 0, &titles)?;
            Ok(1)
        }),
    );
    let premium = Fen::new(plan.premium.0).yuan_string();
    let mut people = 0u64;
    let mut key = None;
    loop {
        let entries = page::chunk_after(db, b.id, key, EXPORT_CHUNK).await?;
        let Some(last) = entries.last() else { break };
        key = Some(page::export_key(last));
        let mut rows = Vec::with_capacity(entries.len());
        for e in &entries {
            people += 1;
            let doc: DocumentType = stored("document type", e.id, &e.doc_type)?;
            let sex: Sex = stored("sex", e.id, &e.sex)?;
            rows.push(vec![
                people.to_string(),
                e.name.clone(),
                doc.label_zh().to_owned(),
                e.id_number.as_str().to_owned(),
                e.birth_date.format("%Y-%m-%d").to_string(),
                match sex {
                    Sex::Male => "男",
                    Sex::Female => "女",
                }
                .to_owned(),
                e.mobile.as_str().to_owned(),
                premium.clone(),
                status_label(&e.status).to_owned(),
            ]);
        }
        sheet.rows(rows).await?;
    }
    let bytes = sheet.finish().await?;
    audit::entry(Some(actor), "roster.exported")
        .target("batch", b.id)
        .after(serde_json::json!({ "people": people }))
        .write(db, now)
        .await?;
    Ok((format!("参保名单_{}.xlsx", b.batch_no), bytes))
}

/// The error report of a refused import: every uploaded row with its errors in a last
/// column, and a second sheet listing every error (row, column, reason).
pub fn error_report(rows: &[RawRow], errors: &[ImportErrorOut]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let red = Format::new().set_font_color("#C00000").set_num_format("@");
    // Constant memory: each finished row goes to a temp file instead of staying in
    // memory (the report of 100,000 rows with 200,000 errors peaked at 446 MB).
    let sheet = book.add_worksheet_with_constant_memory()?;
    sheet.set_name("参保名单(含错误原因)")?;
    let mut titles: Vec<&str> = Column::ALL.iter().map(|c| c.template_header()).collect();
    titles.insert(0, "行号");
    titles.push("错误原因");
    sheet_writer::titles(sheet, &bold, 0, &titles)?;
    sheet.set_column_width(7, 60)?;
    // Errors by row, so that the report is linear in rows + errors (a scan of every
    // error for every row took hours on a hostile file).
    let mut by_row: HashMap<u32, Vec<&ImportErrorOut>> = HashMap::new();
    for e in errors {
        if let Some(row) = e.row {
            by_row.entry(row).or_default().push(e);
        }
    }
    for (i, r) in rows.iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let cells = [
            &r.name,
            &r.doc_type,
            &r.id_number,
            &r.birth_date,
            &r.sex,
            &r.mobile,
        ];
        sheet.write_number(row, 0, f64::from(r.row_number))?;
        for (c, v) in cells.iter().enumerate() {
            let col = u16::try_from(c + 1).unwrap_or(0);
            sheet.write_string_with_format(row, col, v.as_deref().unwrap_or(""), &text)?;
        }
        let reasons: Vec<String> = by_row
            .get(&r.row_number)
            .into_iter()
            .flatten()
            .map(|e| match &e.column_label {
                Some(c) => format!("【{c}】{}", e.message),
                None => e.message.clone(),
            })
            .collect();
        if !reasons.is_empty() {
            sheet.write_string_with_format(row, 7, reasons.join("；"), &red)?;
        }
    }
    let all = book.add_worksheet_with_constant_memory()?;
    all.set_name("错误汇总")?;
    sheet_writer::titles(all, &bold, 0, &["行号", "列", "错误原因"])?;
    all.set_column_width(2, 80)?;
    for (i, e) in errors.iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let at = e
            .row
            .map_or_else(|| "整个文件".to_owned(), |r| r.to_string());
        all.write_string(row, 0, at)?;
        all.write_string(row, 1, e.column_label.as_deref().unwrap_or(""))?;
        all.write_string(row, 2, &e.message)?;
    }
    book.save_to_buffer()
}
