//! The one notice banner of a page or panel: the outcome of the last action, success or error.
//!
//! A page holds one [`Notice`]; starting an action clears it and the action's outcome replaces
//! it, so a stale "保存成功" never stays above a new error (or the other way round).

use api_types::RefusalReason;
use leptos::prelude::*;

use crate::api::ApiError;

/// What the banner shows.
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    Success(String),
    Error(ApiError),
}

/// The notice of one page or panel; cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct Notice(RwSignal<Option<Shown>>);

impl Notice {
    /// Nothing shown.
    pub fn new() -> Self {
        Notice(RwSignal::new(None))
    }

    /// Hides the banner (a new action begins).
    pub fn clear(&self) {
        self.0.set(None);
    }

    /// Shows a success message.
    pub fn success(&self, message: impl Into<String>) {
        self.0.set(Some(Shown::Success(message.into())));
    }

    /// Shows an error.
    pub fn error(&self, err: ApiError) {
        self.0.set(Some(Shown::Error(err)));
    }

    /// Shows a problem found before anything was sent.
    pub fn invalid(&self, message: impl Into<String>) {
        self.error(ApiError::local(message));
    }

    /// Shows the error of a failed call and passes the value of a successful one on.
    pub fn check<T>(&self, result: Result<T, ApiError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(err) => {
                self.error(err);
                None
            }
        }
    }
}

impl Default for Notice {
    fn default() -> Self {
        Notice::new()
    }
}

/// Whether the refusal means the page shows an outdated record: it changed meanwhile, or its
/// status no longer offers what the page offered.
fn shows_stale_data(err: &ApiError) -> bool {
    err.is_version_conflict()
        || matches!(
            err.reason(),
            Some(
                RefusalReason::NotAllowedInStatus
                    | RefusalReason::PaymentMethodAlreadyChosen
                    | RefusalReason::WithholdingChannelClosed
            )
        )
}

/// The banner of a [`Notice`]. `ok_test` / `error_test` are the `data-test` names of the
/// success and the error box; `on_reload` is offered when the record changed meanwhile
/// (`version_conflict`, or a status refusal), so the user reloads instead of retrying with
/// stale data.
#[component]
pub fn NoticeBanner(
    notice: Notice,
    #[prop(into)] error_test: String,
    #[prop(into, default = "notice-success".to_owned())] ok_test: String,
    #[prop(optional, into)] on_reload: Option<Callback<()>>,
) -> impl IntoView {
    move || {
        notice.0.get().map(|shown| match shown {
            Shown::Success(message) => view! {
                <div class="alert alert-info" role="status" data-test=ok_test.clone()>{message}</div>
            }
            .into_any(),
            Shown::Error(err) => {
                let stale = shows_stale_data(&err);
                view! {
                    <div class="alert alert-error" role="alert" data-test=error_test.clone()>
                        <span>{err.message.clone()}</span>
                        {on_reload.filter(|_| stale).map(|reload| view! {
                            " "
                            <button
                                type="button"
                                class="btn btn-small"
                                data-test="reload-after-conflict"
                                on:click=move |_| {
                                    notice.clear();
                                    reload.run(());
                                }
                            >
                                "重新加载最新数据"
                            </button>
                        })}
                    </div>
                }
                .into_any()
            }
        })
    }
}

/// A success message that survives one navigation (修改密码 → 首页); shown by the shell.
#[derive(Debug, Clone, Copy)]
pub struct Flash(RwSignal<Option<String>>);

impl Flash {
    /// Nothing to say.
    pub fn new() -> Self {
        Flash(RwSignal::new(None))
    }

    /// Shows `message` on the next page.
    pub fn set(&self, message: impl Into<String>) {
        self.0.set(Some(message.into()));
    }

    /// The message (reactive).
    pub fn get(&self) -> Option<String> {
        self.0.get()
    }

    /// Forgets the message (the user moved on).
    pub fn clear(&self) {
        if self.0.with_untracked(Option::is_some) {
            self.0.set(None);
        }
    }
}

impl Default for Flash {
    fn default() -> Self {
        Flash::new()
    }
}

/// The flash provided by `App`.
pub fn use_flash() -> Flash {
    expect_context::<Flash>()
}
