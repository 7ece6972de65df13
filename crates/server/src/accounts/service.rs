//! Admin work on accounts: issue a unit account `tuixiu<参保编码>`, reset a password
//! (one-time, forced change), disable and enable, list. Every function takes the acting
//! admin and owns its transaction.

use api_types::{AccountOut, AccountQuery, OneTimePasswordOut, Page, PageQuery, Role};
use chrono::{DateTime, Utc};
use rand::seq::SliceRandom;
use rand::Rng;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::actor::Actor;
use crate::audit;
use crate::auth::{parse_role, password, role_str};
use crate::entities::{account, unit};
use crate::error::{ServiceError, ServiceResult};
use crate::paging::{fetch_page, non_empty};
use crate::search::contains;
use crate::time::shanghai;

/// Prefix of pre-issued unit accounts (SPEC §2).
pub const UNIT_ACCOUNT_PREFIX: &str = "tuixiu";

/// A random password that satisfies the policy: 12 characters with upper and lower case
/// letters, digits and a special character; no look-alikes (0/O, 1/l/I).
pub fn one_time_password() -> String {
    const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    const LOWER: &[u8] = b"abcdefghijkmnpqrstuvwxyz";
    const DIGITS: &[u8] = b"23456789";
    const SPECIAL: &[u8] = b"@#%&*+";
    let mut rng = rand::thread_rng();
    let mut pick = |set: &[u8], n: usize| -> Vec<u8> {
        (0..n).map(|_| set[rng.gen_range(0..set.len())]).collect()
    };
    let mut chars = [
        pick(UPPER, 3),
        pick(LOWER, 4),
        pick(DIGITS, 3),
        pick(SPECIAL, 2),
    ]
    .concat();
    chars.shuffle(&mut rand::thread_rng());
    String::from_utf8_lossy(&chars).into_owned()
}

fn refuse_self(actor: &Actor, target: &account::Model, what: &str) -> ServiceResult<()> {
    if actor.account_id() == Some(target.id) {
        return Err(ServiceError::conflict(format!("不能{what}自己的账号")));
    }
    Ok(())
}

/// Issues the unit account of a unit that has an enrollment code.
pub async fn issue_unit_account<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    unit_id: Uuid,
    now: DateTime<Utc>,
) -> ServiceResult<OneTimePasswordOut> {
    actor.require(&[Role::Admin])?;
    let unit_row = unit::Entity::find_by_id(unit_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("单位"))?;
    let Some(code) = unit_row.enrollment_code else {
        return Err(ServiceError::rule("该单位尚无参保编码，不能派发账号"));
    };
    let login = format!("{UNIT_ACCOUNT_PREFIX}{code}");
    let exists = account::Entity::find()
        .filter(account::Column::Account.eq(&login))
        .count(db)
        .await?;
    if exists > 0 {
        return Err(ServiceError::conflict(format!(
            "账号 {login} 已存在，如需找回请重置密码"
        )));
    }
    let secret = one_time_password();
    let hash = password::hash(secret.clone()).await?;
    let txn = crate::db::begin(db).await?;
    let role = role_str(Role::Unit);
    let mut row = account::new_row(&login, hash, role, Some(unit_id), "单位经办人", now);
    row.must_change_password = Set(true);
    let id = row.insert(&txn).await?.id;
    audit::entry(Some(actor), "account.issued")
        .target("account", id)
        .after(serde_json::json!({ "account": login, "unit_id": unit_id }))
        .write(&txn, now)
        .await?;
    crate::notifications::events::account_issued(&txn, id, &login, unit_id, now).await?;
    txn.commit().await?;
    Ok(OneTimePasswordOut {
        account_id: id,
        account: login,
        one_time_password: secret,
    })
}

async fn find(db: &impl ConnectionTrait, id: Uuid) -> ServiceResult<account::Model> {
    account::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("账号"))
}

/// Resets a password to a one-time one: must be changed at the next login; old tokens end;
/// a lock from wrong passwords is lifted.
pub async fn reset_password<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    id: Uuid,
    now: DateTime<Utc>,
) -> ServiceResult<OneTimePasswordOut> {
    actor.require(&[Role::Admin])?;
    let target = find(db, id).await?;
    refuse_self(actor, &target, "重置")?;
    let secret = one_time_password();
    let hash = password::hash(secret.clone()).await?;
    let login = target.account.clone();
    let token_version = target.token_version;
    let txn = crate::db::begin(db).await?;
    let mut active = target.into_active_model();
    active.password_hash = Set(hash);
    active.must_change_password = Set(true);
    active.failed_attempts = Set(0);
    active.locked_until = Set(None);
    active.token_version = Set(token_version + 1);
    active.updated_at = Set(now);
    active.update(&txn).await?;
    audit::entry(Some(actor), "account.password_reset")
        .target("account", id)
        .after(serde_json::json!({ "must_change_password": true }))
        .write(&txn, now)
        .await?;
    crate::notifications::events::password_reset(&txn, id, &login, token_version + 1, now).await?;
    txn.commit().await?;
    Ok(OneTimePasswordOut {
        account_id: id,
        account: login,
        one_time_password: secret,
    })
}

/// Disables (tokens stop working at once) or enables an account.
pub async fn set_disabled<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    id: Uuid,
    disabled: bool,
    now: DateTime<Utc>,
) -> ServiceResult<AccountOut> {
    actor.require(&[Role::Admin])?;
    let txn = crate::db::begin(db).await?;
    let target = find(&txn, id).await?;
    refuse_self(actor, &target, "停用或启用")?;
    let before = target.disabled;
    let token_version = target.token_version;
    let mut active = target.into_active_model();
    active.disabled = Set(disabled);
    if disabled {
        active.token_version = Set(token_version + 1);
    }
    active.updated_at = Set(now);
    let row = active.update(&txn).await?;
    let action = if disabled {
        "account.disabled"
    } else {
        "account.enabled"
    };
    audit::entry(Some(actor), action)
        .target("account", id)
        .before(serde_json::json!({ "disabled": before }))
        .after(serde_json::json!({ "disabled": disabled }))
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    account_out(row)
}

/// Lists accounts (admins), filtered by login, role, status or unit.
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
    query: &AccountQuery,
) -> ServiceResult<Page<AccountOut>> {
    actor.require(&[Role::Admin])?;
    let mut select = account::Entity::find();
    if let Some(login) = non_empty(&query.account) {
        select = select.filter(contains(account::Column::Account, login));
    }
    if let Some(role) = query.role {
        select = select.filter(account::Column::Role.eq(role_str(role)));
    }
    if let Some(disabled) = query.disabled {
        select = select.filter(account::Column::Disabled.eq(disabled));
    }
    if let Some(unit_id) = query.unit_id {
        select = select.filter(account::Column::UnitId.eq(unit_id));
    }
    let paging = PageQuery {
        page: query.page,
        page_size: query.page_size,
    };
    let page = fetch_page(db, select.order_by_asc(account::Column::Account), paging).await?;
    page.try_map(account_out)
}

/// An account as admins see it.
pub fn account_out(a: account::Model) -> ServiceResult<AccountOut> {
    Ok(AccountOut {
        id: a.id,
        role: parse_role(&a.role).ok_or_else(|| ServiceError::corrupt("role", a.id, &a.role))?,
        account: a.account,
        display_name: a.display_name,
        unit_id: a.unit_id,
        disabled: a.disabled,
        locked_until: a.locked_until.map(shanghai),
        must_change_password: a.must_change_password,
        created_at: shanghai(a.created_at),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_time_passwords_pass_the_policy_and_differ() {
        let a = one_time_password();
        for _ in 0..200 {
            let p = one_time_password();
            assert!(domain::check_password_policy(&p).is_ok(), "{p}");
        }
        assert_ne!(a, one_time_password());
    }
}
