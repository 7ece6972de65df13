//! The REST API of the retiree hospitalization plan's group enrollment platform, by
//! feature: each feature folder holds its routes, its service and its error; `entities`
//! is the one layer-wide folder. See ARCHITECTURE.md for how a request and a background
//! task flow through the code.

pub mod actor;
pub mod app;
pub mod error;
pub mod http;
pub mod idempotency;
pub mod interfaces;
pub mod paging;
pub mod pii;
pub mod private_files;
pub mod search;
pub mod sheet_writer;
#[cfg(test)]
mod source_scan;
pub mod tasks;
pub mod time;
pub mod validation;

pub mod accounts;
pub mod api_keys;
pub mod applications;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod batches;
pub mod db;
pub mod dictionaries;
pub mod entities;
pub mod metrics;
pub mod notifications;
pub mod plan_years;
pub mod review;
pub mod roster;
pub mod statistics;
pub mod units;
pub mod verification;
pub mod vouchers;
pub mod withholding;

pub use app::state;
