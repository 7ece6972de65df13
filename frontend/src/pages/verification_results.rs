//! 校验结果处理 (异常数据处理): the results table with the manual's columns and filters, and the
//! operator's actions — 查看, 确认 (社保姓名覆盖), 编辑 (退休年月), 删除, 批量删除,
//! 清空参保名单 and 导出.

use std::collections::HashSet;

use api_types::{BatchOut, ResolutionKey, RosterEntryOut, RosterPersonOut, RosterQuery};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::files::save_bytes;
use crate::api::use_api;
use crate::components::banner::Notice;
use crate::components::confirm::{use_confirm, Ask};
use crate::components::labels;
use crate::components::pager::{Pager, Paging};
use crate::components::roster_list::{check_all, choice, roster_page, view_person, RosterFilters};
use crate::components::table::{total_of, DataTable};
use crate::pages::person_dialog::PersonView;
use crate::pages::resolution_dialogs::{NameCheckDialog, RetirementMonthDialog};

/// A change to the batch's people (the batch comes back with its new version).
#[derive(Debug, Clone, PartialEq)]
enum Change {
    ConfirmSsName(Uuid),
    DeleteOne(Uuid),
    DeleteChecked(Vec<Uuid>),
    Clear,
}

/// The results of a verified batch; `batch` is replaced after every change (new version),
/// which also re-loads the list and the summary; `reload` re-reads the batch after a version
/// conflict. `readonly` (the reviewer's page) keeps the filters, 查看 and 导出 only.
#[component]
pub fn VerificationResults(
    batch: RwSignal<Option<BatchOut>>,
    notice: Notice,
    reload: Callback<()>,
    #[prop(optional)] readonly: bool,
) -> impl IntoView {
    let api = use_api();
    let confirm = use_confirm();
    let filters = RosterFilters::new();
    let applied = RwSignal::new(RosterQuery::default());
    let paging = Paging::new();
    let selected = RwSignal::new(HashSet::<Uuid>::new());
    let viewing = RwSignal::new(None::<RosterPersonOut>);
    let editing = RwSignal::new(None::<RosterEntryOut>);
    let checking = RwSignal::new(None::<RosterEntryOut>);

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
                Change::ConfirmSsName(id) => {
                    let out = api
                        .verification()
                        .resolve(&b, id, ResolutionKey::ConfirmSsName, None)
                        .await;
                    (
                        out.map(|o| o.batch),
                        "已确认，以社保姓名覆盖导入姓名".to_owned(),
                    )
                }
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
    let ask_confirm = move |e: &RosterEntryOut| {
        let ss = e.ss_name.clone().unwrap_or_default();
        let message = format!("确定以社保姓名“{ss}”覆盖导入姓名“{}”吗？", e.name);
        ask(
            Ask::new("确认社保姓名", message),
            Change::ConfirmSsName(e.id),
        );
    };
    let ask_delete = move |e: &RosterEntryOut| {
        let message = format!("确定删除参保人员“{}”吗？删除后不可恢复。", e.name);
        ask(Ask::delete(message), Change::DeleteOne(e.id));
    };
    let delete_checked = move |_| {
        let ids: Vec<Uuid> = selected.get_untracked().into_iter().collect();
        if ids.is_empty() {
            return notice.invalid("请先勾选要删除的人员");
        }
        let question = Ask::delete(format!(
            "确定删除勾选的{}名人员吗？删除后不可恢复。",
            ids.len()
        ));
        ask(question, Change::DeleteChecked(ids));
    };
    let view_one = view_person(batch, notice, viewing);
    let export = Action::new_local(move |_: &()| async move {
        notice.clear();
        let Some(b) = batch.get_untracked() else {
            return;
        };
        let saved = match api.verification().export(b.id).await {
            Ok(bytes) => save_bytes(&bytes, &format!("校验结果_{}.xlsx", b.batch_no)),
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
        applied.set(filters.query());
    };
    let after_edit = Callback::new(move |after: Option<BatchOut>| {
        editing.set(None);
        if let Some(after) = after {
            batch.set(Some(after));
            notice.success("已修改退休年月");
        }
    });

    let row = move |e: RosterEntryOut| {
        let id = e.id;
        let has = |key: &str| e.resolutions.iter().any(|r| r == key);
        let (confirmable, editable, deletable) = (
            has("confirm_ss_name"),
            has("edit_retirement_month"),
            has("delete"),
        );
        let blocking = labels::outcome_blocks(e.outcome.as_deref());
        let outcome = e
            .outcome_label
            .clone()
            .unwrap_or_else(|| e.status_label.clone());
        let (for_check, for_confirm, for_edit, for_delete) =
            (e.clone(), e.clone(), e.clone(), e.clone());
        view! {
            <tr data-test="result-row" class:blocking=blocking data-outcome=e.outcome.clone().unwrap_or_default()>
                {(!readonly).then(|| view! {
                    <td>
                        <input type="checkbox" data-test="result-check" aria-label="勾选"
                            prop:checked=move || selected.with(|s| s.contains(&id))
                            on:change=move |_| selected.update(|s| { if !s.remove(&id) { s.insert(id); } }) />
                    </td>
                })}
                <td data-test="result-name">{e.name.clone()}</td>
                <td data-test="result-ss-name">
                    <span>{e.ss_name.clone().unwrap_or_else(|| "-".to_owned())}</span>
                    {(confirmable && !readonly).then(|| view! {
                        " "
                        <button type="button" class="btn-link" data-test="result-name-check"
                            on:click=move |_| checking.set(Some(for_check.clone()))>"异常核对"</button>
                        " "
                        <button type="button" class="btn-link" data-test="result-confirm"
                            disabled=move || !can("resolve_anomaly")
                            on:click=move |_| ask_confirm(&for_confirm)>"确认"</button>
                    })}
                </td>
                <td>{labels::doc_type(e.doc_type)}</td>
                <td data-test="result-id">{e.id_number_masked.clone()}</td>
                <td data-test="result-deduction">{e.deduction_type_label.clone().unwrap_or_else(|| "-".to_owned())}</td>
                <td data-test="result-outcome">
                    <span data-test="result-outcome-label">{outcome}</span>
                    {e.needs_check.then(|| view! { <span class="tag" data-test="result-needs-check">"待再次校验"</span> })}
                </td>
                <td data-test="result-must-delete">{labels::must_delete(e.outcome.as_deref())}</td>
                <td class="ops">
                    <button type="button" class="btn-link" data-test="result-view" on:click=move |_| { view_one.dispatch_local(id); }>"查看"</button>
                    {(editable && !readonly).then(|| view! {
                        <button type="button" class="btn-link" data-test="result-edit"
                            disabled=move || !can("resolve_anomaly")
                            on:click=move |_| { notice.clear(); editing.set(Some(for_edit.clone())); }>"编辑"</button>
                    })}
                    {(deletable && !readonly).then(|| view! {
                        <button type="button" class="btn-link danger" data-test="result-delete"
                            disabled=move || !can("delete_person")
                            on:click=move |_| ask_delete(&for_delete)>"删除"</button>
                    })}
                </td>
            </tr>
        }
    };

    view! {
        <div class="filters" data-test="result-filters">
            <label>"姓名："<input data-test="result-filter-name" bind:value=filters.name placeholder="请输入" /></label>
            <label>"证件号："<input data-test="result-filter-id" bind:value=filters.id_number placeholder="请输入" /></label>
            <label>"代扣类型：" {choice("result-filter-deduction", filters.deduction, labels::deduction_types())}</label>
            <label>"校验结果：" {choice("result-filter-outcome", filters.outcome, labels::verification_outcomes())}</label>
            <button type="button" class="btn btn-primary" data-test="result-search" on:click=move |_| search()>"查询"</button>
            <button type="button" class="btn" data-test="result-reset" on:click=move |_| { filters.reset(); search(); }>"重置"</button>
        </div>
        <div class="toolbar">
            <button type="button" class="btn" data-test="results-export" disabled=move || export.pending().get()
                on:click=move |_| { export.dispatch_local(()); }>"导出"</button>
            {(!readonly).then(|| view! {
                <button type="button" class="btn" data-test="results-clear" disabled=move || !can("clear_roster")
                    on:click=move |_| ask(Ask::delete("确定清空当前批次的全部参保人员吗？清空后不可恢复。").confirm_with("确定清空"), Change::Clear)>"清空参保名单"</button>
                <button type="button" class="btn" data-test="results-delete-checked" disabled=move || !can("delete_person") on:click=delete_checked>
                    {move || match selected.with(HashSet::len) { 0 => "批量删除".to_owned(), n => format!("批量删除（已选{n}人）") }}
                </button>
            })}
        </div>
        <DataTable
            data=list
            test="results-table"
            head=move || view! {
                {(!readonly).then(|| view! {
                    <th><input type="checkbox" data-test="result-check-all" aria-label="全选本页" prop:checked=all_checked on:change=toggle_all /></th>
                })}
                <th>"姓名"</th><th>"社保姓名"</th><th>"证件类型"</th><th>"证件号码"</th><th>"代扣类型"</th><th>"校验结果"</th><th>"是否删除"</th><th>"操作"</th>
            }
            row=row
        />
        <Pager paging=paging total=total_of(list) test="results-pager" />
        {move || viewing.get().map(|p| view! {
            <PersonView person=p on_close=Callback::new(move |_| viewing.set(None)) />
        })}
        {move || editing.get().map(|p| view! {
            <RetirementMonthDialog batch=batch person=p on_close=after_edit
                on_reload=Callback::new(move |_| { editing.set(None); reload.run(()); }) />
        })}
        {move || checking.get().map(|p| {
            let (for_confirm, for_delete) = (p.clone(), p.clone());
            view! {
                <NameCheckDialog
                    person=p
                    on_confirm=Callback::new(move |_| { checking.set(None); ask_confirm(&for_confirm); })
                    on_delete=Callback::new(move |_| { checking.set(None); ask_delete(&for_delete); })
                    on_close=Callback::new(move |_| checking.set(None))
                />
            }
        })}
    }
}
