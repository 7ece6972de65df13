//! 参保确认单: the insured people of a completed batch with their cover, as xlsx (ID
//! numbers masked); audited.

use chrono::{DateTime, Utc};
use domain::{BatchStatus, DocumentType, IdNumber};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::actor::Actor;
use crate::audit;
use crate::batches::access::{kind_of, readable, status_of, unit_of};
use crate::entities::roster_entry;
use crate::error::{stored, ServiceError, ServiceResult};
use crate::time::shanghai;

/// The 参保确认单 of batch `batch_id`: file name and bytes.
pub async fn confirmation(
    db: &impl ConnectionTrait,
    actor: &Actor,
    batch_id: Uuid,
    now: DateTime<Utc>,
) -> ServiceResult<(String, Vec<u8>)> {
    let b = readable(db, actor, batch_id).await?;
    if status_of(&b)? != BatchStatus::Completed {
        return Err(ServiceError::conflict(
            "参保尚未完成：缴费凭证审核通过后可下载参保确认单",
        ));
    }
    let u = unit_of(db, &b).await?;
    let people = roster_entry::Entity::find()
        .filter(roster_entry::Column::BatchId.eq(b.id))
        .order_by_asc(roster_entry::Column::RowNo)
        .order_by_asc(roster_entry::Column::Id)
        .all(db)
        .await?;
    let xl = |e: XlsxError| ServiceError::internal(e);
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name("参保确认单").map_err(xl)?;
    let facts = [
        ("单位名称", u.name.clone()),
        ("参保编码", u.enrollment_code.clone().unwrap_or_default()),
        ("批次号", b.batch_no.clone()),
        ("参保类型", kind_of(&b)?.label_zh().to_owned()),
        ("保障年度", format!("{}年度", b.plan_year)),
        ("参保人数", format!("{}人", people.len())),
        (
            "投保成功时间",
            b.completed_at
                .map(|t| shanghai(t).format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default(),
        ),
    ];
    for (row, (label, value)) in facts.iter().enumerate() {
        let row = u32::try_from(row).unwrap_or(0);
        sheet
            .write_string_with_format(row, 0, *label, &bold)
            .map_err(xl)?;
        sheet.write_string(row, 1, value).map_err(xl)?;
    }
    let top = u32::try_from(facts.len() + 1).unwrap_or(0);
    for (col, title) in [
        "序号",
        "姓名",
        "证件类型",
        "证件号码",
        "起保日期",
        "终保日期",
    ]
    .iter()
    .enumerate()
    {
        let col = u16::try_from(col).unwrap_or(0);
        sheet
            .write_string_with_format(top, col, *title, &bold)
            .map_err(xl)?;
        sheet.set_column_width(col, 20).map_err(xl)?;
    }
    for (i, e) in people.iter().enumerate() {
        let row = top + 1 + u32::try_from(i).unwrap_or(0);
        let doc: DocumentType = stored("document type", e.id, &e.doc_type)?;
        let masked = IdNumber::parse(doc, &e.id_number)
            .map(|id| id.masked())
            .unwrap_or_else(|_| "***".into());
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        sheet
            .write_number(row, 0, f64::from(e.row_no))
            .map_err(xl)?;
        sheet.write_string(row, 1, &e.name).map_err(xl)?;
        sheet.write_string(row, 2, doc.label_zh()).map_err(xl)?;
        sheet.write_string(row, 3, &masked).map_err(xl)?;
        sheet
            .write_string(row, 4, date(e.coverage_start))
            .map_err(xl)?;
        sheet
            .write_string(row, 5, date(e.coverage_end))
            .map_err(xl)?;
    }
    let bytes = book.save_to_buffer().map_err(xl)?;
    audit::entry(Some(actor), "batch.confirmation_downloaded")
        .target("batch", b.id)
        .write(db, now)
        .await?;
    Ok((format!("参保确认单_{}.xlsx", b.batch_no), bytes))
}
