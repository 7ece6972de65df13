//! The pager under every list: 当前在 a-b 条, 总计 n 条, previous / next.

use leptos::prelude::*;

/// Pages of `page_size`; `on_change` runs after `page` changed.
#[component]
pub fn Pager(
    total: Signal<u64>,
    page: RwSignal<u64>,
    page_size: u64,
    on_change: Callback<()>,
) -> impl IntoView {
    let last = move || total.get().div_ceil(page_size).max(1);
    let go = move |p: u64| {
        page.set(p);
        on_change.run(());
    };
    view! {
        <div class="pager" data-test="pager">
            <span data-test="pager-summary">
                {move || {
                    let t = total.get();
                    let from = if t == 0 { 0 } else { (page.get() - 1) * page_size + 1 };
                    let to = (page.get() * page_size).min(t);
                    format!("当前在：{from}-{to}条，总计：{t}条")
                }}
            </span>
            <button class="btn" data-test="pager-prev" disabled=move || { page.get() <= 1 } on:click=move |_| go(page.get_untracked() - 1)>"<"</button>
            <span data-test="pager-page">{move || page.get()}</span>
            <button class="btn" data-test="pager-next" disabled=move || { page.get() >= last() } on:click=move |_| go(page.get_untracked() + 1)>">"</button>
            <span>{format!("{page_size}条/页")}</span>
        </div>
    }
}
