//! The durable task queue: jobs (a unit's piece of background work, with progress) and
//! their tasks (claimed by any server instance under a lease, retried with backoff).

use sea_orm_migration::prelude::*;

use crate::columns::{
    foreign_key, index, integer_default, json, json_null, string, string_null, text_null,
    timestamp, timestamp_null, unique_index, uuid_null, uuid_pk,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Jobs::Table)
                    .col(uuid_pk(Jobs::Id))
                    .col(string(Jobs::Kind, 64))
                    .col(string(Jobs::Owner, 64))
                    .col(uuid_null(Jobs::SubjectId))
                    .col(string(Jobs::State, 16))
                    .col(integer_default(Jobs::TotalTasks, 0))
                    .col(integer_default(Jobs::DoneTasks, 0))
                    .col(integer_default(Jobs::DeadTasks, 0))
                    .col(integer_default(Jobs::ConsecutiveFailures, 0))
                    .col(timestamp_null(Jobs::PausedUntil))
                    .col(json_null(Jobs::Payload))
                    .col(string_null(Jobs::UniqueKey, 200))
                    .col(text_null(Jobs::LastError))
                    .col(timestamp(Jobs::CreatedAt))
                    .col(timestamp(Jobs::UpdatedAt))
                    .col(timestamp_null(Jobs::FinishedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_index(
                "ux_jobs_unique_key",
                Jobs::Table,
                &[Jobs::UniqueKey],
            ))
            .await?;
        manager
            .create_index(index("ix_jobs_subject", Jobs::Table, &[Jobs::SubjectId]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Tasks::Table)
                    .col(uuid_pk(Tasks::Id))
                    .col(uuid_null(Tasks::JobId))
                    .col(string(Tasks::Kind, 64))
                    .col(json(Tasks::Payload))
                    .col(string(Tasks::Owner, 64))
                    .col(string(Tasks::State, 16))
                    .col(integer_default(Tasks::Attempt, 0))
                    .col(integer_default(Tasks::MaxAttempts, 8))
                    .col(timestamp(Tasks::RunAt))
                    .col(string_null(Tasks::LeaseOwner, 64))
                    .col(timestamp_null(Tasks::LeaseExpiresAt))
                    .col(text_null(Tasks::LastError))
                    .col(string_null(Tasks::UniqueKey, 200))
                    .col(timestamp(Tasks::CreatedAt))
                    .col(timestamp(Tasks::UpdatedAt))
                    .col(timestamp_null(Tasks::FinishedAt))
                    .foreign_key(&mut foreign_key(
                        "fk_tasks_job",
                        (Tasks::Table, Tasks::JobId),
                        (Jobs::Table, Jobs::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_index(
                "ux_tasks_unique_key",
                Tasks::Table,
                &[Tasks::UniqueKey],
            ))
            .await?;
        // The claim's scan: runnable tasks by state and time.
        manager
            .create_index(index(
                "ix_tasks_state_run_at",
                Tasks::Table,
                &[Tasks::State, Tasks::RunAt],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_tasks_job_state",
                Tasks::Table,
                &[Tasks::JobId, Tasks::State],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Tasks::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Jobs::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Jobs {
    Table,
    Id,
    Kind,
    Owner,
    SubjectId,
    State,
    TotalTasks,
    DoneTasks,
    DeadTasks,
    ConsecutiveFailures,
    PausedUntil,
    Payload,
    UniqueKey,
    LastError,
    CreatedAt,
    UpdatedAt,
    FinishedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Tasks {
    Table,
    Id,
    JobId,
    Kind,
    Payload,
    Owner,
    State,
    Attempt,
    MaxAttempts,
    RunAt,
    LeaseOwner,
    LeaseExpiresAt,
    LastError,
    UniqueKey,
    CreatedAt,
    UpdatedAt,
    FinishedAt,
}
