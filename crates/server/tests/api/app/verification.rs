//! `client.verification(&batch)`: 提交系统校验 and its progress (also as events), resuming a
//! paused run, the results export, and the operator's resolutions (确认 / 编辑). Changes send
//! the version of the `BatchOut` passed in as `If-Match`.

use api_types::{BatchOut, PersonAddedOut, ResolutionIn, ResolutionKey, VerificationOut};
use reqwest::{Method, Response};
use uuid::Uuid;

use super::client::{send, Client};
use crate::assertions::assert_json;

/// `/api/batches/{id}/verification*` and `…/roster/{entry_id}/resolution`, based on the
/// version of the batch it was made from.
pub struct Verification<'a> {
    client: &'a Client,
    batch_id: Uuid,
    version: i32,
}

impl Client {
    /// The verification of `batch`; changes are based on `batch.version`.
    pub fn verification(&self, batch: &BatchOut) -> Verification<'_> {
        Verification {
            client: self,
            batch_id: batch.id,
            version: batch.version,
        }
    }
}

/// 确认: the social-security name overwrites the imported one.
pub fn confirm_ss_name() -> ResolutionIn {
    ResolutionIn {
        action: ResolutionKey::ConfirmSsName,
        retirement_month: None,
    }
}

/// 编辑: the retirement month `YYYY-MM`.
pub fn edit_retirement_month(month: &str) -> ResolutionIn {
    ResolutionIn {
        action: ResolutionKey::EditRetirementMonth,
        retirement_month: Some(month.to_owned()),
    }
}

impl Verification<'_> {
    /// `/api/batches/{id}/verification{sub}`.
    pub fn path(&self, sub: &str) -> String {
        format!("/api/batches/{}/verification{sub}", self.batch_id)
    }

    /// `POST …/verification` (提交系统校验) based on the batch's version.
    pub async fn try_start(&self) -> Response {
        send(
            self.client
                .change(Method::POST, &self.path(""), self.version),
        )
        .await
    }

    /// Submits; fails the test unless 202. Answers the batch (名单校验中).
    pub async fn start(&self) -> BatchOut {
        assert_json(self.try_start().await, 202).await
    }

    /// `GET …/verification`.
    pub async fn try_progress(&self) -> Response {
        self.client.get(&self.path("")).await
    }

    /// The verification as it stands; fails the test unless 200.
    pub async fn progress(&self) -> VerificationOut {
        assert_json(self.try_progress().await, 200).await
    }

    /// `GET …/verification/events` (server-sent events).
    pub async fn events(&self) -> Response {
        self.client.get(&self.path("/events")).await
    }

    /// `POST …/verification/resume`.
    pub async fn resume(&self) -> Response {
        send(self.client.request(Method::POST, &self.path("/resume"))).await
    }

    /// `GET …/verification/export`, masked or not.
    pub async fn export(&self, unmasked: bool) -> Response {
        let query = if unmasked { "?unmasked=true" } else { "" };
        self.client
            .get(&self.path(&format!("/export{query}")))
            .await
    }

    fn resolution_path(&self, entry_id: Uuid) -> String {
        format!(
            "/api/batches/{}/roster/{entry_id}/resolution",
            self.batch_id
        )
    }

    /// `POST …/roster/{entry_id}/resolution` based on the batch's version.
    pub async fn try_resolve(&self, entry_id: Uuid, body: &ResolutionIn) -> Response {
        let path = self.resolution_path(entry_id);
        send(
            self.client
                .change(Method::POST, &path, self.version)
                .json(body),
        )
        .await
    }

    /// The same without `If-Match`.
    pub async fn resolve_without_version(&self, entry_id: Uuid, body: &ResolutionIn) -> Response {
        let path = self.resolution_path(entry_id);
        self.client.send(Method::POST, &path, body).await
    }

    /// Resolves; fails the test unless 200. Answers the person and the batch after it.
    pub async fn resolve(&self, entry_id: Uuid, body: &ResolutionIn) -> PersonAddedOut {
        assert_json(self.try_resolve(entry_id, body).await, 200).await
    }
}
