//! 接口密钥: an integrator's key, kept as a digest.

use sea_orm::entity::prelude::*;

/// A row of `api_keys`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    /// The key's first characters, in clear (`rtpk_3fa9c1d2`).
    pub key_prefix: String,
    /// Hex SHA-256 of the whole key (never the key).
    pub secret_hash: String,
    /// `unit` or `reviewer`.
    pub role: String,
    pub unit_id: Option<Uuid>,
    /// Space-separated scope names.
    pub scopes: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub last_used_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
    pub revoked_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
