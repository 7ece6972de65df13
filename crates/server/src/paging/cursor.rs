//! Keyset cursors: a page's `next` names the sort key of its last row, and `?after=` reads
//! it back, so the following page is "the rows after this key" — one index range whatever
//! the page's number, and no row is skipped or repeated when rows before it are added or
//! deleted. A cursor is opaque to clients (URL-safe base64 of the key), never trusted: one
//! that does not read back is refused with a field error.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::error::ServiceError;

/// The refusal of a cursor that does not read back.
fn refused() -> ServiceError {
    ServiceError::field("after", "分页游标无效，请从第一页重新查询")
}

fn decode(raw: &str) -> Result<String, ServiceError> {
    let bytes = URL_SAFE_NO_PAD.decode(raw.trim()).map_err(|_| refused())?;
    String::from_utf8(bytes).map_err(|_| refused())
}

fn encode(text: &str) -> String {
    URL_SAFE_NO_PAD.encode(text)
}

/// The roster's sort key: (序号, id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowKey {
    /// The row number.
    pub row_no: i32,
    /// The tie-break.
    pub id: Uuid,
}

impl RowKey {
    /// The cursor naming this key.
    pub fn encode(&self) -> String {
        encode(&format!("r{}.{}", self.row_no, self.id.simple()))
    }

    /// Reads a cursor made by [`RowKey::encode`].
    pub fn parse(raw: &str) -> Result<RowKey, ServiceError> {
        let text = decode(raw)?;
        let (row, id) = text
            .strip_prefix('r')
            .and_then(|t| t.split_once('.'))
            .ok_or_else(refused)?;
        Ok(RowKey {
            row_no: row.parse().map_err(|_| refused())?,
            id: Uuid::parse_str(id).map_err(|_| refused())?,
        })
    }
}

/// The batch list's sort key: (最后更新时间, 批次号), newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchKey {
    /// When the batch last changed.
    pub updated_at: DateTime<Utc>,
    /// The tie-break.
    pub batch_no: String,
}

impl BatchKey {
    /// The cursor naming this key (the time to the nanosecond: a cursor cut to less than
    /// what the database holds would name a key between two stored ones).
    pub fn encode(&self) -> String {
        let nanos = self.updated_at.timestamp_nanos_opt().unwrap_or(i64::MAX);
        encode(&format!("b{nanos}.{}", self.batch_no))
    }

    /// Reads a cursor made by [`BatchKey::encode`].
    pub fn parse(raw: &str) -> Result<BatchKey, ServiceError> {
        let text = decode(raw)?;
        let (nanos, batch_no) = text
            .strip_prefix('b')
            .and_then(|t| t.split_once('.'))
            .ok_or_else(refused)?;
        let nanos: i64 = nanos.parse().map_err(|_| refused())?;
        Ok(BatchKey {
            updated_at: DateTime::from_timestamp_nanos(nanos),
            batch_no: batch_no.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_and_anything_else_is_refused() {
        let key = RowKey {
            row_no: 4_000,
            id: Uuid::new_v4(),
        };
        assert_eq!(RowKey::parse(&key.encode()).ok(), Some(key));
        let at = DateTime::from_timestamp_nanos(1_764_556_800_123_456_789);
        let batch = BatchKey {
            updated_at: at,
            batch_no: "TXJS2026.0001".into(),
        };
        assert_eq!(BatchKey::parse(&batch.encode()).ok(), Some(batch.clone()));
        for bad in [
            "",
            "%%%",
            "cjEyMw",
            &encode("r1.not-a-uuid"),
            &batch.encode(),
        ] {
            assert!(RowKey::parse(bad).is_err(), "{bad:?}");
        }
        assert!(BatchKey::parse(&key.encode()).is_err());
    }
}
