//! Units (参保单位): 经办人信息, 单位信息维护 and the unit list of reviewers and admins.

use api_types::{OperatorIn, OperatorOut, Page, UnitIn, UnitNameHistoryOut, UnitOut, UnitQuery};
use uuid::Uuid;

use super::{Api, ApiError, Call};

/// The calls of `/api/operator` and `/api/units`.
#[derive(Debug, Clone, Copy)]
pub struct UnitsApi(Api);

impl Api {
    /// Units and their operator.
    pub fn units(self) -> UnitsApi {
        UnitsApi(self)
    }
}

impl UnitsApi {
    /// `GET /api/operator`.
    pub async fn operator(self) -> Result<OperatorOut, ApiError> {
        self.0.json(Call::get("/operator")).await
    }

    /// `PUT /api/operator`.
    pub async fn save_operator(self, body: &OperatorIn) -> Result<OperatorOut, ApiError> {
        self.0.json(Call::put("/operator").json(body)).await
    }

    /// `GET /api/units/{id}`.
    pub async fn get(self, id: Uuid) -> Result<UnitOut, ApiError> {
        self.0.json(Call::get(format!("/units/{id}"))).await
    }

    /// `GET /api/units` (reviewers, admins).
    pub async fn list(self, query: &UnitQuery) -> Result<Page<UnitOut>, ApiError> {
        self.0.json(Call::get("/units").query(query)).await
    }

    /// `GET /api/units/{id}/name-history`.
    pub async fn name_history(self, id: Uuid) -> Result<Vec<UnitNameHistoryOut>, ApiError> {
        self.0
            .json(Call::get(format!("/units/{id}/name-history")))
            .await
    }

    /// `PUT /api/units/{id}` (修改并保存), based on the version read (`If-Match`).
    pub async fn save_unit(
        self,
        id: Uuid,
        version: i32,
        body: &UnitIn,
    ) -> Result<UnitOut, ApiError> {
        let call = Call::put(format!("/units/{id}"))
            .if_match(version)
            .json(body);
        self.0.json(call).await
    }

    /// `POST /api/units/{id}/confirmation` (信息确认无误).
    pub async fn confirm_unit(self, id: Uuid) -> Result<UnitOut, ApiError> {
        self.0
            .json(Call::post(format!("/units/{id}/confirmation")))
            .await
    }
}
