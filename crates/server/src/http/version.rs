//! `If-Match`: the version a change is based on. Handlers take [`IfMatch`]; services
//! decide, after checking who may act, that a change without it is refused (428).

use std::future::{ready, Ready};

use actix_web::{FromRequest, HttpRequest};

use super::ApiError;

/// The version in `If-Match` (`"3"`, `3` or `W/"3"`), if the request sent one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IfMatch(pub Option<i32>);

impl IfMatch {
    /// The version sent, if any.
    pub fn version(self) -> Option<i32> {
        self.0
    }
}

/// Reads `If-Match`; 400 when present but unreadable.
pub fn parse(req: &HttpRequest) -> Result<Option<i32>, ApiError> {
    let Some(raw) = req.headers().get(actix_web::http::header::IF_MATCH) else {
        return Ok(None);
    };
    let s = raw
        .to_str()
        .map_err(|_| ApiError::bad_request("If-Match 请求头无法读取"))?;
    let s = s.trim().trim_start_matches("W/").trim_matches('"');
    s.parse::<i32>()
        .map(Some)
        .map_err(|_| ApiError::bad_request("If-Match 请求头应为数据版本号，如 \"3\""))
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        ready(parse(req).map(IfMatch))
    }
}
