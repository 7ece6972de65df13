//! The one client of the REST API (same origin, under `/api`), over the shared `api-types` DTOs.
//!
//! Every call of every resource goes through [`Api::send`]: the base URL, the bearer token, the
//! expiry check (an expired session goes back to login before anything is sent), `If-Match`,
//! upload progress, the error body parsed into the one [`ApiError`], and the session-wide
//! reactions to 401 and `password_change_required`. JSON calls, multipart and raw uploads and
//! binary downloads differ only in what they send and how the 2xx body is read.
//!
//! The resource modules below add one method group each (`api.batches().list(…)`).

use std::rc::Rc;

use api_types::ErrorCode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::auth::{use_auth, Auth};

mod error;

pub mod accounts;
pub mod api_keys;
pub mod applications;
pub mod attachments;
pub mod auth;
pub mod batches;
pub mod files;
pub mod notifications;
pub mod plan_years;
pub mod review;
pub mod roster;
pub mod statistics;
pub mod units;
pub mod verification;
pub mod vouchers;
pub mod withholding;

pub use error::ApiError;

/// Every API path starts here (the SPA and the API share one origin).
const API_BASE: &str = "/api";

/// The API client; cheap to copy. Get one with [`use_api`].
#[derive(Debug, Clone, Copy)]
pub struct Api {
    auth: Auth,
}

/// The API client bound to the app's auth state.
pub fn use_api() -> Api {
    Api { auth: use_auth() }
}

/// Reports upload progress in percent (0–100).
pub type Progress = Rc<dyn Fn(f64)>;

/// What a request carries.
enum Body {
    None,
    Json(String),
    /// A file sent as the raw body (roster import, error report).
    File(web_sys::File),
    /// A multipart form (attachments).
    Form(web_sys::FormData),
}

/// One request, described by a resource module and sent by [`Api::send`].
pub(crate) struct Call {
    method: &'static str,
    path: String,
    query: String,
    if_match: Option<i32>,
    body: Body,
    authenticated: bool,
}

impl Call {
    fn new(method: &'static str, path: impl Into<String>) -> Self {
        Call {
            method,
            path: path.into(),
            query: String::new(),
            if_match: None,
            body: Body::None,
            authenticated: true,
        }
    }

    pub(crate) fn get(path: impl Into<String>) -> Self {
        Call::new("GET", path)
    }

    pub(crate) fn post(path: impl Into<String>) -> Self {
        Call::new("POST", path)
    }

    pub(crate) fn put(path: impl Into<String>) -> Self {
        Call::new("PUT", path)
    }

    pub(crate) fn delete(path: impl Into<String>) -> Self {
        Call::new("DELETE", path)
    }

    /// Sent without the token (login, captcha, registration): a 401 there is not an expiry.
    pub(crate) fn public(mut self) -> Self {
        self.authenticated = false;
        self
    }

    /// The query string, from one of the typed query structs of `api-types`.
    pub(crate) fn query<Q: Serialize>(mut self, query: &Q) -> Self {
        self.query = query_string(query);
        self
    }

    /// The version the change is based on; a stale one is refused with `version_conflict`.
    pub(crate) fn if_match(mut self, version: i32) -> Self {
        self.if_match = Some(version);
        self
    }

    /// `If-Match` when there is a version (a record that exists), none for a new record.
    pub(crate) fn if_match_opt(mut self, version: Option<i32>) -> Self {
        self.if_match = version;
        self
    }

    pub(crate) fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        // Serialising our own DTOs cannot fail; an empty body would be refused as 400.
        self.body = Body::Json(serde_json::to_string(body).unwrap_or_default());
        self
    }

    pub(crate) fn file(mut self, file: &web_sys::File) -> Self {
        self.body = Body::File(file.clone());
        self
    }

    pub(crate) fn form(mut self, form: web_sys::FormData) -> Self {
        self.body = Body::Form(form);
        self
    }

    fn url(&self) -> String {
        if self.query.is_empty() {
            format!("{API_BASE}{}", self.path)
        } else {
            format!("{API_BASE}{}?{}", self.path, self.query)
        }
    }
}

/// Percent-encodes a typed query once; `None` fields are left out.
pub(crate) fn query_string<Q: Serialize>(query: &Q) -> String {
    // Our query structs hold only strings, numbers, booleans, ids and unit enums, all of
    // which the urlencoded serializer takes.
    serde_urlencoded::to_string(query).unwrap_or_default()
}

/// A filter typed by the user: trimmed, `None` when blank (so it is not sent).
pub fn filter(raw: &str) -> Option<String> {
    Some(raw.trim().to_owned()).filter(|s| !s.is_empty())
}

impl Api {
    /// Sends a call and decodes the JSON answer.
    pub(crate) async fn json<T: DeserializeOwned>(&self, call: Call) -> Result<T, ApiError> {
        let (status, bytes) = self.send(call, None).await?;
        serde_json::from_slice(&bytes).map_err(|_| ApiError::unreadable(status))
    }

    /// Sends a call whose answer has no body worth reading (204).
    pub(crate) async fn empty(&self, call: Call) -> Result<(), ApiError> {
        self.send(call, None).await.map(|_| ())
    }

    /// Sends a call and returns the answer's bytes (a file download).
    pub(crate) async fn bytes(&self, call: Call) -> Result<Vec<u8>, ApiError> {
        self.send(call, None).await.map(|(_, bytes)| bytes)
    }

    /// Sends an upload, reporting its progress, and decodes the JSON answer.
    pub(crate) async fn upload<T: DeserializeOwned>(
        &self,
        call: Call,
        progress: Progress,
    ) -> Result<T, ApiError> {
        let (status, bytes) = self.send(call, Some(progress)).await?;
        serde_json::from_slice(&bytes).map_err(|_| ApiError::unreadable(status))
    }

    /// The single request path. XMLHttpRequest rather than `fetch` because only it reports
    /// upload progress, and one transport keeps one behaviour for every call.
    async fn send(
        &self,
        call: Call,
        progress: Option<Progress>,
    ) -> Result<(u16, Vec<u8>), ApiError> {
        if call.authenticated && self.auth.check_expiry() {
            // Also catches a token that ran out while the page was open.
            return Err(ApiError::session_expired());
        }
        let (status, bytes) = self.transmit(&call, progress).await?;
        if (200..300).contains(&status) {
            return Ok((status, bytes));
        }
        let err = ApiError::from_body(status, &String::from_utf8_lossy(&bytes));
        if call.authenticated {
            self.react_to(&err);
        }
        Err(err)
    }

    async fn transmit(
        &self,
        call: &Call,
        progress: Option<Progress>,
    ) -> Result<(u16, Vec<u8>), ApiError> {
        let refused = |_: JsValue| ApiError::local("浏览器无法发送请求，请刷新页面后重试");
        let xhr = web_sys::XmlHttpRequest::new().map_err(refused)?;
        xhr.open_with_async(call.method, &call.url(), true)
            .map_err(refused)?;
        xhr.set_response_type(web_sys::XmlHttpRequestResponseType::Arraybuffer);
        for (name, value) in self.headers(call) {
            xhr.set_request_header(name, &value).map_err(refused)?;
        }
        // Kept alive until the request ends; dropping it detaches the handler.
        let on_progress = progress.map(|report| {
            Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
                if e.length_computable() && e.total() > 0.0 {
                    report(e.loaded() * 100.0 / e.total());
                }
            })
        });
        if let (Some(handler), Ok(upload)) = (&on_progress, xhr.upload()) {
            upload.set_onprogress(Some(handler.as_ref().unchecked_ref()));
        }
        let done = js_sys::Promise::new(&mut |resolve, _reject| {
            let on_end = Closure::once_into_js(move || {
                let _ = resolve.call0(&JsValue::NULL);
            });
            xhr.set_onloadend(Some(on_end.unchecked_ref()));
        });
        match &call.body {
            Body::None => xhr.send(),
            Body::Json(text) => xhr.send_with_opt_str(Some(text)),
            Body::File(file) => xhr.send_with_opt_blob(Some(file)),
            Body::Form(form) => xhr.send_with_opt_form_data(Some(form)),
        }
        .map_err(|_| ApiError::network())?;
        wasm_bindgen_futures::JsFuture::from(done)
            .await
            .map_err(|_| ApiError::network())?;
        drop(on_progress);
        let status = xhr.status().unwrap_or(0);
        if status == 0 {
            return Err(ApiError::network());
        }
        let bytes = xhr
            .response()
            .ok()
            .filter(|r| !r.is_null() && !r.is_undefined())
            .map(|r| js_sys::Uint8Array::new(&r).to_vec())
            .unwrap_or_default();
        Ok((status, bytes))
    }

    fn headers(&self, call: &Call) -> Vec<(&'static str, String)> {
        let mut headers = vec![("Accept", "application/json, */*".to_owned())];
        if call.authenticated {
            if let Some(token) = self.auth.token() {
                headers.push(("Authorization", format!("Bearer {token}")));
            }
        }
        if let Some(version) = call.if_match {
            headers.push(("If-Match", format!("\"{version}\"")));
        }
        match call.body {
            Body::Json(_) => headers.push(("Content-Type", "application/json".to_owned())),
            Body::File(_) => {
                headers.push(("Content-Type", "application/octet-stream".to_owned()));
            }
            // The browser writes the multipart boundary itself.
            Body::None | Body::Form(_) => {}
        }
        headers
    }

    /// Session-wide consequences of an error on an authenticated call.
    fn react_to(&self, err: &ApiError) {
        match (err.status, err.code) {
            (401, Some(ErrorCode::TokenExpired | ErrorCode::Unauthorized) | None) => {
                self.auth.expire();
            }
            (_, Some(ErrorCode::PasswordChangeRequired)) => self.auth.require_password_change(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_types::{ApplicationQuery, ApplicationStatus, BatchQuery};

    #[test]
    fn a_query_is_encoded_once_and_leaves_out_what_is_unset() {
        let q = BatchQuery {
            unit_name: filter(" 上海 & 某公司 "),
            batch_no: filter("  "),
            page: Some(2),
            page_size: Some(10),
            ..BatchQuery::default()
        };
        assert_eq!(
            query_string(&q),
            "unit_name=%E4%B8%8A%E6%B5%B7+%26+%E6%9F%90%E5%85%AC%E5%8F%B8&page=2&page_size=10"
        );
        let q = ApplicationQuery {
            status: Some(ApplicationStatus::Rejected),
            ..ApplicationQuery::default()
        };
        assert_eq!(query_string(&q), "status=rejected");
    }
}
