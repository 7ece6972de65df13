//! The server's notion of "now", injectable so tests can move time.

use std::sync::{Arc, RwLock};

use chrono::{DateTime, Duration, Utc};

/// A source of the current instant.
pub trait Clock: Send + Sync + 'static {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
}

/// The wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// The wall clock shifted by an offset that tests (and the demo switch) can change.
#[derive(Debug, Clone, Default)]
pub struct OffsetClock {
    offset: Arc<RwLock<Duration>>,
}

impl OffsetClock {
    /// Moves "now" forward by `by`.
    pub fn advance(&self, by: Duration) {
        if let Ok(mut offset) = self.offset.write() {
            *offset += by;
        }
    }

    /// Makes "now" be `at` (the clock keeps running from there).
    pub fn set(&self, at: DateTime<Utc>) {
        if let Ok(mut offset) = self.offset.write() {
            *offset = at - Utc::now();
        }
    }
}

impl Clock for OffsetClock {
    fn now(&self) -> DateTime<Utc> {
        let offset = self.offset.read().map(|o| *o).unwrap_or_default();
        Utc::now() + offset
    }
}
