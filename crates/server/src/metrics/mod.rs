//! `/metrics` in the Prometheus text format: what this instance served and called
//! (counters and latency histograms kept in memory, per instance — Prometheus sums the
//! instances), and what the shared database holds (task-queue depth and age, the outbox's
//! backlog), read at each scrape so every instance answers the same figures.

mod requests;
mod routes;

use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use serde::Deserialize;

pub use requests::record_requests;
pub use routes::configure;

/// `[metrics]`: who may read `/metrics`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct MetricsSettings {
    /// A bearer token that opens `/metrics` from anywhere (`RTP_METRICS__TOKEN`).
    pub token: Option<secrecy::SecretString>,
    /// Whether a scrape from this machine (127.0.0.1 / ::1) needs no token.
    pub allow_loopback: bool,
}

impl Default for MetricsSettings {
    fn default() -> Self {
        MetricsSettings {
            token: None,
            allow_loopback: true,
        }
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CallLabels {
    interface: String,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct InterfaceLabel {
    interface: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct KindLabels {
    kind: String,
    state: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct KindLabel {
    kind: String,
}

type Histograms<L> = Family<L, Histogram, fn() -> Histogram>;

fn latency_histogram() -> Histogram {
    // 1 ms … 16 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

/// How an external call ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallOutcome {
    /// A 2xx (or a 404 the caller interprets).
    Ok,
    /// 429: the interface asked us to slow down.
    RateLimited,
    /// A 5xx.
    ServerError,
    /// Another 4xx.
    Rejected,
    /// No answer: timeout, refused connection.
    NoAnswer,
}

impl CallOutcome {
    fn label(self) -> &'static str {
        match self {
            CallOutcome::Ok => "ok",
            CallOutcome::RateLimited => "rate_limited",
            CallOutcome::ServerError => "server_error",
            CallOutcome::Rejected => "rejected",
            CallOutcome::NoAnswer => "no_answer",
        }
    }
}

/// The instance's metrics.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    request_seconds: Histograms<RouteLabels>,
    calls: Family<CallLabels, Counter>,
    call_seconds: Histograms<InterfaceLabel>,
    people_checked: Counter,
    tasks: Family<KindLabels, Gauge>,
    oldest_queued_seconds: Family<KindLabel, Gauge>,
    outbox_pending: Gauge,
    outbox_oldest_seconds: Gauge,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Every metric, registered under the `rtp_` prefix.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("rtp");
        let requests = Family::<RequestLabels, Counter>::default();
        let request_seconds: Histograms<RouteLabels> =
            Family::new_with_constructor(latency_histogram);
        let calls = Family::<CallLabels, Counter>::default();
        let call_seconds: Histograms<InterfaceLabel> =
            Family::new_with_constructor(latency_histogram);
        let people_checked = Counter::default();
        let tasks = Family::<KindLabels, Gauge>::default();
        let oldest_queued_seconds = Family::<KindLabel, Gauge>::default();
        let outbox_pending = Gauge::default();
        let outbox_oldest_seconds = Gauge::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route pattern and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request, by route pattern",
            request_seconds.clone(),
        );
        registry.register(
            "interface_calls",
            "Calls to an external interface (each attempt), by outcome",
            calls.clone(),
        );
        registry.register(
            "interface_call_duration_seconds",
            "Time of one call to an external interface",
            call_seconds.clone(),
        );
        registry.register(
            "verification_people_checked",
            "People whose verification result this instance recorded",
            people_checked.clone(),
        );
        registry.register(
            "tasks",
            "Background tasks in the shared queue, by kind and state (queued, running, paused, dead)",
            tasks.clone(),
        );
        registry.register(
            "tasks_oldest_queued_age_seconds",
            "Age of the oldest task due to run and not yet claimed, by kind",
            oldest_queued_seconds.clone(),
        );
        registry.register(
            "outbox_pending_mails",
            "Notices whose mail is not yet accepted by the SMTP server",
            outbox_pending.clone(),
        );
        registry.register(
            "outbox_oldest_pending_age_seconds",
            "Age of the oldest notice whose mail is pending",
            outbox_oldest_seconds.clone(),
        );
        Metrics {
            registry,
            requests,
            request_seconds,
            calls,
            call_seconds,
            people_checked,
            tasks,
            oldest_queued_seconds,
            outbox_pending,
            outbox_oldest_seconds,
        }
    }

    /// One answered request.
    pub fn request(&self, method: &str, route: &str, status: u16, took: Duration) {
        self.requests
            .get_or_create(&RequestLabels {
                method: method.to_owned(),
                route: route.to_owned(),
                status,
            })
            .inc();
        self.request_seconds
            .get_or_create(&RouteLabels {
                method: method.to_owned(),
                route: route.to_owned(),
            })
            .observe(took.as_secs_f64());
    }

    /// One attempt of a call to `interface`.
    pub fn call(&self, interface: &str, outcome: CallOutcome, took: Duration) {
        self.calls
            .get_or_create(&CallLabels {
                interface: interface.to_owned(),
                outcome: outcome.label(),
            })
            .inc();
        self.call_seconds
            .get_or_create(&InterfaceLabel {
                interface: interface.to_owned(),
            })
            .observe(took.as_secs_f64());
    }

    /// `n` more people checked.
    pub fn people_checked(&self, n: u64) {
        self.people_checked.inc_by(n);
    }

    /// The text format of everything, after the database figures were set.
    fn encode(&self) -> Result<String, std::fmt::Error> {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)?;
        Ok(out)
    }
}
