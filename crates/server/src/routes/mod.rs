//! HTTP resources; each module ends with one `configure()` registering its routes.

pub mod admin;
pub mod attachments;
pub mod auth;
pub mod health;
pub mod me;
