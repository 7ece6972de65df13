//! Service functions: the work behind the handlers, on any `ConnectionTrait`.

pub mod accounts;
pub mod paging;
