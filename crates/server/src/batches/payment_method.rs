//! ① 选择参保缴费方式 (chosen once, never changed) and the stamped withholding application
//! letter (委托代扣款申请书), an attachment of the unit.

use api_types::{AttachmentPurpose, PaymentMethodIn};
use chrono::{DateTime, Utc};
use domain::{BatchAction, BatchRefusal, PaymentMethod, WithholdingAmount};
use sea_orm::{ConnectionTrait, Set, TransactionTrait};
use uuid::Uuid;

use super::access::{method_of, plan_of, save, status_of, writable};
use super::error::BatchResult;
use super::view::context;
use crate::actor::Actor;
use crate::attachments::service::require_owned;
use crate::audit;
use crate::entities::batch;
use crate::error::{key, ServiceError};

/// 选择参保缴费方式: once, never changed; withholding needs an amount within the cap,
/// the stamped letter already uploaded and an open withholding channel.
pub async fn choose<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    id: Uuid,
    expected_version: Option<i32>,
    input: &PaymentMethodIn,
    now: DateTime<Utc>,
) -> BatchResult<batch::Model> {
    let method = super::view::method_of_key(input.method);
    let action = BatchAction::ChoosePaymentMethod(method);
    let txn = crate::db::begin(db).await?;
    let b = writable(&txn, actor, id, expected_version, action).await?;
    let plan = plan_of(&txn, &b).await?;
    let transition = status_of(&b)?.apply(action, &context(&b, &plan, now, 0)?)?;
    let method = transition
        .chosen_payment_method()
        .ok_or_else(|| ServiceError::internal("a payment-method transition without a method"))?;
    let (amount, letter) = match method {
        PaymentMethod::Withholding => {
            let fen = input.withholding_amount_fen.ok_or_else(|| {
                ServiceError::field("withholding_amount_fen", "请填写委托代扣金额")
            })?;
            let amount = WithholdingAmount::new(domain::Fen::new(fen), plan.withholding_cap)
                .map_err(|e| ServiceError::field("withholding_amount_fen", e.to_string()))?;
            // The choice can never change: it locks only with the stamped letter uploaded.
            let letter = input.withholding_letter_id.ok_or_else(|| {
                ServiceError::field("withholding_letter_id", "请先上传已盖章的委托代扣款申请书")
            })?;
            let purpose = AttachmentPurpose::WithholdingLetter;
            require_owned(&txn, b.unit_id, purpose, &[letter], "withholding_letter_id").await?;
            (Some(amount.fen().0), Some(letter))
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
    audit::entry(Some(actor), "batch.payment_method_chosen")
        .target("batch", b.id)
        .before(serde_json::json!({ "payment_method": b.payment_method }))
        .after(serde_json::json!({
            "payment_method": after.payment_method,
            "withholding_amount_fen": after.withholding_amount_fen,
            "withholding_letter_id": after.withholding_letter_id,
        }))
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(after)
}

/// Attaches the stamped withholding application letter (an uploaded attachment of the
/// unit) to a withholding batch, while its roster may still be edited.
pub async fn set_withholding_letter<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    id: Uuid,
    expected_version: Option<i32>,
    attachment_id: Uuid,
    now: DateTime<Utc>,
) -> BatchResult<batch::Model> {
    let txn = crate::db::begin(db).await?;
    // The letter is part of the roster's paperwork: whoever may edit the roster may set it.
    let b = writable(&txn, actor, id, expected_version, BatchAction::ImportRoster).await?;
    let plan = plan_of(&txn, &b).await?;
    if method_of(&b)? != Some(PaymentMethod::Withholding) {
        return Err(BatchRefusal::NotWithholdingBatch.into());
    }
    let status = status_of(&b)?;
    if !status.can_edit_roster(&context(&b, &plan, now, 0)?) {
        return Err(ServiceError::conflict(format!(
            "批次状态为“{}”时不能更换委托代扣款申请书",
            status.label_zh()
        ))
        .into());
    }
    let purpose = AttachmentPurpose::WithholdingLetter;
    require_owned(&txn, b.unit_id, purpose, &[attachment_id], "attachment_id").await?;
    let changes = batch::ActiveModel {
        withholding_letter_id: Set(Some(attachment_id)),
        ..Default::default()
    };
    let after = save(&txn, &b, changes, now).await?;
    audit::entry(Some(actor), "batch.withholding_letter_set")
        .target("batch", b.id)
        .before(serde_json::json!({ "withholding_letter_id": b.withholding_letter_id }))
        .after(serde_json::json!({ "withholding_letter_id": attachment_id }))
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(after)
}
