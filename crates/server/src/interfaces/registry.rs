//! The enterprise registry (企业登记信息): unit name → 统一社会信用代码
//! (`GET {base}/registry/companies?name=…`: 200 with the code, 404 when not registered).

use serde::Deserialize;

use super::{HttpInterface, InterfaceError};

/// Looks up the credit code of a unit name.
#[async_trait::async_trait]
pub trait EnterpriseRegistry: Send + Sync {
    /// `Some(code)` when the name is registered, `None` when it is not.
    async fn credit_code(&self, name: &str) -> Result<Option<String>, InterfaceError>;
}

/// The registry over HTTP.
pub struct HttpRegistry {
    http: HttpInterface,
}

impl HttpRegistry {
    /// The registry behind `http`.
    pub fn new(http: HttpInterface) -> Self {
        HttpRegistry { http }
    }
}

#[derive(Deserialize)]
struct RegistryHit {
    credit_code: String,
}

#[async_trait::async_trait]
impl EnterpriseRegistry for HttpRegistry {
    async fn credit_code(&self, name: &str) -> Result<Option<String>, InterfaceError> {
        let url = self.http.url("/registry/companies");
        let res = self
            .http
            .send(|client| client.get(&url).query(&[("name", name)]))
            .await?;
        if res.status() == reqwest::StatusCode::NOT_FOUND {
            return Ok(None);
        }
        let hit: RegistryHit = self.http.json(res).await?;
        Ok(Some(hit.credit_code))
    }
}

/// The 503 answered when the registry cannot be asked (after the retries).
pub fn unavailable(err: InterfaceError) -> crate::error::ServiceError {
    crate::error::ServiceError::Unavailable {
        message: "企业登记信息查询服务暂不可用，无法获取统一社会信用代码，请稍后重试".into(),
        cause: err.to_string(),
    }
}
