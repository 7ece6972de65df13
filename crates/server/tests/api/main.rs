//! API integration tests: each test spawns the real application on port 0 with a fresh
//! database (a temporary SQLite file, or a new PostgreSQL database when
//! `TEST_DATABASE_URL=postgres://…` is set).

mod accounts_admin;
mod attachments;
mod auth;
mod batch_helpers;
mod batches;
mod health;
mod helpers;
mod migrations;
mod openapi;
mod roster;
mod support;
mod units_authz;
mod units_code_applications;
mod units_info;
mod units_registration;
