//! `Idempotency-Key` (幂等键) for the writes an integrator may retry after a lost answer
//! (roster import, 新增参保人员): the first request of a caller's key runs and its
//! successful answer is kept for [`TTL_HOURS`]; a retry with the same request gets that
//! answer again without the work being done twice; the same key with another request is
//! refused. Rows live in the database, so a retry that reaches another instance finds them.
//!
//! A failed first request keeps nothing (the services are all or nothing, so nothing was
//! done) and may be retried with the same key.

use api_types::ErrorCode;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set, SqlErr,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::actor::Actor;
use crate::entities::idempotency_key::{self, Column};
use crate::error::{Failure, ServiceError};

/// How long a key and its answer are kept.
pub const TTL_HOURS: i64 = 24;

/// A first request still marked running after this long died with its process; its key
/// may be used again. (A second run is then refused by the batch's `If-Match` version, so
/// even that never duplicates.)
const ABANDONED_SECONDS: i64 = 600;

/// The longest key accepted.
pub const MAX_KEY_CHARS: usize = 200;

/// Why a keyed request was refused.
#[derive(Debug, thiserror::Error)]
pub enum IdempotencyError {
    /// The header is empty, too long or not visible ASCII.
    #[error("Idempotency-Key 须为1至200个可见 ASCII 字符")]
    Malformed,
    /// The key was used for another request.
    #[error("该 Idempotency-Key 已用于另一个请求（路径或请求内容不同），请为新的请求使用新的 Idempotency-Key")]
    Reused,
    /// The first request with the key is still running.
    #[error("相同 Idempotency-Key 的请求正在处理中，请稍后重试")]
    InProgress,
    /// Anything else.
    #[error(transparent)]
    Service(#[from] ServiceError),
}

impl From<DbErr> for IdempotencyError {
    fn from(err: DbErr) -> Self {
        IdempotencyError::Service(err.into())
    }
}

impl Failure for IdempotencyError {
    fn code(&self) -> ErrorCode {
        match self {
            IdempotencyError::Malformed => ErrorCode::BadRequest,
            IdempotencyError::Reused => ErrorCode::IdempotencyKeyReused,
            IdempotencyError::InProgress => ErrorCode::Conflict,
            IdempotencyError::Service(e) => e.code(),
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        match self {
            IdempotencyError::Service(e) => e.details(),
            _ => None,
        }
    }
}

/// The answer of an earlier request with the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// Its status.
    pub status: u16,
    /// Its JSON body.
    pub body: String,
    /// Its `ETag`, if it had one.
    pub etag: Option<String>,
}

/// What to do with a keyed request.
#[derive(Debug)]
pub enum Begin {
    /// Run it (this caller now holds the key), then [`complete`] or [`release`].
    Run(Uuid),
    /// Answer what the first request answered.
    Replay(Stored),
}

/// The digest a retry must match: the method, the route's path and the body.
pub fn fingerprint(method: &str, path: &str, body: &[u8]) -> String {
    let mut h = Sha256::new();
    for part in [method.as_bytes(), path.as_bytes(), body] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part);
    }
    hex::encode(h.finalize())
}

/// Whose keys these are: each account, and each integrator key, has its own.
fn owner(actor: &Actor) -> Result<String, ServiceError> {
    match actor {
        Actor::User(u) => Ok(format!("account:{}", u.account_id)),
        Actor::Key(k) => Ok(format!("api_key:{}", k.key_id)),
        Actor::System => Err(ServiceError::internal("idempotency keys are for callers")),
    }
}

/// Takes `key` for a request of `fingerprint`, or finds what an earlier one answered.
pub async fn begin(
    db: &impl ConnectionTrait,
    actor: &Actor,
    key: &str,
    fingerprint: &str,
    now: DateTime<Utc>,
) -> Result<Begin, IdempotencyError> {
    if key.is_empty()
        || key.chars().count() > MAX_KEY_CHARS
        || !key.bytes().all(|b| b.is_ascii_graphic())
    {
        return Err(IdempotencyError::Malformed);
    }
    let caller = owner(actor)?;
    // Twice at most: a row that ended or was abandoned is removed, then taken afresh.
    for _ in 0..2 {
        let row = idempotency_key::ActiveModel {
            id: Set(Uuid::new_v4()),
            caller: Set(caller.clone()),
            key: Set(key.to_owned()),
            request_hash: Set(fingerprint.to_owned()),
            status_code: Set(None),
            response_body: Set(None),
            response_etag: Set(None),
            created_at: Set(now),
            expires_at: Set(now + Duration::hours(TTL_HOURS)),
        };
        match row.insert(db).await {
            Ok(row) => return Ok(Begin::Run(row.id)),
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {}
            Err(e) => return Err(e.into()),
        }
        let Some(existing) = idempotency_key::Entity::find()
            .filter(Column::Caller.eq(&caller))
            .filter(Column::Key.eq(key))
            .one(db)
            .await?
        else {
            continue; // released meanwhile
        };
        let abandoned = existing.status_code.is_none()
            && existing.created_at <= now - Duration::seconds(ABANDONED_SECONDS);
        if existing.expires_at <= now || abandoned {
            idempotency_key::Entity::delete_many()
                .filter(Column::Id.eq(existing.id))
                .exec(db)
                .await?;
            continue;
        }
        if existing.request_hash != fingerprint {
            return Err(IdempotencyError::Reused);
        }
        return match (existing.status_code, existing.response_body) {
            (Some(status), Some(body)) => Ok(Begin::Replay(Stored {
                status: u16::try_from(status).map_err(ServiceError::internal)?,
                body,
                etag: existing.response_etag,
            })),
            _ => Err(IdempotencyError::InProgress),
        };
    }
    Err(IdempotencyError::InProgress)
}

/// Keeps the successful answer of the request that holds `claim`.
pub async fn complete(
    db: &impl ConnectionTrait,
    claim: Uuid,
    answer: &Stored,
) -> Result<(), DbErr> {
    idempotency_key::ActiveModel {
        id: Set(claim),
        status_code: Set(Some(i32::from(answer.status))),
        response_body: Set(Some(answer.body.clone())),
        response_etag: Set(answer.etag.clone()),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// Gives the key back after a failed request (nothing was done; a retry may run).
pub async fn release(db: &impl ConnectionTrait, claim: Uuid) -> Result<(), DbErr> {
    idempotency_key::Entity::delete_by_id(claim)
        .exec(db)
        .await?;
    Ok(())
}

/// Removes the rows that ended (called now and then by the writes that use keys).
pub async fn sweep(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<(), DbErr> {
    idempotency_key::Entity::delete_many()
        .filter(Column::ExpiresAt.lte(now))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_tells_path_and_body_apart() {
        let a = fingerprint("POST", "/api/batches/1/roster", b"{}");
        assert_eq!(a, fingerprint("POST", "/api/batches/1/roster", b"{}"));
        assert_ne!(a, fingerprint("POST", "/api/batches/2/roster", b"{}"));
        assert_ne!(a, fingerprint("POST", "/api/batches/1/roster", b"{ }"));
        // Length prefixes: moving bytes between parts changes the digest.
        assert_ne!(
            fingerprint("POST", "/a", b"b"),
            fingerprint("POST", "/ab", b"")
        );
    }
}
