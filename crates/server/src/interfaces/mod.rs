//! The external interfaces (SPEC §13) behind traits held in `AppState`: the enterprise
//! registry now; social security, pension withholding, the bank and mail join them. Each
//! has one implementation that talks HTTP (to our simulator in development and tests, to
//! the real service in production) through [`http::HttpInterface`]: per-call timeout,
//! bounded concurrency, a rate limit and jittered retries that honour `Retry-After`.

pub mod http;
pub mod registry;
pub mod social_security;

use std::sync::Arc;

pub use http::{HttpInterface, InterfaceError, Limits};
pub use registry::{EnterpriseRegistry, HttpRegistry};
pub use social_security::{HttpPension, HttpSocialSecurity, Pension, SocialSecurity};

use crate::app::config::Settings;

/// Every external interface the product talks to.
#[derive(Clone)]
pub struct Interfaces {
    /// 企业登记信息: unit name → 统一社会信用代码.
    pub registry: Arc<dyn EnterpriseRegistry>,
    /// 社保: a person's record, a unit's head count.
    pub social_security: Arc<dyn SocialSecurity>,
    /// 养老金代扣: whether a pension can be withheld.
    pub pension: Arc<dyn Pension>,
}

impl Interfaces {
    /// The HTTP implementations, configured from the settings.
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        let limits = &settings.interfaces;
        let http = |name, limits: &Limits| {
            HttpInterface::new(name, &settings.simulator_url, limits.clone())
        };
        Ok(Interfaces {
            registry: Arc::new(HttpRegistry::new(http("registry", &limits.registry)?)),
            social_security: Arc::new(HttpSocialSecurity::new(
                http("social_security_persons", &limits.social_security_persons)?,
                http("social_security_units", &limits.social_security_units)?,
                limits.batch_endpoints,
            )),
            pension: Arc::new(HttpPension::new(
                http("pension", &limits.pension)?,
                limits.batch_endpoints,
            )),
        })
    }
}
