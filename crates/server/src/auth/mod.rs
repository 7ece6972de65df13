//! Authentication: passwords, captchas, access tokens and the extractors that require them.

pub mod captcha;
pub mod extractor;
pub mod password;
pub mod token;

pub use extractor::{AuthUser, SessionUser};
