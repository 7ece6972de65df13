//! The dictionaries (字典): 所属区局工会 and 经济类型, edited by admins; forms accept only
//! enabled values.

use api_types::{DictionaryEntryIn, DictionaryEntryOut, DictionaryKind, Role};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};

use crate::actor::Actor;
use crate::audit;
use crate::entities::dictionary_entry;
use crate::error::{db_code, ServiceError, ServiceResult};

/// Stored kind of 所属区局工会.
pub const DISTRICT_UNION: &str = "district_union";
/// Stored kind of 经济类型.
pub const ECONOMIC_TYPE: &str = "economic_type";
/// Stored kind of the reviewers' 不通过原因.
pub const REJECT_REASON: &str = "reject_reason";

/// The stored kind of a `DictionaryKind`.
pub fn kind_str(kind: DictionaryKind) -> &'static str {
    match kind {
        DictionaryKind::DistrictUnion => DISTRICT_UNION,
        DictionaryKind::EconomicType => ECONOMIC_TYPE,
        DictionaryKind::RejectReason => REJECT_REASON,
    }
}

/// True when `value` is an enabled entry of `kind`.
pub async fn is_active(db: &impl ConnectionTrait, kind: &str, value: &str) -> Result<bool, DbErr> {
    if value.is_empty() {
        return Ok(false);
    }
    Ok(dictionary_entry::Entity::find()
        .filter(dictionary_entry::Column::Kind.eq(kind))
        .filter(dictionary_entry::Column::Value.eq(value))
        .filter(dictionary_entry::Column::Disabled.eq(false))
        .count(db)
        .await?
        > 0)
}

fn to_out(kind: DictionaryKind, row: dictionary_entry::Model) -> DictionaryEntryOut {
    DictionaryEntryOut {
        id: row.id,
        kind,
        value: row.value,
        sort_order: row.sort_order,
        disabled: row.disabled,
    }
}

fn snapshot(row: &dictionary_entry::Model) -> serde_json::Value {
    serde_json::json!({ "kind": row.kind, "value": row.value, "sort_order": row.sort_order, "disabled": row.disabled })
}

/// Every entry of `kind` in display order; disabled ones only for admins who ask.
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
    kind: DictionaryKind,
    include_disabled: bool,
) -> ServiceResult<Vec<DictionaryEntryOut>> {
    let mut select =
        dictionary_entry::Entity::find().filter(dictionary_entry::Column::Kind.eq(kind_str(kind)));
    if !(include_disabled && actor.role() == Some(Role::Admin)) {
        select = select.filter(dictionary_entry::Column::Disabled.eq(false));
    }
    Ok(select
        .order_by_asc(dictionary_entry::Column::SortOrder)
        .order_by_asc(dictionary_entry::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|row| to_out(kind, row))
        .collect())
}

fn check(input: &DictionaryEntryIn) -> ServiceResult<String> {
    let value = input.value.trim();
    if value.is_empty()
        || value.chars().count() > 100
        || value.chars().any(domain::is_refused_in_text)
    {
        return Err(ServiceError::field(
            "value",
            "字典值应为1至100个字，且不能包含控制字符或不可见字符",
        ));
    }
    Ok(value.to_string())
}

/// A duplicate value is a 409 with its own message.
fn duplicate(err: DbErr) -> ServiceError {
    if db_code(&err) == api_types::ErrorCode::Conflict {
        ServiceError::conflict("该字典值已存在")
    } else {
        err.into()
    }
}

/// Adds a value (admins).
pub async fn create<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    kind: DictionaryKind,
    input: &DictionaryEntryIn,
    now: DateTime<Utc>,
) -> ServiceResult<DictionaryEntryOut> {
    actor.require(&[Role::Admin])?;
    let value = check(input)?;
    let txn = crate::db::begin(db).await?;
    let row = dictionary_entry::ActiveModel {
        kind: Set(kind_str(kind).into()),
        value: Set(value),
        sort_order: Set(input.sort_order),
        disabled: Set(input.disabled),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(duplicate)?;
    audit::entry(Some(actor), "dictionary.created")
        .target("dictionary_entry", row.id)
        .after(serde_json::json!({ "kind": row.kind, "value": row.value }))
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(to_out(kind, row))
}

/// Renames, reorders, disables or enables a value (admins). Records keep their old text.
pub async fn update<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    kind: DictionaryKind,
    id: i32,
    input: &DictionaryEntryIn,
    now: DateTime<Utc>,
) -> ServiceResult<DictionaryEntryOut> {
    actor.require(&[Role::Admin])?;
    let value = check(input)?;
    let txn = crate::db::begin(db).await?;
    let row = dictionary_entry::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .filter(|r| r.kind == kind_str(kind))
        .ok_or(ServiceError::NotFound("字典值"))?;
    let before = snapshot(&row);
    let mut active = row.into_active_model();
    active.value = Set(value);
    active.sort_order = Set(input.sort_order);
    active.disabled = Set(input.disabled);
    let row = active.update(&txn).await.map_err(duplicate)?;
    audit::entry(Some(actor), "dictionary.updated")
        .target("dictionary_entry", row.id)
        .before(before)
        .after(snapshot(&row))
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(to_out(kind, row))
}
