//! The gate every interface call passes: outage switch, concurrency cap, rate limit, latency,
//! injected faults, and the counters `/admin/stats` shows.

use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::HttpResponse;
use rand::Rng;
use serde::Serialize;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::config::{Limits, SimConfig};
use crate::errors;
use crate::interface::{Interface, PerInterface};

/// A token bucket holding one second's worth of calls, refilled continuously.
#[derive(Debug)]
pub struct TokenBucket {
    rate: f64,
    tokens: f64,
    last: Instant,
}

impl TokenBucket {
    /// A full bucket for `rate` calls per second (at least 1).
    pub fn new(rate: u32, now: Instant) -> TokenBucket {
        let rate = f64::from(rate.max(1));
        TokenBucket {
            rate,
            tokens: rate,
            last: now,
        }
    }

    /// Takes one token, or says how long until one is there.
    pub fn try_take(&mut self, now: Instant) -> Result<(), Duration> {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.rate).min(self.rate);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - self.tokens) / self.rate))
        }
    }
}

/// `Retry-After` in whole seconds, at least 1.
pub fn retry_after_secs(wait: Duration) -> u64 {
    wait.as_secs_f64().ceil().max(1.0) as u64
}

/// Counters of one interface.
#[derive(Debug, Default)]
struct Counters {
    calls: AtomicU64,
    items: AtomicU64,
    status_2xx: AtomicU64,
    status_4xx: AtomicU64,
    status_429: AtomicU64,
    status_5xx: AtomicU64,
    rejected_in_flight: AtomicU64,
    rejected_rate: AtomicU64,
    rejected_outage: AtomicU64,
    injected_errors: AtomicU64,
    injected_throttles: AtomicU64,
    injected_timeouts: AtomicU64,
    in_flight: AtomicU64,
    max_in_flight: AtomicU64,
}

/// What `/admin/stats` shows for one interface.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct InterfaceStats {
    /// Requests that reached the interface, whatever the answer.
    pub calls: u64,
    /// Items answered with 2xx: 1 per single call, the item count per batch call.
    pub items: u64,
    /// Answers 2xx.
    pub status_2xx: u64,
    /// Answers 4xx other than 429 (404 no record, 400 malformed, …).
    pub status_4xx: u64,
    /// Answers 429, whatever the cause.
    pub status_429: u64,
    /// Answers 5xx (outage 503, injected 500, timeout 504).
    pub status_5xx: u64,
    /// 429s because the concurrency cap was reached.
    pub rejected_in_flight: u64,
    /// 429s because the rate limit was exceeded.
    pub rejected_rate: u64,
    /// 503s because the interface was switched off.
    pub rejected_outage: u64,
    /// Injected 500s.
    pub injected_errors: u64,
    /// Injected 429s.
    pub injected_throttles: u64,
    /// Injected hangs (answered 504 if the client still waits).
    pub injected_timeouts: u64,
    /// Requests being served now.
    pub in_flight: u64,
    /// Most requests served at once since the start or the last reset.
    pub max_in_flight: u64,
}

/// One interface's gate.
struct Gate {
    limits: Limits,
    semaphore: Option<Arc<Semaphore>>,
    bucket: Option<Mutex<TokenBucket>>,
    down: AtomicBool,
    counters: Counters,
}

/// Keeps the in-flight count right even when the client hangs up mid-call.
struct InFlight<'a> {
    counters: &'a Counters,
    _permit: Option<OwnedSemaphorePermit>,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.counters.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// What a handler answers, with how many items it answered (for the `items` counter).
pub struct Answer {
    /// The response.
    pub response: HttpResponse,
    /// Items in it.
    pub items: u64,
}

impl Answer {
    /// A single-item answer.
    pub fn one(response: HttpResponse) -> Answer {
        Answer { response, items: 1 }
    }
}

/// The gates of all interfaces.
pub struct Gates {
    gates: PerInterface<Gate>,
    timeout_hang: Duration,
}

impl Gates {
    /// Gates set up from the configuration (buckets full, outages as configured).
    pub fn new(config: &SimConfig) -> Gates {
        let now = Instant::now();
        Gates {
            gates: config.limits.map(|interface, limits| Gate {
                limits: limits.clone(),
                semaphore: (limits.max_in_flight > 0)
                    .then(|| Arc::new(Semaphore::new(limits.max_in_flight))),
                bucket: (limits.rate_per_sec > 0)
                    .then(|| Mutex::new(TokenBucket::new(limits.rate_per_sec, now))),
                down: AtomicBool::new(config.outage.contains(&interface)),
                counters: Counters::default(),
            }),
            timeout_hang: config.timeout_hang,
        }
    }

    /// Runs one call of `interface` through the gate; `items` (for a batch) adds item latency.
    pub async fn serve<F, Fut>(
        &self,
        interface: Interface,
        items: usize,
        handler: F,
    ) -> HttpResponse
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Answer>,
    {
        let gate = self.gates.get(interface);
        let c = &gate.counters;
        c.calls.fetch_add(1, Ordering::SeqCst);
        let answer = match self.admit(gate).await {
            Err(rejection) => Answer {
                response: rejection,
                items: 0,
            },
            Ok(_in_flight) => {
                let extra = u32::try_from(items.saturating_sub(1)).unwrap_or(u32::MAX);
                let wait = gate.limits.latency + gate.limits.item_latency * extra;
                if !wait.is_zero() {
                    tokio::time::sleep(wait).await;
                }
                match self.inject(gate).await {
                    Some(failure) => Answer {
                        response: failure,
                        items: 0,
                    },
                    None => handler().await,
                }
            }
        };
        let status = answer.response.status();
        let counter = match status.as_u16() {
            200..=299 => {
                c.items.fetch_add(answer.items, Ordering::SeqCst);
                &c.status_2xx
            }
            429 => &c.status_429,
            400..=499 => &c.status_4xx,
            500..=599 => &c.status_5xx,
            _ => return answer.response,
        };
        counter.fetch_add(1, Ordering::SeqCst);
        answer.response
    }

    async fn admit<'a>(&self, gate: &'a Gate) -> Result<InFlight<'a>, HttpResponse> {
        let c = &gate.counters;
        if gate.down.load(Ordering::SeqCst) {
            c.rejected_outage.fetch_add(1, Ordering::SeqCst);
            return Err(errors::unavailable());
        }
        let permit = match &gate.semaphore {
            None => None,
            Some(semaphore) => match semaphore.clone().try_acquire_owned() {
                Ok(permit) => Some(permit),
                Err(_) => {
                    c.rejected_in_flight.fetch_add(1, Ordering::SeqCst);
                    return Err(errors::too_many("too_many_in_flight", 1));
                }
            },
        };
        if let Some(bucket) = &gate.bucket {
            let taken = bucket
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .try_take(Instant::now());
            if let Err(wait) = taken {
                c.rejected_rate.fetch_add(1, Ordering::SeqCst);
                return Err(errors::too_many("rate_limited", retry_after_secs(wait)));
            }
        }
        let now = c.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        c.max_in_flight.fetch_max(now, Ordering::SeqCst);
        Ok(InFlight {
            counters: c,
            _permit: permit,
        })
    }

    async fn inject(&self, gate: &Gate) -> Option<HttpResponse> {
        let l = &gate.limits;
        let c = &gate.counters;
        let roll: u8 = rand::thread_rng().gen_range(0..100);
        if roll < l.timeout_percent {
            c.injected_timeouts.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(self.timeout_hang).await;
            return Some(errors::error(
                actix_web::http::StatusCode::GATEWAY_TIMEOUT,
                "timeout",
                "injected timeout",
            ));
        }
        let roll: u8 = rand::thread_rng().gen_range(0..100);
        if roll < l.error_percent {
            c.injected_errors.fetch_add(1, Ordering::SeqCst);
            return Some(errors::error(
                actix_web::http::StatusCode::INTERNAL_SERVER_ERROR,
                "injected_failure",
                "injected failure",
            ));
        }
        if roll < l.error_percent.saturating_add(l.throttle_percent) {
            c.injected_throttles.fetch_add(1, Ordering::SeqCst);
            return Some(errors::too_many("rate_limited", 1));
        }
        None
    }

    /// Switches an interface off (every call 503) or on again.
    pub fn set_down(&self, interface: Interface, down: bool) {
        self.gates.get(interface).down.store(down, Ordering::SeqCst);
    }

    /// Which interfaces are down.
    pub fn outage(&self) -> PerInterface<bool> {
        self.gates.map(|_, g| g.down.load(Ordering::SeqCst))
    }

    /// The counters now.
    pub fn stats(&self) -> PerInterface<InterfaceStats> {
        self.gates.map(|_, g| {
            let c = &g.counters;
            let get = |a: &AtomicU64| a.load(Ordering::SeqCst);
            InterfaceStats {
                calls: get(&c.calls),
                items: get(&c.items),
                status_2xx: get(&c.status_2xx),
                status_4xx: get(&c.status_4xx),
                status_429: get(&c.status_429),
                status_5xx: get(&c.status_5xx),
                rejected_in_flight: get(&c.rejected_in_flight),
                rejected_rate: get(&c.rejected_rate),
                rejected_outage: get(&c.rejected_outage),
                injected_errors: get(&c.injected_errors),
                injected_throttles: get(&c.injected_throttles),
                injected_timeouts: get(&c.injected_timeouts),
                in_flight: get(&c.in_flight),
                max_in_flight: get(&c.max_in_flight),
            }
        })
    }

    /// Zeroes the counters; `max_in_flight` restarts from what is in flight now.
    pub fn reset_stats(&self) {
        for interface in Interface::ALL {
            let c = &self.gates.get(interface).counters;
            for counter in [
                &c.calls,
                &c.items,
                &c.status_2xx,
                &c.status_4xx,
                &c.status_429,
                &c.status_5xx,
                &c.rejected_in_flight,
                &c.rejected_rate,
                &c.rejected_outage,
                &c.injected_errors,
                &c.injected_throttles,
                &c.injected_timeouts,
            ] {
                counter.store(0, Ordering::SeqCst);
            }
            c.max_in_flight
                .store(c.in_flight.load(Ordering::SeqCst), Ordering::SeqCst);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bucket_allows_one_second_of_calls_then_refills() {
        let start = Instant::now();
        let mut bucket = TokenBucket::new(4, start);
        for _ in 0..4 {
            assert_eq!(bucket.try_take(start), Ok(()));
        }
        let wait = bucket.try_take(start).err().unwrap_or_default();
        assert!(
            wait > Duration::ZERO && wait <= Duration::from_millis(250),
            "{wait:?}"
        );
        assert_eq!(retry_after_secs(wait), 1);
        assert_eq!(bucket.try_take(start + Duration::from_millis(260)), Ok(()));
        assert!(bucket.try_take(start + Duration::from_millis(260)).is_err());
        // Idle for long: full again, never more than one second's worth.
        let later = start + Duration::from_secs(10);
        for _ in 0..4 {
            assert_eq!(bucket.try_take(later), Ok(()));
        }
        assert!(bucket.try_take(later).is_err());
    }

    #[test]
    fn retry_after_is_whole_seconds_at_least_one() {
        assert_eq!(retry_after_secs(Duration::ZERO), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(10)), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(1500)), 2);
    }
}
