//! 导出: the verification results as xlsx — 姓名, 社保姓名, 证件类型, 证件号码 (masked unless
//! asked otherwise), 代扣类型, 校验结果 — with the summary line on top. Audited. Read by keyset and written off the request workers
//! in constant memory, as the roster's export is.

use chrono::{DateTime, Utc};
use domain::{DeductionType, DocumentType, IdNumber, VerificationOutcome};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::summary::{summary, summary_line};
use crate::actor::Actor;
use crate::audit;
use crate::batches::access::readable;
use crate::error::{parse_key, ServiceResult};
use crate::roster::export::EXPORT_CHUNK;
use crate::roster::page;
use crate::sheet_writer::{self, SheetWriter};

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
    let line = summary_line(&s);
    let mut sheet = SheetWriter::start(
        "校验结果",
        Box::new(move |sheet, bold| {
            sheet.write_string_with_format(0, 0, line, bold)?;
            sheet_writer::titles(sheet, bold, 1, &TITLES)?;
            Ok(2)
        }),
    );
    let (mut people, mut key) = (0u64, None);
    loop {
        let entries = page::chunk_after(db, b.id, key, EXPORT_CHUNK).await?;
        let Some(last) = entries.last() else { break };
        key = Some(page::export_key(last));
        let mut rows = Vec::with_capacity(entries.len());
        for e in &entries {
            people += 1;
            let doc: Option<DocumentType> = parse_key(&e.doc_type);
            let id = match (unmasked, doc) {
                (true, _) => e.id_number.as_str().to_owned(),
                (false, Some(doc)) => IdNumber::parse(doc, &e.id_number)
                    .map(|id| id.masked())
                    .unwrap_or_else(|_| "***".into()),
                (false, None) => "***".into(),
            };
            rows.push(vec![
                people.to_string(),
                e.name.clone(),
                e.ss_name.clone().unwrap_or_default(),
                doc.map(|d| d.label_zh().to_owned()).unwrap_or_default(),
                id,
                label::<DeductionType>(&e.deduction_type, DeductionType::label_zh),
                label::<VerificationOutcome>(&e.outcome, VerificationOutcome::label_zh),
                e.ss_code.clone().unwrap_or_default(),
                e.ss_unit_name.clone().unwrap_or_default(),
            ]);
        }
        sheet.rows(rows).await?;
    }
    let bytes = sheet.finish().await?;
    audit::entry(Some(actor), "verification.exported")
        .target("batch", b.id)
        .after(serde_json::json!({ "people": people, "unmasked": unmasked }))
        .write(db, now)
        .await?;
    Ok((format!("校验结果_{}.xlsx", b.batch_no), bytes))
}
