//! What the simulator is told: limits per interface, anomaly shares, bank timing and pins.
//! Built in code by tests ([`SimConfig::default`], [`SimConfig::instant`]) or read from
//! `SIM_*` variables by [`SimConfig::from_env`] (see `env.rs`).

use std::time::Duration;

use serde::Serialize;

use crate::interface::{Interface, PerInterface};
use crate::pins::Pins;

/// Limits and injected faults of one interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Limits {
    /// Added to every answer (while the request counts as in flight).
    #[serde(rename = "latency_ms", serialize_with = "as_millis")]
    pub latency: Duration,
    /// Added per item after the first in a batch call, so that a batch costs more than one item.
    #[serde(rename = "item_latency_ms", serialize_with = "as_millis")]
    pub item_latency: Duration,
    /// Requests served at once; beyond it 429 at once. 0: no cap.
    pub max_in_flight: usize,
    /// Calls per second (token bucket holding one second's worth); beyond it 429. 0: no limit.
    pub rate_per_sec: u32,
    /// Share (0–100) of requests that hang for [`SimConfig::timeout_hang`] and then answer 504.
    pub timeout_percent: u8,
    /// Share (0–100) of requests answered 500.
    pub error_percent: u8,
    /// Share (0–100) of requests answered 429 regardless of the limits.
    pub throttle_percent: u8,
}

impl Limits {
    /// The defaults of one interface: 50 ms latency (0 for the registry, whose tests must stay
    /// fast), 32 in flight, 200 calls/s, no injected faults.
    pub fn default_for(interface: Interface) -> Limits {
        let (latency, item_latency) = match interface {
            Interface::Registry => (0, 0),
            Interface::SocialSecurityPersons | Interface::Pension => (50, 1),
            Interface::SocialSecurityUnits | Interface::Bank => (50, 0),
        };
        Limits {
            latency: Duration::from_millis(latency),
            item_latency: Duration::from_millis(item_latency),
            max_in_flight: 32,
            rate_per_sec: 200,
            timeout_percent: 0,
            error_percent: 0,
            throttle_percent: 0,
        }
    }
}

/// Shares, in per mille (‰) of ID numbers, of each synthetic answer. Every answer is a pure
/// function of the ID: a hash puts it in a bucket 0–999.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shares {
    /// No social-security record at all (404; 未匹配到社保信息).
    pub no_record: u16,
    /// 职退情况 死亡.
    pub deceased: u16,
    /// 职退情况 在职.
    pub active: u16,
    /// 职退情况 未知.
    pub unknown_status: u16,
    /// Retired, 退休年月 empty.
    pub retirement_month_empty: u16,
    /// Retired, 退休年月 invalid (`0000-00`, a month before birth, or month 13).
    pub retirement_month_invalid: u16,
    /// Retired, 社保姓名 differs from the imported name by one character.
    pub name_differs: u16,
    /// Medical insurance `not_insured` (drawn independently of the above).
    pub not_insured: u16,
    /// People of one unit hint on the hint's second 社保编号 (drawn independently).
    pub second_ss_code: u16,
    /// Retirees whose pension cannot be withheld (不可代扣), drawn independently; people with no
    /// record or not retired are never withholdable.
    pub not_withholdable: u16,
    /// Bank withholdings that fail (余额不足, 校验不通过, 账户状态异常 in equal parts).
    pub bank_failure: u16,
}

impl Default for Shares {
    fn default() -> Self {
        Shares {
            no_record: 30,
            deceased: 20,
            active: 20,
            unknown_status: 10,
            retirement_month_empty: 30,
            retirement_month_invalid: 20,
            name_differs: 40,
            not_insured: 20,
            second_ss_code: 100,
            not_withholdable: 50,
            bank_failure: 200,
        }
    }
}

impl Shares {
    /// Every share 0: every person is a plain retiree on the hint's first code, insured,
    /// withholdable, and every withholding succeeds.
    pub fn none() -> Shares {
        Shares {
            no_record: 0,
            deceased: 0,
            active: 0,
            unknown_status: 0,
            retirement_month_empty: 0,
            retirement_month_invalid: 0,
            name_differs: 0,
            not_insured: 0,
            second_ss_code: 0,
            not_withholdable: 0,
            bank_failure: 0,
        }
    }

    /// The person anomalies exclude each other, so together they take at most 1000 ‰.
    pub fn exclusive_total(&self) -> u32 {
        [
            self.no_record,
            self.deceased,
            self.active,
            self.unknown_status,
            self.retirement_month_empty,
            self.retirement_month_invalid,
            self.name_differs,
        ]
        .iter()
        .map(|s| u32::from(*s))
        .sum()
    }

    /// Refuses shares that cannot all hold.
    pub fn validate(&self) -> Result<(), String> {
        if self.exclusive_total() > 1000 {
            return Err(format!(
                "the person anomaly shares add up to {} ‰, more than 1000",
                self.exclusive_total()
            ));
        }
        let independent = [
            ("not_insured", self.not_insured),
            ("second_ss_code", self.second_ss_code),
            ("not_withholdable", self.not_withholdable),
            ("bank_failure", self.bank_failure),
        ];
        match independent.iter().find(|(_, v)| *v > 1000) {
            Some((name, v)) => Err(format!("share {name} is {v} ‰, more than 1000")),
            None => Ok(()),
        }
    }
}

/// The bank's timing and its callbacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BankConfig {
    /// From acceptance until results are ready (standing in for the pension day).
    #[serde(rename = "delay_ms", serialize_with = "as_millis")]
    pub delay: Duration,
    /// People allowed in one withholding request.
    pub max_people: usize,
    /// Share (‰) of requests whose callback is delivered twice, both at once.
    pub duplicate_callback_permille: u16,
    /// Deliveries tried per callback (the first and the retries).
    pub callback_attempts: u32,
    /// Pause before the first retry, doubled each time.
    #[serde(rename = "callback_backoff_ms", serialize_with = "as_millis")]
    pub callback_backoff: Duration,
    /// Time allowed for one delivery.
    #[serde(rename = "callback_timeout_ms", serialize_with = "as_millis")]
    pub callback_timeout: Duration,
}

impl Default for BankConfig {
    fn default() -> Self {
        BankConfig {
            delay: Duration::from_secs(3),
            max_people: 10_000,
            duplicate_callback_permille: 100,
            callback_attempts: 5,
            callback_backoff: Duration::from_millis(500),
            callback_timeout: Duration::from_secs(5),
        }
    }
}

/// Everything the simulator is configured with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SimConfig {
    /// Limits and faults per interface.
    pub limits: PerInterface<Limits>,
    /// How long an injected timeout hangs: longer than any client's timeout.
    #[serde(rename = "timeout_hang_ms", serialize_with = "as_millis")]
    pub timeout_hang: Duration,
    /// Whether `POST …:batch` endpoints exist (off: 404, to compare in benchmarks).
    pub batch_endpoints: bool,
    /// Items allowed in one batch call; more is 400.
    pub batch_max_items: usize,
    /// Shares of each synthetic answer.
    pub shares: Shares,
    /// 社保人数 of a social-security unit lies in `unit_retirees_min..=unit_retirees_max`.
    pub unit_retirees_min: u32,
    /// Upper end of 社保人数.
    pub unit_retirees_max: u32,
    /// Bank timing and callbacks.
    pub bank: BankConfig,
    /// Answers pinned from the start (more can be pinned through `/admin`).
    #[serde(skip)]
    pub pins: Pins,
    /// Interfaces down from the start.
    pub outage: Vec<Interface>,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            limits: PerInterface::from_fn(Limits::default_for),
            timeout_hang: Duration::from_secs(30),
            batch_endpoints: true,
            batch_max_items: 100,
            shares: Shares::default(),
            unit_retirees_min: 10,
            unit_retirees_max: 40,
            bank: BankConfig::default(),
            pins: Pins::default(),
            outage: Vec::new(),
        }
    }
}

impl SimConfig {
    /// The defaults with every wait removed, for tests: no latency, bank results ready at
    /// once, callback retries 10 ms apart. Caps, rate limits and shares stay as by default.
    pub fn instant() -> SimConfig {
        let mut config = SimConfig::default();
        config.limits.for_each_mut(|l| {
            l.latency = Duration::ZERO;
            l.item_latency = Duration::ZERO;
        });
        config.bank.delay = Duration::ZERO;
        config.bank.callback_backoff = Duration::from_millis(10);
        config
    }

    /// Refuses a configuration that cannot hold.
    pub fn validate(&self) -> Result<(), String> {
        self.shares.validate()?;
        if self.unit_retirees_min > self.unit_retirees_max {
            return Err(format!(
                "unit retirees range {}..={} is empty",
                self.unit_retirees_min, self.unit_retirees_max
            ));
        }
        if self.batch_max_items == 0 {
            return Err("batch_max_items must be at least 1".into());
        }
        Ok(())
    }
}

/// The legacy fault injection of [`crate::run`]: the same latency and faults on every
/// interface.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    /// Added to every answer.
    pub latency: Duration,
    /// Share (0–100) of requests answered 500.
    pub error_percent: u8,
    /// Share (0–100) of requests answered 429.
    pub throttle_percent: u8,
    /// Share (0–100) of requests that hang for 30 s, then answer 504 (to exercise client
    /// timeouts).
    pub timeout_percent: u8,
}

impl Faults {
    /// Reads `SIM_LATENCY_MS`, `SIM_ERROR_PERCENT`, `SIM_THROTTLE_PERCENT`, `SIM_TIMEOUT_PERCENT`.
    pub fn from_env() -> Self {
        let num = |key: &str| std::env::var(key).ok().and_then(|v| v.parse::<u64>().ok());
        let pct = |key: &str| num(key).map(|v| v.min(100) as u8).unwrap_or(0);
        Faults {
            latency: Duration::from_millis(num("SIM_LATENCY_MS").unwrap_or(0)),
            error_percent: pct("SIM_ERROR_PERCENT"),
            throttle_percent: pct("SIM_THROTTLE_PERCENT"),
            timeout_percent: pct("SIM_TIMEOUT_PERCENT"),
        }
    }
}

impl From<Faults> for SimConfig {
    /// The defaults, with the faults' latency (no per-item latency) and failure shares on every
    /// interface.
    fn from(faults: Faults) -> Self {
        let mut config = SimConfig::default();
        config.limits.for_each_mut(|l| {
            l.latency = faults.latency;
            l.item_latency = Duration::ZERO;
            l.error_percent = faults.error_percent.min(100);
            l.throttle_percent = faults.throttle_percent.min(100);
            l.timeout_percent = faults.timeout_percent.min(100);
        });
        config
    }
}

fn as_millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_show_every_anomaly() {
        let config = SimConfig::default();
        assert_eq!(config.validate(), Ok(()));
        let s = &config.shares;
        for share in [
            s.no_record,
            s.deceased,
            s.active,
            s.unknown_status,
            s.retirement_month_empty,
            s.retirement_month_invalid,
            s.name_differs,
            s.not_withholdable,
            s.bank_failure,
        ] {
            assert!(share > 0);
        }
        assert_eq!(config.limits.registry.latency, Duration::ZERO);
        assert_eq!(config.limits.pension.latency, Duration::from_millis(50));
    }

    #[test]
    fn shares_that_cannot_hold_are_refused() {
        let mut shares = Shares::none();
        assert_eq!(shares.validate(), Ok(()));
        shares.no_record = 600;
        shares.deceased = 401;
        assert!(shares.validate().is_err());
        let mut shares = Shares::none();
        shares.bank_failure = 1001;
        assert!(shares.validate().is_err());
    }

    #[test]
    fn legacy_faults_apply_to_every_interface() {
        let config = SimConfig::from(Faults {
            error_percent: 100,
            ..Default::default()
        });
        for interface in Interface::ALL {
            let limits = config.limits.get(interface);
            assert_eq!(limits.error_percent, 100);
            assert_eq!(limits.latency, Duration::ZERO);
        }
    }
}
