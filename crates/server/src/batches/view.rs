//! What the state machine needs to know about a batch (`BatchContext`), and the batch as
//! the API shows it, with the operations the state machine allows now.

use api_types::{BatchKindKey, BatchOut, PaymentMethodKey};
use chrono::{DateTime, Utc};
use domain::{BatchAction, BatchContext, BatchKind, PaymentMethod, PlanYear};
use sea_orm::ConnectionTrait;

use super::access::{kind_of, method_of, plan_of, status_of, unit_of};
use crate::entities::{batch, unit};
use crate::error::{key, ServiceResult};
use crate::time::shanghai;

/// The action's key in `BatchOut::allowed_actions`.
pub fn action_key(a: BatchAction) -> String {
    match a {
        BatchAction::ChoosePaymentMethod(PaymentMethod::Withholding) => "choose_withholding".into(),
        BatchAction::ChoosePaymentMethod(PaymentMethod::Voucher) => "choose_voucher".into(),
        other => key(&other),
    }
}

/// Facts the state machine needs, from the row, its plan year and `now`;
/// `deletion_count` is the number of people a deletion would remove.
pub fn context(
    b: &batch::Model,
    plan: &PlanYear,
    now: DateTime<Utc>,
    deletion_count: usize,
) -> ServiceResult<BatchContext> {
    let kind = kind_of(b)?;
    let method = method_of(b)?;
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
        unchecked_people: 0,
        review_requirements_met: false,
        withholdable_count: 0,
        failed_deductions: 0,
        ratio_holds_after_deletion: false,
        vouchers_balanced: false,
    })
}

/// The API key of a batch type.
pub fn kind_key(kind: BatchKind) -> BatchKindKey {
    match kind {
        BatchKind::Centralized => BatchKindKey::Centralized,
        BatchKind::Instant => BatchKindKey::Instant,
    }
}

/// The API key of a payment method.
pub fn method_key(method: PaymentMethod) -> PaymentMethodKey {
    match method {
        PaymentMethod::Withholding => PaymentMethodKey::Withholding,
        PaymentMethod::Voucher => PaymentMethodKey::Voucher,
    }
}

/// The batch type of an API key.
pub fn kind_of_key(k: BatchKindKey) -> BatchKind {
    match k {
        BatchKindKey::Centralized => BatchKind::Centralized,
        BatchKindKey::Instant => BatchKind::Instant,
    }
}

/// The payment method of an API key.
pub fn method_of_key(m: PaymentMethodKey) -> PaymentMethod {
    match m {
        PaymentMethodKey::Withholding => PaymentMethod::Withholding,
        PaymentMethodKey::Voucher => PaymentMethod::Voucher,
    }
}

/// The API shape of a batch, with the operations the state machine allows now.
pub fn out(
    b: &batch::Model,
    u: Option<&unit::Model>,
    plan: &PlanYear,
    now: DateTime<Utc>,
) -> ServiceResult<BatchOut> {
    let status = status_of(b)?;
    let kind = kind_of(b)?;
    let mut ctx = context(b, plan, now, 1)?;
    // The row does not know how many people are 可代扣: assume some, so 参保名单确定 of a
    // withholding batch is listed only where it holds whatever the figure (the application
    // closed); step ⑥'s own read (`GET …/withholding`) answers the rest.
    ctx.withholdable_count = 1;
    let allowed = status.allowed_actions(&ctx);
    Ok(BatchOut {
        id: b.id,
        batch_no: b.batch_no.clone(),
        unit_id: b.unit_id,
        unit_name: u.map(|u| u.name.clone()).unwrap_or_default(),
        enrollment_code: u.and_then(|u| u.enrollment_code.clone()),
        kind: kind_key(kind),
        kind_label: kind.label_zh().into(),
        plan_year: b.plan_year,
        status: b.status.clone(),
        status_label: status.label_zh().into(),
        wizard_step: status.wizard_step(),
        payment_method: method_of(b)?.map(method_key),
        withholding_amount_fen: b.withholding_amount_fen,
        withholding_letter_id: b.withholding_letter_id,
        roster_size: u64::try_from(b.roster_size).unwrap_or(0),
        unit_due_fen: b.unit_due_fen,
        withheld_people: b.withheld_people.map(|n| u32::try_from(n).unwrap_or(0)),
        can_continue: status.awaits_unit(),
        can_edit_roster: status.can_edit_roster(&ctx),
        can_delete: allowed.contains(&BatchAction::DeleteBatch),
        allowed_actions: allowed.into_iter().map(action_key).collect(),
        progress: None,
        version: b.version,
        created_at: shanghai(b.created_at),
        updated_at: shanghai(b.updated_at),
    })
}

/// The API shape of one batch, loading its unit and plan year.
pub async fn out_loaded(
    db: &impl ConnectionTrait,
    b: &batch::Model,
    now: DateTime<Utc>,
) -> ServiceResult<BatchOut> {
    let u = unit_of(db, b).await?;
    let plan = plan_of(db, b).await?;
    out(b, Some(&u), &plan, now)
}
