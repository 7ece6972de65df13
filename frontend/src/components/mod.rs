//! Pieces shared by several pages.

pub mod attachment_view;
pub mod audit_text;
pub mod banner;
pub mod batch_page;
pub mod confirm;
pub mod contacts;
pub mod counter;
pub mod field;
pub mod file_picker;
pub mod format;
pub mod labels;
pub mod notice_bell;
pub mod pager;
pub mod reasons_dialog;
pub mod redirect;
pub mod review_count;
pub mod roster_list;
pub mod side_menu;
pub mod table;
pub mod top_bar;
pub mod unit_forms;
