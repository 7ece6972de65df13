//! 访问频率限制: how many requests one key (a client, a login name) made in its current
//! window.

use sea_orm::entity::prelude::*;

/// A row of `rate_limits`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rate_limits")]
pub struct Model {
    /// What is counted and for whom, e.g. `captcha:ip:<digest>`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// When the window began, in seconds since the Unix epoch.
    pub window_start: i64,
    /// Requests in the window so far.
    pub count: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
