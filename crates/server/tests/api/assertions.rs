//! What a response must look like.

use api_types::{ApiErrorBody, ErrorCode, ImportErrorOut};
use serde::de::DeserializeOwned;

/// Asserts the status and reads the JSON body.
pub async fn assert_json<T: DeserializeOwned>(res: reqwest::Response, status: u16) -> T {
    let url = res.url().path().to_owned();
    assert_eq!(res.status().as_u16(), status, "{url}");
    res.json().await.expect("a JSON body of the expected shape")
}

/// Asserts status and error code, and that the message is Chinese; returns the body.
pub async fn assert_error(res: reqwest::Response, status: u16, code: ErrorCode) -> ApiErrorBody {
    let (url, actual) = (res.url().path().to_owned(), res.status().as_u16());
    let text = res.text().await.expect("a body");
    assert_eq!(actual, status, "{url}: {text}");
    let body: ApiErrorBody = serde_json::from_str(&text).expect("error body in the common shape");
    assert_eq!(body.code, code, "message: {}", body.message);
    assert!(
        body.message
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "message should be Chinese: {}",
        body.message
    );
    body
}

/// Asserts a 409 version conflict.
pub async fn assert_version_conflict(res: reqwest::Response) {
    assert_error(res, 409, ErrorCode::VersionConflict).await;
}

/// Asserts a roster import refused whole (422 `rule_refused`); answers its row errors.
pub async fn assert_import_refused(res: reqwest::Response) -> Vec<ImportErrorOut> {
    let body = assert_error(res, 422, ErrorCode::RuleRefused).await;
    serde_json::from_value(body.details.expect("details")["errors"].clone()).expect("errors")
}

/// The `field` of every entry of a 422's `details.fields`, in order.
pub fn invalid_fields(body: &ApiErrorBody) -> Vec<String> {
    body.details.as_ref().expect("details")["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["field"].as_str().unwrap_or_default().to_string())
        .collect()
}
