//! Every submission and decision of a batch (审核记录), and the reviewer's queue
//! (参保批次审核) with its filters and the menu's count.

use std::collections::HashMap;

use api_types::{
    Page, PageQuery, ReviewCountsOut, ReviewOut, ReviewQueueItemOut, ReviewQueueQuery,
    ReviewQueueStatus, Role,
};
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use super::view::{names_of, review_out_with};
use super::{stage_str, ENROLLMENT, VOUCHERS};
use crate::actor::Actor;
use crate::batches::access::{kind_of, method_of, readable};
use crate::batches::view::{kind_key, kind_of_key, method_key, method_of_key};
use crate::entities::{batch, review, unit};
use crate::error::{key, ServiceError, ServiceResult};
use crate::paging::non_empty;
use crate::search::contains;
use crate::time::shanghai_day_start;

/// The batch's reviews of `stage` (every stage: `None`), oldest first.
pub async fn rows(
    db: &impl ConnectionTrait,
    batch_id: Uuid,
    stage: Option<&str>,
) -> ServiceResult<Vec<review::Model>> {
    let mut select = review::Entity::find().filter(review::Column::BatchId.eq(batch_id));
    if let Some(stage) = stage {
        select = select.filter(review::Column::Stage.eq(stage));
    }
    Ok(select
        .order_by_asc(review::Column::SubmittedAt)
        .order_by_asc(review::Column::Round)
        .all(db)
        .await?)
}

async fn outs(db: &impl ConnectionTrait, rows: &[review::Model]) -> ServiceResult<Vec<ReviewOut>> {
    let names = names_of(db, rows).await?;
    rows.iter().map(|r| review_out_with(r, &names)).collect()
}

/// `GET …/reviews`: the history, for the unit and the reviewers alike.
pub async fn list_for_batch(
    db: &impl ConnectionTrait,
    actor: &Actor,
    batch_id: Uuid,
) -> ServiceResult<Vec<ReviewOut>> {
    let b = readable(db, actor, batch_id).await?;
    outs(db, &rows(db, b.id, None).await?).await
}

/// `GET /api/reviews`: submissions oldest first, filtered; reviewers and admins only.
pub async fn queue(
    db: &impl ConnectionTrait,
    actor: &Actor,
    q: &ReviewQueueQuery,
) -> ServiceResult<Page<ReviewQueueItemOut>> {
    actor.require(&[Role::Reviewer, Role::Admin])?;
    let stage = stage_str(q.stage.unwrap_or_default());
    let mut select = review::Entity::find().filter(review::Column::Stage.eq(stage));
    select = match q.status.unwrap_or_default() {
        ReviewQueueStatus::Pending => select.filter(review::Column::Decision.is_null()),
        ReviewQueueStatus::Decided => select.filter(review::Column::Decision.is_not_null()),
        ReviewQueueStatus::All => select,
    };
    let mut units = Condition::all();
    if let Some(name) = non_empty(&q.unit_name) {
        units = units.add(contains(unit::Column::Name, name));
    }
    if let Some(code) = non_empty(&q.enrollment_code) {
        units = units.add(unit::Column::EnrollmentCode.eq(code.to_ascii_uppercase()));
    }
    if let Some(district) = non_empty(&q.district_union) {
        units = units.add(unit::Column::DistrictUnion.eq(district));
    }
    let mut batches = Condition::all();
    if !units.is_empty() {
        batches = batches.add(
            batch::Column::UnitId.in_subquery(
                Query::select()
                    .column(unit::Column::Id)
                    .from(unit::Entity)
                    .cond_where(units)
                    .to_owned(),
            ),
        );
    }
    if let Some(k) = q.kind {
        batches = batches.add(batch::Column::Kind.eq(key(&kind_of_key(k))));
    }
    if let Some(m) = q.payment_method {
        batches = batches.add(batch::Column::PaymentMethod.eq(key(&method_of_key(m))));
    }
    if !batches.is_empty() {
        select = select.filter(
            review::Column::BatchId.in_subquery(
                Query::select()
                    .column(batch::Column::Id)
                    .from(batch::Entity)
                    .cond_where(batches)
                    .to_owned(),
            ),
        );
    }
    if let (Some(from), Some(to)) = (q.submitted_from, q.submitted_to) {
        if from > to {
            return Err(ServiceError::field(
                "submitted_from",
                "提交日期的开始不能晚于结束",
            ));
        }
    }
    if let Some(from) = q.submitted_from.and_then(shanghai_day_start) {
        select = select.filter(review::Column::SubmittedAt.gte(from));
    }
    if let Some(to) = q
        .submitted_to
        .and_then(|d| d.succ_opt())
        .and_then(shanghai_day_start)
    {
        select = select.filter(review::Column::SubmittedAt.lt(to));
    }
    let paging = PageQuery {
        page: q.page,
        page_size: q.page_size,
    };
    let (page, page_size) = (paging.page(), paging.page_size());
    let paginator = select
        .order_by_asc(review::Column::SubmittedAt)
        .order_by_asc(review::Column::Id)
        .paginate(db, page_size);
    let total = paginator.num_items().await?;
    let rows = paginator.fetch_page(page - 1).await?;
    let batch_rows: HashMap<Uuid, batch::Model> = batch::Entity::find()
        .filter(batch::Column::Id.is_in(rows.iter().map(|r| r.batch_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b))
        .collect();
    let unit_rows: HashMap<Uuid, unit::Model> = unit::Entity::find()
        .filter(unit::Column::Id.is_in(batch_rows.values().map(|b| b.unit_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let reviews = outs(db, &rows).await?;
    let mut items = Vec::with_capacity(rows.len());
    for review in reviews {
        let b = batch_rows.get(&review.batch_id).ok_or_else(|| {
            ServiceError::internal(format!("review {} lost its batch", review.id))
        })?;
        let u = unit_rows.get(&b.unit_id);
        let kind = kind_of(b)?;
        items.push(ReviewQueueItemOut {
            batch_no: b.batch_no.clone(),
            unit_name: u.map(|u| u.name.clone()).unwrap_or_default(),
            enrollment_code: u.and_then(|u| u.enrollment_code.clone()),
            district_union: u.and_then(|u| u.district_union.clone()),
            kind: kind_key(kind),
            kind_label: kind.label_zh().into(),
            payment_method: method_of(b)?.map(method_key),
            roster_size: u64::try_from(b.roster_size).unwrap_or(0),
            review,
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

/// `GET /api/reviews/counts`: batches awaiting a decision.
pub async fn counts(db: &impl ConnectionTrait, actor: &Actor) -> ServiceResult<ReviewCountsOut> {
    actor.require(&[Role::Reviewer, Role::Admin])?;
    let pending = |stage: &'static str| {
        review::Entity::find()
            .filter(review::Column::Stage.eq(stage))
            .filter(review::Column::Decision.is_null())
            .count(db)
    };
    Ok(ReviewCountsOut {
        pending: pending(ENROLLMENT).await?,
        vouchers_pending: pending(VOUCHERS).await?,
    })
}
