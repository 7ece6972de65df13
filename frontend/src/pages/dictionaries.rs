//! 字典维护 (admins): 所属区局工会 and 经济类型 — add, rename, reorder, disable.

use api_types::{DictionaryEntryIn, DictionaryEntryOut, DictionaryKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::use_api;
use crate::components::unit_forms::ErrorBox;

/// `/admin/dictionaries`.
#[component]
pub fn DictionariesPage() -> impl IntoView {
    view! {
        <section class="page" data-test="dictionaries-page">
            <h2 class="page-title" data-test="page-title">"字典维护"</h2>
            <DictionaryEditor kind=DictionaryKind::DistrictUnion title="所属区局工会" test="dict-district-union" />
            <DictionaryEditor kind=DictionaryKind::EconomicType title="经济类型" test="dict-economic-type" />
        </section>
    }
}

#[component]
fn DictionaryEditor(
    kind: DictionaryKind,
    title: &'static str,
    test: &'static str,
) -> impl IntoView {
    let api = use_api();
    let entries = RwSignal::new(Vec::<DictionaryEntryOut>::new());
    let value = RwSignal::new(String::new());
    let order = RwSignal::new(String::from("100"));
    let error = RwSignal::new(None::<String>);
    let load = move || {
        spawn_local(async move {
            match api.dictionary(kind, true).await {
                Ok(list) => entries.set(list),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    load();
    let save = move |id: Option<i32>, body: DictionaryEntryIn| {
        error.set(None);
        spawn_local(async move {
            match api.save_dictionary_entry(kind, id, &body).await {
                Ok(_) => load(),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let add = move |_| {
        let sort_order = order.get_untracked().trim().parse().unwrap_or(100);
        save(
            None,
            DictionaryEntryIn {
                value: value.get_untracked(),
                sort_order,
                disabled: false,
            },
        );
        value.set(String::new());
    };
    view! {
        <div class="panel" data-test=test>
            <h3>{title}</h3>
            <ErrorBox error=error test="dict-error" />
            <table>
                <thead><tr><th>"值"</th><th>"排序"</th><th>"状态"</th><th>"操作"</th></tr></thead>
                <tbody>
                    {move || entries.get().into_iter().map(|e| {
                        let body = DictionaryEntryIn { value: e.value.clone(), sort_order: e.sort_order, disabled: !e.disabled };
                        let id = e.id;
                        view! {
                            <tr data-test="dict-row">
                                <td>{e.value.clone()}</td>
                                <td>{e.sort_order}</td>
                                <td>{if e.disabled { "已停用" } else { "启用" }}</td>
                                <td>
                                    <button class="btn btn-link" data-test="dict-toggle" on:click=move |_| save(Some(id), body.clone())>
                                        {if e.disabled { "启用" } else { "停用" }}
                                    </button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <label class="field">
                <span class="field-label">"新增值"</span>
                <input type="text" data-test="dict-new-value" maxlength="100" bind:value=value />
            </label>
            <label class="field">
                <span class="field-label">"排序"</span>
                <input type="text" data-test="dict-new-order" maxlength="6" bind:value=order />
            </label>
            <button class="btn btn-primary" data-test="dict-add" on:click=add>"新增"</button>
        </div>
    }
}
