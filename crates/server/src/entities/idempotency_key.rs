//! `Idempotency-Key`: the first request of a caller's key and, once it succeeded, its answer.

use sea_orm::entity::prelude::*;

/// A row of `idempotency_keys`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `account:<uuid>` or `api_key:<uuid>`.
    pub caller: String,
    pub key: String,
    /// Hex SHA-256 of the method, path and body.
    pub request_hash: String,
    /// The answer's status; `None` while the first request runs.
    pub status_code: Option<i32>,
    pub response_body: Option<String>,
    pub response_etag: Option<String>,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
