//! 参保办理: the batch list (参保批次列表) with its filters, the two ways in
//! (集中参保办理 / 即时参保办理), and the operations the server allows per batch.

use api_types::{BatchKindKey, BatchOut, BatchQuery, Page};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::auth::use_auth;
use crate::batch_api::use_batch_api;
use crate::pages::pager::Pager;

/// Batch statuses for the filter, as the server names them.
pub const STATUSES: [(&str, &str); 13] = [
    ("roster_pending", "名单待导入"),
    ("verification_pending", "名单待校验"),
    ("verifying", "名单校验中"),
    ("verified", "名单校验完成"),
    ("under_review", "职保会审核中"),
    ("review_rejected", "职保会审核不通过"),
    ("review_approved", "职保会审核通过"),
    ("withholding_applied", "代扣申请中"),
    ("withholding_done", "代扣完成"),
    ("vouchers_pending", "待上传缴费凭证"),
    ("vouchers_under_review", "凭证审核中"),
    ("vouchers_rejected", "凭证审核不通过"),
    ("completed", "凭证审核通过"),
];

/// The batch list page (`/unit/batches`).
#[component]
pub fn BatchesPage() -> impl IntoView {
    let api = use_batch_api();
    let auth = use_auth();
    let navigate = use_navigate();
    let batch_no = RwSignal::new(String::new());
    let unit_name = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let page_no = RwSignal::new(1u64);
    let page = RwSignal::new(None::<Page<BatchOut>>);
    let error = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(None::<BatchKindKey>);
    let current = RwSignal::new(None::<api_types::CurrentPlanYearOut>);
    spawn_local(async move {
        if let Ok(c) = api.current_plan_year().await {
            current.set(Some(c));
        }
    });
    let busy = RwSignal::new(false);

    let load = move || {
        let q = BatchQuery {
            batch_no: Some(batch_no.get_untracked()),
            unit_name: Some(unit_name.get_untracked()),
            status: Some(status.get_untracked()),
            page: Some(page_no.get_untracked()),
            page_size: Some(10),
        };
        spawn_local(async move {
            match api.list(&q).await {
                Ok(p) => {
                    error.set(None);
                    page.set(Some(p));
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    load();

    let create = move |kind: BatchKindKey| {
        let navigate = navigate.clone();
        busy.set(true);
        spawn_local(async move {
            match api.create(kind).await {
                Ok(b) => {
                    confirming.set(None);
                    // Step ② (unit information) comes first, as in the manual.
                    navigate(
                        &format!("/unit/batches/{}?step=2", b.id),
                        Default::default(),
                    );
                }
                Err(e) => {
                    confirming.set(None);
                    error.set(Some(e.message));
                }
            }
            busy.set(false);
        });
    };
    let delete = move |b: BatchOut| {
        let ok = web_sys::window()
            .and_then(|w| {
                w.confirm_with_message(&format!("确定删除批次 {} 吗？删除后不可恢复。", b.batch_no))
                    .ok()
            })
            .unwrap_or(false);
        if !ok {
            return;
        }
        spawn_local(async move {
            match api.delete(&b).await {
                Ok(()) => load(),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };

    let rows = move || {
        page.get().map(|p| {
            p.items
                .into_iter()
                .map(|b| {
                    let link = format!("/unit/batches/{}", b.id);
                    let del = b.clone();
                    view! {
                        <tr data-test="batch-row">
                            <td data-test="batch-no">{b.batch_no.clone()}</td>
                            <td>{b.unit_name.clone()}</td>
                            <td>{b.enrollment_code.clone().unwrap_or_default()}</td>
                            <td>{b.kind_label.clone()}</td>
                            <td>{b.plan_year}</td>
                            <td data-test="batch-status">{b.status_label.clone()}</td>
                            <td class="ops">
                                <Show when=move || b.can_continue>
                                    <A href=link.clone() {..} data-test="batch-continue">
                                        "继续办理参保"
                                    </A>
                                </Show>
                                <Show when=move || b.can_edit_roster>
                                    <A href=format!("/unit/batches/{}", b.id) {..} data-test="batch-edit-roster">
                                        "修改参保名单"
                                    </A>
                                </Show>
                                <Show when=move || b.can_delete>
                                    {
                                        let del = del.clone();
                                        view! {
                                            <button
                                                class="btn-link danger"
                                                data-test="batch-delete"
                                                on:click=move |_| delete(del.clone())
                                            >
                                                "批次删除"
                                            </button>
                                        }
                                    }
                                </Show>
                            </td>
                            <td class="ops">
                                <A href=format!("/unit/batches/{}", b.id) {..} data-test="batch-info">
                                    "查看批次信息"
                                </A>
                                <A href="/unit/unit-info">"维护单位信息"</A>
                                <A href=format!("/unit/batches/{}", b.id)>"查看参保人员"</A>
                            </td>
                            <td>{b.updated_at.format("%Y-%m-%d %H:%M:%S").to_string()}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };

    let unit = move || auth.me().and_then(|m| m.unit);
    view! {
        <section class="page" data-test="batches-page">
            <h2 class="page-title" data-test="page-title">"参保办理"</h2>
            <div class="panel filters">
                <label>"批次号："<input data-test="filter-batch-no" bind:value=batch_no placeholder="请输入" /></label>
                <label>"单位名称："<input data-test="filter-unit-name" bind:value=unit_name placeholder="请输入" /></label>
                <label>
                    "批次状态："
                    <select data-test="filter-status" on:change=move |ev| status.set(event_target_value(&ev))>
                        <option value="">"全部"</option>
                        {STATUSES.iter().map(|(k, l)| view! { <option value=*k>{*l}</option> }).collect_view()}
                    </select>
                </label>
                <button class="btn btn-primary" data-test="filter-search" on:click=move |_| { page_no.set(1); load(); }>"查询"</button>
                <button class="btn" data-test="filter-reset" on:click=move |_| {
                    batch_no.set(String::new());
                    unit_name.set(String::new());
                    status.set(String::new());
                    page_no.set(1);
                    load();
                }>"重置"</button>
            </div>
            {move || current.get().map(|c| {
                let t = |d: chrono::DateTime<chrono::FixedOffset>| d.format("%Y年%m月%d日%H:%M").to_string();
                view! {
                    <div class="alert alert-info" data-test="plan-year-reminder">
                        {format!(
                            "当前保障年度：{}。友情提醒：集中参保通道{}关闭；委托代扣款缴费参保通道{}关闭；即时参保{}起办理。",
                            c.plan_year.year,
                            t(c.plan_year.centralized_end),
                            t(c.plan_year.withholding_channel_close),
                            t(c.plan_year.instant_start),
                        )}
                    </div>
                }
            })}
            <div class="panel toolbar">
                <button class="btn btn-primary" data-test="open-centralized" on:click=move |_| confirming.set(Some(BatchKindKey::Centralized))>"集中参保办理"</button>
                <button class="btn btn-primary" data-test="open-instant" on:click=move |_| confirming.set(Some(BatchKindKey::Instant))>"即时参保办理"</button>
            </div>
            <Show when=move || error.get().is_some()>
                <div class="alert alert-error" role="alert" data-test="batches-error">{move || error.get().unwrap_or_default()}</div>
            </Show>
            <Show when=move || confirming.get().is_some()>
                <div class="modal-backdrop">
                    <div class="modal" data-test="open-batch-dialog">
                        <h3>{move || match confirming.get() { Some(BatchKindKey::Centralized) => "集中参保办理", _ => "即时参保办理" }}</h3>
                        <dl class="facts">
                            <dt>"* 参保编码："</dt>
                            <dd>{move || unit().and_then(|u| u.enrollment_code).unwrap_or_default()}</dd>
                            <dt>"* 参保单位："</dt>
                            <dd>{move || unit().map(|u| u.name).unwrap_or_default()}</dd>
                        </dl>
                        <p class="field-help">"*若单位名称有误，请至职保中心营业大厅“信息修改”窗口办理更新！"</p>
                        <div class="modal-actions">
                            <button class="btn" on:click=move |_| confirming.set(None)>"取消"</button>
                            <button
                                class="btn btn-primary"
                                data-test="open-batch-confirm"
                                disabled=move || busy.get()
                                on:click={
                                    let create = create.clone();
                                    move |_| { if let Some(k) = confirming.get_untracked() { create(k) } }
                                }
                            >"确认"</button>
                        </div>
                    </div>
                </div>
            </Show>
            <div class="panel">
                <table class="table" data-test="batches-table">
                    <thead>
                        <tr>
                            <th>"批次号"</th><th>"单位名称"</th><th>"参保编码"</th><th>"参保类型"</th>
                            <th>"保障年度"</th><th>"状态"</th><th>"参保操作"</th><th>"其它操作"</th><th>"最后更新时间"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
                <Pager
                    total=Signal::derive(move || page.get().map_or(0, |p| p.total))
                    page=page_no
                    page_size=10
                    on_change=Callback::new(move |_| load())
                />
            </div>
        </section>
    }
}
