//! The transactional outbox: [`emit`] writes the notice and queues its mail in the caller's
//! transaction; the `mail.send` task hands the mail to the SMTP server and records it.
//!
//! What it guarantees:
//! - **Nothing without the change, no change without its notice.** Both rows commit or roll
//!   back with the change that causes them.
//! - **One notice per event.** The caller names the event with a dedupe key; a unique index
//!   makes a second `emit` of the same key write nothing and queue nothing.
//! - **Never lost.** The task is durable; a failed SMTP conversation is retried with
//!   backoff (stored in the row, so it survives a restart) for [`MAIL_ATTEMPTS`] attempts; a
//!   refusal for good or the last failure marks the mail `failed`, and the notice stays in
//!   the app either way.
//! - **Not sent again once recorded.** `mailed_at` is written as soon as the server accepts;
//!   a task that finds it set sends nothing.
//!
//! What it cannot guarantee: SMTP has no way to ask whether an earlier conversation got its
//! `250`. A process that dies after the server accepted and before `mailed_at` is written
//! sends the mail once more when its task is taken over. That copy carries the same
//! Message-ID (`<notice.<id>@domain>`), so mail clients and the sink show it as the same
//! message, and `mail_attempts` > 1 on a `sent` notice marks the case. Delivery is
//! at-least-once with a recognisable duplicate in that one window, never silently twice.

use std::sync::Arc;

use api_types::{NotificationKind, Role};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::mail::compose;
use crate::app::config::TaskSettings;
use crate::auth::role_str;
use crate::entities::{account, notification};
use crate::error::key;
use crate::interfaces::MailError;
use crate::tasks::{
    enqueue, LeaseLost, NewTask, TaskContext, TaskError, TaskHandler, TaskRegistry,
};

/// The task that mails one notice.
pub const MAIL_SEND: &str = "mail.send";

/// Attempts of one mail before it is `failed`: with the default backoff (2 s doubling, at
/// most 10 min, full jitter) about three hours of an SMTP server that stays down.
pub const MAIL_ATTEMPTS: i32 = 48;

/// Where a notice goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipient {
    /// A unit: every operator account of it reads it in the app (one shared read mark), and
    /// it is mailed to every enabled operator's email (经办人信息).
    Unit(Uuid),
    /// One account only (a password reset): read by it, mailed to its email.
    Account(Uuid),
}

/// One notice to write: what happened, to whom, and the event's identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The event.
    pub kind: NotificationKind,
    /// To whom.
    pub recipient: Recipient,
    /// 标题.
    pub subject: String,
    /// 内容 (plain text).
    pub body: String,
    /// The event's identity (at most 200 characters): the same key is written once.
    pub dedupe_key: String,
}

/// Mail state of a notice (`notifications.mail_status`).
pub mod mail_status {
    /// Queued: the task will send it.
    pub const PENDING: &str = "pending";
    /// The SMTP server accepted it (`mailed_at`).
    pub const SENT: &str = "sent";
    /// No operator email on file when it was written: in the app only.
    pub const NO_ADDRESS: &str = "no_address";
    /// Mail was off (`mail.enabled = false`) when its task ran.
    pub const DISABLED: &str = "disabled";
    /// Refused for good, or out of attempts (`mail_error` says why).
    pub const FAILED: &str = "failed";
}

/// Input of a `mail.send` task.
#[derive(Debug, Serialize, Deserialize)]
pub struct MailPayload {
    /// The notice to mail.
    pub notification_id: Uuid,
}

/// Writes `notice` and, when its recipient has an email, queues its mail — inside `db`,
/// which should be the transaction of the change that causes it. Answers the notice's id,
/// or `None` when a notice with the same dedupe key exists already (nothing is written).
pub async fn emit(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    notice: Notice,
) -> Result<Option<Uuid>, DbErr> {
    let (unit_id, account_id, to) = addressee(db, notice.recipient).await?;
    let id = Uuid::new_v4();
    let status = if to.is_empty() {
        mail_status::NO_ADDRESS
    } else {
        mail_status::PENDING
    };
    let row = notification::ActiveModel {
        id: Set(id),
        kind: Set(key(&notice.kind)),
        unit_id: Set(unit_id),
        account_id: Set(account_id),
        subject: Set(notice.subject),
        body: Set(notice.body),
        dedupe_key: Set(notice.dedupe_key),
        mail_to: Set(serde_json::json!(to)),
        mail_status: Set(status.to_owned()),
        mail_attempts: Set(0),
        mailed_at: Set(None),
        mail_error: Set(None),
        read_at: Set(None),
        created_at: Set(now),
    };
    // ON CONFLICT DO NOTHING: a duplicate must not abort the caller's transaction.
    let inserted = notification::Entity::insert(row)
        .on_conflict(
            OnConflict::column(notification::Column::DedupeKey)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    if inserted == 0 {
        return Ok(None);
    }
    if !to.is_empty() {
        let owner = unit_id.map_or_else(|| "system".to_owned(), |u| u.to_string());
        let payload = serde_json::json!(MailPayload {
            notification_id: id
        });
        let settings = TaskSettings {
            max_attempts: MAIL_ATTEMPTS,
            ..TaskSettings::default()
        };
        let task = NewTask::new(MAIL_SEND, owner, payload).unique(format!("mail:{id}"));
        enqueue(db, &settings, now, task).await?;
    }
    Ok(Some(id))
}

/// The row's unit and account, and the addresses to mail, as they are now.
async fn addressee(
    db: &impl ConnectionTrait,
    recipient: Recipient,
) -> Result<(Option<Uuid>, Option<Uuid>, Vec<String>), DbErr> {
    match recipient {
        Recipient::Unit(unit_id) => {
            let emails: Vec<Option<String>> = account::Entity::find()
                .select_only()
                .column(account::Column::Email)
                .filter(account::Column::UnitId.eq(unit_id))
                .filter(account::Column::Role.eq(role_str(Role::Unit)))
                .filter(account::Column::Disabled.eq(false))
                .order_by_asc(account::Column::CreatedAt)
                .order_by_asc(account::Column::Id)
                .into_tuple()
                .all(db)
                .await?;
            Ok((Some(unit_id), None, usable(emails)))
        }
        Recipient::Account(account_id) => {
            let row = account::Entity::find_by_id(account_id).one(db).await?;
            let unit_id = row.as_ref().and_then(|a| a.unit_id);
            let emails = usable(row.map(|a| a.email).into_iter().collect());
            Ok((unit_id, Some(account_id), emails))
        }
    }
}

/// Non-empty addresses, each once, in order.
fn usable(emails: Vec<Option<String>>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for email in emails.into_iter().flatten() {
        let email = email.trim().to_owned();
        if !email.is_empty() && !out.iter().any(|e| e.eq_ignore_ascii_case(&email)) {
            out.push(email);
        }
    }
    out
}

/// Registers the mail task.
pub fn register(registry: &mut TaskRegistry) {
    registry.register(MAIL_SEND, Arc::new(MailSend));
}

struct MailSend;

fn payload(ctx: &TaskContext) -> Result<MailPayload, TaskError> {
    serde_json::from_value(ctx.task.payload.clone())
        .map_err(|e| TaskError::Fatal(format!("bad payload of {MAIL_SEND}: {e}")))
}

/// Sets the mail columns of a notice not mailed yet (a recorded `mailed_at` is final).
async fn record(
    db: &impl ConnectionTrait,
    id: Uuid,
    status: &str,
    error: Option<&str>,
    mailed_at: Option<DateTime<Utc>>,
) -> Result<(), DbErr> {
    let error: Option<String> = error.map(|e| e.chars().take(2000).collect());
    notification::Entity::update_many()
        .col_expr(notification::Column::MailStatus, Expr::value(status))
        .col_expr(notification::Column::MailError, Expr::value(error))
        .col_expr(notification::Column::MailedAt, Expr::value(mailed_at))
        .filter(notification::Column::Id.eq(id))
        .filter(notification::Column::MailedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

#[async_trait::async_trait]
impl TaskHandler for MailSend {
    async fn run(&self, ctx: &TaskContext) -> Result<(), TaskError> {
        let p = payload(ctx)?;
        let state = &ctx.state;
        let Some(n) = notification::Entity::find_by_id(p.notification_id)
            .one(&state.db)
            .await?
        else {
            return Ok(()); // its unit or account is gone
        };
        if n.mailed_at.is_some() {
            return Ok(()); // accepted before: never again
        }
        let to: Vec<String> = serde_json::from_value(n.mail_to.clone()).unwrap_or_default();
        if to.is_empty() {
            record(&state.db, n.id, mail_status::NO_ADDRESS, None, None).await?;
            return Ok(());
        }
        if !state.settings.mail.enabled {
            record(&state.db, n.id, mail_status::DISABLED, None, None).await?;
            return Ok(());
        }
        // The whole conversation under a fresh lease; a runner that lost the task to another
        // one (its lease expired) must not talk to the server at the same time.
        if !ctx.lease.extend(&state.db, state.clock.now()).await? {
            return Err(TaskError::LeaseLost(LeaseLost {
                task_id: ctx.lease.task_id,
                attempt: ctx.lease.attempt,
            }));
        }
        // Counted before the conversation: `sent` with more than one attempt is the one case
        // the server may have received the mail twice (under the same Message-ID).
        notification::Entity::update_many()
            .col_expr(
                notification::Column::MailAttempts,
                Expr::col(notification::Column::MailAttempts).add(1),
            )
            .filter(notification::Column::Id.eq(n.id))
            .exec(&state.db)
            .await?;
        let mail = compose(&n, to, state.interfaces.mail.domain(), &state.settings.mail);
        match state.interfaces.mail.send(&mail).await {
            Ok(()) => {
                let now = state.clock.now();
                record(&state.db, n.id, mail_status::SENT, None, Some(now)).await?;
                tracing::info!(notification = %n.id, kind = %n.kind, "notice mailed");
                Ok(())
            }
            Err(MailError::Rejected(e)) => {
                record(&state.db, n.id, mail_status::PENDING, Some(&e), None).await?;
                Err(TaskError::Fatal(e))
            }
            Err(MailError::Unavailable(e)) => {
                record(&state.db, n.id, mail_status::PENDING, Some(&e), None).await?;
                Err(TaskError::Retry(e))
            }
        }
    }

    /// Out of attempts or refused for good: the notice stays in the app, its mail `failed`.
    async fn dead(&self, ctx: &TaskContext) -> Result<(), TaskError> {
        let p = payload(ctx)?;
        let error = ctx.task.last_error.clone();
        let db = &ctx.state.db;
        let n = notification::Entity::find_by_id(p.notification_id)
            .one(db)
            .await?;
        let error = n.and_then(|n| n.mail_error).or(error);
        record(
            db,
            p.notification_id,
            mail_status::FAILED,
            error.as_deref(),
            None,
        )
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_and_each_kept_once() {
        let got = usable(vec![
            Some(" a@example.org ".into()),
            None,
            Some(String::new()),
            Some("A@example.org".into()),
            Some("b@example.org".into()),
        ]);
        assert_eq!(got, ["a@example.org", "b@example.org"]);
    }
}
