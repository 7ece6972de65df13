//! `client.units()` (单位信息), `client.operator()` (经办人信息) and
//! `client.registrations()` (企业注册 and the registry lookup).

use api_types::UnitOut;
use reqwest::{Method, Response};
use uuid::Uuid;

use super::client::{send, Client};
use crate::assertions::assert_json;

/// `/api/units*`.
pub struct Units<'a>(&'a Client);

/// `/api/operator`.
pub struct Operator<'a>(&'a Client);

/// `/api/registrations` and `/api/registry/credit-code`.
pub struct Registrations<'a>(&'a Client);

impl Client {
    /// 单位信息.
    pub fn units(&self) -> Units<'_> {
        Units(self)
    }

    /// The logged-in operator's own 经办人信息.
    pub fn operator(&self) -> Operator<'_> {
        Operator(self)
    }

    /// 企业注册.
    pub fn registrations(&self) -> Registrations<'_> {
        Registrations(self)
    }
}

/// `/api/units/{id}`.
pub fn unit_path(id: Uuid) -> String {
    format!("/api/units/{id}")
}

impl Units<'_> {
    /// `GET /api/units/{id}`.
    pub async fn get(&self, id: Uuid) -> Response {
        self.0.get(&unit_path(id)).await
    }

    /// The unit as it is now; fails the test unless 200.
    pub async fn fetch(&self, id: Uuid) -> UnitOut {
        assert_json(self.get(id).await, 200).await
    }

    /// The caller's own unit.
    pub async fn own(&self) -> UnitOut {
        self.fetch(self.0.unit_id()).await
    }

    /// `PUT /api/units/{id}` (修改并保存) based on `unit.version`.
    pub async fn update(&self, unit: &UnitOut, body: &serde_json::Value) -> Response {
        let req = self
            .0
            .change(Method::PUT, &unit_path(unit.id), unit.version);
        send(req.json(body)).await
    }

    /// `POST /api/units/{id}/confirmation` (信息确认无误).
    pub async fn confirm(&self, id: Uuid) -> Response {
        let path = format!("{}/confirmation", unit_path(id));
        self.0
            .send(Method::POST, &path, &serde_json::json!({}))
            .await
    }

    /// `GET /api/units/{id}/name-history`.
    pub async fn name_history(&self, id: Uuid) -> Response {
        self.0.get(&format!("{}/name-history", unit_path(id))).await
    }
}

impl Operator<'_> {
    /// `GET /api/operator`.
    pub async fn get(&self) -> Response {
        self.0.get("/api/operator").await
    }

    /// `PUT /api/operator`.
    pub async fn update(&self, body: &serde_json::Value) -> Response {
        self.0.send(Method::PUT, "/api/operator", body).await
    }
}

impl Registrations<'_> {
    /// Registers a unit, answering `captcha` as given.
    pub async fn register_with_captcha(
        &self,
        (unit_name, email, password): (&str, &str, &str),
        (captcha_id, answer): (Uuid, &str),
    ) -> Response {
        let body = serde_json::json!({
            "unit_name": unit_name,
            "email": email,
            "password": password,
            "captcha_id": captcha_id,
            "captcha_answer": answer,
        });
        self.0.send(Method::POST, "/api/registrations", &body).await
    }

    /// Registers a unit with a fresh captcha answered right.
    pub async fn register(&self, unit_name: &str, email: &str, password: &str) -> Response {
        let captcha = self.0.auth().captcha().await;
        let captcha = (captcha.0, captcha.1.as_str());
        self.register_with_captcha((unit_name, email, password), captcha)
            .await
    }

    /// `GET /api/registry/credit-code?name=…`: asks the enterprise registry.
    pub async fn credit_code(&self, name: &str) -> Response {
        let req = self.0.request(Method::GET, "/api/registry/credit-code");
        send(req.query(&[("name", name)])).await
    }
}
