//! File answers and file uploads: downloads with a UTF-8 file name, and a request body
//! read up to a limit.

use actix_web::http::header::{
    Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue,
};
use actix_web::{web, HttpRequest, HttpResponse};
use futures_util::StreamExt;

use super::ApiError;

/// MIME type of .xlsx files.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A download of `bytes` as `name` (UTF-8 file names survive every browser).
pub fn download(content_type: &str, name: &str, bytes: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type.to_owned())
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: name.as_bytes().to_vec(),
            })],
        })
        .body(bytes)
}

/// An xlsx download. An xlsx is a zip already: `Content-Encoding: identity` keeps the
/// compression middleware from gzipping megabytes of it again on the request worker, for
/// almost nothing, while that worker's other requests wait.
pub fn xlsx(name: &str, bytes: Vec<u8>) -> HttpResponse {
    let mut res = download(XLSX, name, bytes);
    res.headers_mut().insert(
        actix_web::http::header::CONTENT_ENCODING,
        actix_web::http::header::HeaderValue::from_static("identity"),
    );
    res
}

/// A download that carries personal data: never kept by a browser or proxy cache.
pub fn private(mut res: HttpResponse) -> HttpResponse {
    res.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("private, no-store"),
    );
    res
}

/// Reads the raw request body (an uploaded file) up to `limit` bytes: 413 beyond, 422 when
/// empty, 400 when cut off.
pub async fn read_body(
    req: &HttpRequest,
    mut payload: web::Payload,
    limit: usize,
    what: &str,
) -> Result<Vec<u8>, ApiError> {
    let too_large =
        || ApiError::too_large(format!("{what}过大，不能超过{}MB", limit / (1024 * 1024)));
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(declared.unwrap_or(0));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::bad_request(format!("上传中断：{e}")))?;
        if bytes.len() + chunk.len() > limit {
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    // An empty body is a well-formed request without the file: a refusal like a missing
    // field (422), not a malformed request.
    if bytes.is_empty() {
        return Err(ApiError {
            code: api_types::ErrorCode::ValidationFailed,
            message: format!("请上传{what}"),
            details: None,
        });
    }
    Ok(bytes)
}
