//! 参保名单 (wizard step ③): the roster of a batch — import (方式1, all or nothing),
//! manual entry (方式2), masked list, audited unmasked view, deletion, export — and the
//! workbooks it reads and writes.

pub mod cfb;
pub mod entry;
pub mod export;
pub mod id_search;
pub mod import;
pub mod limits;
pub mod page;
pub mod renewal;
pub mod routes;
pub mod service;
pub mod sheet;
pub mod template;
mod xls_guard;
mod xlsx_guard;
