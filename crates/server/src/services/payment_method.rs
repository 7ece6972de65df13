//! ① 选择参保缴费方式 (chosen once, never changed) and the stamped withholding application
//! letter (委托代扣款申请书), an attachment of the unit.

use api_types::PaymentMethodKey;
use chrono::{DateTime, Utc};
use domain::{BatchAction, PaymentMethod, WithholdingAmount};
use sea_orm::{ConnectionTrait, Set, TransactionTrait};
use uuid::Uuid;

use super::batches::{context, key, method_of, plan_of, save, status_of, writable};
use super::refusal::batch_refusal;
use crate::audit::{self, AuditEntry};
use crate::auth::SessionUser;
use crate::entities::batch;
use crate::error::{ApiError, ApiResult};

/// 选择参保缴费方式: once, never changed; withholding needs an amount within the cap
/// and an open withholding channel.
pub async fn choose_payment_method<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    user: &SessionUser,
    id: Uuid,
    expected_version: Option<i32>,
    input: &api_types::PaymentMethodIn,
    now: DateTime<Utc>,
) -> ApiResult<batch::Model> {
    let method = match input.method {
        PaymentMethodKey::Withholding => PaymentMethod::Withholding,
        PaymentMethodKey::Voucher => PaymentMethod::Voucher,
    };
    let txn = db.begin().await?;
    let b = writable(&txn, user, id, expected_version).await?;
    let plan = plan_of(&txn, &b).await?;
    status_of(&b)?
        .apply(
            BatchAction::ChoosePaymentMethod(method),
            &context(&b, &plan, now, 0)?,
        )
        .map_err(batch_refusal)?;
    let (amount, letter) = match method {
        PaymentMethod::Withholding => {
            let fen = input
                .withholding_amount_fen
                .ok_or_else(|| ApiError::field("withholding_amount_fen", "请填写委托代扣金额"))?;
            let amount = WithholdingAmount::new(domain::Fen::new(fen), plan.withholding_cap)
                .map_err(|e| ApiError::field("withholding_amount_fen", e.to_string()))?;
            if let Some(letter) = input.withholding_letter_id {
                let purpose = api_types::AttachmentPurpose::WithholdingLetter;
                super::attachments::require_owned(
                    &txn,
                    b.unit_id,
                    purpose,
                    &[letter],
                    "withholding_letter_id",
                )
                .await?;
            }
            (Some(amount.fen().0), input.withholding_letter_id)
        }
        PaymentMethod::Voucher => (None, None),
    };
    let changes = batch::ActiveModel {
        payment_method: Set(Some(key(&method))),
        withholding_amount_fen: Set(amount),
        withholding_letter_id: Set(letter),
        ..Default::default()
    };
    let after = save(&txn, &b, changes, now).await?;
    audit::record(
        &txn,
        now,
        AuditEntry {
            actor: Some(user),
            action: "batch.payment_method_chosen",
            target_type: "batch",
            target_id: Some(b.id.to_string()),
            before: Some(serde_json::json!({ "payment_method": b.payment_method })),
            after: Some(serde_json::json!({
                "payment_method": after.payment_method,
                "withholding_amount_fen": after.withholding_amount_fen,
                "withholding_letter_id": after.withholding_letter_id,
            })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Attaches the stamped withholding application letter (an uploaded attachment of the
/// unit) to a withholding batch, while its roster may still be edited.
pub async fn set_withholding_letter<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    user: &SessionUser,
    id: Uuid,
    expected_version: Option<i32>,
    attachment_id: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<batch::Model> {
    let txn = db.begin().await?;
    let b = writable(&txn, user, id, expected_version).await?;
    let plan = plan_of(&txn, &b).await?;
    if method_of(&b) != Some(PaymentMethod::Withholding) {
        return Err(batch_refusal(domain::BatchRefusal::NotWithholdingBatch));
    }
    let status = status_of(&b)?;
    if !status.can_edit_roster(&context(&b, &plan, now, 0)?) {
        return Err(ApiError::conflict(format!(
            "批次状态为“{}”时不能更换委托代扣款申请书",
            status.label_zh()
        )));
    }
    let purpose = api_types::AttachmentPurpose::WithholdingLetter;
    super::attachments::require_owned(&txn, b.unit_id, purpose, &[attachment_id], "attachment_id")
        .await?;
    let changes = batch::ActiveModel {
        withholding_letter_id: Set(Some(attachment_id)),
        ..Default::default()
    };
    let after = save(&txn, &b, changes, now).await?;
    audit::record(
        &txn,
        now,
        AuditEntry {
            actor: Some(user),
            action: "batch.withholding_letter_set",
            target_type: "batch",
            target_id: Some(b.id.to_string()),
            before: Some(serde_json::json!({ "withholding_letter_id": b.withholding_letter_id })),
            after: Some(serde_json::json!({ "withholding_letter_id": attachment_id })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
