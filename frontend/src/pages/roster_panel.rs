//! ② 添加参保人员 and the roster table: import (方式1) with upload progress and the row
//! errors, manual entry (方式2), search, paging, view (unmasked), delete, batch delete,
//! clear and export.

use std::collections::HashSet;

use api_types::{BatchOut, ImportErrorOut, Page, RosterEntryOut, RosterPersonOut, RosterQuery};
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::batch_api::use_batch_api;
use crate::pages::batch_wizard::yuan;
use crate::pages::pager::Pager;
use crate::pages::person_dialog::PersonDialog;

/// The roster part of the wizard; `batch` is replaced after every change (new version).
#[component]
pub fn RosterPanel(batch: RwSignal<Option<BatchOut>>) -> impl IntoView {
    let api = use_batch_api();
    let name = RwSignal::new(String::new());
    let id_number = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let page_no = RwSignal::new(1u64);
    let page = RwSignal::new(None::<Page<RosterEntryOut>>);
    let selected = RwSignal::new(HashSet::<Uuid>::new());
    let message = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let import_errors = RwSignal::new(Vec::<ImportErrorOut>::new());
    let progress = RwSignal::new(None::<f64>);
    let file = RwSignal::new_local(None::<web_sys::File>);
    let adding = RwSignal::new(false);
    let viewing = RwSignal::new(None::<RosterPersonOut>);

    let load = move || {
        let Some(b) = batch.get_untracked() else {
            return;
        };
        let q = RosterQuery {
            name: Some(name.get_untracked()),
            id_number: Some(id_number.get_untracked()),
            status: Some(status.get_untracked()),
            page: Some(page_no.get_untracked()),
            page_size: Some(10),
        };
        spawn_local(async move {
            match api.roster(b.id, &q).await {
                Ok(p) => {
                    selected.set(HashSet::new());
                    page.set(Some(p));
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    load();
    // Every change answers the batch with its new version: refresh the list then.
    let changed = move |after: BatchOut, note: Option<String>| {
        batch.set(Some(after));
        error.set(None);
        message.set(note);
        load();
    };

    let upload = move |_| {
        let (Some(b), Some(f)) = (batch.get_untracked(), file.get_untracked()) else {
            error.set(Some("请先选择参保名单文件（.xlsx 或 .xls）".into()));
            return;
        };
        import_errors.set(Vec::new());
        progress.set(Some(0.0));
        spawn_local(async move {
            let result = api.import(&b, &f, move |p| progress.set(Some(p))).await;
            progress.set(None);
            match result {
                Ok(out) => changed(
                    out.batch,
                    Some(format!("成功导入参保人数：{}人", out.imported)),
                ),
                Err(e) => {
                    let rows: Vec<ImportErrorOut> = e
                        .details
                        .as_ref()
                        .and_then(|d| d.get("errors"))
                        .and_then(|v| serde_json::from_value(v.clone()).ok())
                        .unwrap_or_default();
                    import_errors.set(rows);
                    error.set(Some(e.message));
                }
            }
        });
    };
    let error_report = move |_| {
        let (Some(b), Some(f)) = (batch.get_untracked(), file.get_untracked()) else {
            return;
        };
        spawn_local(async move {
            let path = format!("/batches/{}/roster/error-report", b.id);
            let name = format!("导入错误_{}.xlsx", b.batch_no);
            if let Err(e) = api.download(&path, Some(&f), &name).await {
                error.set(Some(e.message));
            }
        });
    };
    let export = move |_| {
        let Some(b) = batch.get_untracked() else {
            return;
        };
        spawn_local(async move {
            let path = format!("/batches/{}/roster/export", b.id);
            let name = format!("参保名单_{}.xlsx", b.batch_no);
            if let Err(e) = api.download(&path, None, &name).await {
                error.set(Some(e.message));
            }
        });
    };
    let confirm = |text: &str| {
        web_sys::window()
            .and_then(|w| w.confirm_with_message(text).ok())
            .unwrap_or(false)
    };
    let delete_one = move |id: Uuid| {
        let Some(b) = batch.get_untracked() else {
            return;
        };
        if !confirm("确定删除该参保人员吗？") {
            return;
        }
        spawn_local(async move {
            match api.delete_person(&b, id).await {
                Ok(after) => changed(after, Some("已删除".into())),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let delete_checked = move |_| {
        let Some(b) = batch.get_untracked() else {
            return;
        };
        let ids: Vec<Uuid> = selected.get_untracked().into_iter().collect();
        if ids.is_empty() {
            error.set(Some("请先勾选要删除的人员".into()));
            return;
        }
        if !confirm(&format!("确定删除勾选的{}名人员吗？", ids.len())) {
            return;
        }
        spawn_local(async move {
            match api.delete_people(&b, ids).await {
                Ok(after) => changed(after, Some("已批量删除".into())),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let clear = move |_| {
        let Some(b) = batch.get_untracked() else {
            return;
        };
        if !confirm("确定清空当前批次的全部参保人员吗？") {
            return;
        }
        spawn_local(async move {
            match api.clear(&b).await {
                Ok(after) => changed(after, Some("参保名单已清空".into())),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let view_one = move |id: Uuid| {
        let Some(b) = batch.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match api.view_person(b.id, id).await {
                Ok(p) => viewing.set(Some(p)),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let can = move |key: &str| {
        batch
            .get()
            .is_some_and(|b| b.allowed_actions.iter().any(|a| a == key))
    };

    let rows = move || {
        page.get().map(|p| {
            p.items
                .into_iter()
                .map(|e| {
                    let id = e.id;
                    view! {
                        <tr data-test="roster-row">
                            <td>
                                <input type="checkbox" data-test="roster-check"
                                    prop:checked=move || selected.get().contains(&id)
                                    on:change=move |_| selected.update(|s| { if !s.remove(&id) { s.insert(id); } }) />
                            </td>
                            <td data-test="roster-name">{e.name.clone()}</td>
                            <td>{e.doc_type_label.clone()}</td>
                            <td data-test="roster-id">{e.id_number_masked.clone()}</td>
                            <td data-test="roster-mobile">{e.mobile_masked.clone()}</td>
                            <td>{yuan(e.premium_fen)}</td>
                            <td>{e.status_label.clone()}</td>
                            <td class="ops">
                                <button class="btn-link" data-test="roster-view" on:click=move |_| view_one(id)>"查看"</button>
                                <button class="btn-link danger" data-test="roster-delete" on:click=move |_| delete_one(id)>"删除"</button>
                            </td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };

    view! {
        <div class="panel" data-test="roster-panel">
            <h3>"② 添加参保人员"</h3>
            <div class="toolbar">
                <span>"方式1：导入参保名单"</span>
                <input type="file" data-test="roster-file" accept=".xlsx,.xls"
                    on:change=move |ev| {
                        let input: web_sys::HtmlInputElement = event_target(&ev);
                        file.set(input.files().and_then(|f| f.get(0)));
                    } />
                <button class="btn btn-primary" data-test="roster-upload" disabled=move || !can("import_roster") || progress.get().is_some() on:click=upload>"上传文件"</button>
                <a href="/api/templates/roster" download="参保名单导入模板.xlsx" data-test="roster-template">"下载参保名单导入模板"</a>
                <span class="sep">"|"</span>
                <button class="btn" data-test="person-add" disabled=move || !can("add_person") on:click=move |_| adding.set(true)>"方式2：新增参保人员"</button>
            </div>
            <Show when=move || progress.get().is_some()>
                <div class="progress" data-test="upload-progress">
                    <div class="progress-bar" style=move || format!("width: {:.0}%", progress.get().unwrap_or(0.0))></div>
                    <span>{move || format!("上传中 {:.0}%，上传完成后系统进行预校验…", progress.get().unwrap_or(0.0))}</span>
                </div>
            </Show>
            <Show when=move || message.get().is_some()>
                <div class="alert alert-info" data-test="roster-message">{move || message.get().unwrap_or_default()}</div>
            </Show>
            <Show when=move || error.get().is_some()>
                <div class="alert alert-error" role="alert" data-test="roster-error">{move || error.get().unwrap_or_default()}</div>
            </Show>
            <Show when=move || !import_errors.get().is_empty()>
                <div class="import-errors" data-test="import-errors">
                    <p>"导入失败，请依据提示修改表格后，点击“修改人员名单并重新导入”。"
                        <button class="btn-link" data-test="error-report" on:click=error_report>"下载带错误原因的表格"</button>
                    </p>
                    <table class="table">
                        <thead><tr><th>"行号"</th><th>"列"</th><th>"错误原因"</th></tr></thead>
                        <tbody>
                            {move || import_errors.get().into_iter().map(|e| view! {
                                <tr data-test="import-error-row">
                                    <td>{e.row.map_or_else(|| "整个文件".to_owned(), |r| r.to_string())}</td>
                                    <td>{e.column_label.unwrap_or_default()}</td>
                                    <td>{e.message}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </Show>
            <p data-test="roster-size">{move || format!("参保人数：{}人", batch.get().map_or(0, |b| b.roster_size))}</p>
            <div class="filters">
                <label>"姓名："<input data-test="roster-filter-name" bind:value=name placeholder="请输入" /></label>
                <label>"证件号："<input data-test="roster-filter-id" bind:value=id_number placeholder="请输入" /></label>
                <label>"状态："
                    <select data-test="roster-filter-status" on:change=move |ev| status.set(event_target_value(&ev))>
                        <option value="">"全部"</option>
                        <option value="pending">"待校验"</option>
                    </select>
                </label>
                <button class="btn btn-primary" data-test="roster-search" on:click=move |_| { page_no.set(1); load(); }>"查询"</button>
                <button class="btn" data-test="roster-reset" on:click=move |_| {
                    name.set(String::new());
                    id_number.set(String::new());
                    status.set(String::new());
                    page_no.set(1);
                    load();
                }>"重置"</button>
            </div>
            <div class="toolbar">
                <button class="btn" data-test="roster-clear" disabled=move || !can("clear_roster") on:click=clear>"清空参保名单"</button>
                <button class="btn" data-test="roster-delete-checked" on:click=delete_checked>"批量删除"</button>
                <button class="btn" data-test="roster-export" on:click=export>"导出"</button>
            </div>
            <table class="table" data-test="roster-table">
                <thead>
                    <tr><th></th><th>"姓名"</th><th>"证件类型"</th><th>"证件号码"</th><th>"手机号"</th><th>"参保费用"</th><th>"状态"</th><th>"操作"</th></tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <Pager total=Signal::derive(move || page.get().map_or(0, |p| p.total)) page=page_no page_size=10 on_change=Callback::new(move |_| load()) />
        </div>
        <Show when=move || adding.get()>
            <PersonDialog batch=batch on_close=Callback::new(move |after: Option<BatchOut>| {
                adding.set(false);
                if let Some(after) = after {
                    changed(after, Some("已新增参保人员".into()));
                }
            }) />
        </Show>
        {move || viewing.get().map(|p| view! {
            <div class="modal-backdrop">
                <div class="modal" data-test="person-view">
                    <h3>"参保人员明细"</h3>
                    <dl class="facts">
                        <dt>"姓名"</dt><dd>{p.entry.name.clone()}</dd>
                        <dt>"证件类型"</dt><dd>{p.entry.doc_type_label.clone()}</dd>
                        <dt>"证件号码"</dt><dd data-test="person-view-id">{p.id_number.clone()}</dd>
                        <dt>"出生日期"</dt><dd>{p.entry.birth_date.to_string()}</dd>
                        <dt>"性别"</dt><dd>{match p.entry.sex { api_types::SexKey::Male => "男", api_types::SexKey::Female => "女" }}</dd>
                        <dt>"手机号"</dt><dd data-test="person-view-mobile">{p.mobile.clone()}</dd>
                    </dl>
                    <div class="modal-actions">
                        <button class="btn" data-test="person-view-close" on:click=move |_| viewing.set(None)>"关闭"</button>
                    </div>
                </div>
            </div>
        })}
    }
}
