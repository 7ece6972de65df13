//! A counter tile: a title, a big value and an optional line of detail (首页, 统计).

use leptos::prelude::*;

/// One tile; `test` names it for the browser tests, its value is `.counter-value`.
pub fn counter(
    test: &'static str,
    title: &'static str,
    value: String,
    detail: Option<String>,
) -> impl IntoView {
    view! {
        <div class="counter" data-test=test>
            <div class="counter-title">{title}</div>
            <div class="counter-value">{value}</div>
            {detail.map(|d| view! { <div class="field-help">{d}</div> })}
        </div>
    }
}
