//! Liveness and readiness probes.

use serde::{Deserialize, Serialize};

/// Body of `/healthz` and `/readyz`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthOut {
    /// `ok`, or `unavailable` when a dependency is down.
    pub status: String,
}
