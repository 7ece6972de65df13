//! 操作日志 (reviewers): who did what, when, before and after; filtered and paged.

use api_types::{AuditLogOut, AuditLogQuery};
use leptos::prelude::*;

use crate::api::{filter, use_api};
use crate::components::format::list_time;
use crate::components::pager::{Pager, Paging};
use crate::components::table::{total_of, DataTable};

/// `/review/audit-log`.
#[component]
pub fn AuditLogPage() -> impl IntoView {
    let api = use_api();
    let action = RwSignal::new(String::new());
    let target_type = RwSignal::new(String::new());
    let applied = RwSignal::new(AuditLogQuery::default());
    let paging = Paging::new();
    let logs = LocalResource::new(move || {
        let (page, page_size) = paging.get();
        let query = AuditLogQuery {
            page,
            page_size,
            ..applied.get()
        };
        async move { api.accounts().audit_logs(&query).await }
    });
    let json =
        |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string()).unwrap_or_default();
    let row = move |e: AuditLogOut| {
        view! {
            <tr data-test="audit-row">
                <td>{list_time(e.at)}</td>
                <td>{e.actor_role.map(|r| r.label_zh()).unwrap_or("系统")}</td>
                <td data-test="audit-action">{e.action.clone()}</td>
                <td>{format!("{} {}", e.target_type, e.target_id.clone().unwrap_or_default())}</td>
                <td><code>{json(&e.before)}</code></td>
                <td><code>{json(&e.after)}</code></td>
            </tr>
        }
    };
    view! {
        <section class="page" data-test="audit-log-page">
            <h2 class="page-title" data-test="page-title">"操作日志"</h2>
            <div class="panel filters">
                <label>"操作：" <input type="text" data-test="audit-filter-action" placeholder="如 code_application.approved" bind:value=action /></label>
                <label>"对象类型：" <input type="text" data-test="audit-filter-target" placeholder="如 unit" bind:value=target_type /></label>
                <button type="button" class="btn btn-primary" data-test="audit-search" on:click=move |_| {
                    paging.first();
                    applied.set(AuditLogQuery {
                        action: filter(&action.get_untracked()),
                        target_type: filter(&target_type.get_untracked()),
                        ..AuditLogQuery::default()
                    });
                }>"查询"</button>
            </div>
            <div class="panel">
                <DataTable
                    data=logs
                    test="audit-table"
                    head=|| view! { <th>"时间"</th><th>"角色"</th><th>"操作"</th><th>"对象"</th><th>"变更前"</th><th>"变更后"</th> }
                    row=row
                />
                <Pager paging=paging total=total_of(logs) />
            </div>
        </section>
    }
}
