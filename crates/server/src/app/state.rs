//! What every handler and task can reach: the database, the clock, the token keys, the
//! settings, the external interfaces and the attachment store.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use super::clock::Clock;
use super::config::Settings;
use crate::attachments::Storage;
use crate::auth::token::JwtKeys;
use crate::interfaces::Interfaces;

/// Shared application state (cheap to clone). Nothing here is per-instance state that
/// matters: several instances on one database behave as one.
#[derive(Clone)]
pub struct AppState {
    /// The database pool.
    pub db: DatabaseConnection,
    /// "Now" for every rule.
    pub clock: Arc<dyn Clock>,
    /// Access-token keys.
    pub jwt: Arc<JwtKeys>,
    /// The settings the server started with.
    pub settings: Arc<Settings>,
    /// The external interfaces.
    pub interfaces: Interfaces,
    /// Where attachment bytes live.
    pub storage: Arc<dyn Storage>,
    /// This instance's counters (`/metrics`).
    pub metrics: Arc<crate::metrics::Metrics>,
    /// How many live instances share the external interfaces' caps.
    pub instances: super::instances::InstanceShare,
    /// Wakes the task runners when a request queued work.
    pub wakeup: crate::tasks::Wakeup,
}
