//! 接口密钥 (integrator access): keys an admin creates for a unit or for the association,
//! or a unit operator for its own unit. A request that sends one as `X-API-Key` acts as
//! [`crate::actor::Actor::Key`]: services authorize it like a person of its role and unit,
//! and [`scopes`] narrows which routes it may call at all. Only a digest of a key is
//! stored; everything about it lives in the database, so every instance agrees.

mod error;
pub mod routes;
pub mod scopes;
pub mod secret;
pub mod service;
mod verify;

pub use error::KeyError;
pub use verify::verify;

/// The request header that carries a key.
pub const HEADER: &str = "X-API-Key";
