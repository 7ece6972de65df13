//! `client.plan_years()`: 保障年度 settings.

use api_types::{CurrentPlanYearOut, PlanYearOut};
use reqwest::{Method, Response};

use super::client::{send, Client};
use crate::assertions::assert_json;

/// `/api/plan-years*`.
pub struct PlanYears<'a>(&'a Client);

impl Client {
    /// 保障年度.
    pub fn plan_years(&self) -> PlanYears<'_> {
        PlanYears(self)
    }
}

impl PlanYears<'_> {
    /// Every plan year; fails the test unless 200.
    pub async fn list(&self) -> Vec<PlanYearOut> {
        assert_json(self.0.get("/api/plan-years").await, 200).await
    }

    /// The plan year current now and which windows are open; fails unless 200.
    pub async fn current(&self) -> CurrentPlanYearOut {
        assert_json(self.0.get("/api/plan-years/current").await, 200).await
    }

    /// `PUT /api/plan-years/{year}` based on `year.version`.
    pub async fn update(&self, year: &PlanYearOut, body: &serde_json::Value) -> Response {
        let path = format!("/api/plan-years/{}", year.year);
        send(self.0.change(Method::PUT, &path, year.version).json(body)).await
    }
}
