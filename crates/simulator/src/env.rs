//! Reads [`SimConfig`] from `SIM_*` variables. A variable that is set but unreadable stops the
//! start with a message naming it, rather than silently running with a default.

use std::str::FromStr;
use std::time::Duration;

use crate::config::{Limits, SimConfig};
use crate::interface::Interface;
use crate::pins::Pins;

/// A `SIM_*` variable that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The value does not parse.
    #[error("{var}={value:?}: expected {expected}")]
    Invalid {
        /// The variable.
        var: String,
        /// Its value.
        value: String,
        /// What it should look like.
        expected: &'static str,
    },
    /// The pins file cannot be read or parsed.
    #[error("SIM_PINS_FILE {path}: {reason}")]
    PinsFile {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// The values do not fit together.
    #[error("{0}")]
    Inconsistent(String),
}

impl SimConfig {
    /// Reads the configuration from the process environment (see the table in the crate docs).
    pub fn from_env() -> Result<SimConfig, ConfigError> {
        SimConfig::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads the configuration through `lookup` (a variable name → its value).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<SimConfig, ConfigError> {
        let env = Env(&lookup);
        let mut c = SimConfig::default();

        // Global fault variables apply to every interface; per-interface ones win.
        let latency = env.millis("SIM_LATENCY_MS")?;
        let error = env.percent("SIM_ERROR_PERCENT")?;
        let throttle = env.percent("SIM_THROTTLE_PERCENT")?;
        let timeout = env.percent("SIM_TIMEOUT_PERCENT")?;
        for interface in Interface::ALL {
            let p = interface.env_prefix();
            let l: &mut Limits = c.limits.get_mut(interface);
            let var = |suffix: &str| format!("{p}{suffix}");
            l.latency = env
                .millis(&var("LATENCY_MS"))?
                .or(latency)
                .unwrap_or(l.latency);
            l.item_latency = env
                .millis(&var("ITEM_LATENCY_MS"))?
                .unwrap_or(l.item_latency);
            l.max_in_flight = env.num(&var("MAX_IN_FLIGHT"))?.unwrap_or(l.max_in_flight);
            l.rate_per_sec = env.num(&var("RATE_PER_SEC"))?.unwrap_or(l.rate_per_sec);
            l.error_percent = env.percent(&var("ERROR_PERCENT"))?.or(error).unwrap_or(0);
            l.throttle_percent = env
                .percent(&var("THROTTLE_PERCENT"))?
                .or(throttle)
                .unwrap_or(0);
            l.timeout_percent = env
                .percent(&var("TIMEOUT_PERCENT"))?
                .or(timeout)
                .unwrap_or(0);
        }
        c.timeout_hang = env.millis("SIM_TIMEOUT_HANG_MS")?.unwrap_or(c.timeout_hang);
        c.batch_endpoints = env
            .switch("SIM_BATCH_ENDPOINTS")?
            .unwrap_or(c.batch_endpoints);
        c.batch_max_items = env.num("SIM_BATCH_MAX_ITEMS")?.unwrap_or(c.batch_max_items);

        let s = &mut c.shares;
        for (var, share) in [
            ("SIM_SS_NO_RECORD_PERMILLE", &mut s.no_record),
            ("SIM_SS_DECEASED_PERMILLE", &mut s.deceased),
            ("SIM_SS_ACTIVE_PERMILLE", &mut s.active),
            ("SIM_SS_UNKNOWN_PERMILLE", &mut s.unknown_status),
            (
                "SIM_SS_RETIREMENT_EMPTY_PERMILLE",
                &mut s.retirement_month_empty,
            ),
            (
                "SIM_SS_RETIREMENT_INVALID_PERMILLE",
                &mut s.retirement_month_invalid,
            ),
            ("SIM_SS_NAME_DIFFERS_PERMILLE", &mut s.name_differs),
            ("SIM_SS_NOT_INSURED_PERMILLE", &mut s.not_insured),
            ("SIM_SS_SECOND_CODE_PERMILLE", &mut s.second_ss_code),
            (
                "SIM_PENSION_NOT_WITHHOLDABLE_PERMILLE",
                &mut s.not_withholdable,
            ),
            ("SIM_BANK_FAILURE_PERMILLE", &mut s.bank_failure),
        ] {
            *share = env.permille(var)?.unwrap_or(*share);
        }
        c.unit_retirees_min = env
            .num("SIM_SS_UNIT_RETIREES_MIN")?
            .unwrap_or(c.unit_retirees_min);
        c.unit_retirees_max = env
            .num("SIM_SS_UNIT_RETIREES_MAX")?
            .unwrap_or(c.unit_retirees_max);

        let b = &mut c.bank;
        b.delay = env.millis("SIM_BANK_DELAY_MS")?.unwrap_or(b.delay);
        b.max_people = env.num("SIM_BANK_MAX_PEOPLE")?.unwrap_or(b.max_people);
        b.duplicate_callback_permille = env
            .permille("SIM_BANK_DUPLICATE_CALLBACK_PERMILLE")?
            .unwrap_or(b.duplicate_callback_permille);
        b.callback_attempts = env
            .num("SIM_BANK_CALLBACK_ATTEMPTS")?
            .unwrap_or(b.callback_attempts);
        b.callback_backoff = env
            .millis("SIM_BANK_CALLBACK_BACKOFF_MS")?
            .unwrap_or(b.callback_backoff);
        b.callback_timeout = env
            .millis("SIM_BANK_CALLBACK_TIMEOUT_MS")?
            .unwrap_or(b.callback_timeout);

        if let Some(list) = env.get("SIM_OUTAGE") {
            for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                let interface = Interface::parse(name).ok_or_else(|| ConfigError::Invalid {
                    var: "SIM_OUTAGE".into(),
                    value: list.clone(),
                    expected: "a comma-separated list of interface names",
                })?;
                c.outage.push(interface);
            }
        }
        if let Some(path) = env.get("SIM_PINS_FILE").filter(|p| !p.trim().is_empty()) {
            c.pins = Pins::load(path.trim()).map_err(|reason| ConfigError::PinsFile {
                path: path.clone(),
                reason,
            })?;
        }
        c.validate().map_err(ConfigError::Inconsistent)?;
        Ok(c)
    }
}

struct Env<'a>(&'a dyn Fn(&str) -> Option<String>);

impl Env<'_> {
    fn get(&self, var: &str) -> Option<String> {
        (self.0)(var).filter(|v| !v.trim().is_empty())
    }

    fn parse<T: FromStr>(
        &self,
        var: &str,
        expected: &'static str,
    ) -> Result<Option<T>, ConfigError> {
        match self.get(var) {
            None => Ok(None),
            Some(value) => value
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| ConfigError::Invalid {
                    var: var.into(),
                    value,
                    expected,
                }),
        }
    }

    fn num<T: FromStr>(&self, var: &str) -> Result<Option<T>, ConfigError> {
        self.parse(var, "a whole number ≥ 0")
    }

    fn millis(&self, var: &str) -> Result<Option<Duration>, ConfigError> {
        Ok(self.num::<u64>(var)?.map(Duration::from_millis))
    }

    fn bounded(
        &self,
        var: &str,
        max: u16,
        expected: &'static str,
    ) -> Result<Option<u16>, ConfigError> {
        match self.parse::<u16>(var, expected)? {
            Some(v) if v > max => Err(ConfigError::Invalid {
                var: var.into(),
                value: v.to_string(),
                expected,
            }),
            other => Ok(other),
        }
    }

    fn percent(&self, var: &str) -> Result<Option<u8>, ConfigError> {
        Ok(self
            .bounded(var, 100, "a percentage 0–100")?
            .map(|v| u8::try_from(v).unwrap_or(100)))
    }

    fn permille(&self, var: &str) -> Result<Option<u16>, ConfigError> {
        self.bounded(var, 1000, "a per-mille share 0–1000")
    }

    fn switch(&self, var: &str) -> Result<Option<bool>, ConfigError> {
        match self.get(var) {
            None => Ok(None),
            Some(v) => match v.trim().to_ascii_lowercase().as_str() {
                "on" | "true" | "1" | "yes" => Ok(Some(true)),
                "off" | "false" | "0" | "no" => Ok(Some(false)),
                _ => Err(ConfigError::Invalid {
                    var: var.into(),
                    value: v,
                    expected: "on or off",
                }),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn read(vars: &[(&str, &str)]) -> Result<SimConfig, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        SimConfig::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn nothing_set_is_the_defaults() {
        assert_eq!(read(&[]).ok(), Some(SimConfig::default()));
    }

    #[test]
    fn per_interface_variables_win_over_global_ones() {
        let c = read(&[
            ("SIM_LATENCY_MS", "7"),
            ("SIM_PENSION_LATENCY_MS", "0"),
            ("SIM_ERROR_PERCENT", "5"),
            ("SIM_BANK_ERROR_PERCENT", "50"),
            ("SIM_SS_PERSONS_MAX_IN_FLIGHT", "4"),
            ("SIM_SS_UNITS_RATE_PER_SEC", "9"),
            ("SIM_BATCH_ENDPOINTS", "off"),
            ("SIM_SS_NAME_DIFFERS_PERMILLE", "0"),
            ("SIM_BANK_DELAY_MS", "0"),
            ("SIM_OUTAGE", "pension, bank"),
        ])
        .ok();
        let Some(c) = c else {
            panic!("configuration refused");
        };
        assert_eq!(c.limits.registry.latency, Duration::from_millis(7));
        assert_eq!(c.limits.pension.latency, Duration::ZERO);
        assert_eq!(c.limits.registry.error_percent, 5);
        assert_eq!(c.limits.bank.error_percent, 50);
        assert_eq!(c.limits.social_security_persons.max_in_flight, 4);
        assert_eq!(c.limits.social_security_units.rate_per_sec, 9);
        assert!(!c.batch_endpoints);
        assert_eq!(c.shares.name_differs, 0);
        assert_eq!(c.bank.delay, Duration::ZERO);
        assert_eq!(c.outage, vec![Interface::Pension, Interface::Bank]);
    }

    #[test]
    fn unreadable_values_name_the_variable() {
        for (var, value) in [
            ("SIM_PENSION_LATENCY_MS", "fast"),
            ("SIM_ERROR_PERCENT", "101"),
            ("SIM_SS_DECEASED_PERMILLE", "1001"),
            ("SIM_BATCH_ENDPOINTS", "maybe"),
            ("SIM_OUTAGE", "mail"),
        ] {
            let err = read(&[(var, value)])
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(err.contains(var), "{var}={value}: {err}");
        }
        assert!(read(&[("SIM_SS_UNIT_RETIREES_MIN", "50")]).is_err());
        assert!(read(&[("SIM_PINS_FILE", "/nonexistent/pins.json")]).is_err());
    }
}
