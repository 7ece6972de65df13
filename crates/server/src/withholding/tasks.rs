//! The withholding's background work: `withholding.accept` (the automatic acceptance one
//! working day after submission), `withholding.send` (one bank request per chunk of the
//! frozen list, idempotent by its key: a retry after a timeout or a crash is the same
//! request, never a second withholding) and `withholding.collect` (the chunk's results,
//! polled until ready; recorded once, together with the task's completion; the last one
//! moves the batch to 代扣完成).

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Duration, Utc};
use domain::withholding::DeductionResult;
use domain::BatchAction;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::view::{ACCEPTED, APPLIED, DONE, SENT};
use crate::actor::Actor;
use crate::audit;
use crate::batches::access::{locked, plan_of, save, status_of};
use crate::batches::view::context;
use crate::entities::{batch, roster_entry, task, withholding, withholding_item};
use crate::error::{key, ServiceError};
use crate::interfaces::{BankAnswer, BankPerson, BankRequest, InterfaceError};
use crate::tasks::{
    enqueue, NewTask, TaskContext, TaskError, TaskHandler, TaskRegistry, TaskState,
};

/// The automatic acceptance.
pub const ACCEPT: &str = "withholding.accept";
/// One bank request.
pub const SEND: &str = "withholding.send";
/// One request's results.
pub const COLLECT: &str = "withholding.collect";

/// Input of `withholding.accept`.
#[derive(Debug, Serialize, Deserialize)]
pub struct AcceptPayload {
    /// The application.
    pub withholding_id: Uuid,
}

/// Input of `withholding.send` and `withholding.collect`.
#[derive(Debug, Serialize, Deserialize)]
pub struct ChunkPayload {
    /// The application.
    pub withholding_id: Uuid,
    /// Which part of its list.
    pub chunk: i32,
}

/// Registers the handlers.
pub fn register(registry: &mut TaskRegistry) {
    registry.register(ACCEPT, Arc::new(Accept));
    registry.register(SEND, Arc::new(Send));
    registry.register(COLLECT, Arc::new(Collect));
}

/// The send task of one chunk.
pub fn send_task(owner: &str, withholding_id: Uuid, chunk: i32) -> NewTask {
    let payload = serde_json::json!(ChunkPayload {
        withholding_id,
        chunk
    });
    NewTask::new(SEND, owner, payload).unique(format!("{SEND}:{withholding_id}:{chunk}"))
}

/// The unique key of a chunk's collect task (the bank's callback moves it forward).
pub fn collect_key(withholding_id: Uuid, chunk: i32) -> String {
    format!("{COLLECT}:{withholding_id}:{chunk}")
}

/// The idempotency key of a chunk's bank request: the same for every retry.
pub fn bank_key(withholding_id: Uuid, chunk: i32) -> String {
    format!("rtp-withholding:{withholding_id}:{chunk}")
}

/// The bank request of one chunk: the same body for every attempt (people in row order),
/// under the same key.
pub fn bank_request(
    w: &withholding::Model,
    chunk: i32,
    items: &[withholding_item::Model],
    callback_url: Option<String>,
) -> BankRequest {
    BankRequest {
        idempotency_key: bank_key(w.id, chunk),
        amount_fen: w.amount_fen,
        people: items
            .iter()
            .map(|i| BankPerson {
                reference: i.entry_id.to_string(),
                id_number: i.id_number.as_str().to_owned(),
                name: i.name.clone(),
            })
            .collect(),
        callback_url,
    }
}

/// The people of one chunk, in request order.
pub async fn chunk_items(
    db: &impl ConnectionTrait,
    id: Uuid,
    chunk: i32,
) -> Result<Vec<withholding_item::Model>, sea_orm::DbErr> {
    withholding_item::Entity::find()
        .filter(withholding_item::Column::WithholdingId.eq(id))
        .filter(withholding_item::Column::Chunk.eq(chunk))
        .order_by_asc(withholding_item::Column::RowNo)
        .order_by_asc(withholding_item::Column::EntryId)
        .all(db)
        .await
}

fn payload<T: serde::de::DeserializeOwned>(t: &task::Model) -> Result<T, TaskError> {
    serde_json::from_value(t.payload.clone())
        .map_err(|e| TaskError::Fatal(format!("bad payload of {}: {e}", t.kind)))
}

fn service(err: ServiceError) -> TaskError {
    TaskError::Retry(err.to_string())
}

fn bank_failure(err: InterfaceError) -> TaskError {
    match err {
        // The bank refused the request itself (a bug on our side): no retry will help.
        InterfaceError::Rejected { .. } => TaskError::Fatal(err.to_string()),
        other => TaskError::Retry(other.to_string()),
    }
}

async fn application(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<withholding::Model>, TaskError> {
    Ok(withholding::Entity::find_by_id(id).one(db).await?)
}

struct Accept;

#[async_trait::async_trait]
impl TaskHandler for Accept {
    async fn run(&self, ctx: &TaskContext) -> Result<(), TaskError> {
        let p: AcceptPayload = payload(&ctx.task)?;
        let state = &ctx.state;
        let now = state.clock.now();
        let txn = crate::db::begin(&state.db).await?;
        let Some(w) = application(&txn, p.withholding_id).await? else {
            ctx.lease.complete(&txn, now).await?;
            return Ok(txn.commit().await?);
        };
        if w.state == APPLIED {
            super::apply::accept(&txn, &state.settings.tasks, &w, &ctx.task.owner, None, now)
                .await
                .map_err(service)?;
        }
        ctx.lease.complete(&txn, now).await?;
        Ok(txn.commit().await?)
    }
}

struct Send;

#[async_trait::async_trait]
impl TaskHandler for Send {
    async fn run(&self, ctx: &TaskContext) -> Result<(), TaskError> {
        let p: ChunkPayload = payload(&ctx.task)?;
        let state = &ctx.state;
        let Some(w) = application(&state.db, p.withholding_id).await? else {
            return Ok(());
        };
        if w.state != ACCEPTED && w.state != SENT {
            return Ok(());
        }
        let items = chunk_items(&state.db, w.id, p.chunk).await?;
        if items.is_empty() {
            return Err(TaskError::Fatal(format!(
                "chunk {} of {} is empty",
                p.chunk, w.id
            )));
        }
        let request_id = match items.iter().find_map(|i| i.bank_request_id.clone()) {
            // Sent before (this task ran up to its completion and was run again).
            Some(id) => id,
            None => {
                let callback = state.settings.withholding.callback_url.clone();
                let request = bank_request(&w, p.chunk, &items, callback);
                let receipt = state
                    .interfaces
                    .bank
                    .submit(&request)
                    .await
                    .map_err(bank_failure)?;
                if receipt.duplicate {
                    tracing::info!(withholding = %w.id, chunk = p.chunk, "bank request was sent before");
                }
                receipt.request_id
            }
        };
        let now = state.clock.now();
        let txn = crate::db::begin(&state.db).await?;
        withholding_item::Entity::update_many()
            .col_expr(
                withholding_item::Column::BankRequestId,
                Expr::value(Some(request_id.clone())),
            )
            .filter(withholding_item::Column::WithholdingId.eq(w.id))
            .filter(withholding_item::Column::Chunk.eq(p.chunk))
            .exec(&txn)
            .await?;
        let unsent = withholding_item::Entity::find()
            .filter(withholding_item::Column::WithholdingId.eq(w.id))
            .filter(withholding_item::Column::BankRequestId.is_null())
            .count(&txn)
            .await?;
        if unsent == 0 {
            withholding::Entity::update_many()
                .col_expr(withholding::Column::State, Expr::value(SENT))
                .col_expr(withholding::Column::SentAt, Expr::value(Some(now)))
                .filter(withholding::Column::Id.eq(w.id))
                .filter(withholding::Column::State.eq(ACCEPTED))
                .exec(&txn)
                .await?;
        }
        let payload = serde_json::json!(ChunkPayload {
            withholding_id: w.id,
            chunk: p.chunk
        });
        let mut collect = NewTask::new(COLLECT, ctx.task.owner.clone(), payload)
            .unique(collect_key(w.id, p.chunk));
        collect.run_at =
            Some(now + Duration::seconds(state.settings.withholding.poll_seconds.max(0)));
        enqueue(&txn, &state.settings.tasks, now, collect).await?;
        ctx.lease.complete(&txn, now).await?;
        txn.commit().await?;
        tracing::info!(withholding = %w.id, chunk = p.chunk, people = items.len(), "sent to the bank");
        Ok(())
    }
}

struct Collect;

#[async_trait::async_trait]
impl TaskHandler for Collect {
    async fn run(&self, ctx: &TaskContext) -> Result<(), TaskError> {
        let p: ChunkPayload = payload(&ctx.task)?;
        let state = &ctx.state;
        let Some(w) = application(&state.db, p.withholding_id).await? else {
            return Ok(());
        };
        if w.state == DONE {
            return Ok(());
        }
        let items = chunk_items(&state.db, w.id, p.chunk).await?;
        let Some(request_id) = items.iter().find_map(|i| i.bank_request_id.clone()) else {
            return Err(TaskError::Fatal(format!(
                "chunk {} of {} was never sent",
                p.chunk, w.id
            )));
        };
        let lines = match state
            .interfaces
            .bank
            .results(&request_id)
            .await
            .map_err(bank_failure)?
        {
            BankAnswer::Done(lines) => lines,
            BankAnswer::Pending => {
                let wait = state.settings.withholding.poll_seconds.max(1);
                return Err(TaskError::Defer {
                    until: state.clock.now() + Duration::seconds(wait),
                    reason: "银行尚未完成代扣".into(),
                });
            }
        };
        let by_ref: HashMap<&str, &crate::interfaces::BankLine> =
            lines.iter().map(|l| (l.reference.as_str(), l)).collect();
        let now = state.clock.now();
        let txn = crate::db::begin(&state.db).await?;
        // The batch row's lock orders the chunks' recordings: the last one finishes.
        let b = locked(&txn, w.batch_id).await.map_err(service)?;
        for item in items.iter().filter(|i| i.result.is_none()) {
            let line = by_ref
                .get(item.entry_id.to_string().as_str())
                .ok_or_else(|| {
                    TaskError::Retry(format!("the bank answered no result for {}", item.entry_id))
                })?;
            let result = DeductionResult::from_bank(line.success, line.reason_code.as_deref());
            let reason = (!line.success).then(|| line.reason.clone()).flatten();
            withholding_item::Entity::update_many()
                .col_expr(
                    withholding_item::Column::Result,
                    Expr::value(Some(key(&result))),
                )
                .col_expr(
                    withholding_item::Column::Reason,
                    Expr::value(reason.clone()),
                )
                .col_expr(withholding_item::Column::ResultAt, Expr::value(Some(now)))
                .filter(withholding_item::Column::Id.eq(item.id))
                .filter(withholding_item::Column::Result.is_null())
                .exec(&txn)
                .await?;
            roster_entry::Entity::update_many()
                .col_expr(
                    roster_entry::Column::WithholdingResult,
                    Expr::value(Some(key(&result))),
                )
                .col_expr(roster_entry::Column::WithholdingReason, Expr::value(reason))
                .filter(roster_entry::Column::Id.eq(item.entry_id))
                .filter(roster_entry::Column::BatchId.eq(w.batch_id))
                .exec(&txn)
                .await?;
        }
        let open = withholding_item::Entity::find()
            .filter(withholding_item::Column::WithholdingId.eq(w.id))
            .filter(withholding_item::Column::Result.is_null())
            .count(&txn)
            .await?;
        if open == 0 {
            finish(&txn, &w, &b, now).await?;
        }
        ctx.lease.complete(&txn, now).await?;
        txn.commit().await?;
        Ok(())
    }
}

/// Every result is in: the application is done and the batch 代扣完成 (once).
async fn finish(
    txn: &impl ConnectionTrait,
    w: &withholding::Model,
    b: &batch::Model,
    now: chrono::DateTime<Utc>,
) -> Result<(), TaskError> {
    let succeeded = withholding_item::Entity::find()
        .filter(withholding_item::Column::WithholdingId.eq(w.id))
        .filter(withholding_item::Column::Result.eq(key(&DeductionResult::Succeeded)))
        .count(txn)
        .await?;
    let succeeded = i32::try_from(succeeded).unwrap_or(i32::MAX);
    let changed = withholding::Entity::update_many()
        .col_expr(withholding::Column::State, Expr::value(DONE))
        .col_expr(withholding::Column::ResultsAt, Expr::value(Some(now)))
        .col_expr(withholding::Column::Succeeded, Expr::value(Some(succeeded)))
        .filter(withholding::Column::Id.eq(w.id))
        .filter(withholding::Column::State.ne(DONE))
        .exec(txn)
        .await?;
    if changed.rows_affected == 0 {
        return Ok(());
    }
    let plan = plan_of(txn, b).await.map_err(service)?;
    let transition = status_of(b)
        .map_err(service)?
        .apply(
            BatchAction::RecordWithholdingResults,
            &context(b, &plan, now, 0).map_err(service)?,
        )
        .map_err(|r| TaskError::Fatal(r.to_string()))?;
    let after = save(
        txn,
        b,
        batch::ActiveModel {
            status: Set(key(&transition.to)),
            ..Default::default()
        },
        now,
    )
    .await
    .map_err(service)?;
    let done = withholding::Model {
        succeeded: Some(succeeded),
        ..w.clone()
    };
    let due = super::view::share_now(&after, &plan, &done)
        .map_err(service)?
        .map_or(domain::Fen::ZERO, |s| s.due);
    crate::notifications::events::withholding_results(
        txn,
        &after,
        w.id,
        u32::try_from(w.people).unwrap_or(0),
        u32::try_from(succeeded).unwrap_or(0),
        due,
        now,
    )
    .await
    .map_err(service)?;
    audit::entry(Some(&Actor::System), "batch.withholding_results_recorded")
        .target("batch", b.id)
        .before(serde_json::json!({ "status": b.status }))
        .after(serde_json::json!({
            "status": after.status,
            "withholding_id": w.id,
            "people": w.people,
            "succeeded": succeeded,
        }))
        .write(txn, now)
        .await?;
    tracing::info!(batch = %b.id, succeeded, people = w.people, "withholding results recorded");
    Ok(())
}

/// The bank's notice that request `request_id` is ready: its collect task runs now
/// instead of at its next poll. The notice itself is never trusted: the results are
/// fetched from the bank. `false` when the request is not ours.
pub async fn results_ready(
    db: &impl ConnectionTrait,
    request_id: &str,
    now: chrono::DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let Some(item) = withholding_item::Entity::find()
        .filter(withholding_item::Column::BankRequestId.eq(request_id))
        .one(db)
        .await?
    else {
        return Ok(false);
    };
    task::Entity::update_many()
        .col_expr(task::Column::RunAt, Expr::value(now))
        .filter(task::Column::UniqueKey.eq(collect_key(item.withholding_id, item.chunk)))
        .filter(task::Column::State.eq(TaskState::Queued.as_str()))
        .exec(db)
        .await?;
    Ok(true)
}
