//! 操作日志 (reviewers): who did what to which record, when, and what changed — in Chinese,
//! by account name, without codes, JSON or ids; filtered by 操作 and 对象, paged.

use api_types::{AuditLogOut, AuditLogQuery, AUDIT_ACTIONS, AUDIT_TARGETS};
use leptos::prelude::*;

use crate::api::{filter, use_api};
use crate::components::audit_text;
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
    let row = move |e: AuditLogOut| {
        let subject = audit_text::subject(&e.target_label, &e.before, &e.after);
        let changes = audit_text::changes(&e.before, &e.after);
        view! {
            <tr data-test="audit-row">
                <td>{list_time(e.at)}</td>
                <td data-test="audit-actor">{e.actor_label.clone()}</td>
                <td data-test="audit-action">{e.action_label.clone()}</td>
                <td data-test="audit-subject">{subject}</td>
                <td data-test="audit-changes">
                    {changes.into_iter().map(|c| view! { <div>{c}</div> }).collect_view()}
                </td>
            </tr>
        }
    };
    view! {
        <section class="page" data-test="audit-log-page">
            <h2 class="page-title" data-test="page-title">"操作日志"</h2>
            <div class="panel filters">
                <label>"操作："
                    <select data-test="audit-filter-action" prop:value=move || action.get()
                        on:change=move |ev| action.set(event_target_value(&ev))>
                        <option value="">"全部"</option>
                        {AUDIT_ACTIONS.iter().map(|(code, label)| view! { <option value=*code>{*label}</option> }).collect_view()}
                    </select>
                </label>
                <label>"对象："
                    <select data-test="audit-filter-target" prop:value=move || target_type.get()
                        on:change=move |ev| target_type.set(event_target_value(&ev))>
                        <option value="">"全部"</option>
                        {AUDIT_TARGETS.iter().map(|(code, label)| view! { <option value=*code>{*label}</option> }).collect_view()}
                    </select>
                </label>
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
                    head=|| view! { <th>"时间"</th><th>"操作人"</th><th>"操作"</th><th>"对象"</th><th>"内容"</th> }
                    row=row
                />
                <Pager paging=paging total=total_of(logs) />
            </div>
        </section>
    }
}
