//! The load: a fixed number of GET requests over 10 connections from this process, each
//! line bounded in count and in time, and the percentiles of their latencies.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Connections kept busy at once.
pub const CONNECTIONS: usize = 10;
/// A line stops after this long, however many requests are left.
const LINE_BUDGET: Duration = Duration::from_secs(90);
/// Requests before the measured ones (connections opened, caches warm).
const WARM_UP: usize = 50;

/// What one line measured.
#[derive(Debug, Clone, Copy)]
pub struct Stats {
    /// Median latency, ms.
    pub p50: f64,
    /// 99th percentile, ms.
    pub p99: f64,
    /// Completed requests per second.
    pub rps: f64,
    /// Requests done.
    pub done: usize,
    /// Answers other than 200.
    pub failed: usize,
}

/// The client of every line: one pool, keep-alive, 127.0.0.1 only.
pub fn client() -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .pool_max_idle_per_host(CONNECTIONS)
        .timeout(Duration::from_secs(60))
        .build()?)
}

async fn one(client: &reqwest::Client, url: &str, token: &str) -> (Duration, bool) {
    let started = Instant::now();
    let res = client.get(url).bearer_auth(token).send().await;
    let ok = match res {
        Ok(r) => {
            let ok = r.status().as_u16() == 200;
            // Read the whole body: the answer is not done before it is.
            r.bytes().await.is_ok() && ok
        }
        Err(_) => false,
    };
    (started.elapsed(), ok)
}

/// `requests` GETs of `url` over [`CONNECTIONS`] connections.
pub async fn run(
    client: &reqwest::Client,
    url: &str,
    token: &str,
    requests: usize,
) -> anyhow::Result<Stats> {
    for _ in 0..WARM_UP.min(requests) {
        one(client, url, token).await;
    }
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CONNECTIONS {
        let (client, url, token, next) = (
            client.clone(),
            url.to_owned(),
            token.to_owned(),
            next.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut seen = Vec::new();
            let mut failed = 0;
            while next.fetch_add(1, Ordering::Relaxed) < requests && started.elapsed() < LINE_BUDGET
            {
                let (took, ok) = one(&client, &url, &token).await;
                seen.push(took);
                failed += usize::from(!ok);
            }
            (seen, failed)
        }));
    }
    let mut all = Vec::with_capacity(requests);
    let mut failed = 0;
    for t in tasks {
        let (seen, f) = t.await?;
        all.extend(seen);
        failed += f;
    }
    let wall = started.elapsed().as_secs_f64();
    all.sort();
    let at = |q: f64| {
        let i = ((all.len() as f64 * q).ceil() as usize).clamp(1, all.len().max(1)) - 1;
        all.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    Ok(Stats {
        p50: at(0.50),
        p99: at(0.99),
        rps: all.len() as f64 / wall.max(1e-9),
        done: all.len(),
        failed,
    })
}

/// The longest answer of `/healthz` while `busy` runs, polled back to back.
pub async fn stall_during<F: std::future::Future>(
    client: &reqwest::Client,
    healthz: &str,
    busy: F,
) -> (F::Output, Duration) {
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let probe = {
        let (client, url, done) = (client.clone(), healthz.to_owned(), done.clone());
        tokio::spawn(async move {
            let mut worst = Duration::ZERO;
            while !done.load(Ordering::Relaxed) {
                let (took, _) = one(&client, &url, "").await;
                worst = worst.max(took);
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            worst
        })
    };
    let out = busy.await;
    done.store(true, Ordering::Relaxed);
    let worst = probe.await.unwrap_or_default();
    (out, worst)
}
