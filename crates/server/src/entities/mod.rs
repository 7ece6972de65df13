//! sea-orm entities, one per table; kept apart from the services that use them.

pub mod account;
pub mod audit_log;
pub mod batch;
pub mod captcha;
pub mod plan_year;
pub mod roster_entry;
pub mod unit;
