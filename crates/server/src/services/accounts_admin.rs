//! Admin work on accounts: issue a unit account `tuixiu<参保编码>`, reset a password
//! (one-time, forced change), disable and enable.

use api_types::{ErrorCode, OneTimePasswordOut};
use chrono::{DateTime, Utc};
use rand::seq::SliceRandom;
use rand::Rng;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, Set,
};
use uuid::Uuid;

use crate::audit::{self, AuditEntry};
use crate::auth::{password, SessionUser};
use crate::entities::{account, unit};
use crate::error::ApiError;

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

fn refuse_self(user: &SessionUser, target: &account::Model, what: &str) -> Result<(), ApiError> {
    if user.account.id == target.id {
        return Err(ApiError::conflict(format!("不能{what}自己的账号")));
    }
    Ok(())
}

/// Issues the unit account of a unit that has an enrollment code.
pub async fn issue_unit_account(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    user: &SessionUser,
    unit_id: Uuid,
) -> Result<OneTimePasswordOut, ApiError> {
    let unit_row = unit::Entity::find_by_id(unit_id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("单位"))?;
    let Some(code) = unit_row.enrollment_code else {
        return Err(ApiError::new(
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::RuleRefused,
            "该单位尚无参保编码，不能派发账号",
        ));
    };
    let login = format!("{UNIT_ACCOUNT_PREFIX}{code}");
    let exists = account::Entity::find()
        .filter(account::Column::Account.eq(&login))
        .count(db)
        .await?;
    if exists > 0 {
        return Err(ApiError::conflict(format!(
            "账号 {login} 已存在，如需找回请重置密码"
        )));
    }
    let secret = one_time_password();
    let hash = password::hash(secret.clone()).await?;
    let id = Uuid::new_v4();
    account::ActiveModel {
        id: Set(id),
        account: Set(login.clone()),
        password_hash: Set(hash),
        role: Set("unit".into()),
        unit_id: Set(Some(unit_id)),
        display_name: Set("单位经办人".into()),
        email: Set(None),
        mobile: Set(None),
        must_change_password: Set(true),
        failed_attempts: Set(0),
        locked_until: Set(None),
        disabled: Set(false),
        token_version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        now,
        AuditEntry {
            actor: Some(user),
            action: "account.issued",
            target_type: "account",
            target_id: Some(id.to_string()),
            before: None,
            after: Some(serde_json::json!({ "account": login, "unit_id": unit_id })),
        },
    )
    .await?;
    Ok(OneTimePasswordOut {
        account_id: id,
        account: login,
        one_time_password: secret,
    })
}

async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<account::Model, ApiError> {
    account::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("账号"))
}

/// Resets a password to a one-time one: must be changed at the next login; old tokens end;
/// a lock from wrong passwords is lifted.
pub async fn reset_password(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    user: &SessionUser,
    id: Uuid,
) -> Result<OneTimePasswordOut, ApiError> {
    let target = find(db, id).await?;
    refuse_self(user, &target, "重置")?;
    let secret = one_time_password();
    let hash = password::hash(secret.clone()).await?;
    let login = target.account.clone();
    let token_version = target.token_version;
    let mut active = target.into_active_model();
    active.password_hash = Set(hash);
    active.must_change_password = Set(true);
    active.failed_attempts = Set(0);
    active.locked_until = Set(None);
    active.token_version = Set(token_version + 1);
    active.updated_at = Set(now);
    active.update(db).await?;
    audit::record(
        db,
        now,
        AuditEntry {
            actor: Some(user),
            action: "account.password_reset",
            target_type: "account",
            target_id: Some(id.to_string()),
            before: None,
            after: Some(serde_json::json!({ "must_change_password": true })),
        },
    )
    .await?;
    Ok(OneTimePasswordOut {
        account_id: id,
        account: login,
        one_time_password: secret,
    })
}

/// Disables (tokens stop working at once) or enables an account.
pub async fn set_disabled(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    user: &SessionUser,
    id: Uuid,
    disabled: bool,
) -> Result<account::Model, ApiError> {
    let target = find(db, id).await?;
    refuse_self(user, &target, "停用或启用")?;
    let before = target.disabled;
    let token_version = target.token_version;
    let mut active = target.into_active_model();
    active.disabled = Set(disabled);
    if disabled {
        active.token_version = Set(token_version + 1);
    }
    active.updated_at = Set(now);
    let row = active.update(db).await?;
    audit::record(
        db,
        now,
        AuditEntry {
            actor: Some(user),
            action: if disabled {
                "account.disabled"
            } else {
                "account.enabled"
            },
            target_type: "account",
            target_id: Some(id.to_string()),
            before: Some(serde_json::json!({ "disabled": before })),
            after: Some(serde_json::json!({ "disabled": disabled })),
        },
    )
    .await?;
    Ok(row)
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
