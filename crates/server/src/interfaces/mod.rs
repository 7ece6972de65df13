//! The external interfaces (SPEC §13) behind traits held in `AppState`: the enterprise
//! registry now; social security, pension withholding, the bank and mail join them. Each
//! has one implementation that talks HTTP (to our simulator in development and tests, to
//! the real service in production) through [`http::HttpInterface`]: per-call timeout,
//! bounded concurrency, a rate limit and jittered retries that honour `Retry-After`.

pub mod http;
pub mod registry;

use std::sync::Arc;

pub use http::{HttpInterface, InterfaceError, Limits};
pub use registry::{EnterpriseRegistry, HttpRegistry};

use crate::app::config::Settings;

/// Every external interface the product talks to.
#[derive(Clone)]
pub struct Interfaces {
    /// 企业登记信息: unit name → 统一社会信用代码.
    pub registry: Arc<dyn EnterpriseRegistry>,
}

impl Interfaces {
    /// The HTTP implementations, configured from the settings.
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        Ok(Interfaces {
            registry: Arc::new(HttpRegistry::new(HttpInterface::new(
                "registry",
                &settings.simulator_url,
                settings.interfaces.registry.clone(),
            )?)),
        })
    }
}
