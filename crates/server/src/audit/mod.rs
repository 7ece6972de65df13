//! The audit log (操作日志): every state change and every unmasked view of personal data,
//! written in the transaction of the change it records; reviewers and admins browse it.

mod labels;
mod log;
pub mod routes;

pub use log::{entry, Entry};
