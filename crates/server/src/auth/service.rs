//! Logging in (captcha, password, lockout after repeated wrong passwords), the current
//! account (`MeOut`) and changing one's own password.

use api_types::{LoginIn, LoginOut, MeOut, UnitSummaryOut};
use chrono::{DateTime, Duration, SubsecRound, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set,
};

use super::{captcha, parse_role, password, throttle, AuthError, SessionUser};
use crate::actor::{Actor, UserActor};
use crate::app::state::AppState;
use crate::audit;
use crate::entities::{account, unit};
use crate::error::ServiceError;
use crate::time::shanghai;

/// 登录: the captcha (consumed, right or wrong), the per-account limit, then the password
/// with the lockout rule; answers a token and the account.
pub async fn login(state: &AppState, input: &LoginIn) -> Result<LoginOut, AuthError> {
    if input.account.trim().is_empty() {
        return Err(ServiceError::field("account", "请输入账号").into());
    }
    if input.password.is_empty() {
        return Err(ServiceError::field("password", "请输入密码").into());
    }
    let now = state.clock.now();
    let captcha_ok =
        captcha::consume(&state.db, input.captcha_id, &input.captcha_answer, now).await?;
    if !captcha_ok && !state.settings.captcha_disabled {
        return Err(AuthError::CaptchaInvalid);
    }
    // Counted after the captcha: without solving captchas nobody can use up the attempts
    // of someone else's account.
    let name = input.account.trim();
    let limit = state.settings.rate_limits.login_per_account;
    throttle::enforce(&state.db, "login:account", name, limit, now).await?;
    let account = authenticate(state, name, input.password.clone(), now).await?;
    let out = login_out(state, &account).await?;
    // The log names who logged in: the account itself is the actor of its login.
    let actor = parse_role(&account.role).map(|role| {
        Actor::User(UserActor {
            account_id: account.id,
            account: account.account.clone(),
            role,
            unit_id: account.unit_id,
        })
    });
    audit::entry(actor.as_ref(), "auth.login")
        .target("account", account.id)
        .write(&state.db, now)
        .await?;
    Ok(out)
}

/// Checks the password of `account_name` and applies the lockout rule. Whether the account
/// exists, is disabled or locked shows only to someone who knows its password, or after
/// the same wrong passwords that would lock any account: an unknown name gets exactly the
/// answers (attempts left, then the lock) and the work (a password hash checked) of a real
/// one.
async fn authenticate(
    state: &AppState,
    account_name: &str,
    password_input: String,
    now: DateTime<Utc>,
) -> Result<account::Model, AuthError> {
    let db = &state.db;
    let Some(found) = account::Entity::find()
        .filter(account::Column::Account.eq(account_name))
        .one(db)
        .await?
    else {
        return Err(unknown_account(state, account_name, password_input, now).await?);
    };
    if let Some(until) = found.locked_until.filter(|u| *u > now) {
        return Err(AuthError::locked(until, now));
    }
    if !password::verify(password_input, found.password_hash.clone()).await? {
        return Err(register_failure(state, &found, now).await?);
    }
    if found.disabled {
        return Err(AuthError::Disabled);
    }
    let mut active = found.into_active_model();
    active.failed_attempts = Set(0);
    active.locked_until = Set(None);
    Ok(active.update(db).await?)
}

/// When a lock set at `now` ends: whole seconds, as a lock of an unknown name (counted in
/// whole seconds) ends, so that the two cannot be told apart by `locked_until`.
fn lock_end(state: &AppState, now: DateTime<Utc>) -> DateTime<Utc> {
    let until = now + Duration::minutes(state.settings.lockout_minutes);
    until.trunc_subsecs(0)
}

/// Counts a wrong password in the database (so concurrent requests on several instances
/// all count) and locks the account at the limit; answers the refusal to give.
async fn register_failure(
    state: &AppState,
    found: &account::Model,
    now: DateTime<Utc>,
) -> Result<AuthError, AuthError> {
    let db = &state.db;
    let max = state.settings.max_failed_logins;
    // A lock that has run out starts a fresh count.
    if found.locked_until.is_some() {
        account::Entity::update_many()
            .col_expr(account::Column::FailedAttempts, Expr::value(0))
            .col_expr(
                account::Column::LockedUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(account::Column::Id.eq(found.id))
            .filter(account::Column::LockedUntil.lte(now))
            .exec(db)
            .await?;
    }
    account::Entity::update_many()
        .col_expr(
            account::Column::FailedAttempts,
            Expr::col(account::Column::FailedAttempts).add(1),
        )
        .filter(account::Column::Id.eq(found.id))
        .exec(db)
        .await?;
    let until = lock_end(state, now);
    let locked_now = account::Entity::update_many()
        .col_expr(account::Column::LockedUntil, Expr::value(Some(until)))
        .col_expr(account::Column::FailedAttempts, Expr::value(0))
        .filter(account::Column::Id.eq(found.id))
        .filter(account::Column::FailedAttempts.gte(max))
        .exec(db)
        .await?;
    if locked_now.rows_affected > 0 {
        tracing::info!(account_id = %found.id, "account locked after repeated wrong passwords");
        return Ok(AuthError::locked(until, now));
    }
    let attempts = account::Entity::find_by_id(found.id)
        .one(db)
        .await?
        .map(|a| a.failed_attempts)
        .unwrap_or(max);
    Ok(AuthError::InvalidCredentials {
        remaining: Some((max - attempts).max(1)),
    })
}

/// A login for a name no account has: the password is checked against a dummy hash (the
/// same work as a real check) and the failure is counted and locks like a real account's,
/// in `rate_limits` rows of the name — so the answers and their timing are those of an
/// account whose password the caller does not know.
async fn unknown_account(
    state: &AppState,
    name: &str,
    password_input: String,
    now: DateTime<Utc>,
) -> Result<AuthError, AuthError> {
    let db = &state.db;
    let max = state.settings.max_failed_logins;
    let lockout = u32::try_from(state.settings.lockout_minutes * 60).unwrap_or(u32::MAX);
    let lock_key = throttle::key("login:unknown_lock", name);
    if let Some(lock) = throttle::peek(db, &lock_key, lockout, now).await? {
        let until = DateTime::from_timestamp(lock.start + i64::from(lockout), 0).unwrap_or(now);
        return Ok(AuthError::locked(until, now));
    }
    password::verify_dummy(password_input).await?;
    // A real account's failures never run out; a day is as good as never here.
    let failures_key = throttle::key("login:unknown_failures", name);
    let failures = throttle::hit(db, &failures_key, throttle::MAX_WINDOW_SECONDS, now).await?;
    if failures.count >= i64::from(max) {
        throttle::clear(db, &failures_key).await?;
        throttle::clear(db, &lock_key).await?;
        let lock = throttle::hit(db, &lock_key, lockout, now).await?;
        let until = DateTime::from_timestamp(lock.start + i64::from(lockout), 0).unwrap_or(now);
        return Ok(AuthError::locked(until, now));
    }
    let attempts = i32::try_from(failures.count).unwrap_or(max);
    Ok(AuthError::InvalidCredentials {
        remaining: Some((max - attempts).max(1)),
    })
}

/// Builds the `MeOut` of an account.
pub async fn me_out(
    db: &impl ConnectionTrait,
    acc: &account::Model,
) -> Result<MeOut, ServiceError> {
    let role =
        parse_role(&acc.role).ok_or_else(|| ServiceError::corrupt("role", acc.id, &acc.role))?;
    let unit = match acc.unit_id {
        Some(unit_id) => unit::Entity::find_by_id(unit_id)
            .one(db)
            .await?
            .map(|u| UnitSummaryOut {
                id: u.id,
                name: u.name,
                enrollment_code: u.enrollment_code,
            }),
        None => None,
    };
    Ok(MeOut {
        id: acc.id,
        account: acc.account.clone(),
        role,
        display_name: acc.display_name.clone(),
        unit,
        must_change_password: acc.must_change_password,
    })
}

/// Issues an access token for the account and wraps it with `MeOut`.
pub async fn login_out(state: &AppState, acc: &account::Model) -> Result<LoginOut, ServiceError> {
    let me = me_out(&state.db, acc).await?;
    let now = state.clock.now();
    let (access_token, expires_at) = state
        .jwt
        .issue(
            acc.id,
            me.role,
            acc.token_version,
            now,
            Duration::minutes(state.settings.token_ttl_minutes),
        )
        .map_err(ServiceError::internal)?;
    // The SPA compares `expires_at` with the browser's wall clock; under the demo clock
    // (`clock_start`) the server's "now" differs from it, so answer the same remaining
    // lifetime on the wall clock.
    let remaining = expires_at - now;
    Ok(LoginOut {
        access_token,
        token_type: "Bearer".into(),
        expires_at: shanghai(Utc::now() + remaining),
        me,
    })
}

/// Changes the user's own password: the old one must match and the new one must pass the
/// policy (SPEC §2). Older tokens stop working; answers a fresh token.
pub async fn change_password(
    state: &AppState,
    user: &SessionUser,
    old_password: String,
    new_password: String,
) -> Result<LoginOut, AuthError> {
    if let Err(err) = domain::password::check_password_policy(&new_password) {
        return Err(ServiceError::field("new_password", err.to_string()).into());
    }
    if new_password == old_password {
        return Err(ServiceError::field("new_password", "新密码不能与原密码相同").into());
    }
    if !password::verify(old_password, user.account.password_hash.clone()).await? {
        return Err(AuthError::WrongOldPassword);
    }
    let hash = password::hash(new_password).await?;
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let mut active = user.account.clone().into_active_model();
    active.password_hash = Set(hash);
    active.must_change_password = Set(false);
    active.token_version = Set(user.account.token_version + 1);
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    audit::entry(Some(&user.actor()), "account.password_changed")
        .target("account", updated.id)
        .before(serde_json::json!({ "must_change_password": user.account.must_change_password }))
        .after(serde_json::json!({ "must_change_password": false }))
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(login_out(state, &updated).await?)
}
