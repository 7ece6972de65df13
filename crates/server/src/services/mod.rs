//! Service functions: the work behind the handlers, on any `ConnectionTrait`.

pub mod accounts;
pub mod accounts_admin;
pub mod attachments;
pub mod batch_create;
pub mod batches;
pub mod code_applications;
pub mod dictionaries;
pub mod forms;
pub mod name_changes;
pub mod paging;
pub mod payment_method;
pub mod plan_years;
pub mod refusal;
pub mod registration;
pub mod registry;
pub mod roster;
pub mod roster_export;
pub mod roster_import;
pub mod sheet;
pub mod storage;
pub mod template;
pub mod units;
