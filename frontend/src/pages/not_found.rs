//! 页面不存在.

use leptos::prelude::*;
use leptos_router::components::A;

/// Fallback for a path no route matches.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <div class="not-found" data-test="not-found">
            <h2>"页面不存在"</h2>
            <p>"您访问的页面不存在或已被移除。"</p>
            <A href="/">"返回首页"</A>
        </div>
    }
}
