//! `client.api_keys()`: 接口密钥管理, and `app.integrator(secret)`: a caller with a key.

use api_types::{ApiKeyCreatedOut, ApiKeyOut, Page};
use reqwest::{Method, Response};
use uuid::Uuid;

use super::client::{send, Client};
use super::TestApp;
use crate::assertions::assert_json;

/// `/api/api-keys`.
pub struct ApiKeys<'a>(&'a Client);

impl Client {
    /// The key management endpoints.
    pub fn api_keys(&self) -> ApiKeys<'_> {
        ApiKeys(self)
    }
}

impl TestApp {
    /// A caller without an account that sends `secret` as `X-API-Key`.
    pub fn integrator(&self, secret: &str) -> Client {
        self.anonymous().with_api_key(secret)
    }
}

impl ApiKeys<'_> {
    /// `POST /api/api-keys` with `body`.
    pub async fn try_create(&self, body: &serde_json::Value) -> Response {
        self.0.send(Method::POST, "/api/api-keys", body).await
    }

    /// Creates a key of `scopes` for `days`, for the caller's unit (or the unit given for
    /// an admin); fails unless 201.
    pub async fn create(&self, scopes: &[&str], unit_id: Option<Uuid>) -> ApiKeyCreatedOut {
        let body = serde_json::json!({
            "name": "人事系统", "scopes": scopes, "expires_in_days": 30, "unit_id": unit_id,
        });
        assert_json(self.try_create(&body).await, 201).await
    }

    /// `GET /api/api-keys`; fails unless 200.
    pub async fn list(&self) -> Page<ApiKeyOut> {
        assert_json(self.try_list().await, 200).await
    }

    /// `GET /api/api-keys`.
    pub async fn try_list(&self) -> Response {
        self.0.get("/api/api-keys").await
    }

    /// `POST /api/api-keys/{id}/revocation`.
    pub async fn revoke(&self, id: Uuid) -> Response {
        let path = format!("/api/api-keys/{id}/revocation");
        send(self.0.request(Method::POST, &path)).await
    }
}
