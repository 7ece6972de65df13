//! 消息提醒 and the mail outbox (SPEC §2 经办人信息, §11, §14): every event a unit must act on
//! becomes a notice in the app and a mail to its operators' emails.
//!
//! A service that makes such a change calls [`emit`] with a [`Notice`] inside its
//! transaction — usually through a template (`templates::batch_review_approved(..)
//! .to(Recipient::Unit(id), key)`) or one of the wired [`events`]. The notice row and its
//! `mail.send` task commit with the change, or neither does; the task mails it through the
//! `Mailer` interface (SMTP) with retries, and `outbox` says exactly what is and is not
//! guaranteed about delivering once.
//!
//! - `outbox.rs`: `emit`, the recipients, the `mail.send` task.
//! - `templates.rs`: the Chinese text of each event.
//! - `events.rs`: the events wired today (applications, 职保会审核, accounts).
//! - `mail.rs`: a notice as a mail (footer, Message-ID).
//! - `service.rs`, `routes.rs`: the reader's API.

pub mod events;
pub mod mail;
pub mod outbox;
pub mod routes;
pub mod service;
pub mod templates;

pub use outbox::{emit, register, Notice, Recipient, MAIL_SEND};
pub use templates::{BatchRef, CodeReasons, Letter};
