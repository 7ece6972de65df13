//! A request's key: found by its digest, refused when unknown, expired or revoked,
//! counted against its rate limit (in the database, so the limit holds across instances)
//! and its last use noted.

use api_types::{ApiScope, Role};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::{secret, KeyError};
use crate::actor::KeyActor;
use crate::auth::parse_role;
use crate::auth::throttle::{self, Limit};
use crate::entities::account;
use crate::entities::api_key::{self, Column};
use crate::error::ServiceError;

/// The last use is written at most once a minute per key: enough for "last used", and no
/// write per request beyond the rate limit's.
const LAST_USE_RESOLUTION_SECONDS: i64 = 60;

/// The actor of a request that sent `presented` as its key.
pub async fn verify(
    db: &impl ConnectionTrait,
    presented: &str,
    limit: Limit,
    now: DateTime<Utc>,
) -> Result<KeyActor, KeyError> {
    let presented = presented.trim();
    if !presented.starts_with(secret::PREFIX) {
        return Err(KeyError::Unknown);
    }
    let key = api_key::Entity::find()
        .filter(Column::SecretHash.eq(secret::digest(presented)))
        .one(db)
        .await?
        .ok_or(KeyError::Unknown)?;
    if key.revoked_at.is_some() {
        return Err(KeyError::Revoked);
    }
    if key.expires_at <= now {
        return Err(KeyError::Expired);
    }
    if people_disabled(db, &key).await? {
        return Err(KeyError::AccountDisabled);
    }
    throttle::enforce(db, "api_key", &key.id.to_string(), limit, now).await?;
    touch(db, &key, now).await?;
    actor_of(&key).map_err(KeyError::from)
}

/// Whether the people a key acts for are disabled: the account that made it, or, for a
/// unit's key, every account of the unit (a key made by an admin for a unit stops when the
/// unit's accounts are disabled). Read at every use, so enabling them again restores the key.
async fn people_disabled(
    db: &impl ConnectionTrait,
    key: &api_key::Model,
) -> Result<bool, sea_orm::DbErr> {
    let mut whose = Condition::any();
    if let Some(creator) = key.created_by {
        whose = whose.add(account::Column::Id.eq(creator));
    }
    if let Some(unit_id) = key.unit_id {
        whose = whose.add(account::Column::UnitId.eq(unit_id));
    }
    if whose.is_empty() {
        return Ok(false);
    }
    // One read on every keyed request: the maker and the unit's accounts together.
    let people: Vec<(Uuid, Option<Uuid>, bool)> = account::Entity::find()
        .select_only()
        .column(account::Column::Id)
        .column(account::Column::UnitId)
        .column(account::Column::Disabled)
        .filter(whose)
        .into_tuple()
        .all(db)
        .await?;
    let maker_disabled = people
        .iter()
        .any(|(id, _, disabled)| Some(*id) == key.created_by && *disabled);
    let mut of_unit = people
        .iter()
        .filter(|(_, unit, _)| unit.is_some() && *unit == key.unit_id)
        .peekable();
    let unit_disabled = of_unit.peek().is_some() && of_unit.all(|(_, _, disabled)| *disabled);
    Ok(maker_disabled || unit_disabled)
}

async fn touch(
    db: &impl ConnectionTrait,
    key: &api_key::Model,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let stale = now - Duration::seconds(LAST_USE_RESOLUTION_SECONDS);
    if key.last_used_at.is_some_and(|at| at > stale) {
        return Ok(());
    }
    api_key::Entity::update_many()
        .col_expr(Column::LastUsedAt, Expr::value(now))
        .filter(Column::Id.eq(key.id))
        .filter(
            Condition::any()
                .add(Column::LastUsedAt.is_null())
                .add(Column::LastUsedAt.lte(stale)),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// The stored role of a key (read strictly: a value this build cannot read is an error).
pub(super) fn role_of(key: &api_key::Model) -> Result<Role, ServiceError> {
    parse_role(&key.role)
        .filter(|r| *r != Role::Admin)
        .ok_or_else(|| ServiceError::corrupt("api_keys.role", key.id, &key.role))
}

/// The stored scopes of a key.
pub(super) fn scopes_of(key: &api_key::Model) -> Result<Vec<ApiScope>, ServiceError> {
    key.scopes
        .split_whitespace()
        .map(|s| {
            ApiScope::parse(s).ok_or_else(|| ServiceError::corrupt("api_keys.scopes", key.id, s))
        })
        .collect()
}

fn actor_of(key: &api_key::Model) -> Result<KeyActor, ServiceError> {
    Ok(KeyActor {
        key_id: key.id,
        name: key.name.clone(),
        prefix: key.key_prefix.clone(),
        role: role_of(key)?,
        unit_id: key.unit_id,
        scopes: scopes_of(key)?,
    })
}
