//! A labelled text input bound to a signal: the building block of every form.

use leptos::prelude::*;

/// `<label class="field">` with a caption and an `<input>` whose value is `value`.
/// `test` is the input's `data-test` name.
#[component]
pub fn InputField(
    /// The caption above the input.
    label: &'static str,
    /// The input's `data-test` attribute.
    test: &'static str,
    /// The bound value.
    value: RwSignal<String>,
    /// `text` or `password`, …
    #[prop(default = "text")]
    kind: &'static str,
    /// The browser's autocomplete hint.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// Placeholder text.
    #[prop(default = "")]
    placeholder: &'static str,
) -> impl IntoView {
    view! {
        <label class="field">
            <span class="field-label">{label}</span>
            <input
                type=kind
                data-test=test
                autocomplete=autocomplete
                placeholder=placeholder
                maxlength="100"
                bind:value=value
            />
        </label>
    }
}
