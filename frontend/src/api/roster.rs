//! The roster of a batch (参保名单): list, add, view unmasked, delete, clear, import, the
//! import's error report and the export.

use api_types::{
    BatchOut, ImportOut, Page, PersonAddedOut, PersonIn, RosterDeletionIn, RosterEntryOut,
    RosterPersonOut, RosterQuery,
};
use uuid::Uuid;

use super::{Api, ApiError, Call, Progress};

/// The calls of `/api/batches/{id}/roster…`.
#[derive(Debug, Clone, Copy)]
pub struct RosterApi(Api);

impl Api {
    /// Rosters.
    pub fn roster(self) -> RosterApi {
        RosterApi(self)
    }
}

impl RosterApi {
    /// `GET /api/batches/{id}/roster` (masked).
    pub async fn list(
        self,
        batch: Uuid,
        query: &RosterQuery,
    ) -> Result<Page<RosterEntryOut>, ApiError> {
        let call = Call::get(format!("/batches/{batch}/roster")).query(query);
        self.0.json(call).await
    }

    /// `POST /api/batches/{id}/roster` (新增参保人员).
    pub async fn add(self, batch: &BatchOut, body: &PersonIn) -> Result<PersonAddedOut, ApiError> {
        let call = Call::post(format!("/batches/{}/roster", batch.id))
            .if_match(batch.version)
            .json(body);
        self.0.json(call).await
    }

    /// `GET /api/batches/{id}/roster/{entry}`: unmasked, audited.
    pub async fn view(self, batch: Uuid, entry: Uuid) -> Result<RosterPersonOut, ApiError> {
        self.0
            .json(Call::get(format!("/batches/{batch}/roster/{entry}")))
            .await
    }

    /// `DELETE /api/batches/{id}/roster/{entry}`.
    pub async fn delete(self, batch: &BatchOut, entry: Uuid) -> Result<BatchOut, ApiError> {
        let call =
            Call::delete(format!("/batches/{}/roster/{entry}", batch.id)).if_match(batch.version);
        self.0.json(call).await
    }

    /// `POST /api/batches/{id}/roster/deletions` (批量删除).
    pub async fn delete_many(self, batch: &BatchOut, ids: Vec<Uuid>) -> Result<BatchOut, ApiError> {
        let call = Call::post(format!("/batches/{}/roster/deletions", batch.id))
            .if_match(batch.version)
            .json(&RosterDeletionIn { ids });
        self.0.json(call).await
    }

    /// `DELETE /api/batches/{id}/roster` (清空参保名单).
    pub async fn clear(self, batch: &BatchOut) -> Result<BatchOut, ApiError> {
        let call = Call::delete(format!("/batches/{}/roster", batch.id)).if_match(batch.version);
        self.0.json(call).await
    }

    /// `POST /api/batches/{id}/roster/renewal`: 沿用上年度名单 into an empty batch.
    pub async fn renew(self, batch: &BatchOut) -> Result<api_types::RenewalOut, ApiError> {
        let call =
            Call::post(format!("/batches/{}/roster/renewal", batch.id)).if_match(batch.version);
        self.0.json(call).await
    }

    /// `POST /api/batches/{id}/roster/import` with the spreadsheet as the body.
    pub async fn import(
        self,
        batch: &BatchOut,
        file: &web_sys::File,
        progress: Progress,
    ) -> Result<ImportOut, ApiError> {
        let call = Call::post(format!("/batches/{}/roster/import", batch.id))
            .if_match(batch.version)
            .file(file);
        self.0.upload(call, progress).await
    }

    /// `POST /api/batches/{id}/roster/error-report`: the refused file with the reasons, xlsx.
    pub async fn error_report(
        self,
        batch: Uuid,
        file: &web_sys::File,
    ) -> Result<Vec<u8>, ApiError> {
        let call = Call::post(format!("/batches/{batch}/roster/error-report")).file(file);
        self.0.bytes(call).await
    }

    /// `GET /api/batches/{id}/roster/export` (导出), xlsx.
    pub async fn export(self, batch: Uuid) -> Result<Vec<u8>, ApiError> {
        self.0
            .bytes(Call::get(format!("/batches/{batch}/roster/export")))
            .await
    }
}
