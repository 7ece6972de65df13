//! JSON request and response bodies of the REST API, shared by the server and the SPA.
//!
//! Only serde types live here so that the crate builds for wasm32 and pulls no web or
//! database crate. `*In` types are request bodies, `*Out` types are responses.

pub mod accounts_admin;
pub mod admin;
pub mod api_keys;
pub mod attachments;
pub mod audit_labels;
pub mod auth;
pub mod batch;
pub mod error;
pub mod health;
pub mod notifications;
pub mod page;
pub mod plan_year;
pub mod refusal;
pub mod review;
pub mod roster;
pub mod statistics;
pub mod units;
pub mod verification;
pub mod vouchers;
pub mod withholding;

pub use accounts_admin::*;
pub use admin::*;
pub use api_keys::*;
pub use attachments::*;
pub use audit_labels::*;
pub use auth::*;
pub use batch::*;
pub use error::*;
pub use health::*;
pub use notifications::*;
pub use page::*;
pub use plan_year::*;
pub use refusal::*;
pub use review::*;
pub use roster::*;
pub use statistics::*;
pub use units::*;
pub use verification::*;
pub use vouchers::*;
pub use withholding::*;
