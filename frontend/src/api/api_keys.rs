//! 接口密钥: `GET/POST /api/api-keys`, `POST /api/api-keys/{id}/revocation`.

use api_types::{ApiKeyCreatedOut, ApiKeyIn, ApiKeyOut, ApiKeyQuery, Page};
use uuid::Uuid;

use super::{Api, ApiError, Call};

/// The calls of `/api/api-keys`.
#[derive(Debug, Clone, Copy)]
pub struct ApiKeysApi(Api);

impl Api {
    /// Integrator keys.
    pub fn api_keys(self) -> ApiKeysApi {
        ApiKeysApi(self)
    }
}

impl ApiKeysApi {
    /// `GET /api/api-keys`.
    pub async fn list(self, query: &ApiKeyQuery) -> Result<Page<ApiKeyOut>, ApiError> {
        self.0.json(Call::get("/api-keys").query(query)).await
    }

    /// `POST /api/api-keys`: the answer carries the key, this once.
    pub async fn create(self, body: &ApiKeyIn) -> Result<ApiKeyCreatedOut, ApiError> {
        self.0.json(Call::post("/api-keys").json(body)).await
    }

    /// `POST /api/api-keys/{id}/revocation`.
    pub async fn revoke(self, id: Uuid) -> Result<ApiKeyOut, ApiError> {
        self.0
            .json(Call::post(format!("/api-keys/{id}/revocation")))
            .await
    }
}
