//! Pieces shared by several pages.

pub mod contacts;
pub mod field;
pub mod redirect;
pub mod side_menu;
pub mod top_bar;
pub mod unit_forms;
