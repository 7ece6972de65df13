//! Image captchas (验证码). The answer is stored in the database, not in memory, so any
//! instance can check it; each captcha is accepted at most once.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::entities::captcha;
use crate::error::ServiceError;

/// Letters and digits that are hard to confuse (no 0/O, 1/I/l).
const ALPHABET: &[char] = &[
    '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'K', 'M', 'N',
    'P', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y',
];

/// A new captcha: its id, the PNG as base64 and when it expires.
pub struct IssuedCaptcha {
    /// Id to send back with the answer.
    pub id: Uuid,
    /// Base64 PNG.
    pub png_base64: String,
    /// Last instant it is accepted.
    pub expires_at: DateTime<Utc>,
}

/// Draws a captcha, stores its answer and removes expired ones.
pub async fn issue(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    ttl: Duration,
) -> Result<IssuedCaptcha, ServiceError> {
    let (answer, png_base64) = tokio::task::spawn_blocking(|| {
        let mut c = ::captcha::Captcha::new();
        c.set_chars(ALPHABET)
            .add_chars(4)
            .apply_filter(::captcha::filters::Noise::new(0.1))
            .apply_filter(::captcha::filters::Wave::new(2.0, 12.0))
            .view(160, 60);
        c.as_base64().map(|png| (c.chars_as_string(), png))
    })
    .await
    .map_err(ServiceError::internal)?
    .ok_or_else(|| ServiceError::internal("captcha rendering produced no image"))?;

    captcha::Entity::delete_many()
        .filter(captcha::Column::ExpiresAt.lt(now))
        .exec(db)
        .await?;
    let row = captcha::ActiveModel {
        id: Set(Uuid::new_v4()),
        answer: Set(answer),
        expires_at: Set(now + ttl),
    }
    .insert(db)
    .await?;
    Ok(IssuedCaptcha {
        id: row.id,
        png_base64,
        expires_at: row.expires_at,
    })
}

/// Consumes the captcha and tells whether the answer was right and in time.
/// A consumed captcha can never be used again, right or wrong.
pub async fn consume(
    db: &impl ConnectionTrait,
    id: Uuid,
    answer: &str,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    let Some(row) = captcha::Entity::find_by_id(id).one(db).await? else {
        return Ok(false);
    };
    let deleted = captcha::Entity::delete_by_id(id).exec(db).await?;
    // Another request may have consumed it between the read and the delete.
    if deleted.rows_affected == 0 || row.expires_at < now {
        return Ok(false);
    }
    Ok(row.answer.eq_ignore_ascii_case(answer.trim()))
}
