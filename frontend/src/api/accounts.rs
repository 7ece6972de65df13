//! Admin and reviewer work: accounts (派发, 重置密码, 停用/启用), dictionaries (字典维护) and the
//! audit log (操作日志).

use api_types::{
    AccountOut, AccountQuery, AccountStatusIn, AuditLogOut, AuditLogQuery, DictionaryEntryIn,
    DictionaryEntryOut, DictionaryKind, DictionaryQuery, IssueAccountIn, OneTimePasswordOut, Page,
};
use uuid::Uuid;

use super::{Api, ApiError, Call};

/// The calls of `/api/accounts`, `/api/dictionaries` and `/api/audit-logs`.
#[derive(Debug, Clone, Copy)]
pub struct AccountsApi(Api);

impl Api {
    /// Accounts, dictionaries, audit log.
    pub fn accounts(self) -> AccountsApi {
        AccountsApi(self)
    }
}

/// The path segment of a dictionary.
fn dictionary_path(kind: DictionaryKind) -> &'static str {
    match kind {
        DictionaryKind::DistrictUnion => "/dictionaries/district-union",
        DictionaryKind::EconomicType => "/dictionaries/economic-type",
        DictionaryKind::RejectReason => "/dictionaries/reject-reason",
    }
}

impl AccountsApi {
    /// `GET /api/accounts`.
    pub async fn list(self, query: &AccountQuery) -> Result<Page<AccountOut>, ApiError> {
        self.0.json(Call::get("/accounts").query(query)).await
    }

    /// `POST /api/accounts` (派发单位账号).
    pub async fn issue(self, unit_id: Uuid) -> Result<OneTimePasswordOut, ApiError> {
        let call = Call::post("/accounts").json(&IssueAccountIn { unit_id });
        self.0.json(call).await
    }

    /// `POST /api/accounts/{id}/password-reset`.
    pub async fn reset_password(self, id: Uuid) -> Result<OneTimePasswordOut, ApiError> {
        self.0
            .json(Call::post(format!("/accounts/{id}/password-reset")))
            .await
    }

    /// `PUT /api/accounts/{id}/status` (停用 / 启用).
    pub async fn set_disabled(self, id: Uuid, disabled: bool) -> Result<AccountOut, ApiError> {
        let call = Call::put(format!("/accounts/{id}/status")).json(&AccountStatusIn { disabled });
        self.0.json(call).await
    }

    /// `GET /api/dictionaries/{kind}`; admins also see the disabled values.
    pub async fn dictionary(
        self,
        kind: DictionaryKind,
        include_disabled: bool,
    ) -> Result<Vec<DictionaryEntryOut>, ApiError> {
        let query = DictionaryQuery {
            include_disabled: Some(include_disabled),
        };
        self.0
            .json(Call::get(dictionary_path(kind)).query(&query))
            .await
    }

    /// `POST /api/dictionaries/{kind}`, or `PUT …/{id}` to edit a value.
    pub async fn save_dictionary_entry(
        self,
        kind: DictionaryKind,
        id: Option<i32>,
        body: &DictionaryEntryIn,
    ) -> Result<DictionaryEntryOut, ApiError> {
        let base = dictionary_path(kind);
        let call = match id {
            Some(id) => Call::put(format!("{base}/{id}")),
            None => Call::post(base),
        };
        self.0.json(call.json(body)).await
    }

    /// `GET /api/audit-logs`.
    pub async fn audit_logs(self, query: &AuditLogQuery) -> Result<Page<AuditLogOut>, ApiError> {
        self.0.json(Call::get("/audit-logs").query(query)).await
    }
}
