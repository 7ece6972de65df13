//! 导出: the verification results as xlsx — 姓名, 社保姓名, 证件类型, 证件号码 (masked unless
//! asked otherwise), 代扣类型, 校验结果 — with the summary line on top. Audited.

use chrono::{DateTime, Utc};
use domain::{DeductionType, DocumentType, IdNumber, VerificationOutcome};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::summary::{summary, summary_line};
use crate::actor::Actor;
use crate::audit;
use crate::batches::access::readable;
use crate::entities::roster_entry;
use crate::error::{parse_key, ServiceError, ServiceResult};

/// Rows read per query while exporting.
const PAGE: u64 = 5000;

const TITLES: [&str; 9] = [
    "序号",
    "姓名",
    "社保姓名",
    "证件类型",
    "证件号码",
    "代扣类型",
    "校验结果",
    "社保编号",
    "社保单位",
];

fn label<T: serde::de::DeserializeOwned>(
    raw: &Option<String>,
    f: fn(&T) -> &'static str,
) -> String {
    raw.as_deref()
        .and_then(parse_key::<T>)
        .map(|v| f(&v).to_owned())
        .unwrap_or_else(|| "-".into())
}

/// The results of a batch as xlsx; answers the file name and bytes.
pub async fn export(
    db: &impl ConnectionTrait,
    actor: &Actor,
    batch_id: Uuid,
    unmasked: bool,
    now: DateTime<Utc>,
) -> ServiceResult<(String, Vec<u8>)> {
    let b = readable(db, actor, batch_id).await?;
    let s = summary(db, b.id).await?;
    let xl = |e: XlsxError| ServiceError::internal(e);
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let sheet = book.add_worksheet();
    sheet.set_name("校验结果").map_err(xl)?;
    sheet
        .write_string_with_format(0, 0, summary_line(&s), &bold)
        .map_err(xl)?;
    for (i, t) in TITLES.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(0);
        sheet
            .write_string_with_format(1, col, *t, &bold)
            .map_err(xl)?;
        sheet.set_column_width(col, 18).map_err(xl)?;
    }
    sheet.set_freeze_panes(2, 0).map_err(xl)?;
    let pages = roster_entry::Entity::find()
        .filter(roster_entry::Column::BatchId.eq(b.id))
        .order_by_asc(roster_entry::Column::RowNo)
        .order_by_asc(roster_entry::Column::Id)
        .paginate(db, PAGE);
    let (mut row, mut page) = (1u32, 0);
    loop {
        let entries = pages.fetch_page(page).await?;
        if entries.is_empty() {
            break;
        }
        for e in &entries {
            row += 1;
            let doc: Option<DocumentType> = parse_key(&e.doc_type);
            let id = match (unmasked, doc) {
                (true, _) => e.id_number.as_str().to_owned(),
                (false, Some(doc)) => IdNumber::parse(doc, &e.id_number)
                    .map(|id| id.masked())
                    .unwrap_or_else(|_| "***".into()),
                (false, None) => "***".into(),
            };
            let cells = [
                (row - 1).to_string(),
                e.name.clone(),
                e.ss_name.clone().unwrap_or_default(),
                doc.map(|d| d.label_zh().to_owned()).unwrap_or_default(),
                id,
                label::<DeductionType>(&e.deduction_type, DeductionType::label_zh),
                label::<VerificationOutcome>(&e.outcome, VerificationOutcome::label_zh),
                e.ss_code.clone().unwrap_or_default(),
                e.ss_unit_name.clone().unwrap_or_default(),
            ];
            for (c, v) in cells.iter().enumerate() {
                let col = u16::try_from(c).unwrap_or(0);
                sheet
                    .write_string_with_format(row, col, v, &text)
                    .map_err(xl)?;
            }
        }
        page += 1;
    }
    let bytes = book.save_to_buffer().map_err(xl)?;
    audit::entry(Some(actor), "verification.exported")
        .target("batch", b.id)
        .after(serde_json::json!({ "people": row - 1, "unmasked": unmasked }))
        .write(db, now)
        .await?;
    Ok((format!("校验结果_{}.xlsx", b.batch_no), bytes))
}
