//! 后台任务: one unit of background work, claimed under a lease by any instance.

use sea_orm::entity::prelude::*;

/// A row of `tasks`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "tasks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub job_id: Option<Uuid>,
    pub kind: String,
    pub payload: Json,
    /// Fairness key: claims rotate between owners.
    pub owner: String,
    /// `queued`, `running`, `paused`, `done` or `dead`.
    pub state: String,
    /// Attempts started so far (the running one included).
    pub attempt: i32,
    pub max_attempts: i32,
    /// Not claimed before this instant (retries wait here).
    pub run_at: DateTimeUtc,
    /// The runner holding it, while running.
    pub lease_owner: Option<String>,
    /// When another runner may take it over.
    pub lease_expires_at: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    pub unique_key: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
