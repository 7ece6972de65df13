//! `POST /api/attachments` (multipart upload by a unit operator) and
//! `GET /api/attachments/{id}` (download by the owning unit, reviewers and admins).

use actix_multipart::Multipart;
use actix_web::{get, post, web, HttpResponse};
use api_types::{ApiErrorBody, AttachmentOut, AttachmentPurpose};
use futures_util::StreamExt;
use uuid::Uuid;

use super::service::{self, NewAttachment};
use crate::auth::Caller;
use crate::error::ServiceError;
use crate::http::docs::{ChangeErrors, ReadErrors};
use crate::http::{files, ApiError, ApiResult};

/// The multipart form of an upload (documentation only; the handler streams the parts).
/// Exactly these two parts: a part of another name is not part of the form.
#[derive(utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct AttachmentUpload {
    /// What the file is for.
    purpose: AttachmentPurpose,
    /// The file: PDF, JPG or PNG, checked from its content.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

fn bad_multipart(err: impl std::fmt::Display) -> ApiError {
    ApiError::bad_request(format!(
        "上传内容无法解析（需要 multipart/form-data）：{err}"
    ))
}

/// Uploads one attachment (unit operators). Fields: `purpose`, `file`.
#[utoipa::path(
    tag = "attachments",
    security(("bearer" = [])),
    request_body(content = AttachmentUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = AttachmentOut),
        (status = 413, description = "文件过大 (`payload_too_large`)", body = ApiErrorBody),
        ChangeErrors
    )
)]
#[post("/attachments")]
pub async fn upload(c: Caller, mut form: Multipart) -> ApiResult<HttpResponse> {
    c.actor.own_unit()?;
    let max = c.settings.attachment_max_bytes;
    let mut purpose: Option<String> = None;
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = form.next().await {
        let mut field = field.map_err(bad_multipart)?;
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .map(str::to_string);
        // The form has exactly these parts (as documented): another one is a malformed
        // request, refused before it is read.
        if !matches!(name.as_str(), "purpose" | "file") {
            return Err(ApiError::bad_request(
                "上传表单只能包含 purpose 和 file 两项",
            ));
        }
        let limit = if name == "file" { max } else { 1024 };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(bad_multipart)?;
            if (bytes.len() + chunk.len()) as u64 > limit {
                return Err(if name == "file" {
                    service::too_large(max).into()
                } else {
                    ApiError::bad_request("表单字段过长")
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "purpose" => purpose = Some(String::from_utf8_lossy(&bytes).trim().to_string()),
            _ => file = Some((file_name.unwrap_or_default(), bytes)),
        }
    }
    let purpose = purpose
        .as_deref()
        .and_then(AttachmentPurpose::parse)
        .ok_or_else(|| ServiceError::field("purpose", "附件用途缺失或无效"))?;
    let (raw_file_name, bytes) =
        file.ok_or_else(|| ServiceError::field("file", "请选择要上传的文件"))?;
    let upload = NewAttachment {
        purpose,
        raw_file_name,
        bytes,
    };
    let out = service::store(&c.db, c.storage.as_ref(), &c.actor, c.now, upload).await?;
    Ok(HttpResponse::Created().json(out))
}

/// Downloads an attachment (its owning unit, reviewers and admins; another unit gets 404).
#[utoipa::path(
    tag = "attachments",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "文件内容 (PDF, JPG or PNG)", content(("application/pdf"), ("image/jpeg"), ("image/png"))),
        ReadErrors
    )
)]
#[get("/attachments/{id}")]
pub async fn download(c: Caller, path: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    let storage = c.storage.as_ref();
    let (row, bytes) = service::download(&c.db, storage, &c.actor, path.into_inner()).await?;
    Ok(files::private(files::download(
        &row.content_type,
        &row.file_name,
        bytes,
    )))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(upload).service(download);
}
