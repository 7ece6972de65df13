//! The dictionaries (字典): 所属区局工会 and 经济类型, edited by admins.

use api_types::{DictionaryEntryOut, DictionaryKind};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use crate::entities::dictionary_entry;
use crate::error::ApiError;

/// Stored kind of 所属区局工会.
pub const DISTRICT_UNION: &str = "district_union";
/// Stored kind of 经济类型.
pub const ECONOMIC_TYPE: &str = "economic_type";

/// The stored kind of a `DictionaryKind`.
pub fn kind_str(kind: DictionaryKind) -> &'static str {
    match kind {
        DictionaryKind::DistrictUnion => DISTRICT_UNION,
        DictionaryKind::EconomicType => ECONOMIC_TYPE,
    }
}

/// True when `value` is an enabled entry of `kind`.
pub async fn is_active(
    db: &impl ConnectionTrait,
    kind: &str,
    value: &str,
) -> Result<bool, ApiError> {
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

/// Maps a row.
pub fn to_out(kind: DictionaryKind, row: dictionary_entry::Model) -> DictionaryEntryOut {
    DictionaryEntryOut {
        id: row.id,
        kind,
        value: row.value,
        sort_order: row.sort_order,
        disabled: row.disabled,
    }
}

/// Every entry of `kind` in display order (disabled ones only when asked).
pub async fn list(
    db: &impl ConnectionTrait,
    kind: DictionaryKind,
    include_disabled: bool,
) -> Result<Vec<DictionaryEntryOut>, ApiError> {
    let mut select =
        dictionary_entry::Entity::find().filter(dictionary_entry::Column::Kind.eq(kind_str(kind)));
    if !include_disabled {
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
