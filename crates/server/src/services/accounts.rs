//! Logging in, lockout after repeated wrong passwords, password changes, `MeOut`.

use actix_web::http::StatusCode;
use api_types::{ErrorCode, LoginOut, MeOut, Role, UnitSummaryOut};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set,
};

use crate::auth::extractor::parse_role;
use crate::auth::{password, SessionUser};
use crate::entities::{account, unit};
use crate::error::ApiError;
use crate::state::AppState;

fn invalid_credentials(remaining: Option<i32>) -> ApiError {
    let err = ApiError::new(
        StatusCode::UNAUTHORIZED,
        ErrorCode::InvalidCredentials,
        match remaining {
            Some(n) => format!("账号或密码错误，再错 {n} 次账号将被锁定"),
            None => "账号或密码错误".to_string(),
        },
    );
    match remaining {
        Some(n) => err.with_details(serde_json::json!({ "remaining_attempts": n })),
        None => err,
    }
}

fn locked(until: DateTime<Utc>, now: DateTime<Utc>) -> ApiError {
    // Round up so that "0 分钟" is never shown while still locked.
    let minutes = ((until - now).num_seconds() + 59) / 60;
    ApiError::new(
        StatusCode::LOCKED,
        ErrorCode::AccountLocked,
        format!("密码错误次数过多，账号已锁定，请 {minutes} 分钟后再试"),
    )
    .with_details(serde_json::json!({ "locked_until": until.to_rfc3339() }))
}

/// Checks the password of `account_name` and applies the lockout rule.
/// The captcha has already been checked by the caller.
pub async fn authenticate(
    state: &AppState,
    account_name: &str,
    password_input: String,
) -> Result<account::Model, ApiError> {
    let db = &state.db;
    let now = state.clock.now();
    let Some(found) = account::Entity::find()
        .filter(account::Column::Account.eq(account_name.trim()))
        .one(db)
        .await?
    else {
        return Err(invalid_credentials(None));
    };
    if found.disabled {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::AccountDisabled,
            "账号已停用，请联系管理员",
        ));
    }
    if let Some(until) = found.locked_until.filter(|u| *u > now) {
        return Err(locked(until, now));
    }
    if password::verify(password_input, found.password_hash.clone()).await? {
        let mut active = found.into_active_model();
        active.failed_attempts = Set(0);
        active.locked_until = Set(None);
        return Ok(active.update(db).await?);
    }
    register_failure(state, &found, now).await
}

async fn register_failure(
    state: &AppState,
    found: &account::Model,
    now: DateTime<Utc>,
) -> Result<account::Model, ApiError> {
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
    // Increment in the database so concurrent requests on several instances all count.
    account::Entity::update_many()
        .col_expr(
            account::Column::FailedAttempts,
            Expr::col(account::Column::FailedAttempts).add(1),
        )
        .filter(account::Column::Id.eq(found.id))
        .exec(db)
        .await?;
    let until = now + Duration::minutes(state.settings.lockout_minutes);
    let locked_now = account::Entity::update_many()
        .col_expr(account::Column::LockedUntil, Expr::value(Some(until)))
        .col_expr(account::Column::FailedAttempts, Expr::value(0))
        .filter(account::Column::Id.eq(found.id))
        .filter(account::Column::FailedAttempts.gte(max))
        .exec(db)
        .await?;
    if locked_now.rows_affected > 0 {
        tracing::info!(account_id = %found.id, "account locked after repeated wrong passwords");
        return Err(locked(until, now));
    }
    let attempts = account::Entity::find_by_id(found.id)
        .one(db)
        .await?
        .map(|a| a.failed_attempts)
        .unwrap_or(max);
    Err(invalid_credentials(Some((max - attempts).max(1))))
}

/// Builds the `MeOut` of an account.
pub async fn me_out(db: &impl ConnectionTrait, acc: &account::Model) -> Result<MeOut, ApiError> {
    let role = parse_role(&acc.role)
        .ok_or_else(|| ApiError::internal(format!("unknown role in account {}", acc.id)))?;
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
pub async fn login_out(state: &AppState, acc: &account::Model) -> Result<LoginOut, ApiError> {
    let me = me_out(&state.db, acc).await?;
    let role: Role = me.role;
    let (access_token, expires_at) = state
        .jwt
        .issue(
            acc.id,
            role,
            acc.token_version,
            state.clock.now(),
            Duration::minutes(state.settings.token_ttl_minutes),
        )
        .map_err(ApiError::internal)?;
    // The SPA compares `expires_at` with the browser's wall clock; under the demo clock
    // (`clock_start`) the server's "now" differs from it, so answer the same remaining
    // lifetime on the wall clock.
    let remaining = expires_at - state.clock.now();
    Ok(LoginOut {
        access_token,
        token_type: "Bearer".into(),
        expires_at: (chrono::Utc::now() + remaining).fixed_offset(),
        me,
    })
}

/// Changes the user's own password: the old one must match and the new one must pass the
/// policy (SPEC §2). Older tokens stop working.
pub async fn change_password(
    state: &AppState,
    user: &SessionUser,
    old_password: String,
    new_password: String,
) -> Result<account::Model, ApiError> {
    if let Err(err) = domain::password::check_password_policy(&new_password) {
        return Err(ApiError::field("new_password", err.to_string()));
    }
    if new_password == old_password {
        return Err(ApiError::field("new_password", "新密码不能与原密码相同"));
    }
    if !password::verify(old_password, user.account.password_hash.clone()).await? {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::InvalidCredentials,
            "原密码错误",
        ));
    }
    let hash = password::hash(new_password).await?;
    let mut active = user.account.clone().into_active_model();
    active.password_hash = Set(hash);
    active.must_change_password = Set(false);
    active.token_version = Set(user.account.token_version + 1);
    active.updated_at = Set(state.clock.now());
    Ok(active.update(&state.db).await?)
}
