//! Step ⑤ before submitting: the ratio table, 上传相关材料 per code, and the reason of each
//! person without a social-security match (编辑 / 保存 / 上传附件). Every change bumps the
//! batch's version, so a submission based on an older view is refused.

use api_types::{AttachmentPurpose, MaterialIn, NoSsReasonIn, RatiosOut};
use chrono::{DateTime, Utc};
use domain::{BatchAction, BatchContext, PlanYear, VerificationOutcome};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, ModelTrait, QueryFilter, Set,
    TransactionTrait,
};
use uuid::Uuid;

use super::facts::{self, BatchFacts};
use super::view;
use crate::actor::Actor;
use crate::attachments::service::find_readable;
use crate::audit;
use crate::batches::access::{plan_of, readable, save, status_of, writable};
use crate::batches::view::{context, out_loaded};
use crate::batches::BatchResult;
use crate::entities::{attachment, batch, review_material, roster_entry};
use crate::error::{db_code, key, ServiceError, ServiceResult};

/// Most 相关材料 per code.
pub const MATERIALS_PER_CODE_MAX: usize = 20;
/// Longest 备注, in characters.
pub const REMARK_MAX: usize = 200;

/// The state machine's facts for 提交职保会审核, from the loaded figures.
pub fn submission_context(
    b: &batch::Model,
    plan: &PlanYear,
    now: DateTime<Utc>,
    f: &BatchFacts,
) -> ServiceResult<BatchContext> {
    let mut ctx = context(b, plan, now, 0)?;
    ctx.blocking_anomalies = usize::try_from(f.blocking).unwrap_or(usize::MAX);
    ctx.unchecked_people = usize::try_from(f.unchecked).unwrap_or(usize::MAX);
    ctx.review_requirements_met = f.readiness().ready();
    Ok(ctx)
}

/// Step ⑤ of a batch as it stands.
pub async fn answer(
    db: &impl ConnectionTrait,
    b: &batch::Model,
    now: DateTime<Utc>,
) -> ServiceResult<RatiosOut> {
    let plan = plan_of(db, b).await?;
    let f = facts::load(db, b, plan.ratio_threshold_percent).await?;
    let ctx = submission_context(b, &plan, now, &f)?;
    let refusal = status_of(b)?
        .apply(BatchAction::SubmitForReview, &ctx)
        .err();
    let out = out_loaded(db, b, now).await?;
    view::ratios_out(db, b, out, &f, refusal.as_ref()).await
}

/// `GET …/ratios`: the batch's ratio table, unmatched people and whether it may be
/// submitted; empty until verification has given people their codes.
pub async fn ratios(
    db: &impl ConnectionTrait,
    actor: &Actor,
    batch_id: Uuid,
    now: DateTime<Utc>,
) -> ServiceResult<RatiosOut> {
    let b = readable(db, actor, batch_id).await?;
    answer(db, &b, now).await
}

/// Opens a step-⑤ change: the batch locked at the expected version, the state machine
/// asked, the figures loaded.
async fn begin_change(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    batch_id: Uuid,
    expected_version: Option<i32>,
    now: DateTime<Utc>,
) -> BatchResult<(batch::Model, BatchFacts)> {
    let action = BatchAction::PrepareReview;
    let b = writable(txn, actor, batch_id, expected_version, action).await?;
    let plan = plan_of(txn, &b).await?;
    status_of(&b)?.apply(action, &context(&b, &plan, now, 0)?)?;
    let f = facts::load(txn, &b, plan.ratio_threshold_percent).await?;
    Ok((b, f))
}

/// An uploaded file of the operator's unit, for step ⑤.
async fn own_material(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    field: &str,
) -> ServiceResult<attachment::Model> {
    let file = find_readable(db, actor, id)
        .await
        .map_err(|_| ServiceError::field(field, "附件不存在，请重新上传"))?;
    let allowed = [AttachmentPurpose::RatioMaterial, AttachmentPurpose::Other];
    if !allowed.iter().any(|p| p.as_str() == file.purpose) {
        return Err(ServiceError::field(field, "请上传用途为“相关材料”的附件"));
    }
    Ok(file)
}

/// 上传相关材料: attaches an uploaded file to a code of the batch (or to the
/// 未匹配到单位社保编码 group).
pub async fn add_material<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    batch_id: Uuid,
    expected_version: Option<i32>,
    input: &MaterialIn,
    now: DateTime<Utc>,
) -> BatchResult<RatiosOut> {
    let txn = crate::db::begin(db).await?;
    let (b, f) = begin_change(&txn, actor, batch_id, expected_version, now).await?;
    let code = input.ss_code.as_deref().map(str::trim);
    if !f.knows_code(code) {
        return Err(ServiceError::field("ss_code", "该社保编号不在本批次的参保比例表中").into());
    }
    let file = own_material(&txn, actor, input.attachment_id, "attachment_id").await?;
    let code = code.map(str::to_owned);
    if f.materials.get(&code).map_or(0, Vec::len) >= MATERIALS_PER_CODE_MAX {
        return Err(ServiceError::rule(format!(
            "每个社保编号最多上传{MATERIALS_PER_CODE_MAX}份相关材料"
        ))
        .into());
    }
    let link = review_material::ActiveModel {
        id: Set(Uuid::new_v4()),
        batch_id: Set(b.id),
        ss_code: Set(code.clone()),
        attachment_id: Set(file.id),
        created_by: Set(actor.account_id()),
        created_at: Set(now),
    };
    if let Err(err) = link.insert(&txn).await {
        return Err(match db_code(&err) {
            api_types::ErrorCode::Conflict => {
                ServiceError::conflict("该附件已添加为相关材料").into()
            }
            _ => err.into(),
        });
    }
    let after = save(&txn, &b, <batch::ActiveModel as Default>::default(), now).await?;
    audit::entry(Some(actor), "review.material_added")
        .target("batch", b.id)
        .after(serde_json::json!({ "ss_code": code, "attachment_id": file.id }))
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(answer(db, &after, now).await?)
}

/// Removes a material from the batch (the file itself stays, as every upload does).
pub async fn remove_material<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    batch_id: Uuid,
    attachment_id: Uuid,
    expected_version: Option<i32>,
    now: DateTime<Utc>,
) -> BatchResult<RatiosOut> {
    let txn = crate::db::begin(db).await?;
    let (b, _) = begin_change(&txn, actor, batch_id, expected_version, now).await?;
    let link = review_material::Entity::find()
        .filter(review_material::Column::BatchId.eq(b.id))
        .filter(review_material::Column::AttachmentId.eq(attachment_id))
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("相关材料"))?;
    let code = link.ss_code.clone();
    link.delete(&txn).await?;
    let after = save(&txn, &b, <batch::ActiveModel as Default>::default(), now).await?;
    audit::entry(Some(actor), "review.material_removed")
        .target("batch", b.id)
        .before(serde_json::json!({ "ss_code": code, "attachment_id": attachment_id }))
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(answer(db, &after, now).await?)
}

/// 编辑 / 保存 the reason of a person without a social-security match. Saved as given, so
/// that the operator may save 其他 and its remark first and upload the file after; what
/// is still missing shows in the table and keeps submission disabled.
pub async fn set_reason<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    batch_id: Uuid,
    entry_id: Uuid,
    expected_version: Option<i32>,
    input: &NoSsReasonIn,
    now: DateTime<Utc>,
) -> BatchResult<RatiosOut> {
    let txn = crate::db::begin(db).await?;
    let (b, _) = begin_change(&txn, actor, batch_id, expected_version, now).await?;
    let e = roster_entry::Entity::find_by_id(entry_id)
        .filter(roster_entry::Column::BatchId.eq(b.id))
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("参保人员"))?;
    if e.outcome.as_deref() != Some(key(&VerificationOutcome::NoSocialSecurity).as_str()) {
        return Err(ServiceError::rule("该人员已匹配到社保信息，无需选择无社保人员情形").into());
    }
    let remark = input
        .remark
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if let Some(r) = remark {
        if r.chars().count() > REMARK_MAX {
            return Err(
                ServiceError::field("remark", format!("备注不能超过{REMARK_MAX}个字")).into(),
            );
        }
        if r.chars().any(domain::is_refused_in_text) {
            return Err(ServiceError::field(
                "remark",
                "备注不能包含控制字符或零宽、文字方向控制等不可见字符",
            )
            .into());
        }
    }
    if let Some(id) = input.attachment_id {
        own_material(&txn, actor, id, "attachment_id").await?;
    }
    let reason = view::reason_of(input.reason);
    let mut active: roster_entry::ActiveModel = e.clone().into();
    active.no_ss_reason = Set(Some(key(&reason)));
    active.no_ss_remark = Set(remark.map(str::to_owned));
    active.no_ss_attachment_id = Set(input.attachment_id);
    active.update(&txn).await?;
    let after = save(&txn, &b, <batch::ActiveModel as Default>::default(), now).await?;
    audit::entry(Some(actor), "roster.no_ss_reason_set")
        .target("roster_entry", e.id)
        .before(
            serde_json::json!({ "reason": e.no_ss_reason, "attachment_id": e.no_ss_attachment_id }),
        )
        .after(serde_json::json!({
            "reason": key(&reason),
            "attachment_id": input.attachment_id,
            "batch_id": b.id,
        }))
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(answer(db, &after, now).await?)
}
