//! Plan years (保障年度设置): read by everyone, created and edited by admins.

use api_types::{CurrentPlanYearOut, PlanYearIn, PlanYearOut};

use super::{Api, ApiError, Call};

/// The calls of `/api/plan-years`.
#[derive(Debug, Clone, Copy)]
pub struct PlanYearsApi(Api);

impl Api {
    /// Plan years.
    pub fn plan_years(self) -> PlanYearsApi {
        PlanYearsApi(self)
    }
}

impl PlanYearsApi {
    /// `GET /api/plan-years`.
    pub async fn list(self) -> Result<Vec<PlanYearOut>, ApiError> {
        self.0.json(Call::get("/plan-years")).await
    }

    /// `GET /api/plan-years/current`: the year taking enrollments now, with its open windows.
    pub async fn current(self) -> Result<CurrentPlanYearOut, ApiError> {
        self.0.json(Call::get("/plan-years/current")).await
    }

    /// `PUT /api/plan-years/{year}`: replaces a year read at `version`, or creates a new one
    /// (`None`: no `If-Match`, as there is no version to be based on).
    pub async fn save(
        self,
        year: i32,
        version: Option<i32>,
        body: &PlanYearIn,
    ) -> Result<PlanYearOut, ApiError> {
        let call = Call::put(format!("/plan-years/{year}"))
            .if_match_opt(version)
            .json(body);
        self.0.json(call).await
    }
}
