//! Service functions: the work behind the handlers, on any `ConnectionTrait`.

pub mod accounts;
pub mod accounts_admin;
pub mod attachments;
pub mod code_applications;
pub mod dictionaries;
pub mod forms;
pub mod name_changes;
pub mod paging;
pub mod registration;
pub mod registry;
pub mod storage;
pub mod units;
