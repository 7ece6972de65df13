//! 审核通过，向职保会提交代扣申请 (the list of 可代扣 people is frozen), and its acceptance by
//! the association — automatic one working day later, or a reviewer's 受理 earlier — which
//! sends the list to the bank.

use api_types::{Role, WithholdingApplicationIn, WithholdingOut};
use chrono::{DateTime, Utc};
use domain::withholding::acceptance_due;
use domain::{BatchAction, BatchRefusal, DeductionType};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};
use uuid::Uuid;

use super::tasks::{send_task, AcceptPayload, ACCEPT};
use super::view::{self, deadline_text, ACCEPTED, APPLIED};
use crate::actor::Actor;
use crate::app::config::{Settings, TaskSettings};
use crate::audit;
use crate::batches::access::{locked, plan_of, readable, save, status_of, writable};
use crate::batches::view::context;
use crate::batches::{BatchError, BatchResult};
use crate::entities::{batch, roster_entry, withholding, withholding_item};
use crate::error::{key, ServiceError, ServiceResult};
use crate::pii::Sealed;
use crate::tasks::{enqueue, enqueue_all, NewTask};

/// Rows per insert of the frozen list.
const INSERT_CHUNK: usize = 500;

/// `GET …/withholding`.
pub async fn get(
    db: &impl ConnectionTrait,
    actor: &Actor,
    batch_id: Uuid,
    now: DateTime<Utc>,
) -> ServiceResult<WithholdingOut> {
    let b = readable(db, actor, batch_id).await?;
    view::out(db, &b, now).await
}

/// A code the operator can read off the slip and a reviewer can look up (8 characters,
/// no look-alikes).
fn slip_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    Uuid::new_v4()
        .as_bytes()
        .iter()
        .take(8)
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect()
}

/// 提交代扣申请: freezes the 可代扣 people into the application and schedules its
/// acceptance. Refused after the plan year's deadline, without 可代扣 people, or without
/// the operator's 我已阅读并同意.
pub async fn apply<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    settings: &Settings,
    actor: &Actor,
    batch_id: Uuid,
    expected_version: Option<i32>,
    input: &WithholdingApplicationIn,
    now: DateTime<Utc>,
) -> BatchResult<WithholdingOut> {
    if !input.agreed {
        return Err(ServiceError::field("agreed", "请阅读并勾选“我已阅读并同意”").into());
    }
    let action = BatchAction::ApplyForWithholding;
    let txn = crate::db::begin(db).await?;
    let b = writable(&txn, actor, batch_id, expected_version, action).await?;
    let plan = plan_of(&txn, &b).await?;
    let people: Vec<(Uuid, i32, String, Sealed)> = roster_entry::Entity::find()
        .select_only()
        .column(roster_entry::Column::Id)
        .column(roster_entry::Column::RowNo)
        .column(roster_entry::Column::Name)
        .column(roster_entry::Column::IdNumber)
        .filter(roster_entry::Column::BatchId.eq(b.id))
        .filter(roster_entry::Column::DeductionType.eq(key(&DeductionType::Withholdable)))
        .order_by_asc(roster_entry::Column::RowNo)
        .order_by_asc(roster_entry::Column::Id)
        .into_tuple()
        .all(&txn)
        .await?;
    let mut ctx = context(&b, &plan, now, 0)?;
    ctx.withholdable_count = people.len();
    let transition = match status_of(&b)?.apply(action, &ctx) {
        Ok(t) => t,
        Err(BatchRefusal::WithholdingApplicationClosed) => {
            return Err(ServiceError::refused(
                api_types::RefusalReason::WithholdingApplicationClosed,
                format!(
                    "委托代扣申请已截止（{}），请联系职保会",
                    deadline_text(plan.withholding_application_deadline)
                ),
            )
            .into())
        }
        Err(r) => return Err(BatchError::Refused(r)),
    };
    let amount = b.withholding_amount_fen.ok_or_else(|| {
        ServiceError::internal(format!("batch {} has no withholding amount", b.id))
    })?;
    let per_request = settings.withholding.bank_max_people.max(1);
    let chunks = people.len().div_ceil(per_request);
    let id = Uuid::new_v4();
    let due = acceptance_due(now);
    withholding::Entity::insert(withholding::ActiveModel {
        id: Set(id),
        batch_id: Set(b.id),
        amount_fen: Set(amount),
        people: Set(i32::try_from(people.len()).map_err(ServiceError::internal)?),
        state: Set(APPLIED.into()),
        submitted_at: Set(now),
        submitted_by: Set(actor.account_id()),
        accept_due_at: Set(due),
        accepted_at: Set(None),
        accepted_by: Set(None),
        slip_code: Set(slip_code()),
        chunks: Set(i32::try_from(chunks).map_err(ServiceError::internal)?),
        sent_at: Set(None),
        results_at: Set(None),
        succeeded: Set(None),
    })
    .exec_without_returning(&txn)
    .await?;
    for (c, rows) in people.chunks(INSERT_CHUNK).enumerate() {
        let items = rows
            .iter()
            .enumerate()
            .map(|(i, (entry, row_no, name, id_number))| {
                let chunk = (c * INSERT_CHUNK + i) / per_request;
                Ok(withholding_item::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    withholding_id: Set(id),
                    entry_id: Set(*entry),
                    row_no: Set(*row_no),
                    name: Set(name.clone()),
                    id_number: Set(id_number.clone()),
                    chunk: Set(i32::try_from(chunk).map_err(ServiceError::internal)?),
                    bank_request_id: Set(None),
                    result: Set(None),
                    reason: Set(None),
                    result_at: Set(None),
                })
            })
            .collect::<ServiceResult<Vec<_>>>()?;
        withholding_item::Entity::insert_many(items)
            .exec_without_returning(&txn)
            .await?;
    }
    let mut accept = NewTask::new(
        ACCEPT,
        b.unit_id.to_string(),
        serde_json::json!(AcceptPayload { withholding_id: id }),
    )
    .unique(format!("{ACCEPT}:{id}"));
    accept.run_at = Some(due);
    enqueue(&txn, &settings.tasks, now, accept).await?;
    let after = save(
        &txn,
        &b,
        batch::ActiveModel {
            status: Set(key(&transition.to)),
            ..Default::default()
        },
        now,
    )
    .await?;
    audit::entry(Some(actor), "batch.withholding_applied")
        .target("batch", b.id)
        .before(serde_json::json!({ "status": b.status }))
        .after(serde_json::json!({
            "status": after.status,
            "withholding_id": id,
            "people": people.len(),
            "amount_fen": amount,
            "accept_due_at": due,
        }))
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    tracing::info!(batch_id = %b.id, people = people.len(), "withholding applied");
    Ok(view::out(db, &after, now).await?)
}

/// Accepts application `w` (once: `false` when it was accepted already) and queues its
/// bank requests, in the caller's transaction; `by` is the reviewer, `None` for the
/// automatic acceptance.
pub async fn accept(
    txn: &impl ConnectionTrait,
    tasks: &TaskSettings,
    w: &withholding::Model,
    owner: &str,
    by: Option<&Actor>,
    now: DateTime<Utc>,
) -> ServiceResult<bool> {
    let changed = withholding::Entity::update_many()
        .col_expr(withholding::Column::State, Expr::value(ACCEPTED))
        .col_expr(withholding::Column::AcceptedAt, Expr::value(Some(now)))
        .col_expr(
            withholding::Column::AcceptedBy,
            Expr::value(by.and_then(Actor::account_id)),
        )
        .filter(withholding::Column::Id.eq(w.id))
        .filter(withholding::Column::State.eq(APPLIED))
        .exec(txn)
        .await?;
    if changed.rows_affected == 0 {
        return Ok(false);
    }
    let sends = (0..w.chunks)
        .map(|chunk| send_task(owner, w.id, chunk))
        .collect();
    enqueue_all(txn, tasks, now, sends).await?;
    audit::entry(
        Some(by.unwrap_or(&Actor::System)),
        "batch.withholding_accepted",
    )
    .target("batch", w.batch_id)
    .after(serde_json::json!({
        "withholding_id": w.id,
        "automatic": by.is_none(),
    }))
    .write(txn, now)
    .await?;
    Ok(true)
}

/// 受理 by a reviewer before the automatic acceptance.
pub async fn accept_now<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    tasks: &TaskSettings,
    actor: &Actor,
    batch_id: Uuid,
    now: DateTime<Utc>,
) -> ServiceResult<WithholdingOut> {
    actor.require(&[Role::Reviewer])?;
    let txn = crate::db::begin(db).await?;
    let b = locked(&txn, batch_id).await?;
    let w = view::find(&txn, b.id)
        .await?
        .ok_or(ServiceError::NotFound("代扣申请"))?;
    if !accept(&txn, tasks, &w, &b.unit_id.to_string(), Some(actor), now).await? {
        return Err(ServiceError::conflict("该代扣申请已受理"));
    }
    txn.commit().await?;
    view::out(db, &b, now).await
}
