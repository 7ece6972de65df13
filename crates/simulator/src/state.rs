//! The simulator's shared state: its configuration, the gates, the pins and the bank's
//! requests. In memory only: the simulator is a test double.

use std::sync::{Mutex, MutexGuard};

use crate::bank::BankStore;
use crate::config::SimConfig;
use crate::limits::Gates;
use crate::pins::Pins;

/// Everything the handlers share.
pub struct Sim {
    /// The configuration it started with.
    pub config: SimConfig,
    /// Limits and counters per interface.
    pub gates: Gates,
    /// Accepted bank withholding requests.
    pub bank: BankStore,
    /// Delivers bank callbacks.
    pub http: reqwest::Client,
    pins: Mutex<Pins>,
}

impl Sim {
    /// State for a fresh start.
    pub fn new(config: SimConfig) -> Sim {
        let http = reqwest::Client::builder()
            .timeout(config.bank.callback_timeout)
            .build()
            .unwrap_or_default();
        Sim {
            gates: Gates::new(&config),
            bank: BankStore::default(),
            http,
            pins: Mutex::new(config.pins.clone()),
            config,
        }
    }

    /// The pins, locked; hold the guard only for a computation, never across an await.
    pub fn pins(&self) -> MutexGuard<'_, Pins> {
        self.pins
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
