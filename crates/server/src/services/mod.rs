//! Service functions: the work behind the handlers, on any `ConnectionTrait`.

pub mod accounts;
pub mod batch_create;
pub mod batches;
pub mod plan_years;
pub mod refusal;
pub mod roster;
pub mod roster_export;
pub mod roster_import;
pub mod sheet;
pub mod template;
