//! What the tables of a batch's people share (③ 参保名单, ④ 校验结果, ⑥ 代扣结果): the page
//! listed for the filters applied, re-listed at each new version of the batch; 全选 of the
//! rows on screen; 查看 of one person; the filters and a filter's `<select>`.

use std::collections::HashSet;

use api_types::{BatchOut, Page, RosterEntryOut, RosterPersonOut, RosterQuery};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{filter, use_api, ApiError};
use crate::components::banner::Notice;
use crate::components::pager::Paging;

/// A listed page of a batch's people.
pub type RosterPage = LocalResource<Result<Page<RosterEntryOut>, ApiError>>;

/// The page of `batch`'s people for the filters `applied` at `paging`, re-listed at each new
/// version of the batch (an empty page while there is none). A new list clears `selected`: a
/// selection is of the rows on screen.
pub fn roster_page(
    batch: RwSignal<Option<BatchOut>>,
    applied: RwSignal<RosterQuery>,
    paging: Paging,
    selected: RwSignal<HashSet<Uuid>>,
) -> RosterPage {
    let api = use_api();
    let version = Memo::new(move |_| batch.with(|b| b.as_ref().map(|b| (b.id, b.version))));
    let list = LocalResource::new(move || {
        let key = version.get();
        let (page, page_size) = paging.get();
        let query = RosterQuery {
            page,
            page_size,
            ..applied.get()
        };
        async move {
            match key {
                Some((id, _)) => api.roster().list(id, &query).await,
                None => Ok(Page {
                    items: Vec::new(),
                    total: 0,
                    page: 1,
                    page_size: 10,
                    next: None,
                }),
            }
        }
    });
    Effect::new(move |_| {
        list.track();
        selected.set(HashSet::new());
    });
    list
}

/// 全选 over the rows of `list` that `checkable` lets be checked: whether all of them are
/// checked, and the header box's change (all on, or all off when all were on).
pub fn check_all(
    list: RosterPage,
    selected: RwSignal<HashSet<Uuid>>,
    checkable: fn(&RosterEntryOut) -> bool,
) -> (
    impl Fn() -> bool + Copy + Send + Sync + 'static,
    impl Fn(leptos::ev::Event) + Copy + Send + Sync + 'static,
) {
    let ids = move || {
        list.with(|d| match d {
            Some(Ok(p)) => p
                .items
                .iter()
                .filter(|e| checkable(e))
                .map(|e| e.id)
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    };
    let all_checked = move || {
        let ids = ids();
        !ids.is_empty() && selected.with(|s| ids.iter().all(|id| s.contains(id)))
    };
    let toggle_all = move |_| {
        let (ids, check) = (ids(), !all_checked());
        selected.update(|s| {
            for id in ids {
                if check {
                    s.insert(id);
                } else {
                    s.remove(&id);
                }
            }
        });
    };
    (all_checked, toggle_all)
}

/// A filter's `<select>` of `(key, label)` options with 请选择 for none.
pub fn choice(
    test: &'static str,
    value: RwSignal<String>,
    options: Vec<(String, &'static str)>,
) -> impl IntoView {
    view! {
        <select data-test=test prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
            <option value="">"请选择"</option>
            {options.into_iter().map(|(key, label)| view! { <option value=key>{label}</option> }).collect_view()}
        </select>
    }
}

/// 查看: reads one person of `batch` unmasked (the server audits it) into `viewing`; a failure
/// goes to `notice`.
pub fn view_person(
    batch: RwSignal<Option<BatchOut>>,
    notice: Notice,
    viewing: RwSignal<Option<RosterPersonOut>>,
) -> Action<Uuid, ()> {
    let api = use_api();
    Action::new_local(move |entry: &Uuid| {
        let entry = *entry;
        async move {
            notice.clear();
            let Some(b) = batch.get_untracked() else {
                return;
            };
            if let Some(p) = notice.check(api.roster().view(b.id, entry).await) {
                viewing.set(Some(p));
            }
        }
    })
}

/// The filters of a batch's people as typed (姓名, 证件号, 代扣类型, 代扣结果, 校验结果); they
/// apply on 查询. A table without one of them leaves it empty.
#[derive(Debug, Clone, Copy)]
pub struct RosterFilters {
    pub name: RwSignal<String>,
    pub id_number: RwSignal<String>,
    pub deduction: RwSignal<String>,
    pub result: RwSignal<String>,
    pub outcome: RwSignal<String>,
}

impl RosterFilters {
    /// All empty.
    pub fn new() -> Self {
        RosterFilters {
            name: RwSignal::new(String::new()),
            id_number: RwSignal::new(String::new()),
            deduction: RwSignal::new(String::new()),
            result: RwSignal::new(String::new()),
            outcome: RwSignal::new(String::new()),
        }
    }

    /// The query of the filters as typed (the first page).
    pub fn query(&self) -> RosterQuery {
        RosterQuery {
            name: filter(&self.name.get_untracked()),
            id_number: filter(&self.id_number.get_untracked()),
            deduction_type: filter(&self.deduction.get_untracked()),
            withholding_result: filter(&self.result.get_untracked()),
            outcome: filter(&self.outcome.get_untracked()),
            ..RosterQuery::default()
        }
    }

    /// Empties every filter (重置).
    pub fn reset(&self) {
        for s in [
            self.name,
            self.id_number,
            self.deduction,
            self.result,
            self.outcome,
        ] {
            s.set(String::new());
        }
    }
}
