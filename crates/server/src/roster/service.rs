//! Roster (参保名单) reads and edits: list (masked), one person unmasked (audited),
//! manual entry (方式2), delete, batch delete, clear.

use std::collections::{HashMap, HashSet};

use api_types::{
    DocTypeKey, FieldError, Page, PageQuery, PersonIn, RosterEntryOut, RosterPersonOut,
    RosterQuery, SexKey,
};
use chrono::{DateTime, Utc};
use domain::plan_year::shanghai_date;
use domain::roster::{validate_person, Column, KnownPeople, RawRow, RosterRules};
use domain::{BatchAction, BatchStatus, DocumentType, IdNumber, Mobile};
use sea_orm::sea_query::Condition;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

use super::entry::{enrolled_meanwhile, entry_out, entry_row};
use super::id_search::IdSearch;
use super::import::batches_named;
use super::page::{self, Start, Total};
use crate::actor::Actor;
use crate::audit;
use crate::batches::access::{plan_of, readable, save, status_of, writable};
use crate::batches::view::context;
use crate::batches::BatchResult;
use crate::entities::{batch, roster_entry};
use crate::error::{key, ServiceError, ServiceResult};
use crate::paging::cursor::RowKey;
use crate::paging::non_empty;
use crate::search::begins_with;
use domain::withholding::DeductionResult;

/// One page of a batch's roster, searched by 姓名 / 证件号 / 状态. A search by 证件号 is
/// exact or by the last four characters (see [`IdSearch`]) and is audited: it tells
/// whether a given person is on the roster. The audit entry says how many were found, never
/// which number was asked for.
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
    batch_id: Uuid,
    q: &RosterQuery,
    now: DateTime<Utc>,
) -> ServiceResult<Page<RosterEntryOut>> {
    let id_search = non_empty(&q.id_number).map(IdSearch::parse).transpose()?;
    let b = readable(db, actor, batch_id).await?;
    let plan = plan_of(db, &b).await?;
    let paging = PageQuery {
        page: q.page,
        page_size: q.page_size,
    };
    let start = match non_empty(&q.after) {
        Some(raw) => Start::After(RowKey::parse(raw)?),
        None => Start::Page(paging.page()),
    };
    let mut filters = Condition::all();
    if let Some(name) = non_empty(&q.name) {
        let prefix = domain::name::search_form(name);
        let backend = db.get_database_backend();
        filters = filters.add(begins_with(backend, roster_entry::Column::Name, &prefix));
    }
    if let Some(search) = &id_search {
        filters = filters.add(search.condition());
    }
    if let Some(outcome) = non_empty(&q.outcome) {
        filters = filters.add(roster_entry::Column::Outcome.eq(outcome));
    }
    if let Some(deduction) = non_empty(&q.deduction_type) {
        filters = filters.add(roster_entry::Column::DeductionType.eq(deduction));
    }
    if let Some(status) = non_empty(&q.status) {
        filters = filters.add(roster_entry::Column::Status.eq(status));
    }
    if let Some(result) = non_empty(&q.withholding_result) {
        let succeeded = key(&DeductionResult::Succeeded);
        filters = match result {
            "succeeded" => filters.add(roster_entry::Column::WithholdingResult.eq(succeeded)),
            "failed" => filters
                .add(roster_entry::Column::WithholdingResult.is_not_null())
                .add(roster_entry::Column::WithholdingResult.ne(succeeded)),
            "none" => filters.add(roster_entry::Column::WithholdingResult.is_null()),
            other => {
                return Err(ServiceError::field(
                    "withholding_result",
                    format!("代扣结果“{other}”无效（succeeded / failed / none）"),
                ))
            }
        };
    }
    let kind = match (filters.len(), non_empty(&q.outcome)) {
        (0, _) => Total::Batch,
        (1, Some(outcome)) => Total::Outcome(outcome.to_owned()),
        _ => Total::Count,
    };
    let listed = page::rows(db, &b, filters, kind, start, paging.page_size()).await?;
    if let Some(search) = &id_search {
        audit::entry(Some(actor), "roster.searched_by_id_number")
            .target("batch", b.id)
            .after(serde_json::json!({ "match": search.kind(), "found": listed.total }))
            .write(db, now)
            .await?;
    }
    let rows = Page {
        items: listed.rows,
        total: listed.total,
        page: paging.page(),
        page_size: paging.page_size(),
        next: listed.next,
    };
    let premium = plan.premium.0;
    rows.try_map(|e| entry_out(&e, premium))
}

/// One person unmasked (查看); the read is audited.
pub async fn view(
    db: &impl ConnectionTrait,
    actor: &Actor,
    batch_id: Uuid,
    entry_id: Uuid,
    now: DateTime<Utc>,
) -> ServiceResult<RosterPersonOut> {
    let b = readable(db, actor, batch_id).await?;
    let plan = plan_of(db, &b).await?;
    let e = find_entry(db, b.id, entry_id).await?;
    audit::entry(Some(actor), "roster.person_viewed")
        .target("roster_entry", e.id)
        .after(serde_json::json!({ "batch_id": b.id }))
        .write(db, now)
        .await?;
    Ok(RosterPersonOut {
        entry: entry_out(&e, plan.premium.0)?,
        id_number: e.id_number.as_str().to_owned(),
        birth_date: e.birth_date,
        mobile: e.mobile.as_str().to_owned(),
    })
}

async fn find_entry(
    db: &impl ConnectionTrait,
    batch_id: Uuid,
    entry_id: Uuid,
) -> ServiceResult<roster_entry::Model> {
    roster_entry::Entity::find_by_id(entry_id)
        .filter(roster_entry::Column::BatchId.eq(batch_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("参保人员"))
}

fn field_name(c: Option<Column>) -> String {
    c.map_or_else(|| "person".into(), |c| key(&c))
}

/// 新增参保人员: the import's rules for one person, plus no duplicate in this batch or the
/// plan year's other batches.
pub async fn add<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    batch_id: Uuid,
    expected_version: Option<i32>,
    input: &PersonIn,
    now: DateTime<Utc>,
) -> BatchResult<(batch::Model, roster_entry::Model)> {
    let txn = crate::db::begin(db).await?;
    let action = BatchAction::AddPerson;
    let b = writable(&txn, actor, batch_id, expected_version, action).await?;
    let plan = plan_of(&txn, &b).await?;
    let transition = status_of(&b)?.apply(action, &context(&b, &plan, now, 0)?)?;
    let doc = match input.doc_type {
        DocTypeKey::ResidentId => DocumentType::ResidentId,
        DocTypeKey::Other => DocumentType::Other,
    };
    let raw = RawRow {
        row_number: 1,
        name: Some(input.name.clone()),
        doc_type: Some(doc.label_zh().into()),
        id_number: Some(input.id_number.clone()),
        birth_date: input.birth_date.clone(),
        sex: input.sex.map(|s| match s {
            SexKey::Male => "男".to_owned(),
            SexKey::Female => "女".to_owned(),
        }),
        mobile: input.mobile.clone().filter(|m| !m.trim().is_empty()),
    };
    let id_key = IdNumber::parse(doc, &input.id_number)
        .map(|id| id.as_str().to_owned())
        .ok();
    let mobile_key = raw
        .mobile
        .as_deref()
        .and_then(|m| Mobile::parse(m).ok())
        .map(|m| m.as_str().to_owned());
    let mut in_other = HashMap::new();
    let mut in_this = HashSet::new();
    let mut mobiles = HashSet::new();
    if let Some(id) = &id_key {
        let hits: Vec<Uuid> = roster_entry::Entity::find()
            .select_only()
            .column(roster_entry::Column::BatchId)
            .filter(roster_entry::Column::PlanYear.eq(b.plan_year))
            .filter(roster_entry::Column::IdHash.eq(crate::pii::id_index(id)))
            .into_tuple()
            .all(&txn)
            .await?;
        if hits.contains(&b.id) {
            in_this.insert(id.clone());
        }
        let others = hits.into_iter().filter(|hit| *hit != b.id);
        // The refusal names the batch that holds the person.
        if let Some(held) = batches_named(&txn, b.unit_id, others)
            .await?
            .into_values()
            .next()
        {
            in_other.insert(id.clone(), held);
        }
    }
    if let Some(m) = &mobile_key {
        let taken = roster_entry::Entity::find()
            .filter(roster_entry::Column::BatchId.eq(b.id))
            .filter(roster_entry::Column::MobileHash.eq(crate::pii::mobile_index(m)))
            .count(&txn)
            .await?;
        if taken > 0 {
            mobiles.insert(m.clone());
        }
    }
    let known = KnownPeople {
        ids_in_other_batches: &in_other,
        ids_in_this_batch: &in_this,
        mobiles_in_this_batch: &mobiles,
    };
    let rules = RosterRules::for_plan_year(&plan, Some(shanghai_date(now)));
    let entry = validate_person(&raw, known, &rules).map_err(|errors| {
        let fields: Vec<FieldError> = errors
            .iter()
            .map(|e| FieldError {
                field: field_name(e.column),
                message: e.reason.to_string(),
            })
            .collect();
        ServiceError::Invalid(fields)
    })?;
    let last: Option<i32> = roster_entry::Entity::find()
        .select_only()
        .column(roster_entry::Column::RowNo)
        .filter(roster_entry::Column::BatchId.eq(b.id))
        .order_by_desc(roster_entry::Column::RowNo)
        .into_tuple()
        .one(&txn)
        .await?;
    let row = entry_row(b.id, b.plan_year, last.unwrap_or(1) + 1, &entry, now);
    let created = row.insert(&txn).await.map_err(enrolled_meanwhile)?;
    let changes = batch::ActiveModel {
        status: Set(key(&transition.to)),
        roster_size: Set(b.roster_size + 1),
        ..Default::default()
    };
    let after = save(&txn, &b, changes, now).await?;
    audit::entry(Some(actor), "roster.person_added")
        .target("roster_entry", created.id)
        .after(serde_json::json!({ "batch_id": b.id, "status": after.status }))
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    Ok((after, created))
}

/// Deletes people of a batch (删除 / 批量删除): `None` clears the roster (清空参保名单).
/// Every id must belong to the batch.
pub async fn delete<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    batch_id: Uuid,
    expected_version: Option<i32>,
    ids: Option<&[Uuid]>,
    now: DateTime<Utc>,
) -> BatchResult<batch::Model> {
    let txn = crate::db::begin(db).await?;
    let action = if ids.is_some() {
        BatchAction::DeletePerson
    } else {
        BatchAction::ClearRoster
    };
    let b = writable(&txn, actor, batch_id, expected_version, action).await?;
    let plan = plan_of(&txn, &b).await?;
    let mut select =
        roster_entry::Entity::delete_many().filter(roster_entry::Column::BatchId.eq(b.id));
    let unique: Option<HashSet<Uuid>> = ids.map(|ids| ids.iter().copied().collect());
    let count = match &unique {
        None => 0,
        Some(unique) => {
            let found = roster_entry::Entity::find()
                .filter(roster_entry::Column::BatchId.eq(b.id))
                .filter(roster_entry::Column::Id.is_in(unique.iter().copied()))
                .count(&txn)
                .await?;
            if found != unique.len() as u64 {
                return Err(ServiceError::NotFound("参保人员").into());
            }
            select = select.filter(roster_entry::Column::Id.is_in(unique.iter().copied()));
            unique.len()
        }
    };
    // After withholding only people not withheld may go, and only while the ratios hold.
    let transition = match &unique {
        Some(unique) if status_of(&b)? == BatchStatus::WithholdingDone => {
            let ctx =
                crate::withholding::failed::deletion_context(&txn, &b, &plan, unique, now).await?;
            status_of(&b)?.apply(BatchAction::DeleteFailedDeduction, &ctx)?
        }
        _ => status_of(&b)?.apply(action, &context(&b, &plan, now, count)?)?,
    };
    let removed = select.exec(&txn).await?.rows_affected;
    let size = i32::try_from(
        u64::try_from(b.roster_size)
            .unwrap_or(0)
            .saturating_sub(removed),
    )
    .unwrap_or(0);
    let changes = batch::ActiveModel {
        status: Set(key(&transition.to)),
        roster_size: Set(size),
        ..Default::default()
    };
    let after = save(&txn, &b, changes, now).await?;
    let event = if ids.is_none() {
        "roster.cleared"
    } else {
        "roster.people_deleted"
    };
    audit::entry(Some(actor), event)
        .target("batch", b.id)
        .before(serde_json::json!({ "status": b.status, "people": b.roster_size }))
        .after(serde_json::json!({
            "status": after.status,
            "people": after.roster_size,
            "deleted_ids": ids,
        }))
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(after)
}
