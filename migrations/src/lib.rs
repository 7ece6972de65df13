//! Schema migrations. Append-only: never edit a migration that has landed, add a new one.

pub use sea_orm_migration::prelude::*;

mod columns;
mod m20261130_000001_create_units;
mod m20261130_000002_create_accounts;
mod m20261130_000003_create_captchas;
mod m20261130_000004_create_audit_logs;
mod m20261201_000001_create_attachments;
mod m20261201_000002_create_unit_applications;
mod m20261202_000001_create_plan_years;
mod m20261202_000002_create_batches;
mod m20261202_000003_create_roster_entries;
mod m20261203_000001_merge_applications;
mod m20261203_000002_audit_actor_account;
mod m20261203_000003_create_tasks;
mod m20261203_000004_verification_results;
mod m20261204_000001_review;
mod m20261205_000001_withholding;
mod m20261206_000001_notifications;
mod m20261207_000001_vouchers;
mod m20261208_000001_create_rate_limits;
mod m20261209_000001_seal_personal_data;
mod m20261210_000001_roster_renewed;
mod m20261211_000001_create_api_keys;
mod m20261211_000002_create_idempotency_keys;
mod m20261211_000003_audit_api_key;
mod m20261212_000001_server_instances;
mod m20261213_000001_keyset_indexes;
mod m20261213_000002_roster_counts;
mod m20261214_000001_batch_status_changes;
mod m20261214_000002_review_keys;

/// All migrations, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261130_000001_create_units::Migration),
            Box::new(m20261130_000002_create_accounts::Migration),
            Box::new(m20261130_000003_create_captchas::Migration),
            Box::new(m20261130_000004_create_audit_logs::Migration),
            Box::new(m20261201_000001_create_attachments::Migration),
            Box::new(m20261201_000002_create_unit_applications::Migration),
            Box::new(m20261202_000001_create_plan_years::Migration),
            Box::new(m20261202_000002_create_batches::Migration),
            Box::new(m20261202_000003_create_roster_entries::Migration),
            Box::new(m20261203_000001_merge_applications::Migration),
            Box::new(m20261203_000002_audit_actor_account::Migration),
            Box::new(m20261203_000003_create_tasks::Migration),
            Box::new(m20261203_000004_verification_results::Migration),
            Box::new(m20261204_000001_review::Migration),
            Box::new(m20261205_000001_withholding::Migration),
            Box::new(m20261206_000001_notifications::Migration),
            Box::new(m20261207_000001_vouchers::Migration),
            Box::new(m20261208_000001_create_rate_limits::Migration),
            Box::new(m20261209_000001_seal_personal_data::Migration),
            Box::new(m20261210_000001_roster_renewed::Migration),
            Box::new(m20261211_000001_create_api_keys::Migration),
            Box::new(m20261211_000002_create_idempotency_keys::Migration),
            Box::new(m20261211_000003_audit_api_key::Migration),
            Box::new(m20261212_000001_server_instances::Migration),
            Box::new(m20261213_000001_keyset_indexes::Migration),
            Box::new(m20261213_000002_roster_counts::Migration),
            Box::new(m20261214_000001_batch_status_changes::Migration),
            Box::new(m20261214_000002_review_keys::Migration),
        ]
    }
}
