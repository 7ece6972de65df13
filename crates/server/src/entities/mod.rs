//! sea-orm entities, one per table; kept apart from the services that use them.

pub mod account;
pub mod application;
pub mod attachment;
pub mod audit_log;
pub mod batch;
pub mod captcha;
pub mod dictionary_entry;
pub mod job;
pub mod notification;
pub mod plan_year;
pub mod rate_limit;
pub mod review;
pub mod review_material;
pub mod roster_count;
pub mod roster_entry;
pub mod ss_unit;
pub mod task;
pub mod unit;
pub mod unit_name_history;
pub mod voucher_payment;
pub mod voucher_receipt;
pub mod voucher_refund;
pub mod withholding;
pub mod withholding_item;
