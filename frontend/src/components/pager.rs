//! The pager under every list: 共N条 第p/总页, previous / next, and the page size.

use api_types::DEFAULT_PAGE_SIZE;
use leptos::prelude::*;

/// Page sizes the operator may choose (the server allows up to 100).
const PAGE_SIZES: [u64; 4] = [10, 20, 50, 100];

/// The page and page size of one list; cheap to copy. Lists re-load when either changes.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    /// The page number, from 1.
    pub page: RwSignal<u64>,
    /// Rows per page.
    pub size: RwSignal<u64>,
}

impl Paging {
    /// Page 1 of the manual's 10 条/页.
    pub fn new() -> Self {
        Paging {
            page: RwSignal::new(1),
            size: RwSignal::new(DEFAULT_PAGE_SIZE),
        }
    }

    /// Back to page 1 (new filters).
    pub fn first(&self) {
        self.page.set(1);
    }

    /// `(page, page_size)` for a query struct (reactive).
    pub fn get(&self) -> (Option<u64>, Option<u64>) {
        (Some(self.page.get()), Some(self.size.get()))
    }
}

impl Default for Paging {
    fn default() -> Self {
        Paging::new()
    }
}

/// The pager of a list of `total` rows.
#[component]
pub fn Pager(
    paging: Paging,
    #[prop(into)] total: Signal<u64>,
    #[prop(default = "pager")] test: &'static str,
) -> impl IntoView {
    let Paging { page, size } = paging;
    let last = move || total.get().div_ceil(size.get()).max(1);
    // After deletions the current page may no longer exist: show the last one instead.
    Effect::new(move |_| {
        let last = last();
        if page.get() > last {
            page.set(last);
        }
    });
    view! {
        <div class="pager" data-test=test>
            <span data-test="pager-summary">
                {move || format!("共{}条 第{}/{}页", total.get(), page.get(), last())}
            </span>
            <button
                type="button"
                class="btn btn-small"
                data-test="pager-prev"
                aria-label="上一页"
                disabled=move || { page.get() <= 1 }
                on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))
            >
                "<"
            </button>
            <span data-test="pager-page">{move || page.get()}</span>
            <button
                type="button"
                class="btn btn-small"
                data-test="pager-next"
                aria-label="下一页"
                disabled=move || { page.get() >= last() }
                on:click=move |_| page.update(|p| *p += 1)
            >
                ">"
            </button>
            <select
                data-test="pager-size"
                aria-label="每页条数"
                prop:value=move || size.get().to_string()
                on:change=move |ev| {
                    if let Ok(n) = event_target_value(&ev).parse::<u64>() {
                        size.set(n);
                        page.set(1);
                    }
                }
            >
                {PAGE_SIZES
                    .iter()
                    .map(|n| view! { <option value=n.to_string()>{format!("{n}条/页")}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}
