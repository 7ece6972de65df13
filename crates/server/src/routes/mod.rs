//! HTTP resources; each module ends with one `configure()` registering its routes.

pub mod admin;
pub mod auth;
pub mod batches;
pub mod health;
pub mod me;
pub mod plan_years;
pub mod roster;
