//! HTTP resources; each module ends with one `configure()` registering its routes.

pub mod accounts_admin;
pub mod admin;
pub mod attachments;
pub mod auth;
pub mod batches;
pub mod code_applications;
pub mod dictionaries;
pub mod health;
pub mod me;
pub mod name_changes;
pub mod operator;
pub mod plan_years;
pub mod registration;
pub mod roster;
pub mod units;
