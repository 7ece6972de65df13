//! 访问频率限制: at most `max` requests of one kind per key (a client address, a login name,
//! an integrator key) in a window of `window_seconds` that opens with the key's first
//! request. The counts live
//! in the `rate_limits` table and move by one atomic upsert, so several instances on one
//! database refuse the same request; an in-process limiter (`governor`) would let each
//! instance allow the whole quota again.
//!
//! Keys hold a digest of the client address or login name, never the value itself.

use chrono::{DateTime, Utc};
use rand::Rng;
use sea_orm::sea_query::{Alias, Expr, OnConflict, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::entities::rate_limit::{self, Column};
use crate::error::ServiceError;

/// The longest window a limit may have; rows older than it are swept away.
pub const MAX_WINDOW_SECONDS: u32 = 86_400;

/// At most `max` requests per `window_seconds` (config: `{ max = 30, window_seconds = 60 }`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct Limit {
    /// Requests allowed in one window.
    pub max: u32,
    /// Length of the window, in seconds (1 to [`MAX_WINDOW_SECONDS`]).
    pub window_seconds: u32,
}

impl Limit {
    /// `max` requests per `window_seconds`.
    pub const fn new(max: u32, window_seconds: u32) -> Self {
        Limit {
            max,
            window_seconds,
        }
    }
}

/// The abuse limits of the anonymous endpoints (`[rate_limits]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct RateLimits {
    /// Take the client's address from the last `X-Forwarded-For` entry (the one our own
    /// reverse proxy appends) instead of the connection. Only behind such a proxy: anyone
    /// can send the header.
    pub trust_forwarded_for: bool,
    /// `POST /api/auth/captcha` per client address.
    pub captcha_per_ip: Limit,
    /// `POST /api/auth/login` per client address.
    pub login_per_ip: Limit,
    /// Login attempts per login name that passed the captcha (whether or not the account
    /// exists), from any address.
    pub login_per_account: Limit,
    /// `POST /api/registrations` per client address.
    pub registration_per_ip: Limit,
    /// `GET /api/registry/credit-code` (anonymous) per client address.
    pub credit_code_lookup_per_ip: Limit,
    /// Requests per integrator key (接口密钥), from any address and instance.
    pub api_key: Limit,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            trust_forwarded_for: false,
            captcha_per_ip: Limit::new(30, 60),
            login_per_ip: Limit::new(20, 60),
            login_per_account: Limit::new(10, 900),
            registration_per_ip: Limit::new(10, 3_600),
            credit_code_lookup_per_ip: Limit::new(30, 60),
            api_key: Limit::new(600, 60),
        }
    }
}

impl RateLimits {
    /// Every limit with its config name.
    pub fn all(&self) -> [(&'static str, Limit); 6] {
        [
            ("captcha_per_ip", self.captcha_per_ip),
            ("login_per_ip", self.login_per_ip),
            ("login_per_account", self.login_per_account),
            ("registration_per_ip", self.registration_per_ip),
            ("credit_code_lookup_per_ip", self.credit_code_lookup_per_ip),
            ("api_key", self.api_key),
        ]
    }

    /// Refuses a limit that allows nothing or whose window is out of range.
    pub fn check(&self) -> anyhow::Result<()> {
        for (name, limit) in self.all() {
            anyhow::ensure!(
                limit.max > 0 && (1..=MAX_WINDOW_SECONDS).contains(&limit.window_seconds),
                "rate_limits.{name}: max must be positive and window_seconds 1..={MAX_WINDOW_SECONDS}"
            );
        }
        Ok(())
    }
}

/// The row key of `scope` (e.g. `login:ip`) for `subject`: a digest, so the table holds
/// no address or login name.
pub fn key(scope: &str, subject: &str) -> String {
    let digest = Sha256::digest(subject.as_bytes());
    format!("{scope}:{}", hex::encode(&digest[..16]))
}

/// Counts one request of `scope` by `subject`; refuses it (429 with the seconds until the
/// window ends) when it is over `limit`. Refused requests count too, so hammering does
/// not shorten the wait.
pub async fn enforce(
    db: &impl ConnectionTrait,
    scope: &str,
    subject: &str,
    limit: Limit,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let window = hit(db, &key(scope, subject), limit.window_seconds, now).await?;
    if window.count <= i64::from(limit.max) {
        return Ok(());
    }
    tracing::info!(scope, count = window.count, "rate limit reached");
    Err(ServiceError::TooManyRequests {
        retry_after_seconds: window.seconds_left(limit.window_seconds, now),
    })
}

/// A key's current window after a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// When it opened, in seconds since the Unix epoch.
    pub start: i64,
    /// Requests in it, this one included.
    pub count: i64,
}

impl Window {
    /// Seconds until a window of `window_seconds` ends (at least 1).
    pub fn seconds_left(&self, window_seconds: u32, now: DateTime<Utc>) -> u64 {
        let end = self.start + i64::from(window_seconds);
        u64::try_from(end - now.timestamp()).unwrap_or(0).max(1)
    }
}

/// Counts one request of `key`: in its open window, or in a new one from `now` when the
/// last has ended (or there was none). One statement, so concurrent requests on any
/// instance each count once.
pub async fn hit(
    db: &impl ConnectionTrait,
    key: &str,
    window_seconds: u32,
    now: DateTime<Utc>,
) -> Result<Window, DbErr> {
    let now_s = now.timestamp();
    let ended =
        Expr::col((rate_limit::Entity, Column::WindowStart)).lte(now_s - i64::from(window_seconds));
    let excluded = |c: Column| Expr::col((Alias::new("excluded"), c));
    let mut insert = Query::insert();
    insert
        .into_table(rate_limit::Entity)
        .columns([Column::Key, Column::WindowStart, Column::Count])
        .values([key.into(), now_s.into(), 1.into()])
        .map_err(|e| DbErr::Custom(e.to_string()))?
        .on_conflict(
            OnConflict::column(Column::Key)
                .value(
                    Column::Count,
                    Expr::case(ended.clone(), excluded(Column::Count))
                        .finally(Expr::col((rate_limit::Entity, Column::Count)).add(1)),
                )
                .value(
                    Column::WindowStart,
                    Expr::case(ended, excluded(Column::WindowStart))
                        .finally(Expr::col((rate_limit::Entity, Column::WindowStart))),
                )
                .to_owned(),
        )
        .returning(Query::returning().columns([Column::WindowStart, Column::Count]));
    let row = db
        .query_one(db.get_database_backend().build(&insert))
        .await?
        .ok_or_else(|| DbErr::Custom("the rate-limit upsert returned no row".into()))?;
    let window = Window {
        start: row.try_get("", "window_start")?,
        count: i64::from(row.try_get::<i32>("", "count")?),
    };
    if window.count == 1 && rand::thread_rng().gen_ratio(1, 64) {
        sweep(db, now).await?;
    }
    Ok(window)
}

/// The open window of `key` of `window_seconds`, if any (nothing is counted).
pub async fn peek(
    db: &impl ConnectionTrait,
    key: &str,
    window_seconds: u32,
    now: DateTime<Utc>,
) -> Result<Option<Window>, DbErr> {
    Ok(rate_limit::Entity::find_by_id(key.to_owned())
        .one(db)
        .await?
        .map(|r| Window {
            start: r.window_start,
            count: i64::from(r.count),
        })
        .filter(|w| w.start > now.timestamp() - i64::from(window_seconds)))
}

/// Forgets `key` (its next request opens a new window).
pub async fn clear(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    rate_limit::Entity::delete_by_id(key.to_owned())
        .exec(db)
        .await?;
    Ok(())
}

/// Removes the rows whose window ended long ago (longer than any limit's window).
async fn sweep(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<(), DbErr> {
    rate_limit::Entity::delete_many()
        .filter(Column::WindowStart.lt(now.timestamp() - i64::from(MAX_WINDOW_SECONDS)))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_hold_a_digest_not_the_subject() {
        let k = key("login:account", "tuixiu123000000");
        assert!(k.starts_with("login:account:"));
        assert!(!k.contains("tuixiu"));
        assert_eq!(k.len(), "login:account:".len() + 32);
        assert_eq!(k, key("login:account", "tuixiu123000000"));
        assert_ne!(k, key("login:ip", "tuixiu123000000"));
    }

    #[test]
    fn the_wait_is_what_is_left_of_the_window_and_never_zero() {
        let now = DateTime::from_timestamp(1_000, 0).unwrap_or_default();
        let w = Window {
            start: 990,
            count: 5,
        };
        assert_eq!(w.seconds_left(60, now), 50);
        assert_eq!(w.seconds_left(10, now), 1);
        assert_eq!(w.seconds_left(5, now), 1);
    }

    #[test]
    fn the_defaults_are_valid_and_a_zero_limit_is_refused() {
        assert!(RateLimits::default().check().is_ok());
        let mut limits = RateLimits::default();
        limits.login_per_ip.max = 0;
        assert!(limits.check().is_err());
        let mut limits = RateLimits::default();
        limits.captcha_per_ip.window_seconds = MAX_WINDOW_SECONDS + 1;
        assert!(limits.check().is_err());
    }
}
