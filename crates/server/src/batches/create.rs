//! 集中参保办理 / 即时参保办理: opening a batch inside its window, with a `TXZY` number
//! from a daily sequence that stays unique across server instances.

use api_types::RefusalReason;
use chrono::{DateTime, Utc};
use domain::plan_year::{plan_year_for_new_batch, shanghai_date};
use domain::{BatchKind, BatchNo, BatchStatus};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    SqlErr, TransactionTrait,
};
use uuid::Uuid;

use crate::actor::Actor;
use crate::audit;
use crate::entities::{batch, unit};
use crate::error::{key, ServiceError, ServiceResult};
use crate::plan_years::service as plan_years;
use crate::search::starts_with;

/// Opens a batch (集中参保 / 即时参保) for the operator's unit in the plan year the domain
/// chooses for that type now; a clear refusal outside the windows.
pub async fn create<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    kind: BatchKind,
    now: DateTime<Utc>,
) -> ServiceResult<batch::Model> {
    let unit_id = actor.own_unit()?;
    let u = unit::Entity::find_by_id(unit_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("参保单位"))?;
    if u.enrollment_code.as_deref().unwrap_or("").is_empty() {
        return Err(ServiceError::refused(
            RefusalReason::NoEnrollmentCode,
            "本单位尚无参保编码，请先申请参保编码",
        ));
    }
    let years = plan_years::all_domain(db).await?;
    let plan = plan_year_for_new_batch(&years, kind, now)
        .map_err(|e| ServiceError::refused(RefusalReason::EnrollmentClosed, e.to_string()))?
        .clone();
    let date = shanghai_date(now);
    let prefix = format!("TXZY{}", date.format("%Y%m%d"));
    let txn = crate::db::begin(db).await?;
    // Serializes this unit's openings (and, on SQLite, takes the write lock before the
    // sequence is read); other instances' collisions are caught by the unique index.
    crate::units::service::lock(&txn, unit_id).await?;
    let mut attempt = 0;
    let created = loop {
        attempt += 1;
        let last: Option<String> = batch::Entity::find()
            .select_only()
            .column(batch::Column::BatchNo)
            .filter(starts_with(batch::Column::BatchNo, &prefix))
            .order_by_desc(batch::Column::BatchNo)
            .into_tuple()
            .one(&txn)
            .await?;
        let seq = last
            .and_then(|s| BatchNo::parse(&s).ok())
            .map_or(1, |n| n.sequence().saturating_add(1));
        let no = BatchNo::format(date, seq)
            .map_err(|_| ServiceError::rule("今日参保批次已达上限，请明日再办理"))?;
        let row = batch::ActiveModel {
            id: Set(Uuid::new_v4()),
            batch_no: Set(no.to_string()),
            unit_id: Set(unit_id),
            plan_year: Set(plan.year),
            kind: Set(key(&kind)),
            status: Set(key(&BatchStatus::RosterPending)),
            payment_method: Set(None),
            withholding_amount_fen: Set(None),
            withholding_letter_id: Set(None),
            roster_size: Set(0),
            unit_due_fen: Set(None),
            withheld_people: Set(None),
            completed_at: Set(None),
            coverage_start: Set(None),
            coverage_end: Set(None),
            waiting_period_end: Set(None),
            version: Set(1),
            created_by: Set(actor.account_id()),
            created_at: Set(now),
            updated_at: Set(now),
        };
        // A savepoint: on PostgreSQL a failed insert would abort the whole transaction.
        let sp = txn.begin().await?;
        match row.insert(&sp).await {
            Ok(m) => {
                sp.commit().await?;
                break m;
            }
            Err(e)
                if attempt < 20
                    && matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) =>
            {
                sp.rollback().await?;
            }
            Err(e) => return Err(e.into()),
        }
    };
    audit::entry(Some(actor), "batch.created")
        .target("batch", created.id)
        .after(serde_json::json!({
            "batch_no": created.batch_no, "kind": created.kind, "plan_year": created.plan_year
        }))
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    tracing::info!(batch_id = %created.id, batch_no = %created.batch_no, "batch created");
    Ok(created)
}
