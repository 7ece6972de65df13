//! Writing one audit entry: who (an [`Actor`], or nobody for anonymous requests) did what
//! to which record, with the state before and after. Personal data never goes into
//! `before`/`after` unmasked.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};
use uuid::Uuid;

use crate::actor::Actor;
use crate::auth::role_str;
use crate::entities::audit_log;

/// An entry being built; [`Entry::write`] appends it.
#[must_use = "an audit entry is only recorded by `write`"]
pub struct Entry<'a> {
    actor: Option<&'a Actor>,
    action: &'a str,
    target_type: &'a str,
    target_id: Option<String>,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
}

/// Starts an entry for `action` (e.g. `batch.deleted`) by `actor` (`None`: anonymous).
pub fn entry<'a>(actor: Option<&'a Actor>, action: &'a str) -> Entry<'a> {
    Entry {
        actor,
        action,
        target_type: "",
        target_id: None,
        before: None,
        after: None,
    }
}

impl<'a> Entry<'a> {
    /// The record acted on: its kind (e.g. `batch`) and id.
    pub fn target(mut self, kind: &'a str, id: impl std::fmt::Display) -> Self {
        self.target_type = kind;
        self.target_id = Some(id.to_string());
        self
    }

    /// The state before.
    pub fn before(mut self, state: serde_json::Value) -> Self {
        self.before = Some(state);
        self
    }

    /// The state after.
    pub fn after(mut self, state: serde_json::Value) -> Self {
        self.after = Some(state);
        self
    }

    /// Appends the entry; call it inside the transaction of the change it records.
    pub async fn write(self, db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<(), DbErr> {
        let (actor_id, actor_account, actor_role) = match self.actor {
            Some(Actor::User(u)) => (
                Some(u.account_id),
                Some(u.account.clone()),
                Some(role_str(u.role).to_owned()),
            ),
            // A key is no account: it is named by its name and prefix, and found by its id.
            Some(Actor::Key(k)) => (
                None,
                Some(format!("{} {}", k.name, k.prefix)),
                Some(role_str(k.role).to_owned()),
            ),
            Some(Actor::System) => (None, None, Some("system".to_owned())),
            None => (None, None, None),
        };
        let api_key_id = match self.actor {
            Some(Actor::Key(k)) => Some(k.key_id),
            _ => None,
        };
        audit_log::ActiveModel {
            id: Set(Uuid::new_v4()),
            at: Set(now),
            actor_id: Set(actor_id),
            actor_account: Set(actor_account),
            actor_role: Set(actor_role),
            api_key_id: Set(api_key_id),
            action: Set(self.action.to_owned()),
            target_type: Set(self.target_type.to_owned()),
            target_id: Set(self.target_id),
            before: Set(self.before),
            after: Set(self.after),
        }
        .insert(db)
        .await?;
        Ok(())
    }
}
