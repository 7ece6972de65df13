//! Following a running verification live: the server's event stream (one `VerificationOut` a
//! second), and when the browser's `EventSource` fails (a proxy that buffers, a dropped
//! connection), polling `GET …/verification` every 2 s instead. Ends by itself when the run
//! ends, and when the component that started it goes away.

use std::cell::Cell;
use std::rc::Rc;

use api_types::{VerificationOut, VerificationState};
use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use uuid::Uuid;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::{Api, ApiError};

/// How often the fallback asks, in milliseconds.
const POLL_MS: i32 = 2000;

/// Whether the run is over (nothing more will change until the next submission).
fn ended(v: &VerificationOut) -> bool {
    matches!(
        v.state,
        VerificationState::Done | VerificationState::Failed | VerificationState::NotStarted
    )
}

/// Where the updates go.
#[derive(Clone, Copy)]
pub struct FeedTargets {
    /// The latest state of the run.
    pub live: RwSignal<Option<VerificationOut>>,
    /// Runs once with the final state.
    pub on_end: Callback<VerificationOut>,
    /// A failed poll (the feed keeps trying unless the answer says it is pointless).
    pub on_error: Callback<ApiError>,
}

/// The shared state of one feed: alive until its owner is cleaned up, finished once the run
/// ended (so the end is reported once and no poll starts after it).
#[derive(Clone)]
struct Flags {
    alive: Rc<Cell<bool>>,
    finished: Rc<Cell<bool>>,
}

impl Flags {
    fn running(&self) -> bool {
        self.alive.get() && !self.finished.get()
    }

    /// Passes one state on; true when it was the last.
    fn deliver(&self, targets: FeedTargets, v: VerificationOut) -> bool {
        if !self.running() {
            return true;
        }
        let last = ended(&v);
        if last {
            self.finished.set(true);
        }
        targets.live.try_set(Some(v.clone()));
        if last {
            targets.on_end.try_run(v);
        }
        last
    }
}

/// The open event stream and its handlers (dropping the handlers detaches them).
struct Stream {
    source: web_sys::EventSource,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

/// Follows the verification of `batch` until it ends or the current owner is cleaned up.
pub fn follow(api: Api, batch: Uuid, targets: FeedTargets) {
    let flags = Flags {
        alive: Rc::new(Cell::new(true)),
        finished: Rc::new(Cell::new(false)),
    };
    let stream = api
        .verification()
        .events_url(batch)
        .and_then(|url| open(&url, api, batch, targets, flags.clone()));
    if stream.is_none() {
        poll(api, batch, targets, flags.clone());
    }
    let owned = SendWrapper::new((flags, stream));
    on_cleanup(move || {
        let (flags, stream) = owned.take();
        flags.alive.set(false);
        if let Some(s) = stream {
            s.source.close();
        }
    });
}

/// Opens the event stream; on its first error it is closed (no automatic reconnects) and
/// polling takes over.
fn open(url: &str, api: Api, batch: Uuid, targets: FeedTargets, flags: Flags) -> Option<Stream> {
    let source = web_sys::EventSource::new(url).ok()?;
    let on_message = {
        let (source, flags) = (source.clone(), flags.clone());
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let parsed = e
                .data()
                .as_string()
                .and_then(|text| serde_json::from_str::<VerificationOut>(&text).ok());
            // An event this build cannot read is skipped; the next one a second later may be.
            if let Some(v) = parsed {
                if flags.deliver(targets, v) {
                    source.close();
                }
            }
        })
    };
    let on_error = {
        let (source, flags) = (source.clone(), flags.clone());
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            source.close();
            // Also fired when the server ends the stream after the last event.
            if flags.running() {
                poll(api, batch, targets, flags.clone());
            }
        })
    };
    source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Some(Stream {
        source,
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// Asks every [`POLL_MS`] until the run ends, the owner goes away, or the answer says asking
/// again is pointless (the batch is gone, or the session ended).
fn poll(api: Api, batch: Uuid, targets: FeedTargets, flags: Flags) {
    spawn_local(async move {
        while flags.running() {
            match api.verification().get(batch).await {
                Ok(v) => {
                    if flags.deliver(targets, v) {
                        return;
                    }
                }
                Err(e) => {
                    let hopeless = matches!(e.status, 401 | 403 | 404);
                    if flags.alive.get() {
                        targets.on_error.try_run(e);
                    }
                    if hopeless {
                        return;
                    }
                }
            }
            sleep(POLL_MS).await;
        }
    });
}

/// Waits `ms` milliseconds.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
