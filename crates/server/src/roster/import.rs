//! Roster import (方式1): read the workbook, validate every row with the domain's rules,
//! and replace the batch's list in one transaction with chunked inserts — or refuse the
//! whole file with every row's errors.

use std::collections::{HashMap, HashSet};

use api_types::ImportErrorOut;
use chrono::{DateTime, Utc};
use domain::plan_year::shanghai_date;
use domain::roster::{validate_roster, EnrolledIn, RawRow, RosterRules};
use domain::{BatchAction, DocumentType, IdNumber, PlanYear, RosterEntry, RowError};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QuerySelect, Set,
    TransactionTrait,
};
use uuid::Uuid;

use super::entry::{enrolled_meanwhile, entry_row};
use super::limits::ImportLimits;
use super::sheet::read_roster_with;
use crate::actor::Actor;
use crate::audit;
use crate::batches::access::{plan_of, save, status_of, writable};
use crate::batches::view::context;
use crate::batches::BatchResult;
use crate::entities::{batch, roster_entry};
use crate::error::{key, ServiceError, ServiceResult};

/// Rows per INSERT statement (13 parameters each: well under SQLite's and PostgreSQL's
/// limits).
const INSERT_CHUNK: usize = 1000;
/// IDs per `IN (…)` lookup of people already enrolled elsewhere (SQLite).
const LOOKUP_CHUNK: usize = 500;
/// IDs per `= ANY(…)` lookup on PostgreSQL (one parameter, 65 characters an ID).
const ANY_CHUNK: usize = 5000;
/// A replaced list at least this long is followed by `VACUUM (ANALYZE)` on PostgreSQL, so
/// that the next plans see the rows (autovacuum gets to them only later).
const ANALYZE_FROM: usize = 1000;

/// The outcome of checking a file.
pub enum Checked {
    /// Every row is valid: the entries in sheet order, with their row numbers.
    Valid(Vec<(u32, RosterEntry)>),
    /// Some rows are wrong: the rows as read and every error.
    Invalid(Vec<RawRow>, Vec<ImportErrorOut>),
    /// The file itself cannot be read as a roster.
    BadFile(Vec<ImportErrorOut>),
}

/// One domain error in the API's shape.
pub fn error_out(e: &RowError) -> ImportErrorOut {
    ImportErrorOut {
        row: e.row,
        column: e.column.map(|c| key(&c)),
        column_label: e.column.map(|c| c.label_zh().to_owned()),
        message: e.reason.to_string(),
    }
}

/// The 422 answer of a refused file: the first `shown` errors in `details.errors`, their
/// total in `details.errors_total` and whether some were left out in
/// `details.errors_truncated` (the error report lists them all). A million bad rows
/// would otherwise answer a JSON body of hundreds of megabytes.
pub fn refused(errors: Vec<ImportErrorOut>, shown: usize) -> ServiceError {
    let total = errors.len();
    let truncated = total > shown;
    let listed: Vec<ImportErrorOut> = errors.into_iter().take(shown).collect();
    let message = if truncated {
        format!(
            "导入失败：共{total}处错误，以下列出前{shown}处，请下载带错误原因的表格查看全部错误，修改后重新导入"
        )
    } else {
        format!("导入失败：共{total}处错误，请依据提示修改表格后重新导入（可下载带错误原因的表格）")
    };
    ServiceError::Refused {
        message,
        reason: None,
        details: Some(serde_json::json!({
            "errors": listed,
            "errors_total": total,
            "errors_truncated": truncated,
        })),
    }
}

/// IDs of the file found in other batches of the plan year (any unit), with the batch.
async fn enrolled_elsewhere(
    db: &impl ConnectionTrait,
    b: &batch::Model,
    rows: &[RawRow],
) -> ServiceResult<HashMap<String, EnrolledIn>> {
    let ids = rows.iter().filter_map(|r| {
        let t = DocumentType::parse_zh(r.doc_type.as_deref()?)?;
        IdNumber::parse(t, r.id_number.as_deref()?)
            .ok()
            .map(|id| id.as_str().to_owned())
    });
    in_other_batches(db, b, ids).await
}

/// Which of the normalised `ids` are in another batch of `b`'s plan year, and the batch
/// that holds each: the refusal names it.
pub(super) async fn in_other_batches(
    db: &impl ConnectionTrait,
    b: &batch::Model,
    ids: impl Iterator<Item = String>,
) -> ServiceResult<HashMap<String, EnrolledIn>> {
    // By their blind index: the stored numbers are encrypted.
    let by_index: HashMap<String, String> = ids.map(|id| (crate::pii::id_index(&id), id)).collect();
    let indexes: Vec<&str> = by_index.keys().map(String::as_str).collect();
    let postgres = db.get_database_backend() == DbBackend::Postgres;
    let chunk_size = if postgres { ANY_CHUNK } else { LOOKUP_CHUNK };
    let mut found: HashMap<String, Uuid> = HashMap::new();
    for chunk in indexes.chunks(chunk_size) {
        // The batch's own rows are filtered here, not in SQL: a `batch_id <>` beside the
        // key gave the planner a choice, and with stale statistics it chose a scan.
        let keys = if postgres {
            // One array parameter: `= ANY` on the unique (plan_year, id_hash) index is a
            // lookup per key whatever the statistics say (an IN list of 500 bound values
            // was planned from them, and after a bulk load they were wrong).
            Expr::cust_with_values(
                r#""roster_entries"."id_hash" = ANY(string_to_array($1, ','))"#,
                [chunk.join(",")],
            )
        } else {
            roster_entry::Column::IdHash.is_in(chunk.iter().copied())
        };
        let hits: Vec<(Uuid, Option<String>)> = roster_entry::Entity::find()
            .select_only()
            .column(roster_entry::Column::BatchId)
            .column(roster_entry::Column::IdHash)
            .filter(roster_entry::Column::PlanYear.eq(b.plan_year))
            .filter(keys)
            .into_tuple()
            .all(db)
            .await?;
        found.extend(
            hits.iter()
                .filter(|(batch, _)| *batch != b.id)
                .filter_map(|(batch, h)| {
                    let id = h.as_ref().and_then(|h| by_index.get(h))?;
                    Some((id.clone(), *batch))
                }),
        );
    }
    let named = batches_named(db, b.unit_id, found.values().copied()).await?;
    Ok(found
        .into_iter()
        .filter_map(|(id, batch)| Some((id, named.get(&batch)?.clone())))
        .collect())
}

/// The batch numbers of `batches`, each marked as `unit_id`'s own or another unit's.
pub(super) async fn batches_named(
    db: &impl ConnectionTrait,
    unit_id: Uuid,
    batches: impl Iterator<Item = Uuid>,
) -> ServiceResult<HashMap<Uuid, EnrolledIn>> {
    let ids: Vec<Uuid> = batches.collect::<HashSet<_>>().into_iter().collect();
    let mut named = HashMap::new();
    for chunk in ids.chunks(LOOKUP_CHUNK) {
        let rows: Vec<(Uuid, String, Uuid)> = batch::Entity::find()
            .select_only()
            .column(batch::Column::Id)
            .column(batch::Column::BatchNo)
            .column(batch::Column::UnitId)
            .filter(batch::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        named.extend(rows.into_iter().map(|(id, batch_no, unit)| {
            let own_unit = unit == unit_id;
            (id, EnrolledIn { batch_no, own_unit })
        }));
    }
    Ok(named)
}

/// Reads and validates a file for a batch (no write), within `limits`.
pub async fn check(
    db: &impl ConnectionTrait,
    b: &batch::Model,
    plan: &PlanYear,
    bytes: Vec<u8>,
    limits: &ImportLimits,
    now: DateTime<Utc>,
) -> ServiceResult<Checked> {
    let limits = limits.clone();
    let read = move || read_roster_with(&bytes, &limits).map(|(rows, _)| rows);
    let rows = match tokio::task::spawn_blocking(read)
        .await
        .map_err(ServiceError::internal)?
    {
        Ok(rows) => rows,
        Err(errors) => return Ok(Checked::BadFile(errors)),
    };
    let others = enrolled_elsewhere(db, b, &rows).await?;
    let rules = RosterRules::for_plan_year(plan, Some(shanghai_date(now)));
    let checked =
        tokio::task::spawn_blocking(move || match validate_roster(&rows, &others, &rules) {
            Ok(entries) => {
                let numbers = rows.iter().filter(|r| !r.is_blank()).map(|r| r.row_number);
                Checked::Valid(numbers.zip(entries).collect())
            }
            Err(errors) => {
                let errors = errors.iter().map(error_out).collect();
                Checked::Invalid(rows, errors)
            }
        })
        .await
        .map_err(ServiceError::internal)?;
    Ok(checked)
}

/// [`import_with`] under the default limits.
pub async fn import<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    batch_id: Uuid,
    expected_version: Option<i32>,
    bytes: Vec<u8>,
    now: DateTime<Utc>,
) -> BatchResult<(batch::Model, usize)> {
    let limits = ImportLimits::default();
    import_with(db, actor, batch_id, expected_version, bytes, &limits, now).await
}

/// Imports a roster file into a batch: all or nothing, replacing the list. Returns the
/// batch after the import and the number of people.
pub async fn import_with<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    batch_id: Uuid,
    expected_version: Option<i32>,
    bytes: Vec<u8>,
    limits: &ImportLimits,
    now: DateTime<Utc>,
) -> BatchResult<(batch::Model, usize)> {
    let action = BatchAction::ImportRoster;
    let b = writable(db, actor, batch_id, expected_version, action).await?;
    let plan = plan_of(db, &b).await?;
    // Refuse early (no payment method, closed window, wrong status) before reading.
    status_of(&b)?.apply(action, &context(&b, &plan, now, 0)?)?;
    let entries = match check(db, &b, &plan, bytes, limits, now).await? {
        Checked::Valid(entries) => entries,
        Checked::Invalid(_, errors) | Checked::BadFile(errors) => {
            return Err(refused(errors, limits.max_errors_in_answer).into())
        }
    };
    let event = ListEvent {
        audit: "roster.imported",
        renewed: false,
    };
    replace_list(db, actor, &b, &plan, &entries, event, now).await
}

/// How a replaced list is recorded.
pub(super) struct ListEvent {
    /// The audit event.
    pub audit: &'static str,
    /// Whether the people are marked as taken over from last plan year.
    pub renewed: bool,
}

/// Replaces the batch's list with `entries` (row number, person) in one transaction, if
/// the batch is still at the version `b` was read at. Returns the batch after it and the
/// number of people.
pub(super) async fn replace_list<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    b: &batch::Model,
    plan: &PlanYear,
    entries: &[(u32, RosterEntry)],
    event: ListEvent,
    now: DateTime<Utc>,
) -> BatchResult<(batch::Model, usize)> {
    let action = BatchAction::ImportRoster;
    let txn = crate::db::begin(db).await?;
    // Re-read inside the transaction: the version read before must still hold.
    let current = writable(&txn, actor, b.id, Some(b.version), action).await?;
    let transition = status_of(&current)?.apply(action, &context(&current, plan, now, 0)?)?;
    let removed = roster_entry::Entity::delete_many()
        .filter(roster_entry::Column::BatchId.eq(current.id))
        .exec(&txn)
        .await?
        .rows_affected;
    for chunk in entries.chunks(INSERT_CHUNK) {
        let rows = chunk.iter().map(|(row, e)| {
            let row_no = i32::try_from(*row).unwrap_or(i32::MAX);
            let mut row = entry_row(current.id, current.plan_year, row_no, e, now);
            if event.renewed {
                row.renewed = Set(true);
            }
            row
        });
        roster_entry::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await
            .map_err(enrolled_meanwhile)?;
    }
    let count = entries.len();
    let changes = batch::ActiveModel {
        status: Set(key(&transition.to)),
        roster_size: Set(i32::try_from(count).unwrap_or(i32::MAX)),
        ..Default::default()
    };
    let after = save(&txn, &current, changes, now).await?;
    audit::entry(Some(actor), event.audit)
        .target("batch", current.id)
        .before(serde_json::json!({ "status": current.status, "people": removed }))
        .after(serde_json::json!({ "status": after.status, "people": count }))
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    if db.get_database_backend() == DbBackend::Postgres
        && count.max(removed_count(removed)) >= ANALYZE_FROM
    {
        // Fresh statistics for the next import's and list's plans, the replaced rows'
        // space back, and the visibility map set so a numbered page's seek reads the index
        // alone (VACUUM visits only the pages the load changed). A failure costs only
        // speed, so it is logged, never the answer.
        if let Err(e) = db
            .execute_unprepared("VACUUM (ANALYZE) roster_entries")
            .await
        {
            tracing::warn!(error = %e, "VACUUM (ANALYZE) after a bulk load failed");
        }
    }
    tracing::info!(batch_id = %after.id, people = count, event = event.audit, "roster replaced");
    Ok((after, count))
}

fn removed_count(rows: u64) -> usize {
    usize::try_from(rows).unwrap_or(usize::MAX)
}

/// The error report of a file (nothing is imported): every row with its errors in an
/// extra column, as xlsx. Answers the file name and bytes. A file refused by a limit
/// gets a report with that one reason, like any unreadable file.
pub async fn error_report(
    db: &impl ConnectionTrait,
    actor: &Actor,
    batch_id: Uuid,
    bytes: Vec<u8>,
    limits: &ImportLimits,
    now: DateTime<Utc>,
) -> ServiceResult<(String, Vec<u8>)> {
    let b = crate::batches::access::readable(db, actor, batch_id).await?;
    let plan = plan_of(db, &b).await?;
    let (rows, errors) = match check(db, &b, &plan, bytes, limits, now).await? {
        Checked::Valid(_) => (Vec::new(), Vec::new()),
        Checked::Invalid(rows, errors) => (rows, errors),
        Checked::BadFile(errors) => (Vec::new(), errors),
    };
    let xlsx = tokio::task::spawn_blocking(move || super::export::error_report(&rows, &errors))
        .await
        .map_err(ServiceError::internal)?
        .map_err(ServiceError::internal)?;
    Ok((format!("导入错误_{}.xlsx", b.batch_no), xlsx))
}
