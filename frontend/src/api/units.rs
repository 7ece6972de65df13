//! Client calls of units, applications, attachments, accounts and dictionaries (issue 4).

use api_types::{
    AccountOut, AccountStatusIn, ApplicationListItem, AttachmentOut, AttachmentPurpose,
    AuditLogOut, CodeApplicationIn, CodeApplicationOut, CreditCodeLookupOut, DictionaryEntryIn,
    DictionaryEntryOut, DictionaryKind, IssueAccountIn, NameChangeIn, NameChangeOut,
    OneTimePasswordOut, OperatorIn, OperatorOut, Page, RegistrationIn, RegistrationOut, ReviewIn,
    UnitIn, UnitNameHistoryOut, UnitOut,
};
use gloo_net::http::Request;

use super::{url, Api, ApiError};

/// Percent-encodes a query value.
pub fn enc(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

fn kind_path(kind: DictionaryKind) -> &'static str {
    match kind {
        DictionaryKind::DistrictUnion => "district-union",
        DictionaryKind::EconomicType => "economic-type",
    }
}

impl Api {
    /// `POST /api/registrations` (企业注册).
    pub async fn register(&self, body: &RegistrationIn) -> Result<RegistrationOut, ApiError> {
        self.call(Request::post(&url("/registrations")), Some(body), false)
            .await
    }

    /// `GET /api/registry/credit-code?name=`.
    pub async fn credit_code(&self, name: &str) -> Result<CreditCodeLookupOut, ApiError> {
        let path = format!("/registry/credit-code?name={}", enc(name));
        self.call(Request::get(&url(&path)), None::<&()>, false)
            .await
    }

    /// `GET /api/operator`.
    pub async fn operator(&self) -> Result<OperatorOut, ApiError> {
        self.call(Request::get(&url("/operator")), None::<&()>, true)
            .await
    }

    /// `PUT /api/operator`.
    pub async fn save_operator(&self, body: &OperatorIn) -> Result<OperatorOut, ApiError> {
        self.call(Request::put(&url("/operator")), Some(body), true)
            .await
    }

    /// `GET /api/code-applications?…` (query string without `?`).
    pub async fn code_applications(
        &self,
        query: &str,
    ) -> Result<Page<ApplicationListItem>, ApiError> {
        let path = format!("/code-applications?{query}");
        self.call(Request::get(&url(&path)), None::<&()>, true)
            .await
    }

    /// `GET /api/code-applications/{id}`.
    pub async fn code_application(&self, id: &str) -> Result<CodeApplicationOut, ApiError> {
        let path = format!("/code-applications/{id}");
        self.call(Request::get(&url(&path)), None::<&()>, true)
            .await
    }

    /// `POST /api/code-applications`, or `PUT …/{id}` to resubmit.
    pub async fn submit_code_application(
        &self,
        id: Option<String>,
        body: &CodeApplicationIn,
    ) -> Result<CodeApplicationOut, ApiError> {
        let builder = match id {
            Some(id) => Request::put(&url(&format!("/code-applications/{id}"))),
            None => Request::post(&url("/code-applications")),
        };
        self.call(builder, Some(body), true).await
    }

    /// `POST /api/{code-applications|name-changes}/{id}/review`.
    pub async fn review(
        &self,
        resource: &str,
        id: &str,
        body: &ReviewIn,
    ) -> Result<serde_json::Value, ApiError> {
        let path = format!("/{resource}/{id}/review");
        self.call(Request::post(&url(&path)), Some(body), true)
            .await
    }

    /// `GET /api/name-changes?…`.
    pub async fn name_changes(&self, query: &str) -> Result<Page<ApplicationListItem>, ApiError> {
        let path = format!("/name-changes?{query}");
        self.call(Request::get(&url(&path)), None::<&()>, true)
            .await
    }

    /// `GET /api/name-changes/{id}`.
    pub async fn name_change(&self, id: &str) -> Result<NameChangeOut, ApiError> {
        let path = format!("/name-changes/{id}");
        self.call(Request::get(&url(&path)), None::<&()>, true)
            .await
    }

    /// `POST /api/name-changes`, or `PUT …/{id}` to resubmit.
    pub async fn submit_name_change(
        &self,
        id: Option<String>,
        body: &NameChangeIn,
    ) -> Result<NameChangeOut, ApiError> {
        let builder = match id {
            Some(id) => Request::put(&url(&format!("/name-changes/{id}"))),
            None => Request::post(&url("/name-changes")),
        };
        self.call(builder, Some(body), true).await
    }

    /// `GET /api/units/{id}`.
    pub async fn unit(&self, id: &str) -> Result<UnitOut, ApiError> {
        self.call(
            Request::get(&url(&format!("/units/{id}"))),
            None::<&()>,
            true,
        )
        .await
    }

    /// `GET /api/units?…` (reviewers, admins).
    pub async fn units(&self, query: &str) -> Result<Page<UnitOut>, ApiError> {
        self.call(
            Request::get(&url(&format!("/units?{query}"))),
            None::<&()>,
            true,
        )
        .await
    }

    /// `GET /api/units/{id}/name-history`.
    pub async fn unit_name_history(&self, id: &str) -> Result<Vec<UnitNameHistoryOut>, ApiError> {
        let path = format!("/units/{id}/name-history");
        self.call(Request::get(&url(&path)), None::<&()>, true)
            .await
    }

    /// `PUT /api/units/{id}` (修改并保存), based on the version read (`If-Match`).
    pub async fn save_unit(
        &self,
        id: &str,
        version: i32,
        body: &UnitIn,
    ) -> Result<UnitOut, ApiError> {
        let builder = Request::put(&url(&format!("/units/{id}")))
            .header("If-Match", &format!("\"{version}\""));
        self.call(builder, Some(body), true).await
    }

    /// `POST /api/units/{id}/confirmation` (信息确认无误).
    pub async fn confirm_unit(&self, id: &str) -> Result<UnitOut, ApiError> {
        let path = format!("/units/{id}/confirmation");
        self.call(Request::post(&url(&path)), None::<&()>, true)
            .await
    }

    /// `GET /api/dictionaries/{kind}`.
    pub async fn dictionary(
        &self,
        kind: DictionaryKind,
        include_disabled: bool,
    ) -> Result<Vec<DictionaryEntryOut>, ApiError> {
        let path = format!(
            "/dictionaries/{}?include_disabled={include_disabled}",
            kind_path(kind)
        );
        self.call(Request::get(&url(&path)), None::<&()>, true)
            .await
    }

    /// `POST /api/dictionaries/{kind}` or `PUT …/{id}`.
    pub async fn save_dictionary_entry(
        &self,
        kind: DictionaryKind,
        id: Option<i32>,
        body: &DictionaryEntryIn,
    ) -> Result<DictionaryEntryOut, ApiError> {
        let base = format!("/dictionaries/{}", kind_path(kind));
        let builder = match id {
            Some(id) => Request::put(&url(&format!("{base}/{id}"))),
            None => Request::post(&url(&base)),
        };
        self.call(builder, Some(body), true).await
    }

    /// `GET /api/accounts?…`.
    pub async fn accounts(&self, query: &str) -> Result<Page<AccountOut>, ApiError> {
        self.call(
            Request::get(&url(&format!("/accounts?{query}"))),
            None::<&()>,
            true,
        )
        .await
    }

    /// `POST /api/accounts` (派发单位账号).
    pub async fn issue_account(
        &self,
        body: &IssueAccountIn,
    ) -> Result<OneTimePasswordOut, ApiError> {
        self.call(Request::post(&url("/accounts")), Some(body), true)
            .await
    }

    /// `POST /api/accounts/{id}/password-reset`.
    pub async fn reset_password(&self, id: &str) -> Result<OneTimePasswordOut, ApiError> {
        let path = format!("/accounts/{id}/password-reset");
        self.call(Request::post(&url(&path)), None::<&()>, true)
            .await
    }

    /// `PUT /api/accounts/{id}/status`.
    pub async fn set_account_disabled(
        &self,
        id: &str,
        disabled: bool,
    ) -> Result<AccountOut, ApiError> {
        let path = format!("/accounts/{id}/status");
        self.call(
            Request::put(&url(&path)),
            Some(&AccountStatusIn { disabled }),
            true,
        )
        .await
    }

    /// `GET /api/audit-logs?…`.
    pub async fn audit_logs(&self, query: &str) -> Result<Page<AuditLogOut>, ApiError> {
        self.call(
            Request::get(&url(&format!("/audit-logs?{query}"))),
            None::<&()>,
            true,
        )
        .await
    }

    /// `POST /api/attachments` (multipart).
    pub async fn upload(
        &self,
        purpose: AttachmentPurpose,
        file: &web_sys::File,
    ) -> Result<AttachmentOut, ApiError> {
        let form = web_sys::FormData::new().map_err(|_| ApiError::network())?;
        form.append_with_str("purpose", purpose.as_str())
            .map_err(|_| ApiError::network())?;
        form.append_with_blob_and_filename("file", file, &file.name())
            .map_err(|_| ApiError::network())?;
        if self.auth.check_expiry() {
            return Err(super::session_expired());
        }
        let mut builder = Request::post(&url("/attachments")).header("Accept", "application/json");
        if let Some(token) = self.auth.token() {
            builder = builder.header("Authorization", &format!("Bearer {token}"));
        }
        let resp = builder
            .body(form)
            .map_err(|_| ApiError::network())?
            .send()
            .await
            .map_err(|_| ApiError::network())?;
        if resp.ok() {
            return resp
                .json()
                .await
                .map_err(|_| ApiError::unreadable(resp.status()));
        }
        let err = ApiError::from_response(&resp).await;
        self.react_to(&err);
        Err(err)
    }

    /// `GET /api/attachments/{id}`: saves the file through a temporary link.
    pub async fn download(&self, id: &str, file_name: &str) -> Result<(), ApiError> {
        let mut builder = Request::get(&url(&format!("/attachments/{id}")));
        if let Some(token) = self.auth.token() {
            builder = builder.header("Authorization", &format!("Bearer {token}"));
        }
        let resp = builder.send().await.map_err(|_| ApiError::network())?;
        if !resp.ok() {
            let err = ApiError::from_response(&resp).await;
            self.react_to(&err);
            return Err(err);
        }
        let bytes = resp.binary().await.map_err(|_| ApiError::network())?;
        super::save_bytes(&bytes, file_name).map_err(|_| ApiError::network())
    }
}
