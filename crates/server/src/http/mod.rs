//! The HTTP edge shared by every feature's routes: the one error mapping, the `If-Match`
//! extractor, uploads read from a request body and file downloads.

pub mod docs;
pub mod error;
pub mod files;
pub mod headers;
pub mod idempotent;
pub mod methods;
pub mod panic;
pub mod version;

pub use error::{ApiError, ApiResult};
pub use idempotent::IdempotencyKey;
pub use version::IfMatch;
