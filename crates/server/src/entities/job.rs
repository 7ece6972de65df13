//! 后台作业: one piece of background work (e.g. a batch's verification) and its progress.

use sea_orm::entity::prelude::*;

/// A row of `jobs`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: String,
    /// Fairness key: the unit whose work it is, or `system`.
    pub owner: String,
    /// The record the job works on (e.g. a batch).
    pub subject_id: Option<Uuid>,
    /// `running`, `paused`, `done` or `failed`.
    pub state: String,
    pub total_tasks: i32,
    pub done_tasks: i32,
    pub dead_tasks: i32,
    /// Failed attempts in a row (an external interface down); the budget pauses the job.
    pub consecutive_failures: i32,
    /// While paused: when it resumes by itself.
    pub paused_until: Option<DateTimeUtc>,
    pub payload: Option<Json>,
    pub unique_key: Option<String>,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
