//! The audit log (操作日志): who did what to which record, with before and after.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use uuid::Uuid;

use crate::auth::extractor::role_str;
use crate::auth::SessionUser;
use crate::entities::audit_log;
use crate::error::ApiError;

/// One entry to write. Personal data never goes into `before`/`after` unmasked.
pub struct AuditEntry<'a> {
    /// Who acted (None for the system or an anonymous request).
    pub actor: Option<&'a SessionUser>,
    /// What happened, e.g. `auth.login`, `account.password_changed`.
    pub action: &'a str,
    /// The kind of record, e.g. `account`.
    pub target_type: &'a str,
    /// The record's id.
    pub target_id: Option<String>,
    /// State before.
    pub before: Option<serde_json::Value>,
    /// State after.
    pub after: Option<serde_json::Value>,
}

/// Appends an entry; call it inside the same transaction as the change it records.
pub async fn record(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    entry: AuditEntry<'_>,
) -> Result<(), ApiError> {
    audit_log::ActiveModel {
        id: Set(Uuid::new_v4()),
        at: Set(now),
        actor_id: Set(entry.actor.map(|a| a.account.id)),
        actor_role: Set(entry.actor.map(|a| role_str(a.role).to_string())),
        action: Set(entry.action.to_string()),
        target_type: Set(entry.target_type.to_string()),
        target_id: Set(entry.target_id),
        before: Set(entry.before),
        after: Set(entry.after),
    }
    .insert(db)
    .await?;
    Ok(())
}
