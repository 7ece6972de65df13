//! sea-orm entities, one per table; kept apart from the services that use them.

pub mod account;
pub mod attachment;
pub mod audit_log;
pub mod captcha;
pub mod unit;
