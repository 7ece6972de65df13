//! 缴费凭证管理 (`/unit/vouchers`): the unit's batches that pay by voucher now — 参保批次,
//! 参保单位, 参保金额, 状态, 职保中心反馈 (投保成功, or the reviewer's reasons), 创建时间 — filtered
//! by 批次号 and 凭证状态, paged; 上传缴费凭证 / 编辑 / 查看 open the batch's voucher page
//! (`/unit/vouchers/:id`, the manual's 通道二).

use api_types::{VoucherListItemOut, VoucherQuery};
use domain::BatchStatus;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{filter, use_api};
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::batch_page::{kept_batch, BatchInPath};
use crate::components::format::list_time;
use crate::components::pager::{Pager, Paging};
use crate::components::table::{total_of, DataTable};
use crate::pages::voucher_panel::{PayeeCard, VoucherPanel};

/// The 凭证状态 filter, in the order a batch passes them.
const VOUCHER_STATUSES: [BatchStatus; 4] = [
    BatchStatus::VouchersPending,
    BatchStatus::VouchersUnderReview,
    BatchStatus::VouchersRejected,
    BatchStatus::Completed,
];

/// The wire key of a status (the `<option>` value).
fn status_wire(s: BatchStatus) -> String {
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The operation the manual offers for a status: 上传缴费凭证 while nothing was submitted,
/// 编辑 after a rejection, 查看 otherwise.
pub fn operation(status: &str) -> &'static str {
    match status {
        "vouchers_pending" => "上传缴费凭证",
        "vouchers_rejected" => "编辑",
        _ => "查看",
    }
}

/// The list page.
#[component]
pub fn VouchersPage() -> impl IntoView {
    let api = use_api();
    let notice = Notice::new();
    let batch_no = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let applied = RwSignal::new(VoucherQuery::default());
    let paging = Paging::new();
    let list = LocalResource::new(move || {
        let (page, page_size) = paging.get();
        let query = VoucherQuery {
            page,
            page_size,
            ..applied.get()
        };
        async move { api.vouchers().list(&query).await }
    });
    let payee = LocalResource::new(move || async move { api.vouchers().payee().await });
    let search = move || {
        notice.clear();
        paging.first();
        applied.set(VoucherQuery {
            batch_no: filter(&batch_no.get_untracked()),
            status: filter(&status.get_untracked()),
            ..VoucherQuery::default()
        });
        list.refetch();
    };
    let row = move |item: VoucherListItemOut| {
        view! {
            <tr data-test="voucher-row" data-batch-no=item.batch_no.clone()>
                <td data-test="voucher-batch-no">{item.batch_no.clone()}</td>
                <td>{item.unit_name.clone()}</td>
                <td data-test="voucher-amount">{domain::Fen::new(item.amount_fen).yuan_compact()}</td>
                <td data-test="voucher-status">{item.status_label.clone()}</td>
                <td data-test="voucher-feedback">{item.feedback.clone().unwrap_or_default()}</td>
                <td>{list_time(item.created_at)}</td>
                <td class="ops">
                    <A href=format!("/unit/vouchers/{}", item.batch_id) {..} data-test="voucher-open">{operation(&item.status)}</A>
                </td>
            </tr>
        }
    };
    view! {
        <section class="page" data-test="vouchers-page">
            <h2 class="page-title" data-test="page-title">"缴费凭证管理"</h2>
            {move || payee.get().and_then(Result::ok).map(|p| view! { <div class="panel"><PayeeCard payee=p /></div> })}
            <div class="panel filters">
                <label>"批次号："<input data-test="voucher-filter-batch-no" bind:value=batch_no placeholder="请输入" /></label>
                <label>
                    "凭证状态："
                    <select data-test="voucher-filter-status" prop:value=move || status.get()
                        on:change=move |ev| status.set(event_target_value(&ev))>
                        <option value="">"全部"</option>
                        {VOUCHER_STATUSES.into_iter().map(|s| view! { <option value=status_wire(s)>{s.label_zh()}</option> }).collect_view()}
                    </select>
                </label>
                <button type="button" class="btn btn-primary" data-test="voucher-search" on:click=move |_| search()>"查询"</button>
                <button type="button" class="btn" data-test="voucher-reset"
                    on:click=move |_| { batch_no.set(String::new()); status.set(String::new()); search(); }>"重置"</button>
            </div>
            <NoticeBanner notice=notice error_test="vouchers-error" />
            <div class="panel">
                <DataTable
                    data=list
                    test="vouchers-table"
                    head=|| view! {
                        <th>"参保批次"</th><th>"参保单位"</th><th>"参保金额（元）"</th><th>"状态"</th>
                        <th>"职保中心反馈"</th><th>"创建时间"</th><th>"操作"</th>
                    }
                    row=row
                />
                <Pager paging=paging total=total_of(list) test="vouchers-pager" />
            </div>
        </section>
    }
}

/// The voucher page of one batch (`/unit/vouchers/:id`).
#[component]
pub fn VoucherPage() -> impl IntoView {
    let api = use_api();
    let notice = Notice::new();
    let target = BatchInPath::from_path("批次不存在，请从缴费凭证管理列表进入");
    let loaded = target.load(move |id| api.batches().get(id));
    let batch = kept_batch(loaded, notice);
    let reload = target.reload();
    view! {
        <section class="page" data-test="voucher-page">
            <h2 class="page-title" data-test="page-title">"缴费凭证管理"</h2>
            <p><A href="/unit/vouchers" {..} data-test="voucher-back">"返回缴费凭证管理列表"</A></p>
            <NoticeBanner notice=notice error_test="voucher-page-error" />
            <Show when=move || batch.with(Option::is_some)>
                <VoucherPanel batch=batch reload=reload />
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_status_offers_the_manuals_operation() {
        assert_eq!(operation("vouchers_pending"), "上传缴费凭证");
        assert_eq!(operation("vouchers_rejected"), "编辑");
        assert_eq!(operation("vouchers_under_review"), "查看");
        assert_eq!(operation("completed"), "查看");
        let wires: Vec<String> = VOUCHER_STATUSES.into_iter().map(status_wire).collect();
        assert_eq!(
            wires,
            [
                "vouchers_pending",
                "vouchers_under_review",
                "vouchers_rejected",
                "completed"
            ]
        );
    }
}
