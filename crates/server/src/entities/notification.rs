//! 消息提醒: one notice to a unit or an account, shown in the app and mailed through the
//! outbox (`notifications::outbox`).

use sea_orm::entity::prelude::*;

/// A row of `notifications`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The event (`api_types::NotificationKind`, stored as its key).
    pub kind: String,
    /// The unit it is addressed to (every operator of it reads it) or the account's unit.
    pub unit_id: Option<Uuid>,
    /// The one account it is addressed to, if any (then only that account reads it).
    pub account_id: Option<Uuid>,
    pub subject: String,
    pub body: String,
    /// The event's identity: writing the same key twice writes one notice.
    pub dedupe_key: String,
    /// The addresses when it was written (a JSON list of strings; empty: no mail).
    pub mail_to: Json,
    /// `pending`, `sent`, `no_address`, `disabled` or `failed`.
    pub mail_status: String,
    /// SMTP conversations started for it (more than one with `sent`: possibly delivered
    /// twice, under the same Message-ID).
    pub mail_attempts: i32,
    /// When the SMTP server accepted it.
    pub mailed_at: Option<DateTimeUtc>,
    pub mail_error: Option<String>,
    pub read_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
