//! 操作日志 (reviewers): who did what, when, before and after; filtered and paged.

use api_types::{AuditLogOut, Page};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{enc, use_api};
use crate::components::unit_forms::{beijing_time, ErrorBox};

/// `/review/audit-log`.
#[component]
pub fn AuditLogPage() -> impl IntoView {
    let api = use_api();
    let action = RwSignal::new(String::new());
    let target_type = RwSignal::new(String::new());
    let page_no = RwSignal::new(1u64);
    let page = RwSignal::new(None::<Page<AuditLogOut>>);
    let error = RwSignal::new(None::<String>);
    let load = move || {
        let query = format!(
            "page={}&page_size=20&action={}&target_type={}",
            page_no.get_untracked(),
            enc(action.get_untracked().trim()),
            enc(target_type.get_untracked().trim())
        );
        spawn_local(async move {
            match api.audit_logs(&query).await {
                Ok(p) => page.set(Some(p)),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    load();
    let total = move || page.get().map(|p| p.total).unwrap_or(0);
    let pages = move || total().div_ceil(20).max(1);
    let json =
        |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string()).unwrap_or_default();
    view! {
        <section class="page" data-test="audit-log-page">
            <h2 class="page-title" data-test="page-title">"操作日志"</h2>
            <div class="panel">
                <label class="field">
                    <span class="field-label">"操作"</span>
                    <input type="text" data-test="audit-filter-action" placeholder="如 code_application.approved" bind:value=action />
                </label>
                <label class="field">
                    <span class="field-label">"对象类型"</span>
                    <input type="text" data-test="audit-filter-target" placeholder="如 unit" bind:value=target_type />
                </label>
                <button class="btn btn-primary" data-test="audit-search" on:click=move |_| { page_no.set(1); load(); }>"查询"</button>
            </div>
            <ErrorBox error=error test="audit-error" />
            <table class="panel" data-test="audit-table">
                <thead>
                    <tr><th>"时间"</th><th>"角色"</th><th>"操作"</th><th>"对象"</th><th>"变更前"</th><th>"变更后"</th></tr>
                </thead>
                <tbody>
                    {move || page.get().map(|p| p.items).unwrap_or_default().into_iter().map(|e| view! {
                        <tr data-test="audit-row">
                            <td>{beijing_time(e.at)}</td>
                            <td>{e.actor_role.map(|r| r.label_zh()).unwrap_or("系统")}</td>
                            <td data-test="audit-action">{e.action.clone()}</td>
                            <td>{format!("{} {}", e.target_type, e.target_id.clone().unwrap_or_default())}</td>
                            <td><code>{json(&e.before)}</code></td>
                            <td><code>{json(&e.after)}</code></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p>
                {move || format!("共 {} 条，第 {} / {} 页 ", total(), page_no.get(), pages())}
                <button class="btn btn-link" disabled=move || { page_no.get() <= 1 } on:click=move |_| { page_no.update(|p| *p -= 1); load(); }>"上一页"</button>
                <button class="btn btn-link" disabled=move || { page_no.get() >= pages() } on:click=move |_| { page_no.update(|p| *p += 1); load(); }>"下一页"</button>
            </p>
        </section>
    }
}
