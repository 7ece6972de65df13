//! 缴费凭证管理: the batches that pay by voucher now (待上传缴费凭证, 凭证审核中,
//! 凭证审核不通过, 参保已完成) with their amounts and the reviewer's feedback.

use std::collections::HashMap;

use api_types::{Page, PageQuery, Role, VoucherListItemOut, VoucherQuery};
use domain::BatchStatus;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::view::total_premium;
use crate::actor::Actor;
use crate::batches::access::status_of;
use crate::entities::{batch, review, unit};
use crate::error::{key, parse_key, ServiceError, ServiceResult};
use crate::paging::non_empty;
use crate::plan_years::service as plan_years;
use crate::review::view::REJECTED;
use crate::review::VOUCHERS;
use crate::time::shanghai;

const STATUSES: [BatchStatus; 4] = [
    BatchStatus::VouchersPending,
    BatchStatus::VouchersUnderReview,
    BatchStatus::VouchersRejected,
    BatchStatus::Completed,
];

/// One page of 缴费凭证管理 (the unit's own batches; every unit's for reviewers and admins),
/// newest change first.
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
    q: &VoucherQuery,
) -> ServiceResult<Page<VoucherListItemOut>> {
    let paging = PageQuery {
        page: q.page,
        page_size: q.page_size,
    };
    let (page, page_size) = (paging.page(), paging.page_size());
    let mut select = batch::Entity::find();
    if actor.role() == Some(Role::Unit) {
        select = select.filter(batch::Column::UnitId.eq(actor.own_unit()?));
    }
    let statuses: Vec<String> = match non_empty(&q.status) {
        Some(raw) => match parse_key::<BatchStatus>(raw) {
            Some(s) if STATUSES.contains(&s) => vec![key(&s)],
            _ => {
                return Err(ServiceError::field(
                    "status",
                    format!("凭证状态“{raw}”无效"),
                ))
            }
        },
        None => STATUSES.iter().map(key).collect(),
    };
    select = select.filter(batch::Column::Status.is_in(statuses));
    if let Some(no) = non_empty(&q.batch_no) {
        select = select.filter(crate::search::contains(
            batch::Column::BatchNo,
            &no.to_ascii_uppercase(),
        ));
    }
    let paginator = select
        .order_by_desc(batch::Column::UpdatedAt)
        .order_by_desc(batch::Column::BatchNo)
        .paginate(db, page_size);
    let total = paginator.num_items().await?;
    let rows = paginator.fetch_page(page - 1).await?;
    let units: HashMap<Uuid, unit::Model> = unit::Entity::find()
        .filter(unit::Column::Id.is_in(rows.iter().map(|b| b.unit_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let plans: HashMap<i32, domain::PlanYear> = plan_years::all_domain(db)
        .await?
        .into_iter()
        .map(|p| (p.year, p))
        .collect();
    let mut items = Vec::with_capacity(rows.len());
    for b in &rows {
        let plan = plans
            .get(&b.plan_year)
            .ok_or_else(|| ServiceError::internal(format!("plan year {} missing", b.plan_year)))?;
        let latest = review::Entity::find()
            .filter(review::Column::BatchId.eq(b.id))
            .filter(review::Column::Stage.eq(VOUCHERS))
            .order_by_desc(review::Column::Round)
            .one(db)
            .await?;
        let status = status_of(b)?;
        // 职保中心反馈: 投保成功 once insured, else the latest rejection's feedback.
        let feedback = if status == BatchStatus::Completed {
            Some("投保成功".to_owned())
        } else {
            latest
                .filter(|r| r.decision.as_deref() == Some(REJECTED))
                .and_then(|r| r.overall_reasons)
                .and_then(|v| serde_json::from_value::<Vec<String>>(v).ok())
                .map(|reasons| reasons.join("；"))
        };
        let total_fen = total_premium(b, plan).as_fen();
        items.push(VoucherListItemOut {
            batch_id: b.id,
            batch_no: b.batch_no.clone(),
            unit_name: units
                .get(&b.unit_id)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            amount_fen: total_fen,
            unit_due_fen: b.unit_due_fen.unwrap_or(total_fen),
            status: b.status.clone(),
            status_label: status.label_zh().into(),
            feedback,
            created_at: shanghai(b.created_at),
        });
    }
    Ok(Page {
        items,
        total,
        page,
        page_size,
        next: None,
    })
}
