//! 不通过原因: the modal that lists a reviewer's reasons (per 社保编号 or for the whole batch).

use leptos::prelude::*;

/// The reasons under a heading; `on_close` closes the dialog.
#[component]
pub fn ReasonsDialog(
    /// What the reasons are about (`社保编号 C000000001`, `总体`, …).
    #[prop(into)]
    about: String,
    /// One line each.
    reasons: Vec<String>,
    on_close: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="modal-backdrop">
            <div class="modal" role="dialog" aria-modal="true" data-test="reasons-dialog">
                <h3>"不通过原因"</h3>
                <p class="field-help" data-test="reasons-about">{about}</p>
                <ol class="reasons" data-test="reasons-list">
                    {reasons.into_iter().map(|r| view! { <li data-test="reasons-item">{r}</li> }).collect_view()}
                </ol>
                <div class="modal-actions">
                    <button type="button" class="btn btn-primary" data-test="reasons-close" on:click=move |_| on_close.run(())>"关闭"</button>
                </div>
            </div>
        </div>
    }
}
