//! Applications of a unit: 参保编码申请 and 修改单位名称, and the reviewers' decisions.

use api_types::{
    ApplicationListItem, ApplicationQuery, CodeApplicationIn, CodeApplicationOut, NameChangeIn,
    NameChangeOut, Page, ReviewIn,
};
use uuid::Uuid;

use super::{Api, ApiError, Call};

/// The two kinds of application; each is its own resource with the same shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplicationKind {
    /// 参保编码申请 (`/api/code-applications`).
    Code,
    /// 修改单位名称 (`/api/name-changes`).
    NameChange,
}

impl ApplicationKind {
    fn path(self) -> &'static str {
        match self {
            ApplicationKind::Code => "/code-applications",
            ApplicationKind::NameChange => "/name-changes",
        }
    }
}

/// The calls of `/api/code-applications` and `/api/name-changes`.
#[derive(Debug, Clone, Copy)]
pub struct ApplicationsApi(Api);

impl Api {
    /// Code applications and name changes.
    pub fn applications(self) -> ApplicationsApi {
        ApplicationsApi(self)
    }
}

impl ApplicationsApi {
    /// `GET /api/{code-applications|name-changes}`.
    pub async fn list(
        self,
        kind: ApplicationKind,
        query: &ApplicationQuery,
    ) -> Result<Page<ApplicationListItem>, ApiError> {
        self.0.json(Call::get(kind.path()).query(query)).await
    }

    /// The unit's latest application of a kind (optionally only in one status).
    pub async fn latest(
        self,
        kind: ApplicationKind,
        status: Option<api_types::ApplicationStatus>,
    ) -> Result<Option<ApplicationListItem>, ApiError> {
        let query = ApplicationQuery {
            page: Some(1),
            page_size: Some(1),
            status,
            ..ApplicationQuery::default()
        };
        Ok(self.list(kind, &query).await?.items.into_iter().next())
    }

    /// `GET /api/code-applications/{id}`.
    pub async fn code_application(self, id: Uuid) -> Result<CodeApplicationOut, ApiError> {
        self.0
            .json(Call::get(format!("/code-applications/{id}")))
            .await
    }

    /// `POST /api/code-applications`, or `PUT …/{id}` to resubmit after 审核不通过.
    pub async fn submit_code_application(
        self,
        id: Option<Uuid>,
        body: &CodeApplicationIn,
    ) -> Result<CodeApplicationOut, ApiError> {
        let call = match id {
            Some(id) => Call::put(format!("/code-applications/{id}")),
            None => Call::post("/code-applications"),
        };
        self.0.json(call.json(body)).await
    }

    /// `GET /api/name-changes/{id}`.
    pub async fn name_change(self, id: Uuid) -> Result<NameChangeOut, ApiError> {
        self.0.json(Call::get(format!("/name-changes/{id}"))).await
    }

    /// `POST /api/name-changes`, or `PUT …/{id}` to resubmit after 审核不通过.
    pub async fn submit_name_change(
        self,
        id: Option<Uuid>,
        body: &NameChangeIn,
    ) -> Result<NameChangeOut, ApiError> {
        let call = match id {
            Some(id) => Call::put(format!("/name-changes/{id}")),
            None => Call::post("/name-changes"),
        };
        self.0.json(call.json(body)).await
    }

    /// `POST /api/{code-applications|name-changes}/{id}/review`: approve or reject.
    pub async fn review(
        self,
        kind: ApplicationKind,
        id: Uuid,
        body: &ReviewIn,
    ) -> Result<serde_json::Value, ApiError> {
        let call = Call::post(format!("{}/{id}/review", kind.path())).json(body);
        self.0.json(call).await
    }
}
