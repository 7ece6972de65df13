//! The server's log as the tests' process writes it: every line also goes to an in-memory
//! copy, so a test can check what the server would have written to its log file. The copy
//! holds every app of the process (the subscriber is global), with the server's own debug
//! lines; the simulator, an external service that merely runs in-process here, is left out.

use std::io::Write;
use std::sync::{Mutex, OnceLock};

use tracing_subscriber::fmt::MakeWriter;

/// What the copy keeps: more than the console shows (`server` at debug), never the
/// simulator's own lines.
const DIRECTIVES: &str = "info,server=debug,simulator=off,sqlx=warn,sea_orm=warn";

static CAPTURED: OnceLock<Mutex<Vec<u8>>> = OnceLock::new();

fn buffer() -> &'static Mutex<Vec<u8>> {
    CAPTURED.get_or_init(|| Mutex::new(Vec::new()))
}

/// Installs the product's subscriber with the copy (once per process).
pub fn init() {
    server::app::telemetry::init_with_capture(Capture, DIRECTIVES);
}

/// Everything logged so far by every app of this process.
pub fn captured() -> String {
    let bytes = buffer().lock().unwrap_or_else(|e| e.into_inner()).clone();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The writer of the copy.
struct Capture;

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        buffer()
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'w> MakeWriter<'w> for Capture {
    type Writer = Capture;

    fn make_writer(&'w self) -> Capture {
        Capture
    }
}
