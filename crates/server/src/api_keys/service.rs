//! Creating, listing and revoking keys. Admins manage every key; a unit operator manages
//! its own unit's; reviewers and keys themselves manage none.

use std::collections::{BTreeSet, HashMap};

use api_types::{ApiKeyIn, ApiKeyOut, ApiKeyQuery, ApiKeyStatus, ApiScope, Page, PageQuery, Role};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use uuid::Uuid;

use super::secret::{self, NewSecret};
use super::verify::{role_of, scopes_of};
use crate::actor::Actor;
use crate::audit;
use crate::auth::role_str;
use crate::entities::{account, api_key, unit};
use crate::error::ServiceError;
use crate::paging::fetch_page;
use crate::time::shanghai;

/// The longest a key may live.
pub const MAX_DAYS: u32 = 365;

/// Creates a key; answers it as listed and the key itself (shown this once).
pub async fn create(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    input: &ApiKeyIn,
    now: DateTime<Utc>,
) -> Result<(ApiKeyOut, String), ServiceError> {
    let me = actor.require_person(&[Role::Unit, Role::Admin])?;
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 50 {
        return Err(ServiceError::field("name", "密钥名称须为1至50个字符"));
    }
    if !(1..=MAX_DAYS).contains(&input.expires_in_days) {
        return Err(ServiceError::field(
            "expires_in_days",
            format!("有效期须为1至{MAX_DAYS}天"),
        ));
    }
    let (role, unit_id) = match (me.role, input.unit_id) {
        (Role::Unit, None) => (Role::Unit, Some(actor.own_unit()?)),
        (Role::Unit, Some(u)) if Some(u) == me.unit_id => (Role::Unit, Some(u)),
        (Role::Unit, Some(_)) => return Err(ServiceError::Forbidden),
        (_, Some(u)) => {
            unit::Entity::find_by_id(u)
                .one(db)
                .await?
                .ok_or(ServiceError::NotFound("单位"))?;
            (Role::Unit, Some(u))
        }
        (_, None) => (Role::Reviewer, None),
    };
    let scopes: BTreeSet<ApiScope> = input.scopes.iter().copied().collect();
    if scopes.is_empty() {
        return Err(ServiceError::field("scopes", "请至少选择一项权限"));
    }
    if let Some(s) = scopes.iter().find(|s| !s.allowed_for(role)) {
        let holder = match role {
            Role::Unit => "单位的接口密钥",
            _ => "职保会的接口密钥",
        };
        return Err(ServiceError::field(
            "scopes",
            format!("{holder}不能授予“{}”权限", s.label_zh()),
        ));
    }
    let NewSecret {
        secret,
        prefix,
        hash,
    } = secret::generate();
    let row = api_key::ActiveModel {
        id: Set(Uuid::new_v4()),
        name: Set(name.to_owned()),
        key_prefix: Set(prefix),
        secret_hash: Set(hash),
        role: Set(role_str(role).to_owned()),
        unit_id: Set(unit_id),
        scopes: Set(scopes
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ")),
        created_by: Set(Some(me.account_id)),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(i64::from(input.expires_in_days))),
        last_used_at: Set(None),
        revoked_at: Set(None),
        revoked_by: Set(None),
    };
    let txn = crate::db::begin(db).await?;
    let key = row.insert(&txn).await?;
    audit::entry(Some(actor), "api_key.created")
        .target("api_key", key.id)
        .after(summary(&key))
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    let out = outs(db, vec![key], now).await?.pop();
    Ok((
        out.ok_or_else(|| ServiceError::internal("created key lost"))?,
        secret,
    ))
}

/// One page of the keys the actor manages, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
    query: &ApiKeyQuery,
    now: DateTime<Utc>,
) -> Result<Page<ApiKeyOut>, ServiceError> {
    let me = actor.require_person(&[Role::Unit, Role::Admin])?;
    let mut select = api_key::Entity::find()
        .order_by_desc(api_key::Column::CreatedAt)
        .order_by_desc(api_key::Column::Id);
    if me.role == Role::Unit {
        select = select.filter(api_key::Column::UnitId.eq(actor.own_unit()?));
    }
    let paging = PageQuery {
        page: query.page,
        page_size: query.page_size,
    };
    let page = fetch_page(db, select, paging).await?;
    let Page {
        items,
        total,
        page,
        page_size,
        next,
    } = page;
    Ok(Page {
        items: outs(db, items, now).await?,
        total,
        page,
        page_size,
        next,
    })
}

/// Revokes a key at once (on every instance: the next request reads the row).
pub async fn revoke(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<ApiKeyOut, ServiceError> {
    let me = actor.require_person(&[Role::Unit, Role::Admin])?;
    let txn = crate::db::begin(db).await?;
    let key = api_key::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .filter(|k| me.role == Role::Admin || (k.unit_id.is_some() && k.unit_id == me.unit_id))
        .ok_or(ServiceError::NotFound("接口密钥"))?;
    if key.revoked_at.is_some() {
        return Err(ServiceError::conflict("该接口密钥已吊销"));
    }
    let mut active = key.into_active_model();
    active.revoked_at = Set(Some(now));
    active.revoked_by = Set(Some(me.account_id));
    let key = active.update(&txn).await?;
    audit::entry(Some(actor), "api_key.revoked")
        .target("api_key", key.id)
        .after(summary(&key))
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    let out = outs(db, vec![key], now).await?.pop();
    out.ok_or_else(|| ServiceError::internal("revoked key lost"))
}

/// What the audit log keeps of a key (never its digest).
fn summary(key: &api_key::Model) -> serde_json::Value {
    serde_json::json!({
        "name": key.name,
        "key_prefix": key.key_prefix,
        "role": key.role,
        "unit_id": key.unit_id,
        "scopes": key.scopes,
        "expires_at": key.expires_at.to_rfc3339(),
        "revoked_at": key.revoked_at.map(|t| t.to_rfc3339()),
    })
}

/// The rows as listed, with their units' names and their creators' logins.
async fn outs(
    db: &impl ConnectionTrait,
    keys: Vec<api_key::Model>,
    now: DateTime<Utc>,
) -> Result<Vec<ApiKeyOut>, ServiceError> {
    let unit_ids: Vec<Uuid> = keys.iter().filter_map(|k| k.unit_id).collect();
    let account_ids: Vec<Uuid> = keys.iter().filter_map(|k| k.created_by).collect();
    let units: HashMap<Uuid, String> = unit::Entity::find()
        .filter(unit::Column::Id.is_in(unit_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let accounts: HashMap<Uuid, String> = account::Entity::find()
        .filter(account::Column::Id.is_in(account_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.account))
        .collect();
    keys.into_iter()
        .map(|k| {
            let status = if k.revoked_at.is_some() {
                ApiKeyStatus::Revoked
            } else if k.expires_at <= now {
                ApiKeyStatus::Expired
            } else {
                ApiKeyStatus::Active
            };
            Ok(ApiKeyOut {
                role: role_of(&k)?,
                scopes: scopes_of(&k)?,
                unit_name: k.unit_id.and_then(|u| units.get(&u).cloned()),
                created_by: k.created_by.and_then(|a| accounts.get(&a).cloned()),
                id: k.id,
                name: k.name,
                key_prefix: k.key_prefix,
                unit_id: k.unit_id,
                status,
                created_at: shanghai(k.created_at),
                expires_at: shanghai(k.expires_at),
                last_used_at: k.last_used_at.map(shanghai),
                revoked_at: k.revoked_at.map(shanghai),
            })
        })
        .collect()
}
