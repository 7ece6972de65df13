//! Structured logs with tracing. Personal data (names, ID numbers, mobiles) never goes into
//! a log line: log ids, never values.

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter, Layer, Registry};

/// A log layer of the product's shape writing to `writer`: plain text, or JSON lines when
/// `RTP_LOG_FORMAT=json`.
fn layer<W>(writer: W, ansi: bool) -> Box<dyn Layer<Registry> + Send + Sync>
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    if std::env::var("RTP_LOG_FORMAT").is_ok_and(|f| f == "json") {
        fmt::layer().json().with_writer(writer).boxed()
    } else {
        fmt::layer().with_ansi(ansi).with_writer(writer).boxed()
    }
}

/// `RUST_LOG`, or `info` without the database drivers' chatter.
fn filter() -> EnvFilter {
    EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"))
}

/// Installs the global subscriber: `RUST_LOG` filters (default `info`), `RTP_LOG_FORMAT=json`
/// switches to JSON lines. Safe to call more than once.
pub fn init() {
    let result = tracing_subscriber::registry()
        .with(layer(std::io::stdout, true).with_filter(filter()))
        .try_init();
    // Already installed (tests build several apps in one process): keep the first.
    let _ = result;
}

/// Like [`init`], plus a copy of the log, filtered by `directives` (`EnvFilter` syntax),
/// written to `capture`: tests read what the server would have written to its log.
pub fn init_with_capture<W>(capture: W, directives: &str)
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let result = tracing_subscriber::registry()
        .with(vec![
            layer(std::io::stdout, true).with_filter(filter()).boxed(),
            layer(capture, false)
                .with_filter(EnvFilter::new(directives))
                .boxed(),
        ])
        .try_init();
    let _ = result;
}

/// The request span and access-log line. Only the method, the path (never the query
/// string, which may carry names or ID numbers used as filters), the status and the time.
pub struct RequestSpan;

impl tracing_actix_web::RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &actix_web::dev::ServiceRequest) -> tracing::Span {
        tracing::info_span!(
            "request",
            method = %request.method(),
            path = %request.path(),
            request_id = %uuid::Uuid::new_v4(),
        )
    }

    fn on_request_end<B: actix_web::body::MessageBody>(
        span: tracing::Span,
        outcome: &Result<actix_web::dev::ServiceResponse<B>, actix_web::Error>,
    ) {
        let _entered = span.enter();
        match outcome {
            Ok(response) => {
                let status = response.status().as_u16();
                // The error code only: messages and details may name people.
                let code = response
                    .response()
                    .error()
                    .and_then(|e| e.as_error::<crate::http::ApiError>())
                    .map(|e| format!("{:?}", e.code));
                match (status, code) {
                    (500.., code) => tracing::error!(status, code, "request failed"),
                    (400.., code) => tracing::warn!(status, code, "request refused"),
                    _ => tracing::info!(status, "request done"),
                }
            }
            Err(_) => tracing::error!("request failed before a response"),
        }
    }
}
