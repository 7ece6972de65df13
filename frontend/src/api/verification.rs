//! System verification of a batch (提交系统校验, wizard step ④): start, progress (also as a
//! server-sent event stream), resume, the results export and the per-person resolutions.

use api_types::{
    BatchOut, PersonAddedOut, ResolutionIn, ResolutionKey, VerificationExportQuery, VerificationOut,
};
use uuid::Uuid;

use super::{query_string, Api, ApiError, Call, API_BASE};

/// The calls of `/api/batches/{id}/verification…` and `…/roster/{entry}/resolution`.
#[derive(Debug, Clone, Copy)]
pub struct VerificationApi(Api);

impl Api {
    /// System verification.
    pub fn verification(self) -> VerificationApi {
        VerificationApi(self)
    }
}

impl VerificationApi {
    /// `POST /api/batches/{id}/verification` (提交系统校验 / 处理完成，再次提交系统校验):
    /// the batch comes back 名单校验中.
    pub async fn start(self, batch: &BatchOut) -> Result<BatchOut, ApiError> {
        let call =
            Call::post(format!("/batches/{}/verification", batch.id)).if_match(batch.version);
        self.0.json(call).await
    }

    /// `GET /api/batches/{id}/verification`: state, progress, counts and the summary line.
    pub async fn get(self, batch: Uuid) -> Result<VerificationOut, ApiError> {
        self.0
            .json(Call::get(format!("/batches/{batch}/verification")))
            .await
    }

    /// `POST /api/batches/{id}/verification/resume` (立即继续 a paused run).
    pub async fn resume(self, batch: Uuid) -> Result<VerificationOut, ApiError> {
        self.0
            .json(Call::post(format!("/batches/{batch}/verification/resume")))
            .await
    }

    /// `GET /api/batches/{id}/verification/export` (导出), xlsx with masked ID numbers.
    pub async fn export(self, batch: Uuid) -> Result<Vec<u8>, ApiError> {
        let query = VerificationExportQuery {
            unmasked: Some(false),
        };
        let call = Call::get(format!("/batches/{batch}/verification/export")).query(&query);
        self.0.bytes(call).await
    }

    /// `POST /api/batches/{id}/roster/{entry}/resolution`: 确认 (the social-security name
    /// overwrites the imported one) or 编辑 (the retirement month, `YYYY-MM`).
    pub async fn resolve(
        self,
        batch: &BatchOut,
        entry: Uuid,
        action: ResolutionKey,
        retirement_month: Option<String>,
    ) -> Result<PersonAddedOut, ApiError> {
        let call = Call::post(format!("/batches/{}/roster/{entry}/resolution", batch.id))
            .if_match(batch.version)
            .json(&ResolutionIn {
                action,
                retirement_month,
            });
        self.0.json(call).await
    }

    /// The URL of `GET /api/batches/{id}/verification/events`. `EventSource` cannot send
    /// headers, so the token rides in the query (the server takes it there for `/events` only).
    /// `None` when the session has run out (the caller polls instead, which signs out).
    pub fn events_url(self, batch: Uuid) -> Option<String> {
        if self.0.auth.check_expiry() {
            return None;
        }
        let token = self.0.auth.token()?;
        let query = query_string(&[("access_token", token)]);
        Some(format!(
            "{API_BASE}/batches/{batch}/verification/events?{query}"
        ))
    }
}
