//! What every handler can reach: the database, the clock, the token keys, the settings.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::auth::token::JwtKeys;
use crate::clock::Clock;
use crate::config::Settings;

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
}
