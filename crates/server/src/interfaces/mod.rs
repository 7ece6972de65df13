//! The external interfaces (SPEC §13) behind traits held in `AppState`: the enterprise
//! registry now; social security, pension withholding, the bank and mail join them. Each
//! has one implementation that talks HTTP (to our simulator in development and tests, to
//! the real service in production) through [`http::HttpInterface`]: per-call timeout,
//! bounded concurrency, a rate limit and jittered retries that honour `Retry-After`.

pub mod bank;
pub mod http;
pub mod mail;
pub mod registry;
pub mod social_security;

use std::sync::Arc;

pub use bank::{Bank, BankAnswer, BankLine, BankPerson, BankReceipt, BankRequest, HttpBank};
pub use http::{HttpInterface, InterfaceError, Limits};
pub use mail::{MailError, Mailer, OutgoingMail, SmtpMailer};
pub use registry::{EnterpriseRegistry, HttpRegistry};
pub use social_security::{HttpPension, HttpSocialSecurity, Pension, SocialSecurity};

use serde::Deserialize;

/// Every external interface the product talks to.
#[derive(Clone)]
pub struct Interfaces {
    /// 企业登记信息: unit name → 统一社会信用代码.
    pub registry: Arc<dyn EnterpriseRegistry>,
    /// 社保: a person's record, a unit's head count.
    pub social_security: Arc<dyn SocialSecurity>,
    /// 养老金代扣: whether a pension can be withheld.
    pub pension: Arc<dyn Pension>,
    /// 银行代扣: withholding requests and their results.
    pub bank: Arc<dyn Bank>,
    /// 邮件: notices to the operators' emails (SMTP, not HTTP: see `mail`).
    pub mail: Arc<dyn Mailer>,
}

impl Interfaces {
    /// The HTTP implementations of the services at `base_url` (our simulator in
    /// development and tests), within `limits`, and SMTP as `mail` says.
    pub fn over_http(
        base_url: &str,
        limits: &InterfaceSettings,
        mail: &crate::app::config::MailSettings,
        metrics: &Arc<crate::metrics::Metrics>,
        share: &crate::app::instances::InstanceShare,
    ) -> anyhow::Result<Self> {
        let http = |name, limits: &Limits| {
            HttpInterface::new(name, base_url, limits.clone())
                .map(|i| i.observed(metrics.clone()).shared(share.clone()))
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
            bank: Arc::new(HttpBank::new(http("bank", &limits.bank)?)),
            mail: Arc::new(SmtpMailer::new(mail)?),
        })
    }
}

/// Limits of each external interface (`[interfaces.<name>]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct InterfaceSettings {
    /// Use the batch endpoints (up to 100 people a call) where an interface offers them.
    pub batch_endpoints: bool,
    /// The enterprise registry.
    pub registry: Limits,
    /// Social security: persons.
    pub social_security_persons: Limits,
    /// Social security: units (社保人数).
    pub social_security_units: Limits,
    /// Pension withholding (可代扣).
    pub pension: Limits,
    /// The bank (银行代扣).
    pub bank: Limits,
}

impl Default for InterfaceSettings {
    fn default() -> Self {
        InterfaceSettings {
            batch_endpoints: true,
            registry: Limits::default(),
            social_security_persons: Limits::default(),
            social_security_units: Limits::default(),
            pension: Limits::default(),
            bank: Limits::default(),
        }
    }
}
