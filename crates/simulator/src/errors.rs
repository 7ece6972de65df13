//! Error answers. Every one is `{"error": "<code>", "message": "<text>"}`; clients match on
//! the code, e.g. to tell "no record" (`no_record`) from a missing endpoint.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;

/// An error answer.
pub fn error(status: StatusCode, code: &str, message: &str) -> HttpResponse {
    HttpResponse::build(status).json(serde_json::json!({ "error": code, "message": message }))
}

/// 400 with a reason.
pub fn bad_request(code: &str, message: &str) -> HttpResponse {
    error(StatusCode::BAD_REQUEST, code, message)
}

/// 404 with a reason.
pub fn not_found(code: &str, message: &str) -> HttpResponse {
    error(StatusCode::NOT_FOUND, code, message)
}

/// 429 with `Retry-After` in seconds.
pub fn too_many(code: &str, retry_after_secs: u64) -> HttpResponse {
    HttpResponse::TooManyRequests()
        .insert_header(("Retry-After", retry_after_secs.to_string()))
        .json(serde_json::json!({ "error": code, "message": "too many requests" }))
}

/// 503 while the interface is switched off.
pub fn unavailable() -> HttpResponse {
    error(
        StatusCode::SERVICE_UNAVAILABLE,
        "outage",
        "the interface is down",
    )
}

/// 400 for a body that is not the expected JSON.
pub fn malformed(err: &serde_json::Error) -> HttpResponse {
    bad_request("malformed_body", &err.to_string())
}

/// 400 for an ID number that is not 3–30 letters, digits or '-'.
pub fn invalid_id() -> HttpResponse {
    bad_request(
        "invalid_id_number",
        "the ID number must be 3-30 ASCII letters, digits or '-'",
    )
}
