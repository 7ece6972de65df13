//! Attachments: checking an upload (type from the content, size, name), storing it with its
//! checksum, and who may read it (the owning unit, reviewers and admins).

use api_types::{AttachmentOut, AttachmentPurpose, Role};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::Storage;
use crate::actor::Actor;
use crate::audit;
use crate::entities::attachment;
use crate::error::{ServiceError, ServiceResult};
use crate::time::shanghai;

/// Longest stored file name, in characters.
const FILE_NAME_MAX: usize = 100;

/// The content type of `bytes` from its magic number; only PDF, JPEG and PNG are accepted.
pub fn sniff_content_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else {
        None
    }
}

fn extension_for(content_type: &str) -> &'static str {
    match content_type {
        "application/pdf" => "pdf",
        "image/jpeg" => "jpg",
        _ => "png",
    }
}

/// A safe display name: no directories, no control or reserved characters, bounded length,
/// and an extension that matches the real content.
pub fn sanitize_file_name(raw: &str, content_type: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '|' | '?' | '*' | ';' | '%' => '_',
            other => other,
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    let ext = extension_for(content_type);
    let stem = match cleaned.rsplit_once('.') {
        Some((stem, _)) => stem.trim(),
        None => cleaned,
    };
    let stem: String = stem.chars().take(FILE_NAME_MAX - ext.len() - 1).collect();
    let stem = if stem.is_empty() {
        "附件".to_string()
    } else {
        stem
    };
    format!("{stem}.{ext}")
}

/// The 413 every oversized upload gets.
pub fn too_large(max_bytes: u64) -> ServiceError {
    let mib = max_bytes as f64 / (1024.0 * 1024.0);
    ServiceError::TooLarge {
        message: format!("文件过大：单个附件不能超过 {mib:.0} MB"),
        max_bytes: Some(max_bytes),
    }
}

/// Maps a row to its DTO; an unreadable purpose is corrupt data.
pub fn to_out(row: &attachment::Model) -> ServiceResult<AttachmentOut> {
    let purpose = AttachmentPurpose::parse(&row.purpose)
        .ok_or_else(|| ServiceError::corrupt("attachment purpose", row.id, &row.purpose))?;
    Ok(AttachmentOut {
        id: row.id,
        unit_id: row.unit_id,
        purpose,
        file_name: row.file_name.clone(),
        content_type: row.content_type.clone(),
        size_bytes: row.size_bytes,
        sha256: row.sha256.clone(),
        created_at: shanghai(row.created_at),
    })
}

/// An upload, ready to check and store.
pub struct NewAttachment {
    /// What it is for.
    pub purpose: AttachmentPurpose,
    /// The name the browser sent.
    pub raw_file_name: String,
    /// The content.
    pub bytes: Vec<u8>,
}

/// Checks the content type, stores the bytes and records the row (and the audit entry);
/// only unit operators upload, for their own unit.
pub async fn store(
    db: &impl ConnectionTrait,
    storage: &dyn Storage,
    actor: &Actor,
    now: DateTime<Utc>,
    upload: NewAttachment,
) -> ServiceResult<AttachmentOut> {
    let unit_id = actor.own_unit()?;
    if upload.bytes.is_empty() {
        return Err(ServiceError::field(
            "file",
            "请选择要上传的文件（文件内容为空）",
        ));
    }
    let content_type = sniff_content_type(&upload.bytes).ok_or_else(|| {
        ServiceError::field(
            "file",
            "仅支持上传 PDF、JPG、PNG 格式的文件（按文件内容判断，修改扩展名无效）",
        )
    })?;
    let id = Uuid::new_v4();
    let key = id.simple().to_string();
    let sha256 = hex::encode(Sha256::digest(&upload.bytes));
    let size_bytes = i64::try_from(upload.bytes.len()).map_err(ServiceError::internal)?;
    storage
        .put(&key, upload.bytes)
        .await
        .map_err(ServiceError::internal)?;
    let row = attachment::ActiveModel {
        id: Set(id),
        unit_id: Set(Some(unit_id)),
        purpose: Set(upload.purpose.as_str().to_string()),
        file_name: Set(sanitize_file_name(&upload.raw_file_name, content_type)),
        content_type: Set(content_type.to_string()),
        size_bytes: Set(size_bytes),
        sha256: Set(sha256),
        storage_key: Set(key.clone()),
        uploaded_by: Set(actor.account_id()),
        created_at: Set(now),
    };
    let inserted = match row.insert(db).await {
        Ok(row) => row,
        Err(err) => {
            if let Err(cleanup) = storage.delete(&key).await {
                tracing::warn!(error = %cleanup, "could not remove an orphaned attachment");
            }
            return Err(err.into());
        }
    };
    audit::entry(Some(actor), "attachment.uploaded")
        .target("attachment", id)
        .after(serde_json::json!({
            "purpose": inserted.purpose,
            "size_bytes": inserted.size_bytes,
            "sha256": inserted.sha256,
        }))
        .write(db, now)
        .await?;
    tracing::info!(attachment_id = %inserted.id, "attachment uploaded");
    to_out(&inserted)
}

/// The attachment if `actor` may read it: reviewers, admins and the system any, a unit
/// only its own (another unit's answers 404 so that existence does not leak).
pub async fn find_readable(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> ServiceResult<attachment::Model> {
    let row = attachment::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("附件"))?;
    let readable = match actor.role() {
        Some(Role::Unit) => row.unit_id.is_some() && row.unit_id == actor.unit_id(),
        _ => true,
    };
    if readable {
        Ok(row)
    } else {
        Err(ServiceError::NotFound("附件"))
    }
}

/// The file of a readable attachment, its checksum verified (a mismatch is a 500: the
/// store changed the bytes).
pub async fn download(
    db: &impl ConnectionTrait,
    storage: &dyn Storage,
    actor: &Actor,
    id: Uuid,
) -> ServiceResult<(attachment::Model, Vec<u8>)> {
    let row = find_readable(db, actor, id).await?;
    let bytes = storage
        .get(&row.storage_key)
        .await
        .map_err(ServiceError::internal)?;
    if hex::encode(Sha256::digest(&bytes)) != row.sha256 {
        return Err(ServiceError::internal(format!(
            "checksum mismatch for attachment {}",
            row.id
        )));
    }
    Ok((row, bytes))
}

/// Checks that every id is an attachment of `unit_id` with `purpose`; answers them in order.
pub async fn require_owned(
    db: &impl ConnectionTrait,
    unit_id: Uuid,
    purpose: AttachmentPurpose,
    ids: &[Uuid],
    field: &str,
) -> ServiceResult<Vec<attachment::Model>> {
    let rows = attachment::Entity::find()
        .filter(attachment::Column::Id.is_in(ids.iter().copied()))
        .filter(attachment::Column::UnitId.eq(unit_id))
        .filter(attachment::Column::Purpose.eq(purpose.as_str()))
        .all(db)
        .await?;
    let mut ordered = Vec::with_capacity(ids.len());
    for id in ids {
        match rows.iter().find(|r| r.id == *id) {
            Some(row) => ordered.push(row.clone()),
            None => {
                return Err(ServiceError::field(
                    field,
                    "附件不存在或不属于本单位，请重新上传",
                ))
            }
        }
    }
    Ok(ordered)
}

/// Loads the rows of `ids` in order (missing ones are skipped), for showing an application.
pub async fn load_many(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> ServiceResult<Vec<AttachmentOut>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = attachment::Entity::find()
        .filter(attachment::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    ids.iter()
        .filter_map(|id| rows.iter().find(|r| r.id == *id))
        .map(to_out)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_only_pdf_jpeg_png() {
        assert_eq!(sniff_content_type(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(
            sniff_content_type(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some("image/jpeg")
        );
        assert_eq!(
            sniff_content_type(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]),
            Some("image/png")
        );
        assert_eq!(sniff_content_type(b"MZ\x90\x00"), None);
        assert_eq!(sniff_content_type(b"<html>"), None);
    }

    #[test]
    fn file_names_are_sanitised() {
        assert_eq!(
            sanitize_file_name("../../etc/passwd", "application/pdf"),
            "passwd.pdf"
        );
        assert_eq!(
            sanitize_file_name("C:\\Users\\a\\营业执照.PNG", "image/png"),
            "营业执照.png"
        );
        assert_eq!(sanitize_file_name("evil.exe", "image/jpeg"), "evil.jpg");
        assert_eq!(sanitize_file_name("  ..\n", "application/pdf"), "附件.pdf");
        assert_eq!(
            sanitize_file_name("a<b>|c.pdf", "application/pdf"),
            "a_b__c.pdf"
        );
        let long = "长".repeat(300);
        assert!(sanitize_file_name(&long, "application/pdf").chars().count() <= FILE_NAME_MAX);
    }
}
