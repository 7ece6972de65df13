//! One HTTP client policy for every external interface: a timeout per call, at most
//! `concurrency` calls in flight, at most `rate_per_second` calls started per second, and
//! retries of timeouts, refused connections, 5xx and 429 with exponential backoff and
//! jitter — waiting what `Retry-After` asks when the service says so. The caps are the
//! platform's: with several server instances, each call weighs as many permits (of both
//! caps) as there are live instances (`crate::app::instances`), so together they stay
//! within them.

use std::sync::Arc;
use std::time::Instant;

use crate::app::instances::InstanceShare;
use crate::metrics::{CallOutcome, Metrics};
use std::num::NonZeroU32;
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use reqwest::{RequestBuilder, Response, StatusCode};
use serde::Deserialize;
use tokio::sync::Semaphore;

/// The limits of one interface (config: `[interfaces.<name>]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Limits {
    /// Time allowed for one call, in milliseconds.
    pub timeout_ms: u64,
    /// Calls in flight at most.
    pub concurrency: usize,
    /// Calls started per second at most.
    pub rate_per_second: u32,
    /// Attempts in all (the first call and its retries).
    pub attempts: usize,
    /// Pause before the first retry, in milliseconds (doubled each time, with jitter).
    pub backoff_ms: u64,
    /// Longest pause between retries, in milliseconds (also caps `Retry-After`).
    pub max_backoff_ms: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout_ms: 3_000,
            concurrency: 32,
            rate_per_second: 200,
            attempts: 3,
            backoff_ms: 200,
            max_backoff_ms: 10_000,
        }
    }
}

/// Why a call to an external interface failed (after the retries).
#[derive(Debug, thiserror::Error)]
pub enum InterfaceError {
    /// Timeouts, refused connections, 5xx or 429 until the attempts ran out.
    #[error("{interface} unavailable: {cause}")]
    Unavailable {
        /// Which interface.
        interface: &'static str,
        /// The last failure.
        cause: String,
    },
    /// The service answered a status that no retry will change (4xx other than 429).
    #[error("{interface} answered {status}")]
    Rejected {
        /// Which interface.
        interface: &'static str,
        /// The status.
        status: u16,
    },
    /// The answer could not be read.
    #[error("{interface} answered unreadable data: {cause}")]
    Unreadable {
        /// Which interface.
        interface: &'static str,
        /// Why.
        cause: String,
    },
}

/// One failed attempt, and whether (and when) to try again.
#[derive(Debug)]
struct Attempt {
    cause: String,
    /// The status answered, if the service answered.
    status: Option<StatusCode>,
    retry: bool,
    retry_after: Option<Duration>,
}

impl Attempt {
    fn failed(cause: String, retry: bool) -> Self {
        Attempt {
            cause,
            status: None,
            retry,
            retry_after: None,
        }
    }
}

/// The client of one interface.
pub struct HttpInterface {
    name: &'static str,
    base_url: String,
    client: reqwest::Client,
    permits: Semaphore,
    limiter: DefaultDirectRateLimiter,
    limits: Limits,
    metrics: Option<Arc<Metrics>>,
    share: InstanceShare,
}

impl HttpInterface {
    /// A client of the interface `name` at `base_url`.
    pub fn new(name: &'static str, base_url: &str, limits: Limits) -> anyhow::Result<Self> {
        let rate = NonZeroU32::new(limits.rate_per_second.max(1)).unwrap_or(NonZeroU32::MIN);
        let client = reqwest::Client::builder()
            .timeout(Duration::from_millis(limits.timeout_ms.max(1)))
            .connect_timeout(Duration::from_millis(limits.timeout_ms.clamp(1, 2_000)))
            .pool_max_idle_per_host(limits.concurrency.max(1))
            .build()?;
        Ok(HttpInterface {
            name,
            base_url: base_url.trim_end_matches('/').to_owned(),
            client,
            permits: Semaphore::new(limits.concurrency.max(1)),
            limiter: RateLimiter::direct(Quota::per_second(rate)),
            limits,
            metrics: None,
            share: InstanceShare::default(),
        })
    }

    /// The same client, taking this instance's `share` of the caps.
    pub fn shared(mut self, share: InstanceShare) -> Self {
        self.share = share;
        self
    }

    /// What one call weighs in permits of both caps: the number of live instances, so
    /// each instance gets its share (never more than a cap itself, so a call can start).
    fn weight(&self) -> u32 {
        let caps = u32::try_from(self.limits.concurrency.max(1))
            .unwrap_or(u32::MAX)
            .min(self.limits.rate_per_second.max(1));
        self.share.instances().min(caps)
    }

    /// The same client, counting and timing its calls in `metrics`.
    pub fn observed(mut self, metrics: Arc<Metrics>) -> Self {
        self.metrics = Some(metrics);
        self
    }

    fn record(&self, outcome: CallOutcome, started: Instant) {
        if let Some(m) = &self.metrics {
            m.call(self.name, outcome, started.elapsed());
        }
    }

    /// The interface's name (for logs and errors).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Calls in flight at most.
    pub fn concurrency(&self) -> usize {
        self.limits.concurrency
    }

    /// `base_url` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Sends the request `build` makes (again for every attempt) within the limits and
    /// answers the first response that is not worth retrying: a success, or a 4xx other
    /// than 429 (the caller decides what a 404 means).
    pub async fn send(
        &self,
        build: impl Fn(&reqwest::Client) -> RequestBuilder,
    ) -> Result<Response, InterfaceError> {
        let backoff = ExponentialBuilder::default()
            .with_min_delay(Duration::from_millis(self.limits.backoff_ms))
            .with_max_delay(Duration::from_millis(self.limits.max_backoff_ms))
            .with_max_times(self.limits.attempts.saturating_sub(1))
            .with_jitter();
        let max_wait = Duration::from_millis(self.limits.max_backoff_ms);
        let attempt = || async { self.attempt(&build).await };
        attempt
            .retry(backoff)
            .when(|a: &Attempt| a.retry)
            .adjust(|a: &Attempt, planned| match (planned, a.retry_after) {
                (Some(_), Some(asked)) => Some(asked.min(max_wait)),
                (planned, _) => planned,
            })
            .notify(|a: &Attempt, wait| {
                tracing::debug!(interface = self.name, cause = %a.cause, ?wait, "retrying");
            })
            .await
            .map_err(|a| match a.status {
                Some(status) if !a.retry => InterfaceError::Rejected {
                    interface: self.name,
                    status: status.as_u16(),
                },
                _ => InterfaceError::Unavailable {
                    interface: self.name,
                    cause: a.cause,
                },
            })
    }

    async fn attempt(
        &self,
        build: &impl Fn(&reqwest::Client) -> RequestBuilder,
    ) -> Result<Response, Attempt> {
        let weight = self.weight();
        let _permit = self
            .permits
            .acquire_many(weight)
            .await
            .map_err(|e| Attempt::failed(e.to_string(), false))?;
        let cells = NonZeroU32::new(weight).unwrap_or(NonZeroU32::MIN);
        if self.limiter.until_n_ready(cells).await.is_err() {
            // More cells than the burst: cannot happen (the weight is capped by the rate).
            self.limiter.until_ready().await;
        }
        let started = Instant::now();
        let res = build(&self.client).send().await.map_err(|e| {
            self.record(CallOutcome::NoAnswer, started);
            Attempt::failed(describe(e), true)
        })?;
        let status = res.status();
        self.record(
            match status {
                s if s == StatusCode::TOO_MANY_REQUESTS => CallOutcome::RateLimited,
                s if s.is_server_error() => CallOutcome::ServerError,
                s if s.is_client_error() && s != StatusCode::NOT_FOUND => CallOutcome::Rejected,
                _ => CallOutcome::Ok,
            },
            started,
        );
        if status.is_success() {
            return Ok(res);
        }
        if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            return Err(Attempt {
                cause: format!("answered {status}"),
                status: Some(status),
                retry: true,
                retry_after: retry_after(&res),
            });
        }
        if status.is_client_error() && status != StatusCode::NOT_FOUND {
            return Err(Attempt {
                cause: format!("answered {status}"),
                status: Some(status),
                retry: false,
                retry_after: None,
            });
        }
        Ok(res)
    }

    /// Reads a JSON answer.
    pub async fn json<T: serde::de::DeserializeOwned>(
        &self,
        res: Response,
    ) -> Result<T, InterfaceError> {
        res.json().await.map_err(|e| InterfaceError::Unreadable {
            interface: self.name,
            cause: describe(e),
        })
    }
}

/// Percent-encodes a path segment (IDs are ASCII letters and digits; anything else is
/// escaped so it can never change the path).
pub fn url_escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// A transport or decoding failure without the URL reqwest puts in its message: our URLs
/// carry ID numbers in the path and names in the query, and the failure goes to the log
/// and into the job's `last_error`.
fn describe(err: reqwest::Error) -> String {
    let kind = if err.is_timeout() {
        " (timeout)"
    } else if err.is_connect() {
        " (connect)"
    } else {
        ""
    };
    format!("{}{kind}", err.without_url())
}

/// `Retry-After` in seconds (the HTTP-date form is not used by the services we call).
fn retry_after(res: &Response) -> Option<Duration> {
    res.headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}
