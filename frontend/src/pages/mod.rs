//! One module per screen.

pub mod change_password;
pub mod home;
pub mod login;
pub mod not_found;
pub mod placeholder;
pub mod shell;
