//! API integration tests: each test spawns the real application on port 0 with a fresh
//! database (a temporary SQLite file, or a new PostgreSQL database when
//! `TEST_DATABASE_URL=postgres://…` is set) and drives it through [`app::Client`]s.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod app;
mod assertions;
mod fixtures;

mod accounts_admin;
mod api_keys;
mod attachments;
mod auth;
mod batches;
mod batches_authz;
mod dictionaries;
mod health;
mod hidden_characters;
mod idempotency;
mod keyset_paging;
mod log_privacy;
mod login_answers;
mod metrics;
mod migrations;
mod notifications;
mod openapi;
mod paging_bounds;
mod pii_at_rest;
mod plan_years;
mod readme_integrating;
mod registry_faults;
mod renewal;
mod review;
mod roster_entries;
mod roster_fuzz;
mod roster_hostile;
mod roster_import;
mod roster_privacy;
mod search;
mod statistics;
mod tasks;
mod throttling;
mod units_authz;
mod units_code_applications;
mod units_info;
mod units_name_changes;
mod units_registration;
mod verification;
mod vouchers;
mod web_edge;
mod withholding;
