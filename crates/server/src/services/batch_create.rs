//! 集中参保办理 / 即时参保办理: opening a batch inside its window, with a `TXZY` number
//! from a daily sequence that stays unique across server instances.

use api_types::Role;
use chrono::{DateTime, Utc};
use domain::plan_year::shanghai_date;
use domain::{BatchKind, BatchNo, BatchStatus, PlanYear};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, SqlErr, TransactionTrait,
};
use uuid::Uuid;

use super::batches::key;
use super::plan_years;
use super::refusal::rule_refused;
use crate::audit::{self, AuditEntry};
use crate::auth::SessionUser;
use crate::entities::{batch, unit};
use crate::error::{ApiError, ApiResult};

/// Opens a batch (集中参保 / 即时参保) for the operator's unit in the plan year whose
/// window of that type is open now; a clear refusal outside the windows.
pub async fn create<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    user: &SessionUser,
    kind: BatchKind,
    now: DateTime<Utc>,
) -> ApiResult<batch::Model> {
    if user.role != Role::Unit {
        return Err(ApiError::forbidden());
    }
    let unit_id = user.account.unit_id.ok_or_else(ApiError::forbidden)?;
    let u = unit::Entity::find_by_id(unit_id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("参保单位"))?;
    if u.enrollment_code.as_deref().unwrap_or("").is_empty() {
        return Err(rule_refused("本单位尚无参保编码，请先申请参保编码"));
    }
    let years: Vec<PlanYear> = plan_years::all(db)
        .await?
        .iter()
        .map(plan_years::to_domain)
        .collect();
    let plan = years
        .iter()
        .filter(|p| p.can_open_batch(kind, now).is_ok())
        .max_by_key(|p| p.year);
    let plan = match plan {
        Some(p) => p.clone(),
        None => {
            let reference = domain::plan_year::plan_year_for(&years, now)
                .cloned()
                .or_else(|| domain::plan_year::standard_plan_year_for(now).ok())
                .ok_or_else(|| rule_refused("尚未设置保障年度，请联系管理员"))?;
            let refusal = reference
                .can_open_batch(kind, now)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_else(|| format!("{}通道未开放", kind.label_zh()));
            return Err(rule_refused(refusal));
        }
    };
    let date = shanghai_date(now);
    let prefix = format!("TXZY{}", date.format("%Y%m%d"));
    let txn = db.begin().await?;
    // Serializes this unit's openings (and, on SQLite, takes the write lock before the
    // sequence is read); other instances' collisions are caught by the unique index.
    super::units::lock(&txn, unit_id).await?;
    let mut attempt = 0;
    let created = loop {
        attempt += 1;
        let last: Option<String> = batch::Entity::find()
            .select_only()
            .column(batch::Column::BatchNo)
            .filter(batch::Column::BatchNo.starts_with(&prefix))
            .order_by_desc(batch::Column::BatchNo)
            .into_tuple()
            .one(&txn)
            .await?;
        let seq = last
            .and_then(|s| BatchNo::parse(&s).ok())
            .map_or(1, |n| n.sequence().saturating_add(1));
        let no = BatchNo::format(date, seq)
            .map_err(|_| rule_refused("今日参保批次已达上限，请明日再办理"))?;
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
            version: Set(1),
            created_by: Set(Some(user.account.id)),
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
    audit::record(
        &txn,
        now,
        AuditEntry {
            actor: Some(user),
            action: "batch.created",
            target_type: "batch",
            target_id: Some(created.id.to_string()),
            before: None,
            after: Some(serde_json::json!({
                "batch_no": created.batch_no, "kind": created.kind, "plan_year": created.plan_year
            })),
        },
    )
    .await?;
    txn.commit().await?;
    tracing::info!(batch_id = %created.id, batch_no = %created.batch_no, "batch created");
    Ok(created)
}
