//! The batch list (参保批次列表), one batch, and 批次删除.

use std::collections::HashMap;

use api_types::{BatchOut, BatchQuery, Page, PageQuery, Role};
use chrono::{DateTime, Utc};
use domain::{BatchAction, BatchStatus, PlanYear};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use uuid::Uuid;

use super::access::{plan_of, readable, status_of, writable};
use super::error::BatchResult;
use super::view::{context, out, out_loaded};
use crate::actor::Actor;
use crate::audit;
use crate::entities::{batch, roster_entry, unit};
use crate::error::{parse_key, ServiceError, ServiceResult};
use crate::paging::cursor::BatchKey;
use crate::paging::non_empty;
use crate::plan_years::service as plan_years;
use crate::search::contains;

/// 查看批次信息.
pub async fn get(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    now: DateTime<Utc>,
) -> ServiceResult<BatchOut> {
    let b = readable(db, actor, id).await?;
    with_progress(db, out_loaded(db, &b, now).await?).await
}

/// Adds the verification's progress to a batch that is 名单校验中.
async fn with_progress(db: &impl ConnectionTrait, mut out: BatchOut) -> ServiceResult<BatchOut> {
    if out.status == crate::error::key(&BatchStatus::Verifying) {
        out.progress = crate::verification::service::brief(db, out.id).await?;
    }
    Ok(out)
}

/// The batch list: the operator's unit only, or every batch for reviewers and admins;
/// filters 批次号 / 单位名称 / 批次状态, newest change first.
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
    q: &BatchQuery,
    now: DateTime<Utc>,
) -> ServiceResult<Page<BatchOut>> {
    let paging = PageQuery {
        page: q.page,
        page_size: q.page_size,
    };
    let (page, page_size) = (paging.page(), paging.page_size());
    let mut select = batch::Entity::find().find_also_related(unit::Entity);
    if actor.role() == Some(Role::Unit) {
        select = select.filter(batch::Column::UnitId.eq(actor.own_unit()?));
    }
    if let Some(no) = non_empty(&q.batch_no) {
        select = select.filter(contains(batch::Column::BatchNo, &no.to_ascii_uppercase()));
    }
    if let Some(name) = non_empty(&q.unit_name) {
        select = select.filter(contains(unit::Column::Name, name));
    }
    if let Some(status) = non_empty(&q.status) {
        if parse_key::<BatchStatus>(status).is_none() {
            return Err(ServiceError::field(
                "status",
                format!("批次状态“{status}”无效"),
            ));
        }
        select = select.filter(batch::Column::Status.eq(status));
    }
    let total = select.clone().count(db).await?;
    let select = select
        .order_by_desc(batch::Column::UpdatedAt)
        .order_by_desc(batch::Column::BatchNo);
    // Newest first, the order of `ix_batches_updated_no` (and of its per-unit sibling)
    // read backwards: after a cursor one index range, by page number an index walk.
    let select = match non_empty(&q.after) {
        Some(raw) => {
            let key = BatchKey::parse(raw)?;
            let cols = [
                Expr::col((batch::Entity, batch::Column::UpdatedAt)).into(),
                Expr::col((batch::Entity, batch::Column::BatchNo)).into(),
            ];
            select.filter(
                Expr::tuple(cols).lt(Expr::tuple([key.updated_at.into(), key.batch_no.into()])),
            )
        }
        None => select.offset(paging.offset()),
    };
    let mut rows = select.limit(page_size + 1).all(db).await?;
    let more = rows.len() as u64 > page_size;
    rows.truncate(usize::try_from(page_size).unwrap_or(usize::MAX));
    let next = more.then(|| rows.last()).flatten().map(|(b, _)| {
        BatchKey {
            updated_at: b.updated_at,
            batch_no: b.batch_no.clone(),
        }
        .encode()
    });
    let plans: HashMap<i32, PlanYear> = plan_years::all_domain(db)
        .await?
        .into_iter()
        .map(|p| (p.year, p))
        .collect();
    let mut items = Vec::with_capacity(rows.len());
    for (b, u) in &rows {
        let plan = plans
            .get(&b.plan_year)
            .ok_or_else(|| ServiceError::internal(format!("plan year {} missing", b.plan_year)))?;
        items.push(with_progress(db, out(b, u.as_ref(), plan, now)?).await?);
    }
    Ok(Page {
        items,
        total,
        page,
        page_size,
        next,
    })
}

/// 批次删除, while the state machine allows it; the roster goes with it.
pub async fn delete<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    id: Uuid,
    expected_version: Option<i32>,
    now: DateTime<Utc>,
) -> BatchResult<()> {
    let txn = crate::db::begin(db).await?;
    let b = writable(&txn, actor, id, expected_version, BatchAction::DeleteBatch).await?;
    let plan = plan_of(&txn, &b).await?;
    status_of(&b)?.apply(BatchAction::DeleteBatch, &context(&b, &plan, now, 0)?)?;
    roster_entry::Entity::delete_many()
        .filter(roster_entry::Column::BatchId.eq(b.id))
        .exec(&txn)
        .await?;
    let res = batch::Entity::delete_many()
        .filter(batch::Column::Id.eq(b.id))
        .filter(batch::Column::Version.eq(b.version))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        return Err(ServiceError::VersionConflict.into());
    }
    audit::entry(Some(actor), "batch.deleted")
        .target("batch", b.id)
        .before(serde_json::json!({ "batch_no": b.batch_no, "status": b.status }))
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(())
}
