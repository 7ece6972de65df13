//! The pages of a roster (③ 参保名单, ④ 校验结果, ⑥ 代扣结果 are all this list with
//! filters), sorted by (序号, id) — the order of the index `ix_roster_entries_batch_row_id`
//! and, under an outcome or status filter, of its siblings, so no page sorts.
//!
//! - `after` (a previous page's `next`): the rows after that key, one index range.
//! - A page number without `after` (the SPA's pager): the key of the row before the page is
//!   read from the index alone (its entries hold row_no and id, so no row is visited on the
//!   way), then the page is read as after that key.
//! - The total of an unfiltered list is the batch's maintained `roster_size`, of a list
//!   filtered by outcome alone the triggers' `roster_counts`; other filters count, over
//!   the filter's own index.

use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select,
};
use uuid::Uuid;

use crate::entities::{batch, roster_count, roster_entry};
use crate::error::ServiceResult;
use crate::paging::cursor::RowKey;
use crate::pii::Sealed;

use roster_entry::Column as C;

/// One page of a roster: its rows, the total over all pages and the next page's cursor.
pub struct RosterRows {
    /// The rows, in (序号, id) order.
    pub rows: Vec<roster_entry::Model>,
    /// Rows matching the filters.
    pub total: u64,
    /// The cursor of the rows after these, if any.
    pub next: Option<String>,
}

/// Where a page starts.
pub enum Start {
    /// After the row this cursor names.
    After(RowKey),
    /// At this page number (from 1) of `page_size` rows.
    Page(u64),
}

/// The batch's rows matching `filters`, in list order.
fn ordered(b: &batch::Model, filters: &Condition) -> Select<roster_entry::Entity> {
    roster_entry::Entity::find()
        .filter(C::BatchId.eq(b.id))
        .filter(filters.clone())
        .order_by_asc(C::RowNo)
        .order_by_asc(C::Id)
}

/// The rows strictly after `key` in list order: a row-value comparison, which both
/// databases turn into one range of the (batch, row_no, id) index.
fn after(key: RowKey) -> sea_orm::sea_query::SimpleExpr {
    Expr::tuple([Expr::col(C::RowNo).into(), Expr::col(C::Id).into()])
        .gt(Expr::tuple([key.row_no.into(), key.id.into()]))
}

/// Where the total of a list comes from.
pub enum Total {
    /// No filter: the batch's `roster_size`.
    Batch,
    /// Only an outcome filter: the triggers' count of that outcome.
    Outcome(String),
    /// Any other filter: counted.
    Count,
}

async fn total(
    db: &impl ConnectionTrait,
    b: &batch::Model,
    filters: &Condition,
    total: Total,
) -> ServiceResult<u64> {
    Ok(match total {
        Total::Batch => u64::try_from(b.roster_size).unwrap_or(0),
        Total::Outcome(outcome) => roster_count::Entity::find_by_id((b.id, outcome))
            .one(db)
            .await?
            .map_or(0, |c| u64::try_from(c.people).unwrap_or(0)),
        Total::Count => {
            roster_entry::Entity::find()
                .filter(C::BatchId.eq(b.id))
                .filter(filters.clone())
                .count(db)
                .await?
        }
    })
}

/// The page of `b`'s roster that `start` names, with its total taken as `kind` says.
pub async fn rows(
    db: &impl ConnectionTrait,
    b: &batch::Model,
    filters: Condition,
    kind: Total,
    start: Start,
    page_size: u64,
) -> ServiceResult<RosterRows> {
    let total = total(db, b, &filters, kind).await?;
    let key = match start {
        Start::After(key) => Some(key),
        Start::Page(page) if page <= 1 => None,
        Start::Page(page) => {
            let before: Option<(i32, Uuid)> = ordered(b, &filters)
                .select_only()
                .column(C::RowNo)
                .column(C::Id)
                .offset((page - 1) * page_size - 1)
                .limit(1)
                .into_tuple()
                .one(db)
                .await?;
            match before {
                Some((row_no, id)) => Some(RowKey { row_no, id }),
                None => {
                    return Ok(RosterRows {
                        rows: Vec::new(),
                        total,
                        next: None,
                    })
                }
            }
        }
    };
    let mut select = ordered(b, &filters);
    if let Some(key) = key {
        select = select.filter(after(key));
    }
    let mut rows = select.limit(page_size + 1).all(db).await?;
    let more = rows.len() as u64 > page_size;
    rows.truncate(usize::try_from(page_size).unwrap_or(usize::MAX));
    let next = more
        .then(|| rows.last())
        .flatten()
        .map(|e| key_of(e).encode());
    Ok(RosterRows { rows, total, next })
}

/// The columns the exports write (and the sort key): a third of a roster row's columns,
/// none of the interfaces' raw answers, so reading 50,000 people decodes what is written.
#[derive(Debug, Clone, FromQueryResult)]
pub struct ExportRow {
    pub id: Uuid,
    pub row_no: i32,
    pub name: String,
    pub doc_type: String,
    pub id_number: Sealed,
    pub birth_date: chrono::NaiveDate,
    pub sex: String,
    pub mobile: Sealed,
    pub status: String,
    pub ss_name: Option<String>,
    pub deduction_type: Option<String>,
    pub outcome: Option<String>,
    pub ss_code: Option<String>,
    pub ss_unit_name: Option<String>,
}

/// At most `n` rows of a batch after `key` (from the first row when `None`), in list
/// order: how an export reads a whole roster, one index range per chunk (an `OFFSET` per
/// chunk re-read every row before it).
pub async fn chunk_after(
    db: &impl ConnectionTrait,
    batch_id: Uuid,
    key: Option<RowKey>,
    n: u64,
) -> Result<Vec<ExportRow>, sea_orm::DbErr> {
    let mut select = roster_entry::Entity::find()
        .select_only()
        .columns([
            C::Id,
            C::RowNo,
            C::Name,
            C::DocType,
            C::IdNumber,
            C::BirthDate,
            C::Sex,
            C::Mobile,
            C::Status,
            C::SsName,
            C::DeductionType,
            C::Outcome,
            C::SsCode,
            C::SsUnitName,
        ])
        .filter(C::BatchId.eq(batch_id))
        .order_by_asc(C::RowNo)
        .order_by_asc(C::Id);
    if let Some(key) = key {
        select = select.filter(after(key));
    }
    select.limit(n).into_model::<ExportRow>().all(db).await
}

/// The key of a row, to continue after it.
pub fn key_of(e: &roster_entry::Model) -> RowKey {
    RowKey {
        row_no: e.row_no,
        id: e.id,
    }
}

/// The key of an exported row, to continue after it.
pub fn export_key(e: &ExportRow) -> RowKey {
    RowKey {
        row_no: e.row_no,
        id: e.id,
    }
}
