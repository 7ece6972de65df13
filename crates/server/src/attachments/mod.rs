//! 附件: uploaded PDF / JPG / PNG files of a unit (application materials, the stamped
//! withholding letter, later vouchers), their checksum, and who may read them.

pub mod routes;
pub mod service;
pub mod storage;

pub use storage::Storage;
