//! `POST /api/attachments` (multipart upload by a unit operator) and
//! `GET /api/attachments/{id}` (download by the owning unit, reviewers and admins).

use actix_multipart::Multipart;
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{get, post, web, HttpResponse};
use api_types::{ApiErrorBody, AttachmentOut, AttachmentPurpose, Role};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::services::attachments::{self, NewAttachment};
use crate::services::storage;
use crate::state::AppState;

/// The multipart form of an upload (documentation only; the handler streams the parts).
#[derive(utoipa::ToSchema)]
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
        (status = 400, description = "不是 multipart 表单", body = ApiErrorBody),
        (status = 403, description = "非单位经办人", body = ApiErrorBody),
        (status = 413, description = "文件过大 (`payload_too_large`)", body = ApiErrorBody),
        (status = 422, description = "文件类型不支持或缺少字段", body = ApiErrorBody)
    )
)]
#[post("/attachments")]
pub async fn upload(
    state: web::Data<AppState>,
    user: AuthUser,
    mut form: Multipart,
) -> ApiResult<HttpResponse> {
    let session = user.require(&[Role::Unit])?;
    let unit_id = session.account.unit_id.ok_or_else(ApiError::forbidden)?;
    let max = state.settings.attachment_max_bytes;
    let mut purpose: Option<String> = None;
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = form.next().await {
        let mut field = field.map_err(bad_multipart)?;
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .map(str::to_string);
        let limit = if name == "file" { max } else { 1024 };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(bad_multipart)?;
            if (bytes.len() + chunk.len()) as u64 > limit {
                return Err(if name == "file" {
                    attachments::too_large(max)
                } else {
                    ApiError::bad_request("表单字段过长")
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "purpose" => purpose = Some(String::from_utf8_lossy(&bytes).trim().to_string()),
            "file" => file = Some((file_name.unwrap_or_default(), bytes)),
            _ => {}
        }
    }
    let purpose = purpose
        .as_deref()
        .and_then(AttachmentPurpose::parse)
        .ok_or_else(|| ApiError::field("purpose", "附件用途缺失或无效"))?;
    let (raw_file_name, bytes) =
        file.ok_or_else(|| ApiError::field("file", "请选择要上传的文件"))?;
    let store = storage::from_settings(&state.settings);
    let row = attachments::store(
        &state.db,
        store.as_ref(),
        session,
        state.clock.now(),
        NewAttachment {
            unit_id,
            purpose,
            raw_file_name,
            bytes,
        },
    )
    .await?;
    tracing::info!(attachment_id = %row.id, "attachment uploaded");
    Ok(HttpResponse::Created().json(attachments::to_out(&row)))
}

/// Downloads an attachment (its owning unit, reviewers and admins; another unit gets 404).
#[utoipa::path(
    tag = "attachments",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "附件 id")),
    responses(
        (status = 200, description = "文件内容", content_type = "application/octet-stream"),
        (status = 404, body = ApiErrorBody)
    )
)]
#[get("/attachments/{id}")]
pub async fn download(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let row = attachments::find_readable(&state.db, &user.0, path.into_inner()).await?;
    let bytes = storage::from_settings(&state.settings)
        .get(&row.storage_key)
        .await
        .map_err(ApiError::internal)?;
    if hex::encode(Sha256::digest(&bytes)) != row.sha256 {
        return Err(ApiError::internal(format!(
            "checksum mismatch for attachment {}",
            row.id
        )));
    }
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::FilenameExt(
            actix_web::http::header::ExtendedValue {
                charset: actix_web::http::header::Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: row.file_name.clone().into_bytes(),
            },
        )],
    };
    Ok(HttpResponse::Ok()
        .content_type(row.content_type.clone())
        .insert_header(disposition)
        .insert_header(("Cache-Control", "private, no-store"))
        .body(bytes))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(upload).service(download);
}
