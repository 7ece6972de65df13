//! Authentication: captchas, passwords, access tokens, the extractors that require them,
//! and the login / own-account endpoints (`/api/auth/*`, `/api/me*`).

pub mod captcha;
pub mod client_ip;
mod error;
pub mod extractor;
pub mod password;
pub mod routes;
pub mod service;
pub mod throttle;
pub mod token;

use api_types::Role;

pub use client_ip::ClientIp;
pub use error::AuthError;
pub use extractor::{AuthUser, Caller, SessionUser};

/// Parses the role column.
pub fn parse_role(raw: &str) -> Option<Role> {
    match raw {
        "unit" => Some(Role::Unit),
        "reviewer" => Some(Role::Reviewer),
        "admin" => Some(Role::Admin),
        _ => None,
    }
}

/// The role column's value.
pub fn role_str(role: Role) -> &'static str {
    match role {
        Role::Unit => "unit",
        Role::Reviewer => "reviewer",
        Role::Admin => "admin",
    }
}
