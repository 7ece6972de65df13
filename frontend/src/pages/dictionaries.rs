//! 字典维护 (admins): 所属区局工会 and 经济类型 — add, disable, enable.

use api_types::{DictionaryEntryIn, DictionaryEntryOut, DictionaryKind};
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::table::DataTable;

/// `/admin/dictionaries`.
#[component]
pub fn DictionariesPage() -> impl IntoView {
    view! {
        <section class="page" data-test="dictionaries-page">
            <h2 class="page-title" data-test="page-title">"字典维护"</h2>
            <DictionaryEditor kind=DictionaryKind::DistrictUnion title="所属区局工会" test="dict-district-union" />
            <DictionaryEditor kind=DictionaryKind::EconomicType title="经济类型" test="dict-economic-type" />
            <DictionaryEditor kind=DictionaryKind::RejectReason title="审核不通过原因" test="dict-reject-reason" />
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
    let notice = Notice::new();
    let entries =
        LocalResource::new(move || async move { api.accounts().dictionary(kind, true).await });
    let value = RwSignal::new(String::new());
    let order = RwSignal::new(String::from("100"));

    let save = Action::new_local(move |(id, body): &(Option<i32>, DictionaryEntryIn)| {
        let (id, body) = (*id, body.clone());
        async move {
            notice.clear();
            let saved = api.accounts().save_dictionary_entry(kind, id, &body).await;
            if let Some(e) = notice.check(saved) {
                let what = match (id, e.disabled) {
                    (None, _) => "已新增",
                    (Some(_), true) => "已停用",
                    (Some(_), false) => "已启用",
                };
                notice.success(format!("“{}”{what}", e.value));
                if id.is_none() {
                    value.set(String::new());
                }
                entries.refetch();
            }
        }
    });
    let add = move |_| {
        let Ok(sort_order) = order.get_untracked().trim().parse::<i32>() else {
            return notice.invalid("排序请填写整数，如 100");
        };
        let body = DictionaryEntryIn {
            value: value.get_untracked(),
            sort_order,
            disabled: false,
        };
        save.dispatch_local((None, body));
    };
    let row = move |e: DictionaryEntryOut| {
        let body = DictionaryEntryIn {
            value: e.value.clone(),
            sort_order: e.sort_order,
            disabled: !e.disabled,
        };
        let id = e.id;
        view! {
            <tr data-test="dict-row">
                <td>{e.value.clone()}</td>
                <td>{e.sort_order}</td>
                <td>{if e.disabled { "已停用" } else { "启用" }}</td>
                <td>
                    <button type="button" class="btn btn-link" data-test="dict-toggle"
                        on:click=move |_| { save.dispatch_local((Some(id), body.clone())); }>
                        {if e.disabled { "启用" } else { "停用" }}
                    </button>
                </td>
            </tr>
        }
    };
    view! {
        <div class="panel" data-test=test>
            <h3>{title}</h3>
            <NoticeBanner notice=notice error_test="dict-error" ok_test="dict-message" />
            <DataTable
                data=entries
                test="dict-table"
                head=|| view! { <th>"值"</th><th>"排序"</th><th>"状态"</th><th>"操作"</th> }
                row=row
            />
            <div class="filters">
                <label>"新增值：" <input type="text" data-test="dict-new-value" maxlength="100" bind:value=value /></label>
                <label>"排序：" <input type="text" data-test="dict-new-order" maxlength="6" bind:value=order /></label>
                <button type="button" class="btn btn-primary" data-test="dict-add" disabled=move || save.pending().get() on:click=add>"新增"</button>
            </div>
        </div>
    }
}
