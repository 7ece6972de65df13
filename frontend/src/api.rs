//! Typed client of the REST API (same origin, under `/api`), over the shared `api-types` DTOs.
//!
//! Every failure becomes an [`ApiError`] carrying the server's Chinese `message` and its
//! machine-readable `code`. A 401 `token_expired` / `unauthorized` on an authenticated call ends
//! the session, which sends the user to the login page.

use std::fmt;

use api_types::{ApiErrorBody, CaptchaOut, ChangePasswordIn, ErrorCode, LoginIn, LoginOut, MeOut};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::auth::{use_auth, Auth};

mod units;
pub use units::enc;

/// Every API path starts here (the SPA and the API share one origin).
const API_BASE: &str = "/api";

/// A failed API call, ready to show to the user.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status; 0 when the server could not be reached.
    pub status: u16,
    /// The error code, when the server sent one this build knows.
    pub code: Option<ErrorCode>,
    /// A Chinese sentence for the user (the server's `message` when there is one).
    pub message: String,
    /// The server's `details` (field errors, remaining attempts, …).
    pub details: Option<serde_json::Value>,
}

impl ApiError {
    fn network() -> Self {
        ApiError {
            status: 0,
            code: None,
            message: "无法连接服务器，请检查网络后重试".to_owned(),
            details: None,
        }
    }

    fn unreadable(status: u16) -> Self {
        ApiError {
            status,
            code: None,
            message: format!("服务器返回了无法识别的数据（HTTP {status}），请稍后重试"),
            details: None,
        }
    }

    /// `details.remaining_attempts` of a failed login, when the server sent it.
    pub fn remaining_attempts(&self) -> Option<u64> {
        self.details.as_ref()?.get("remaining_attempts")?.as_u64()
    }

    /// Reads the `{code, message, details}` body of a non-2xx response.
    pub(crate) async fn from_response(resp: &Response) -> Self {
        let status = resp.status();
        let body = resp.text().await.unwrap_or_default();
        // Parse loosely first: a code this build does not know must not hide the message.
        let value: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        let typed: Option<ApiErrorBody> = serde_json::from_value(value.clone()).ok();
        let message = value
            .get("message")
            .and_then(serde_json::Value::as_str)
            .filter(|m| !m.trim().is_empty())
            .map(str::to_owned)
            .unwrap_or_else(|| fallback_message(status));
        ApiError {
            status,
            code: typed.as_ref().map(|b| b.code),
            message,
            details: value.get("details").filter(|d| !d.is_null()).cloned(),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

/// Message for an error response without a readable body (e.g. from a proxy).
fn fallback_message(status: u16) -> String {
    match status {
        401 => "登录已过期，请重新登录".to_owned(),
        403 => "没有权限执行此操作".to_owned(),
        404 => "请求的资源不存在".to_owned(),
        413 => "上传的文件过大".to_owned(),
        500..=599 => format!("服务暂时不可用（HTTP {status}），请稍后重试"),
        _ => format!("请求失败（HTTP {status}）"),
    }
}

/// The API client; cheap to copy. Get one with [`use_api`].
#[derive(Debug, Clone, Copy)]
pub struct Api {
    auth: Auth,
}

/// The API client bound to the app's auth state.
pub fn use_api() -> Api {
    Api { auth: use_auth() }
}

impl Api {
    /// `POST /api/auth/captcha`: a fresh captcha image.
    pub async fn captcha(&self) -> Result<CaptchaOut, ApiError> {
        self.call(Request::post(&url("/auth/captcha")), None::<&()>, false)
            .await
    }

    /// `POST /api/auth/login`.
    pub async fn login(&self, body: &LoginIn) -> Result<LoginOut, ApiError> {
        self.call(Request::post(&url("/auth/login")), Some(body), false)
            .await
    }

    /// `GET /api/me`: the current account.
    pub async fn me(&self) -> Result<MeOut, ApiError> {
        self.call(Request::get(&url("/me")), None::<&()>, true)
            .await
    }

    /// `PUT /api/me/password`: returns a new token (the old one stops working).
    pub async fn change_password(&self, body: &ChangePasswordIn) -> Result<LoginOut, ApiError> {
        self.call(Request::put(&url("/me/password")), Some(body), true)
            .await
    }

    /// Sends one request and decodes the JSON answer.
    pub(crate) async fn call<B, T>(
        &self,
        builder: RequestBuilder,
        body: Option<&B>,
        authenticated: bool,
    ) -> Result<T, ApiError>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        let mut builder = builder.header("Accept", "application/json");
        if authenticated {
            // Also catches a token that ran out while the page was open.
            if self.auth.check_expiry() {
                return Err(session_expired());
            }
            if let Some(token) = self.auth.token() {
                builder = builder.header("Authorization", &format!("Bearer {token}"));
            }
        }
        let request = match body {
            Some(body) => builder.json(body),
            None => builder.build(),
        }
        .map_err(|_| ApiError::network())?;
        let resp = request.send().await.map_err(|_| ApiError::network())?;
        if resp.ok() {
            return resp
                .json::<T>()
                .await
                .map_err(|_| ApiError::unreadable(resp.status()));
        }
        let err = ApiError::from_response(&resp).await;
        if authenticated {
            self.react_to(&err);
        }
        Err(err)
    }

    /// Session-wide consequences of an error on an authenticated call.
    fn react_to(&self, err: &ApiError) {
        match (err.status, err.code) {
            (401, Some(ErrorCode::TokenExpired | ErrorCode::Unauthorized)) | (401, None) => {
                self.auth.expire();
            }
            (_, Some(ErrorCode::PasswordChangeRequired)) => self.auth.require_password_change(),
            _ => {}
        }
    }
}

fn session_expired() -> ApiError {
    ApiError {
        status: 401,
        code: Some(ErrorCode::TokenExpired),
        message: "登录已过期，请重新登录".to_owned(),
        details: None,
    }
}

pub(crate) fn url(path: &str) -> String {
    format!("{API_BASE}{path}")
}

/// Hands bytes to the browser as a download named `name`.
pub fn save_bytes(bytes: &[u8], name: &str) -> Result<(), wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    let array = js_sys::Array::new();
    array.push(&js_sys::Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&array)?;
    let href = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| wasm_bindgen::JsValue::from_str("no document"))?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    a.set_href(&href);
    a.set_download(name);
    // Not revoked at once: the download may still be reading it.
    a.click();
    Ok(())
}
