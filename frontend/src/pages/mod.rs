//! One module per screen.

pub mod batch_wizard;
pub mod batches;
pub mod change_password;
pub mod home;
pub mod login;
pub mod not_found;
pub mod pager;
pub mod person_dialog;
pub mod placeholder;
pub mod plan_years;
pub mod roster_panel;
pub mod shell;
