//! `client.attachments()`: uploads (multipart) and downloads.

use api_types::AttachmentOut;
use reqwest::multipart::{Form, Part};
use reqwest::{Method, Response};
use uuid::Uuid;

use super::client::{send, Client};
use crate::assertions::assert_json;
use crate::fixtures::PDF;

/// `/api/attachments*`.
pub struct Attachments<'a>(&'a Client);

impl Client {
    /// 附件.
    pub fn attachments(&self) -> Attachments<'_> {
        Attachments(self)
    }
}

impl Attachments<'_> {
    /// `POST /api/attachments` of any form.
    pub async fn upload_form(&self, form: Form) -> Response {
        send(
            self.0
                .request(Method::POST, "/api/attachments")
                .multipart(form),
        )
        .await
    }

    /// Uploads `bytes` as `file_name` for `purpose`.
    pub async fn upload(&self, purpose: &str, file_name: &str, bytes: &[u8]) -> Response {
        let file = Part::bytes(bytes.to_vec()).file_name(file_name.to_owned());
        let form = Form::new()
            .text("purpose", purpose.to_owned())
            .part("file", file);
        self.upload_form(form).await
    }

    /// Uploads a small PDF; answers its id (fails the test unless 201).
    pub async fn upload_pdf(&self, purpose: &str) -> Uuid {
        let res = self.upload(purpose, "材料.pdf", PDF).await;
        let out: AttachmentOut = assert_json(res, 201).await;
        out.id
    }

    /// `GET /api/attachments/{id}`.
    pub async fn download(&self, id: Uuid) -> Response {
        self.0.get(&format!("/api/attachments/{id}")).await
    }
}
