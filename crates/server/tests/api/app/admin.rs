//! Administration: `client.accounts()`, `client.dictionaries()`, `client.audit_logs()`.

use api_types::{AccountOut, DictionaryEntryOut, Page};
use reqwest::{Method, Response};
use uuid::Uuid;

use super::client::Client;
use crate::assertions::assert_json;

/// `/api/accounts*`.
pub struct Accounts<'a>(&'a Client);

/// `/api/dictionaries/{kind}*` (`economic-type`, `district-union`).
pub struct Dictionaries<'a>(&'a Client);

/// `/api/audit-logs`.
pub struct AuditLogs<'a>(&'a Client);

impl Client {
    /// 账号管理.
    pub fn accounts(&self) -> Accounts<'_> {
        Accounts(self)
    }

    /// 数据字典.
    pub fn dictionaries(&self) -> Dictionaries<'_> {
        Dictionaries(self)
    }

    /// 操作日志.
    pub fn audit_logs(&self) -> AuditLogs<'_> {
        AuditLogs(self)
    }
}

impl Accounts<'_> {
    /// `GET /api/accounts{query}`.
    pub async fn try_list(&self, query: &str) -> Response {
        self.0.get(&format!("/api/accounts{query}")).await
    }

    /// One page of accounts; fails the test unless 200.
    pub async fn list(&self, query: &str) -> Page<AccountOut> {
        assert_json(self.try_list(query).await, 200).await
    }

    /// `POST /api/accounts`: issue `tuixiu<参保编码>` for a unit.
    pub async fn issue(&self, unit_id: Uuid) -> Response {
        let body = serde_json::json!({"unit_id": unit_id});
        self.0.send(Method::POST, "/api/accounts", &body).await
    }

    /// `POST /api/accounts/{id}/password-reset`.
    pub async fn reset_password(&self, account_id: Uuid) -> Response {
        let path = format!("/api/accounts/{account_id}/password-reset");
        self.0
            .send(Method::POST, &path, &serde_json::json!({}))
            .await
    }

    /// `PUT /api/accounts/{id}/status`.
    pub async fn set_disabled(&self, account_id: Uuid, disabled: bool) -> Response {
        let path = format!("/api/accounts/{account_id}/status");
        let body = serde_json::json!({"disabled": disabled});
        self.0.send(Method::PUT, &path, &body).await
    }
}

impl Dictionaries<'_> {
    /// `GET /api/dictionaries/{kind}{query}`.
    pub async fn try_list(&self, kind: &str, query: &str) -> Response {
        self.0
            .get(&format!("/api/dictionaries/{kind}{query}"))
            .await
    }

    /// The enabled entries of `kind`; fails the test unless 200.
    pub async fn list(&self, kind: &str) -> Vec<DictionaryEntryOut> {
        assert_json(self.try_list(kind, "").await, 200).await
    }

    /// Every entry of `kind`, disabled ones too (admins).
    pub async fn list_with_disabled(&self, kind: &str) -> Vec<DictionaryEntryOut> {
        let res = self.try_list(kind, "?include_disabled=true").await;
        assert_json(res, 200).await
    }

    /// `POST /api/dictionaries/{kind}`.
    pub async fn create(&self, kind: &str, entry: &serde_json::Value) -> Response {
        let path = format!("/api/dictionaries/{kind}");
        self.0.send(Method::POST, &path, entry).await
    }

    /// `PUT /api/dictionaries/{kind}/{id}`.
    pub async fn update(&self, kind: &str, id: i32, entry: &serde_json::Value) -> Response {
        let path = format!("/api/dictionaries/{kind}/{id}");
        self.0.send(Method::PUT, &path, entry).await
    }
}

impl AuditLogs<'_> {
    /// `GET /api/audit-logs{query}`.
    pub async fn try_list(&self, query: &str) -> Response {
        self.0.get(&format!("/api/audit-logs{query}")).await
    }

    /// One page as JSON (to check what it does and does not hold); fails unless 200.
    pub async fn list(&self, query: &str) -> serde_json::Value {
        assert_json(self.try_list(query).await, 200).await
    }

    /// The `action` of each entry of one page.
    pub async fn actions(&self, query: &str) -> Vec<String> {
        let page = self.list(query).await;
        page["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|e| e["action"].as_str().map(str::to_owned))
            .collect()
    }
}
