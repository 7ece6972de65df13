//! Structured logs with tracing. Personal data (names, ID numbers, mobiles) never goes into
//! a log line: log ids, never values.

use tracing_subscriber::{fmt, EnvFilter};

/// Installs the global subscriber: `RUST_LOG` filters (default `info`), `RTP_LOG_FORMAT=json`
/// switches to JSON lines. Safe to call more than once.
pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let json = std::env::var("RTP_LOG_FORMAT").is_ok_and(|f| f == "json");
    let result = if json {
        fmt().with_env_filter(filter).json().try_init()
    } else {
        fmt().with_env_filter(filter).try_init()
    };
    // Already installed (tests build several apps in one process): keep the first.
    let _ = result;
}
