//! A data table over a loaded list: 加载中… on the first load, the error when it failed,
//! 暂无数据 when it is empty, otherwise one row per item. Re-loads keep the old rows visible
//! until the new ones arrive (`Transition`).

use api_types::Page;
use leptos::prelude::*;

use crate::api::ApiError;

/// Something a table lists: a page of a paged list, or a whole list.
pub trait Rows {
    /// One row.
    type Item;
    /// The rows, in order.
    fn into_rows(self) -> Vec<Self::Item>;
}

impl<T> Rows for Vec<T> {
    type Item = T;
    fn into_rows(self) -> Vec<T> {
        self
    }
}

impl<T> Rows for Page<T> {
    type Item = T;
    fn into_rows(self) -> Vec<T> {
        self.items
    }
}

/// The rows a paged list resource reports in total (0 until loaded or after an error).
pub fn total_of<T: Clone + Send + Sync + 'static>(
    data: LocalResource<Result<Page<T>, ApiError>>,
) -> Signal<u64> {
    Signal::derive(move || {
        data.with(|d| match d {
            Some(Ok(p)) => p.total,
            _ => 0,
        })
    })
}

/// `<table class="table">` with the header cells `head` and a row per item of `data`.
#[component]
pub fn DataTable<D, F, V>(
    /// The loaded list.
    data: LocalResource<Result<D, ApiError>>,
    /// The header cells (`<th>`…).
    #[prop(into)]
    head: ViewFn,
    /// One `<tr>` per item.
    row: F,
    /// `data-test` of the table.
    test: &'static str,
) -> impl IntoView
where
    D: Rows + Clone + Send + Sync + 'static,
    D::Item: 'static,
    F: Fn(D::Item) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let note = |text: &'static str, test: &'static str| {
        view! { <tr data-test=test><td class="table-note" colspan="100">{text}</td></tr> }
    };
    view! {
        <table class="table" data-test=test>
            <thead><tr>{move || head.run()}</tr></thead>
            <tbody>
                <Transition fallback=move || note("加载中…", "table-loading")>
                    <ErrorBoundary fallback=|errors| view! {
                        <tr data-test="table-error">
                            <td class="table-note" colspan="100">
                                <div class="alert alert-error" role="alert">
                                    {move || errors.get().into_iter().map(|(_, e)| e.to_string()).collect::<Vec<_>>().join("；")}
                                </div>
                            </td>
                        </tr>
                    }>
                        {
                            let row = row.clone();
                            move || {
                                let row = row.clone();
                                Suspend::new(async move {
                                    data.await.map(|d| {
                                        let items = d.into_rows();
                                        if items.is_empty() {
                                            note("暂无数据", "table-empty").into_any()
                                        } else {
                                            items.into_iter().map(&row).collect_view().into_any()
                                        }
                                    })
                                })
                            }
                        }
                    </ErrorBoundary>
                </Transition>
            </tbody>
        </table>
    }
}
