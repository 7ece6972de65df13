//! The simulated interfaces, each with its own limits, counters and outage switch.

use serde::{Deserialize, Serialize};

/// One external interface of SPEC §13 as the simulator limits and counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Interface {
    /// Enterprise registry (企业登记): unit name → credit code.
    Registry,
    /// Social security (社保) per person.
    SocialSecurityPersons,
    /// Social-security unit (社保单位): 社保编号 → 社保人数.
    SocialSecurityUnits,
    /// Pension withholding (养老金代扣): 可代扣 / 不可代扣.
    Pension,
    /// Bank withholding (银行代扣).
    Bank,
}

impl Interface {
    /// Every interface, in the order stats and tables list them.
    pub const ALL: [Interface; 5] = [
        Interface::Registry,
        Interface::SocialSecurityPersons,
        Interface::SocialSecurityUnits,
        Interface::Pension,
        Interface::Bank,
    ];

    /// The name used in JSON (`social_security_persons`, …).
    pub fn name(self) -> &'static str {
        match self {
            Interface::Registry => "registry",
            Interface::SocialSecurityPersons => "social_security_persons",
            Interface::SocialSecurityUnits => "social_security_units",
            Interface::Pension => "pension",
            Interface::Bank => "bank",
        }
    }

    /// Reads a JSON name back.
    pub fn parse(raw: &str) -> Option<Interface> {
        Interface::ALL.into_iter().find(|i| i.name() == raw.trim())
    }

    /// Prefix of this interface's limit variables (`SIM_SS_PERSONS_LATENCY_MS`, …).
    pub fn env_prefix(self) -> &'static str {
        match self {
            Interface::Registry => "SIM_REGISTRY_",
            Interface::SocialSecurityPersons => "SIM_SS_PERSONS_",
            Interface::SocialSecurityUnits => "SIM_SS_UNITS_",
            Interface::Pension => "SIM_PENSION_",
            Interface::Bank => "SIM_BANK_",
        }
    }
}

/// One value per interface.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerInterface<T> {
    /// Enterprise registry.
    pub registry: T,
    /// Social security per person.
    pub social_security_persons: T,
    /// Social-security units.
    pub social_security_units: T,
    /// Pension withholding.
    pub pension: T,
    /// Bank withholding.
    pub bank: T,
}

impl<T> PerInterface<T> {
    /// Builds each value from its interface.
    pub fn from_fn(mut f: impl FnMut(Interface) -> T) -> Self {
        PerInterface {
            registry: f(Interface::Registry),
            social_security_persons: f(Interface::SocialSecurityPersons),
            social_security_units: f(Interface::SocialSecurityUnits),
            pension: f(Interface::Pension),
            bank: f(Interface::Bank),
        }
    }

    /// The value of one interface.
    pub fn get(&self, interface: Interface) -> &T {
        match interface {
            Interface::Registry => &self.registry,
            Interface::SocialSecurityPersons => &self.social_security_persons,
            Interface::SocialSecurityUnits => &self.social_security_units,
            Interface::Pension => &self.pension,
            Interface::Bank => &self.bank,
        }
    }

    /// The value of one interface, to change it.
    pub fn get_mut(&mut self, interface: Interface) -> &mut T {
        match interface {
            Interface::Registry => &mut self.registry,
            Interface::SocialSecurityPersons => &mut self.social_security_persons,
            Interface::SocialSecurityUnits => &mut self.social_security_units,
            Interface::Pension => &mut self.pension,
            Interface::Bank => &mut self.bank,
        }
    }

    /// Changes every interface's value the same way.
    pub fn for_each_mut(&mut self, mut f: impl FnMut(&mut T)) {
        for interface in Interface::ALL {
            f(self.get_mut(interface));
        }
    }

    /// Maps each value.
    pub fn map<U>(&self, mut f: impl FnMut(Interface, &T) -> U) -> PerInterface<U> {
        PerInterface::from_fn(|i| f(i, self.get(i)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        for interface in Interface::ALL {
            assert_eq!(Interface::parse(interface.name()), Some(interface));
            let json = serde_json::to_value(interface).unwrap_or_default();
            assert_eq!(json, serde_json::Value::from(interface.name()));
        }
        assert_eq!(Interface::parse("mail"), None);
    }
}
