//! Batches (参保批次): numbering, access, the state machine's context, and the writes
//! that only change the batch row (create, delete, payment method).

use std::collections::HashMap;

use api_types::{BatchKindKey, BatchOut, BatchQuery, Page, PageQuery, PaymentMethodKey, Role};
use chrono::{DateTime, Utc};
use domain::{BatchAction, BatchContext, BatchKind, BatchStatus, PaymentMethod, PlanYear};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use uuid::Uuid;

use super::plan_years;
use super::refusal::{batch_refusal, version_conflict};
use crate::audit::{self, AuditEntry};
use crate::auth::SessionUser;
use crate::entities::{batch, plan_year, unit};
use crate::error::{ApiError, ApiResult};

/// A domain enum's serde name (`roster_pending`, `centralized`, …), as stored.
pub fn key<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Reads a stored serde name back.
pub fn parse_key<T: serde::de::DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).ok()
}

/// The stored status of a batch row.
pub fn status_of(b: &batch::Model) -> ApiResult<BatchStatus> {
    parse_key(&b.status).ok_or_else(|| ApiError::internal(format!("bad status in {}", b.id)))
}

fn kind_of(b: &batch::Model) -> ApiResult<BatchKind> {
    parse_key(&b.kind).ok_or_else(|| ApiError::internal(format!("bad kind in {}", b.id)))
}

pub fn method_of(b: &batch::Model) -> Option<PaymentMethod> {
    b.payment_method.as_deref().and_then(parse_key)
}

/// The action's key in `BatchOut::allowed_actions`.
pub fn action_key(a: BatchAction) -> String {
    match a {
        BatchAction::ChoosePaymentMethod(PaymentMethod::Withholding) => "choose_withholding".into(),
        BatchAction::ChoosePaymentMethod(PaymentMethod::Voucher) => "choose_voucher".into(),
        other => key(&other),
    }
}

/// Facts the state machine needs, from the row, its plan year and `now`.
pub fn context(
    b: &batch::Model,
    plan: &PlanYear,
    now: DateTime<Utc>,
    deletion_count: usize,
) -> ApiResult<BatchContext> {
    let kind = kind_of(b)?;
    let method = method_of(b);
    Ok(BatchContext {
        payment_method: method,
        roster_size: usize::try_from(b.roster_size).unwrap_or(0),
        deletion_count,
        enrollment_window_open: plan.can_open_batch(kind, now).is_ok(),
        withholding_channel_open: plan.withholding_channel_open(now),
        withholding_application_open: plan.withholding_application_open(now),
        withholding_details_complete: method == Some(PaymentMethod::Withholding)
            && b.withholding_amount_fen.is_some()
            && b.withholding_letter_id.is_some(),
        blocking_anomalies: 0,
        review_requirements_met: false,
        withholdable_count: 0,
        failed_deductions: 0,
        ratio_holds_after_deletion: false,
        vouchers_balanced: false,
    })
}

/// The API shape of a batch, with the operations the state machine allows now.
pub fn out(
    b: &batch::Model,
    u: Option<&unit::Model>,
    plan: &PlanYear,
    now: DateTime<Utc>,
) -> ApiResult<BatchOut> {
    let status = status_of(b)?;
    let kind = kind_of(b)?;
    let ctx = context(b, plan, now, 1)?;
    let allowed = status.allowed_actions(&ctx);
    let t = |v: DateTime<Utc>| v.with_timezone(&chrono_tz::Asia::Shanghai).fixed_offset();
    Ok(BatchOut {
        id: b.id,
        batch_no: b.batch_no.clone(),
        unit_id: b.unit_id,
        unit_name: u.map(|u| u.name.clone()).unwrap_or_default(),
        enrollment_code: u.and_then(|u| u.enrollment_code.clone()),
        kind: match kind {
            BatchKind::Centralized => BatchKindKey::Centralized,
            BatchKind::Instant => BatchKindKey::Instant,
        },
        kind_label: kind.label_zh().into(),
        plan_year: b.plan_year,
        status: b.status.clone(),
        status_label: status.label_zh().into(),
        wizard_step: status.wizard_step(),
        payment_method: method_of(b).map(|m| match m {
            PaymentMethod::Withholding => PaymentMethodKey::Withholding,
            PaymentMethod::Voucher => PaymentMethodKey::Voucher,
        }),
        withholding_amount_fen: b.withholding_amount_fen,
        withholding_letter_id: b.withholding_letter_id,
        roster_size: u64::try_from(b.roster_size).unwrap_or(0),
        can_continue: status.awaits_unit(),
        can_edit_roster: status.can_edit_roster(&ctx),
        can_delete: allowed.contains(&BatchAction::DeleteBatch),
        allowed_actions: allowed.into_iter().map(action_key).collect(),
        version: b.version,
        created_at: t(b.created_at),
        updated_at: t(b.updated_at),
    })
}

/// A batch the user may read: a unit operator only their unit's (404 otherwise, so that
/// other units' batches do not leak); reviewers and admins every batch.
pub async fn readable(
    db: &impl ConnectionTrait,
    user: &SessionUser,
    id: Uuid,
) -> ApiResult<batch::Model> {
    let b = batch::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("参保批次"))?;
    if user.role == Role::Unit && user.account.unit_id != Some(b.unit_id) {
        return Err(ApiError::not_found("参保批次"));
    }
    Ok(b)
}

/// A batch the user may change: only the operator of its unit (403 for other roles).
pub async fn writable(
    db: &impl ConnectionTrait,
    user: &SessionUser,
    id: Uuid,
    expected_version: Option<i32>,
) -> ApiResult<batch::Model> {
    if user.role != Role::Unit {
        return Err(ApiError::forbidden());
    }
    lock(db, id).await?;
    let b = readable(db, user, id).await?;
    if expected_version.is_some_and(|v| v != b.version) {
        return Err(version_conflict());
    }
    Ok(b)
}

/// Takes the batch row's write lock before reading it in a transaction (a no-op
/// update): concurrent writers of one batch queue here instead of failing on a stale
/// snapshot (SQLite) or racing (PostgreSQL); the later one then sees the new version.
async fn lock(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<()> {
    batch::Entity::update_many()
        .col_expr(
            batch::Column::Version,
            Expr::col(batch::Column::Version).into(),
        )
        .filter(batch::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// The plan year of a batch, as the domain's type.
pub async fn plan_of(db: &impl ConnectionTrait, b: &batch::Model) -> ApiResult<PlanYear> {
    Ok(plan_years::to_domain(
        &plan_years::get(db, b.plan_year).await?,
    ))
}

/// Writes the batch's new state if nobody changed it since `b` was read (version check);
/// returns the updated row.
pub async fn save(
    db: &impl ConnectionTrait,
    b: &batch::Model,
    mut changes: batch::ActiveModel,
    now: DateTime<Utc>,
) -> ApiResult<batch::Model> {
    changes.version = Set(b.version + 1);
    changes.updated_at = Set(now);
    let res = batch::Entity::update_many()
        .set(changes)
        .filter(batch::Column::Id.eq(b.id))
        .filter(batch::Column::Version.eq(b.version))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(version_conflict());
    }
    batch::Entity::find_by_id(b.id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("参保批次"))
}

/// The unit row of a batch.
pub async fn unit_of(db: &impl ConnectionTrait, b: &batch::Model) -> ApiResult<unit::Model> {
    unit::Entity::find_by_id(b.unit_id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("参保单位"))
}

/// The API shape of one batch, loading its unit and plan year.
pub async fn out_loaded(
    db: &impl ConnectionTrait,
    b: &batch::Model,
    now: DateTime<Utc>,
) -> ApiResult<BatchOut> {
    let u = unit_of(db, b).await?;
    let plan = plan_of(db, b).await?;
    out(b, Some(&u), &plan, now)
}

/// The batch list (参保批次列表): the operator's unit only, or every batch for
/// reviewers and admins; newest change first.
pub async fn list(
    db: &impl ConnectionTrait,
    user: &SessionUser,
    q: &BatchQuery,
    now: DateTime<Utc>,
) -> ApiResult<Page<BatchOut>> {
    let paging = PageQuery {
        page: q.page,
        page_size: q.page_size,
    };
    let (page, page_size) = (paging.page(), paging.page_size());
    let mut select = batch::Entity::find().find_also_related(unit::Entity);
    if user.role == Role::Unit {
        let unit_id = user.account.unit_id.unwrap_or_else(Uuid::nil);
        select = select.filter(batch::Column::UnitId.eq(unit_id));
    }
    if let Some(no) = q
        .batch_no
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        select = select.filter(batch::Column::BatchNo.contains(no.to_ascii_uppercase()));
    }
    if let Some(name) = q
        .unit_name
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        select = select.filter(unit::Column::Name.contains(name));
    }
    if let Some(status) = q.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        if parse_key::<BatchStatus>(status).is_none() {
            return Err(ApiError::field("status", format!("批次状态“{status}”无效")));
        }
        select = select.filter(batch::Column::Status.eq(status));
    }
    let paginator = select
        .order_by_desc(batch::Column::UpdatedAt)
        .order_by_desc(batch::Column::BatchNo)
        .paginate(db, page_size);
    let total = paginator.num_items().await?;
    let rows = paginator.fetch_page(page - 1).await?;
    let plans: HashMap<i32, PlanYear> = plan_years::all(db)
        .await?
        .iter()
        .map(|m: &plan_year::Model| (m.year, plan_years::to_domain(m)))
        .collect();
    let mut items = Vec::with_capacity(rows.len());
    for (b, u) in &rows {
        let plan = plans
            .get(&b.plan_year)
            .ok_or_else(|| ApiError::internal(format!("plan year {} missing", b.plan_year)))?;
        items.push(out(b, u.as_ref(), plan, now)?);
    }
    Ok(Page {
        items,
        total,
        page,
        page_size,
    })
}

/// 批次删除, while the state machine allows it; the roster goes with it.
pub async fn delete<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    user: &SessionUser,
    id: Uuid,
    expected_version: Option<i32>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let txn = db.begin().await?;
    let b = writable(&txn, user, id, expected_version).await?;
    let plan = plan_of(&txn, &b).await?;
    status_of(&b)?
        .apply(BatchAction::DeleteBatch, &context(&b, &plan, now, 0)?)
        .map_err(batch_refusal)?;
    crate::entities::roster_entry::Entity::delete_many()
        .filter(crate::entities::roster_entry::Column::BatchId.eq(b.id))
        .exec(&txn)
        .await?;
    let res = batch::Entity::delete_many()
        .filter(batch::Column::Id.eq(b.id))
        .filter(batch::Column::Version.eq(b.version))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        return Err(version_conflict());
    }
    audit::record(
        &txn,
        now,
        AuditEntry {
            actor: Some(user),
            action: "batch.deleted",
            target_type: "batch",
            target_id: Some(b.id.to_string()),
            before: Some(serde_json::json!({ "batch_no": b.batch_no, "status": b.status })),
            after: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
