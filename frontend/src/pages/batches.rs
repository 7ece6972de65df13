//! 参保办理: the batch list (参保批次列表) with its filters, the two ways in
//! (集中参保办理 / 即时参保办理), and the operations the server allows per batch.

use api_types::{BatchKindKey, BatchOut, BatchQuery, PaymentMethodKey};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api::files::save_bytes;
use crate::api::{filter, use_api};
use crate::auth::use_auth;
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::confirm::{use_confirm, Ask};
use crate::components::format::{list_time, manual_time};
use crate::components::labels;
use crate::components::pager::{Pager, Paging};
use crate::components::table::{total_of, DataTable};

/// The filters as typed; they apply on 查询.
#[derive(Debug, Clone, Copy)]
struct Filters {
    batch_no: RwSignal<String>,
    unit_name: RwSignal<String>,
    status: RwSignal<String>,
}

impl Filters {
    fn new() -> Self {
        Filters {
            batch_no: RwSignal::new(String::new()),
            unit_name: RwSignal::new(String::new()),
            status: RwSignal::new(String::new()),
        }
    }

    fn query(&self) -> BatchQuery {
        BatchQuery {
            batch_no: filter(&self.batch_no.get_untracked()),
            unit_name: filter(&self.unit_name.get_untracked()),
            status: filter(&self.status.get_untracked()),
            ..BatchQuery::default()
        }
    }

    fn reset(&self) {
        self.batch_no.set(String::new());
        self.unit_name.set(String::new());
        self.status.set(String::new());
    }
}

/// 状态 in the list: the status, and while 名单校验中 how far the check is (名单校验中 12/30).
fn status_text(b: &BatchOut) -> String {
    match &b.progress {
        Some(p) => format!("{} {}/{}", b.status_label, p.done, p.total),
        None => b.status_label.clone(),
    }
}

/// The batch list page (`/unit/batches`).
#[component]
pub fn BatchesPage() -> impl IntoView {
    let api = use_api();
    let confirm = use_confirm();
    let navigate = use_navigate();
    let notice = Notice::new();
    let filters = Filters::new();
    let applied = RwSignal::new(BatchQuery::default());
    let paging = Paging::new();
    let opening = RwSignal::new(None::<BatchKindKey>);

    let batches = LocalResource::new(move || {
        let (page, page_size) = paging.get();
        let query = BatchQuery {
            page,
            page_size,
            ..applied.get()
        };
        async move { api.batches().list(&query).await }
    });
    let current = LocalResource::new(move || async move { api.plan_years().current().await });
    let search = move || {
        notice.clear();
        paging.first();
        applied.set(filters.query());
        batches.refetch();
    };

    let create = Action::new_local(move |kind: &BatchKindKey| {
        let (kind, navigate) = (*kind, navigate.clone());
        async move {
            notice.clear();
            let created = api.batches().create(kind).await;
            opening.set(None);
            if let Some(b) = notice.check(created) {
                // Step ② (unit information) comes first, as in the manual.
                navigate(
                    &format!("/unit/batches/{}?step=2", b.id),
                    Default::default(),
                );
            }
        }
    });
    let delete = Action::new_local(move |b: &BatchOut| {
        let b = b.clone();
        async move {
            notice.clear();
            if notice.check(api.batches().delete(&b).await).is_some() {
                notice.success(format!("批次 {} 已删除", b.batch_no));
                batches.refetch();
            }
        }
    });
    // 下载代扣受理单 (其它操作): the server refuses before the association accepted.
    let slip = Action::new_local(move |b: &BatchOut| {
        let (id, no) = (b.id, b.batch_no.clone());
        async move {
            notice.clear();
            let saved = match api.withholding().slip(id).await {
                Ok(bytes) => save_bytes(&bytes, &format!("代扣受理单_{no}.pdf")),
                Err(e) => Err(e),
            };
            if notice.check(saved).is_some() {
                notice.success(format!("已下载批次 {no} 的代扣受理单"));
            }
        }
    });
    let ask_delete = move |b: BatchOut| {
        let message = format!("确定删除批次 {} 吗？删除后不可恢复。", b.batch_no);
        confirm.ask(Ask::delete(message), move || {
            delete.dispatch_local(b.clone());
        });
    };

    let row = move |b: BatchOut| {
        let link = format!("/unit/batches/{}", b.id);
        let del = b.clone();
        let for_slip = b.clone();
        // Once a withholding application exists (代扣申请中 and later).
        let has_slip = b.payment_method == Some(PaymentMethodKey::Withholding)
            && b.wizard_step >= 6
            && b.status != "review_approved";
        view! {
            <tr data-test="batch-row">
                <td data-test="batch-no">{b.batch_no.clone()}</td>
                <td>{b.unit_name.clone()}</td>
                <td>{b.enrollment_code.clone().unwrap_or_default()}</td>
                <td>{labels::batch_kind(b.kind)}</td>
                <td>{b.plan_year}</td>
                <td class="nowrap">
                    <span data-test="batch-status">{status_text(&b)}</span>
                    // The manual: 职保会审核不通过, 点击继续办理参保 (to read the reasons and resubmit).
                    {(b.status == "withholding_done").then(|| view! {
                        <span class="field-help" data-test="batch-status-hint">"，点击继续办理参保"</span>
                    })}
                    {(b.status == "review_rejected" && b.can_continue).then(|| view! {
                        <span class="field-help" data-test="batch-status-hint">"，点击继续办理参保"</span>
                    })}
                </td>
                <td class="ops ops-wrap">
                    {b.can_continue.then(|| view! {
                        <A href=link.clone() {..} data-test="batch-continue">"继续办理参保"</A>
                    })}
                    {b.can_edit_roster.then(|| view! {
                        <A href=format!("{link}?step=3") {..} data-test="batch-edit-roster">"修改参保名单"</A>
                    })}
                    {b.progress.is_some().then(|| view! {
                        <A href=link.clone() {..} data-test="batch-progress">"查看校验进度"</A>
                    })}
                    {b.can_delete.then(|| view! {
                        <button type="button" class="btn-link danger" data-test="batch-delete"
                            on:click=move |_| ask_delete(del.clone())>"批次删除"</button>
                    })}
                </td>
                <td class="ops ops-wrap">
                    <A href=link.clone() {..} data-test="batch-info">"查看批次信息"</A>
                    <A href="/unit/unit-info">"维护单位信息"</A>
                    <A href=link.clone()>"查看参保人员"</A>
                    {has_slip.then(|| view! {
                        <button type="button" class="btn-link" data-test="batch-slip"
                            on:click=move |_| { slip.dispatch_local(for_slip.clone()); }>"下载代扣受理单"</button>
                    })}
                </td>
                <td>{list_time(b.updated_at)}</td>
            </tr>
        }
    };

    view! {
        <section class="page" data-test="batches-page">
            <h2 class="page-title" data-test="page-title">"参保办理"</h2>
            <div class="panel filters">
                <label>"批次号："<input data-test="filter-batch-no" bind:value=filters.batch_no placeholder="请输入" /></label>
                <label>"单位名称："<input data-test="filter-unit-name" bind:value=filters.unit_name placeholder="请输入" /></label>
                <label>
                    "批次状态："
                    <select data-test="filter-status" prop:value=move || filters.status.get()
                        on:change=move |ev| filters.status.set(event_target_value(&ev))>
                        <option value="">"全部"</option>
                        {labels::batch_statuses().into_iter().map(|(key, label)| view! {
                            <option value=key>{label}</option>
                        }).collect_view()}
                    </select>
                </label>
                <button type="button" class="btn btn-primary" data-test="filter-search" on:click=move |_| search()>"查询"</button>
                <button type="button" class="btn" data-test="filter-reset" on:click=move |_| { filters.reset(); search(); }>"重置"</button>
            </div>
            {move || current.get().and_then(Result::ok).map(|c| view! {
                <div class="alert alert-info" data-test="plan-year-reminder">
                    {format!(
                        "当前保障年度：{}。友情提醒：集中参保通道{}关闭；委托代扣款缴费参保通道{}关闭；即时参保{}起办理。",
                        c.plan_year.year,
                        manual_time(c.plan_year.centralized_end),
                        manual_time(c.plan_year.withholding_channel_close),
                        manual_time(c.plan_year.instant_start),
                    )}
                </div>
            })}
            <div class="panel toolbar">
                <button type="button" class="btn btn-primary" data-test="open-centralized"
                    on:click=move |_| { notice.clear(); opening.set(Some(BatchKindKey::Centralized)); }>"集中参保办理"</button>
                <button type="button" class="btn btn-primary" data-test="open-instant"
                    on:click=move |_| { notice.clear(); opening.set(Some(BatchKindKey::Instant)); }>"即时参保办理"</button>
                // Said before the operator fills the dialog; the server still decides.
                {move || current.get().and_then(Result::ok).map(|c| {
                    let closed: Vec<&str> = [
                        (c.centralized_open, BatchKindKey::Centralized),
                        (c.instant_open, BatchKindKey::Instant),
                    ]
                    .into_iter()
                    .filter(|(open, _)| !open)
                    .map(|(_, kind)| labels::batch_kind(kind))
                    .collect();
                    (!closed.is_empty()).then(|| view! {
                        <span class="field-help" data-test="closed-channels">
                            {format!("当前不在{}办理时间内", closed.join("、"))}
                        </span>
                    })
                })}
            </div>
            <NoticeBanner notice=notice error_test="batches-error" ok_test="batches-message" />
            {move || opening.get().map(|kind| view! {
                <OpenBatchDialog
                    kind=kind
                    busy=create.pending()
                    on_confirm=Callback::new(move |_| { create.dispatch_local(kind); })
                    on_cancel=Callback::new(move |_| opening.set(None))
                />
            })}
            <div class="panel">
                <DataTable
                    data=batches
                    test="batches-table"
                    head=|| view! {
                        <th>"批次号"</th><th>"单位名称"</th><th>"参保编码"</th><th>"参保类型"</th>
                        <th>"保障年度"</th><th>"状态"</th><th>"参保操作"</th><th>"其它操作"</th><th>"最后更新时间"</th>
                    }
                    row=row
                />
                <Pager paging=paging total=total_of(batches) />
            </div>
        </section>
    }
}

/// The manual's 集中参保办理 / 即时参保办理 dialog: the unit's code and name, then 确认.
#[component]
fn OpenBatchDialog(
    kind: BatchKindKey,
    busy: Memo<bool>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let auth = use_auth();
    let unit = move || auth.me().and_then(|m| m.unit);
    view! {
        <div class="modal-backdrop">
            <div class="modal" data-test="open-batch-dialog">
                <h3>{format!("{}办理", labels::batch_kind(kind))}</h3>
                <dl class="facts">
                    <dt>"* 参保编码："</dt>
                    <dd>{move || unit().and_then(|u| u.enrollment_code).unwrap_or_default()}</dd>
                    <dt>"* 参保单位："</dt>
                    <dd>{move || unit().map(|u| u.name).unwrap_or_default()}</dd>
                </dl>
                <p class="field-help">"*若单位名称有误，请至职保中心营业大厅“信息修改”窗口办理更新！"</p>
                <div class="modal-actions">
                    <button type="button" class="btn" data-test="open-batch-cancel" on:click=move |_| on_cancel.run(())>"取消"</button>
                    <button type="button" class="btn btn-primary" data-test="open-batch-confirm"
                        disabled=move || busy.get() on:click=move |_| on_confirm.run(())>"确认"</button>
                </div>
            </div>
        </div>
    }
}
