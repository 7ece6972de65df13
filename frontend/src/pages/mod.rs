//! One module per screen (and the wizard's panels).

pub mod accounts;
pub mod audit_log;
pub mod batch_wizard;
pub mod batches;
pub mod change_password;
pub mod code_application;
pub mod dictionaries;
pub mod home;
pub mod login;
pub mod name_change;
pub mod not_found;
pub mod operator;
pub mod payment_method;
pub mod person_dialog;
pub mod placeholder;
pub mod plan_year_form;
pub mod plan_years;
pub mod register;
pub mod review_queue;
pub mod roster_import;
pub mod roster_panel;
pub mod shell;
pub mod unit_info;
