//! The roster of step ⑥ with 代扣结果: the manual's columns and filters (姓名, 证件号, 代扣类型,
//! 代扣结果, 校验结果), 查看, and — once 代扣完成 — 删除 / 批量删除 of people not withheld
//! (删减人员; the server refuses when a 社保编号 would fall below the ratio, and says why).

use std::collections::HashSet;

use api_types::{BatchOut, RosterEntryOut, RosterPersonOut, RosterQuery};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::use_api;
use crate::components::banner::Notice;
use crate::components::confirm::{use_confirm, Ask};
use crate::components::labels;
use crate::components::pager::{Pager, Paging};
use crate::components::roster_list::{check_all, choice, roster_page, view_person, RosterFilters};
use crate::components::table::{total_of, DataTable};
use crate::pages::person_dialog::PersonView;

/// The 代扣结果 filter as `(wire key, label)`.
pub const RESULT_FILTERS: [(&str, &str); 3] = [
    ("succeeded", "代扣成功"),
    ("failed", "代扣失败"),
    ("none", "未代扣（不可代扣）"),
];

/// Whether a person may be deleted after withholding: anyone not withheld (代扣失败, or never
/// 可代扣); the ratio is the server's to check.
pub fn deletable_after_withholding(e: &RosterEntryOut) -> bool {
    e.withholding_result.as_deref() != Some("succeeded")
}

/// The roster of the batch in `batch` (re-listed at each new version). Unless `readonly`
/// (the reviewer), deletion is offered once 代扣完成; a deletion's new batch goes back into
/// `batch`.
#[component]
pub fn WithholdingRoster(
    batch: RwSignal<Option<BatchOut>>,
    notice: Notice,
    #[prop(optional)] readonly: bool,
) -> impl IntoView {
    let api = use_api();
    let confirm = use_confirm();
    let filters = RosterFilters::new();
    let applied = RwSignal::new(RosterQuery::default());
    let paging = Paging::new();
    let selected = RwSignal::new(HashSet::<Uuid>::new());
    // Read straight from `batch` (no derived signal of this component's own): the rows'
    // `Show`s re-run when the wizard's batch changes even as this component is disposed.
    let may_delete = move || {
        !readonly && batch.with(|b| b.as_ref().is_some_and(|b| b.status == "withholding_done"))
    };
    let viewing = RwSignal::new(None::<RosterPersonOut>);

    let list = roster_page(batch, applied, paging, selected);
    let (all_checked, toggle_all) = check_all(list, selected, deletable_after_withholding);

    let delete = Action::new_local(move |ids: &Vec<Uuid>| {
        let ids = ids.clone();
        async move {
            notice.clear();
            let Some(b) = batch.get_untracked() else {
                return;
            };
            let n = ids.len();
            let result = if n == 1 {
                api.roster().delete(&b, ids[0]).await
            } else {
                api.roster().delete_many(&b, ids).await
            };
            if let Some(after) = notice.check(result) {
                let left = after.roster_size;
                batch.set(Some(after));
                notice.success(format!("已删除{n}名代扣失败人员，参保人数现为{left}人"));
            }
        }
    });
    let ask_delete = move |ids: Vec<Uuid>, who: String| {
        confirm.ask(
            Ask::delete(format!(
                "确定进行删除？将删除{who}，删除后需单位缴费的人数和费用随之减少；删除后不可恢复。"
            )),
            move || {
                delete.dispatch_local(ids.clone());
            },
        );
    };
    let delete_checked = move |_| {
        let ids: Vec<Uuid> = selected.get_untracked().into_iter().collect();
        if ids.is_empty() {
            return notice.invalid("请先勾选要删除的代扣失败人员");
        }
        let who = format!("勾选的{}名人员", ids.len());
        ask_delete(ids, who);
    };
    let view_one = view_person(batch, notice, viewing);
    let search = move || {
        notice.clear();
        paging.first();
        applied.set(filters.query());
    };

    let row = move |e: RosterEntryOut| {
        let id = e.id;
        let deletable = deletable_after_withholding(&e);
        let name = e.name.clone();
        let result = e.withholding_result.clone().unwrap_or_default();
        let failed = !result.is_empty() && result != "succeeded";
        view! {
            <tr data-test="withholding-row" data-result=result class:blocking=failed>
                <Show when=may_delete>
                    <td>
                        {deletable.then(|| view! {
                            <input type="checkbox" data-test="withholding-check" aria-label="勾选"
                                prop:checked=move || selected.with(|s| s.contains(&id))
                                on:change=move |_| selected.update(|s| { if !s.remove(&id) { s.insert(id); } }) />
                        })}
                    </td>
                </Show>
                <td data-test="withholding-name">{e.name.clone()}</td>
                <td>{e.ss_name.clone().unwrap_or_else(|| "-".to_owned())}</td>
                <td>{labels::doc_type(e.doc_type)}</td>
                <td>{e.id_number_masked.clone()}</td>
                <td>{e.mobile_masked.clone()}</td>
                <td>{e.deduction_type_label.clone().unwrap_or_else(|| "-".to_owned())}</td>
                <td>{e.outcome_label.clone().unwrap_or_else(|| e.status_label.clone())}</td>
                <td data-test="withholding-result">{e.withholding_result_label.clone().unwrap_or_else(|| "-".to_owned())}</td>
                <td class="ops">
                    <button type="button" class="btn-link" data-test="withholding-view"
                        on:click=move |_| { view_one.dispatch_local(id); }>"查看"</button>
                    {(deletable).then(|| {
                        let name = name.clone();
                        view! {
                            <Show when=may_delete>
                                <button type="button" class="btn-link danger" data-test="withholding-delete"
                                    disabled=move || delete.pending().get()
                                    on:click={
                                        let name = name.clone();
                                        move |_| ask_delete(vec![id], format!("“{name}”"))
                                    }>"删除"</button>
                            </Show>
                        }
                    })}
                </td>
            </tr>
        }
    };

    let results = RESULT_FILTERS
        .iter()
        .map(|(k, l)| ((*k).to_owned(), *l))
        .collect();
    view! {
        <div class="filters" data-test="withholding-filters">
            <label>"姓名："<input data-test="withholding-filter-name" bind:value=filters.name placeholder="请输入" /></label>
            <label>"证件号："<input data-test="withholding-filter-id" bind:value=filters.id_number placeholder="请输入" /></label>
            <label>"代扣类型：" {choice("withholding-filter-deduction", filters.deduction, labels::deduction_types())}</label>
            <label>"代扣结果：" {choice("withholding-filter-result", filters.result, results)}</label>
            <label>"校验结果：" {choice("withholding-filter-outcome", filters.outcome, labels::verification_outcomes())}</label>
            <button type="button" class="btn btn-primary" data-test="withholding-search" on:click=move |_| search()>"查询"</button>
            <button type="button" class="btn" data-test="withholding-reset" on:click=move |_| { filters.reset(); search(); }>"重置"</button>
        </div>
        <Show when=may_delete>
            <div class="toolbar">
                <button type="button" class="btn" data-test="withholding-delete-checked"
                    disabled=move || delete.pending().get() on:click=delete_checked>
                    {move || match selected.with(HashSet::len) { 0 => "批量删除".to_owned(), n => format!("批量删除（已选{n}人）") }}
                </button>
                <span class="field-help">"可通过“代扣结果”筛选出代扣失败人员，进行批量删除。"</span>
            </div>
        </Show>
        <DataTable
            data=list
            test="withholding-table"
            head=move || view! {
                <Show when=may_delete>
                    <th><input type="checkbox" data-test="withholding-check-all" aria-label="全选本页代扣失败人员" prop:checked=all_checked on:change=toggle_all /></th>
                </Show>
                <th>"姓名"</th><th>"社保姓名"</th><th>"证件类型"</th><th>"证件号码"</th><th>"手机号"</th><th>"代扣类型"</th><th>"校验结果"</th><th>"代扣结果"</th><th>"操作"</th>
            }
            row=row
        />
        <Pager paging=paging total=total_of(list) test="withholding-pager" />
        {move || viewing.get().map(|p| view! {
            <PersonView person=p on_close=Callback::new(move |_| viewing.set(None)) />
        })}
    }
}
