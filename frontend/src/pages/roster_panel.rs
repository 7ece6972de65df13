//! ② 添加参保人员 and the roster table: import (方式1, see `roster_import`), manual entry
//! (方式2), search, paging, select (also the whole page), view (unmasked), delete, batch
//! delete, clear and export; between them ③ 请点击：提交系统校验.

use std::collections::HashSet;

use api_types::{BatchOut, RosterEntryOut, RosterPersonOut, RosterQuery};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::files::save_bytes;
use crate::api::{filter, use_api};
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::confirm::{use_confirm, Ask};
use crate::components::format::yuan;
use crate::components::labels;
use crate::components::pager::{Pager, Paging};
use crate::components::roster_list::{check_all, roster_page, view_person};
use crate::components::table::{total_of, DataTable};
use crate::pages::person_dialog::{PersonDialog, PersonView};
use crate::pages::roster_import::{ImportErrors, ImportState, RosterImport};
use crate::pages::start_verification::{StartVerification, Submission};

/// A change to the roster (the batch comes back with its new version).
#[derive(Debug, Clone, PartialEq)]
enum Change {
    DeleteOne(Uuid),
    DeleteChecked(Vec<Uuid>),
    Clear,
}

/// The roster part of the wizard; `batch` is replaced after every change (new version), which
/// also re-loads the list. `reload` re-reads the batch after a version conflict.
#[component]
pub fn RosterPanel(batch: RwSignal<Option<BatchOut>>, reload: Callback<()>) -> impl IntoView {
    let api = use_api();
    let confirm = use_confirm();
    let notice = Notice::new();
    let name = RwSignal::new(String::new());
    let id_number = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let applied = RwSignal::new(RosterQuery::default());
    let paging = Paging::new();
    let selected = RwSignal::new(HashSet::<Uuid>::new());
    let adding = RwSignal::new(false);
    let viewing = RwSignal::new(None::<RosterPersonOut>);
    let import = ImportState::new();

    let list = roster_page(batch, applied, paging, selected);
    let (all_checked, toggle_all) = check_all(list, selected, |_| true);

    let change = Action::new_local(move |change: &Change| {
        let change = change.clone();
        async move {
            notice.clear();
            let Some(b) = batch.get_untracked() else {
                return;
            };
            let roster = api.roster();
            let (result, done) = match change {
                Change::DeleteOne(id) => (roster.delete(&b, id).await, "已删除".to_owned()),
                Change::DeleteChecked(ids) => {
                    let n = ids.len();
                    (
                        roster.delete_many(&b, ids).await,
                        format!("已批量删除{n}人"),
                    )
                }
                Change::Clear => (roster.clear(&b).await, "参保名单已清空".to_owned()),
            };
            if let Some(after) = notice.check(result) {
                batch.set(Some(after));
                notice.success(done);
            }
        }
    });
    let ask = move |question: Ask, what: Change| {
        confirm.ask(question, move || {
            change.dispatch_local(what.clone());
        });
    };
    let delete_checked = move |_| {
        let ids: Vec<Uuid> = selected.get_untracked().into_iter().collect();
        if ids.is_empty() {
            return notice.invalid("请先勾选要删除的人员");
        }
        let question = Ask::delete(format!("确定删除勾选的{}名人员吗？", ids.len()));
        ask(question, Change::DeleteChecked(ids));
    };
    // 沿用上年度名单: only into an empty list; the people come marked for review.
    let renew = Action::new_local(move |_: &()| async move {
        notice.clear();
        let Some(b) = batch.get_untracked() else {
            return;
        };
        if let Some(out) = notice.check(api.roster().renew(&b).await) {
            batch.set(Some(out.batch));
            notice.success(out.message);
        }
    });
    let ask_renew = move |_| {
        let question = Ask::new(
            "沿用上年度名单",
            "将上一保障年度本单位投保成功的人员带入本批次（已故人员、已在本年度其它批次参保的人员除外），请导入后逐一核对。是否继续？",
        )
        .confirm_with("沿用");
        confirm.ask(question, move || {
            renew.dispatch_local(());
        });
    };
    let view_one = view_person(batch, notice, viewing);
    let export = Action::new_local(move |_: &()| async move {
        notice.clear();
        let Some(b) = batch.get_untracked() else {
            return;
        };
        let saved = match api.roster().export(b.id).await {
            Ok(bytes) => save_bytes(&bytes, &format!("参保名单_{}.xlsx", b.batch_no)),
            Err(e) => Err(e),
        };
        notice.check(saved);
    });
    let can = move |key: &'static str| {
        batch.with(|b| {
            b.as_ref()
                .is_some_and(|b| b.allowed_actions.iter().any(|a| a == key))
        })
    };
    let search = move || {
        notice.clear();
        paging.first();
        applied.set(RosterQuery {
            name: filter(&name.get_untracked()),
            id_number: filter(&id_number.get_untracked()),
            status: filter(&status.get_untracked()),
            ..RosterQuery::default()
        });
    };

    let row = move |e: RosterEntryOut| {
        let id = e.id;
        view! {
            <tr data-test="roster-row">
                <td>
                    <input type="checkbox" data-test="roster-check" aria-label="勾选"
                        prop:checked=move || selected.with(|s| s.contains(&id))
                        on:change=move |_| selected.update(|s| { if !s.remove(&id) { s.insert(id); } }) />
                </td>
                <td data-test="roster-name">
                    {e.name.clone()}
                    {e.renewed.then(|| view! { <span class="tag" data-test="roster-renewed" title="沿用上年度名单，请核对">"上年度"</span> })}
                </td>
                <td>{labels::doc_type(e.doc_type)}</td>
                <td data-test="roster-id">{e.id_number_masked.clone()}</td>
                <td data-test="roster-mobile">{e.mobile_masked.clone()}</td>
                <td>{yuan(e.premium_fen)}</td>
                <td data-test="roster-coverage-start">{e.coverage_start.map(|d| d.to_string()).unwrap_or_default()}</td>
                <td data-test="roster-coverage-end">{e.coverage_end.map(|d| d.to_string()).unwrap_or_default()}</td>
                <td data-test="roster-must-delete">{labels::must_delete(e.outcome.as_deref())}</td>
                <td>{e.status_label.clone()}</td>
                <td class="ops">
                    <button type="button" class="btn-link" data-test="roster-view" on:click=move |_| { view_one.dispatch_local(id); }>"查看"</button>
                    <button type="button" class="btn-link danger" data-test="roster-delete"
                        on:click=move |_| ask(Ask::delete("确定删除该参保人员吗？"), Change::DeleteOne(id))>"删除"</button>
                </td>
            </tr>
        }
    };

    view! {
        <div class="panel" data-test="roster-panel">
            <h3>"② 添加参保人员"</h3>
            <RosterImport batch=batch notice=notice state=import allowed=Signal::derive(move || can("import_roster"))>
                <button type="button" class="btn" data-test="person-add" disabled=move || !can("add_person")
                    on:click=move |_| { notice.clear(); adding.set(true); }>"方式2：新增参保人员"</button>
                <button type="button" class="btn" data-test="roster-renew"
                    disabled=move || !can("import_roster") || renew.pending().get()
                        || batch.with(|b| b.as_ref().is_none_or(|b| b.roster_size > 0))
                    on:click=ask_renew>"方式3：沿用上年度名单"</button>
            </RosterImport>
            <NoticeBanner notice=notice error_test="roster-error" ok_test="roster-message" on_reload=reload />
            <ImportErrors batch=batch notice=notice state=import />
            <div class="toolbar" data-test="verification-submit">
                <span>"③ 请点击："</span>
                <StartVerification batch=batch notice=notice kind=Submission::First />
            </div>
            <p data-test="roster-size">{move || format!("参保人数：{}人", batch.with(|b| b.as_ref().map_or(0, |b| b.roster_size)))}</p>
            <div class="filters">
                <label>"姓名："<input data-test="roster-filter-name" bind:value=name placeholder="请输入" /></label>
                <label>"证件号："<input data-test="roster-filter-id" bind:value=id_number placeholder="请输入" /></label>
                <label>"状态："
                    <select data-test="roster-filter-status" prop:value=move || status.get() on:change=move |ev| status.set(event_target_value(&ev))>
                        <option value="">"全部"</option>
                        <option value="pending">"待校验"</option>
                        <option value="verified">"已校验"</option>
                    </select>
                </label>
                <button type="button" class="btn btn-primary" data-test="roster-search" on:click=move |_| search()>"查询"</button>
                <button type="button" class="btn" data-test="roster-reset" on:click=move |_| {
                    name.set(String::new());
                    id_number.set(String::new());
                    status.set(String::new());
                    search();
                }>"重置"</button>
            </div>
            <div class="toolbar">
                <button type="button" class="btn" data-test="roster-clear" disabled=move || !can("clear_roster")
                    on:click=move |_| ask(Ask::delete("确定清空当前批次的全部参保人员吗？清空后不可恢复。").confirm_with("确定清空"), Change::Clear)>"清空参保名单"</button>
                <button type="button" class="btn" data-test="roster-delete-checked" on:click=delete_checked>
                    {move || match selected.with(HashSet::len) { 0 => "批量删除".to_owned(), n => format!("批量删除（已选{n}人）") }}
                </button>
                <button type="button" class="btn" data-test="roster-export" disabled=move || export.pending().get()
                    on:click=move |_| { export.dispatch_local(()); }>"导出"</button>
            </div>
            <DataTable
                data=list
                test="roster-table"
                head=move || view! {
                    <th>
                        <input type="checkbox" data-test="roster-check-all" aria-label="全选本页"
                            prop:checked=all_checked on:change=toggle_all />
                    </th>
                    <th>"姓名"</th><th>"证件类型"</th><th>"证件号码"</th><th>"手机号"</th><th>"参保费用"</th>
                    <th>"起保日期"</th><th>"终保日期"</th><th>"是否删除"</th><th>"状态"</th><th>"操作"</th>
                }
                row=row
            />
            <Pager paging=paging total=total_of(list) />
        </div>
        <Show when=move || adding.get()>
            <PersonDialog batch=batch on_close=Callback::new(move |after: Option<BatchOut>| {
                adding.set(false);
                if let Some(after) = after {
                    batch.set(Some(after));
                    notice.success("已新增参保人员");
                }
            }) />
        </Show>
        {move || viewing.get().map(|p| view! {
            <PersonView person=p on_close=Callback::new(move |_| viewing.set(None)) />
        })}
    }
}
