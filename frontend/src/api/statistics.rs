//! 统计: the association's figures of a plan year and their xlsx.

use api_types::{StatisticsOut, StatisticsQuery};

use super::files::save_bytes;
use super::{Api, ApiError, Call};

/// The calls of `/api/statistics`.
#[derive(Debug, Clone, Copy)]
pub struct StatisticsApi(Api);

impl Api {
    /// Statistics.
    pub fn statistics(self) -> StatisticsApi {
        StatisticsApi(self)
    }
}

impl StatisticsApi {
    /// `GET /api/statistics` (default: the current plan year).
    pub async fn get(self, query: &StatisticsQuery) -> Result<StatisticsOut, ApiError> {
        self.0.json(Call::get("/statistics").query(query)).await
    }

    /// `GET /api/statistics/export`, saved as 统计_<年度>.xlsx.
    pub async fn export(self, year: i32) -> Result<(), ApiError> {
        let query = StatisticsQuery {
            plan_year: Some(year),
        };
        let bytes = self
            .0
            .bytes(Call::get("/statistics/export").query(&query))
            .await?;
        save_bytes(&bytes, &format!("统计_{year}.xlsx"))
    }
}
