//! A file input that keeps the chosen file in a signal (roster spreadsheet, stamped letter).

use leptos::prelude::*;

/// `<input type="file">`; `file` holds the chosen file, `None` after clearing the choice.
#[component]
pub fn FilePicker(
    /// The chosen file.
    file: RwSignal<Option<web_sys::File>, LocalStorage>,
    /// `accept` of the input (`.xlsx,.xls`).
    accept: &'static str,
    /// `data-test` of the input.
    test: &'static str,
) -> impl IntoView {
    view! {
        <input
            type="file"
            data-test=test
            accept=accept
            on:change=move |ev| {
                let input: web_sys::HtmlInputElement = event_target(&ev);
                file.set(input.files().and_then(|f| f.get(0)));
            }
        />
    }
}
