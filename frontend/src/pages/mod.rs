//! One module per screen.

pub mod accounts;
pub mod audit_log;
pub mod batch_wizard;
pub mod batches;
pub mod change_password;
pub mod code_application;
pub mod dictionaries;
pub mod home;
pub mod login;
pub mod not_found;
pub mod operator;
pub mod pager;
pub mod person_dialog;
pub mod placeholder;
pub mod plan_years;
pub mod register;
pub mod review_queue;
pub mod roster_panel;
pub mod shell;
pub mod unit_info;
