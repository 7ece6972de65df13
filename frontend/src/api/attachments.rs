//! Attachments (附件): PDF / JPG / PNG files a unit uploads for its applications and batches.

use api_types::{AttachmentOut, AttachmentPurpose};
use uuid::Uuid;

use super::{Api, ApiError, Call, Progress};

/// The calls of `/api/attachments`.
#[derive(Debug, Clone, Copy)]
pub struct AttachmentsApi(Api);

impl Api {
    /// Attachments.
    pub fn attachments(self) -> AttachmentsApi {
        AttachmentsApi(self)
    }
}

impl AttachmentsApi {
    /// `POST /api/attachments` (multipart: `purpose`, `file`).
    pub async fn upload(
        self,
        purpose: AttachmentPurpose,
        file: &web_sys::File,
        progress: Progress,
    ) -> Result<AttachmentOut, ApiError> {
        let refused = |_| ApiError::local("浏览器无法读取所选文件");
        let form = web_sys::FormData::new().map_err(refused)?;
        form.append_with_str("purpose", purpose.as_str())
            .map_err(refused)?;
        form.append_with_blob_and_filename("file", file, &file.name())
            .map_err(refused)?;
        self.0
            .upload(Call::post("/attachments").form(form), progress)
            .await
    }

    /// `GET /api/attachments/{id}`: the file's bytes.
    pub async fn download(self, id: Uuid) -> Result<Vec<u8>, ApiError> {
        self.0.bytes(Call::get(format!("/attachments/{id}"))).await
    }
}
