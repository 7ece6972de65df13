//! 参保批次审核 (`/review/batches`): the batches submitted to 职保会审核, oldest submission
//! first, filtered by 单位名称, 参保编码, 所属区局工会, 参保类型, 缴费方式, 提交日期 and
//! 审核状态 (待审核 by default), paged; each opens the batch's review page. 缴费凭证审核
//! (`/review/vouchers`) is the same queue of the vouchers' submissions.

use api_types::{
    BatchKindKey, DictionaryKind, PaymentMethodKey, ReviewQueueItemOut, ReviewQueueQuery,
    ReviewQueueStatus, ReviewStageKey, ReviewStatusKey,
};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{filter, use_api};
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::format::list_time;
use crate::components::labels;
use crate::components::pager::{Pager, Paging};
use crate::components::table::{total_of, DataTable};

/// The filters as typed; they apply on 查询.
#[derive(Debug, Clone, Copy)]
struct Filters {
    unit_name: RwSignal<String>,
    code: RwSignal<String>,
    district: RwSignal<String>,
    kind: RwSignal<String>,
    method: RwSignal<String>,
    from: RwSignal<String>,
    to: RwSignal<String>,
    status: RwSignal<String>,
}

/// A date typed into a date input (`YYYY-MM-DD`), `None` when blank; `Err` when unreadable.
fn date(raw: &str) -> Result<Option<NaiveDate>, ()> {
    match filter(raw) {
        None => Ok(None),
        Some(d) => NaiveDate::parse_from_str(&d, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| ()),
    }
}

impl Filters {
    fn new() -> Self {
        let s = || RwSignal::new(String::new());
        Filters {
            unit_name: s(),
            code: s(),
            district: s(),
            kind: s(),
            method: s(),
            from: s(),
            to: s(),
            status: RwSignal::new("pending".to_owned()),
        }
    }

    /// The query of `stage`, or what is wrong with the dates.
    fn query(&self, stage: ReviewStageKey) -> Result<ReviewQueueQuery, &'static str> {
        let from = date(&self.from.get_untracked()).map_err(|()| "提交日期（起）格式不正确")?;
        let to = date(&self.to.get_untracked()).map_err(|()| "提交日期（止）格式不正确")?;
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                return Err("提交日期的起始日期不能晚于截止日期");
            }
        }
        let status = labels::REVIEW_QUEUE_STATUSES
            .iter()
            .find(|(_, wire, _)| *wire == self.status.get_untracked())
            .map(|(s, _, _)| *s);
        Ok(ReviewQueueQuery {
            stage: Some(stage),
            status,
            unit_name: filter(&self.unit_name.get_untracked()),
            enrollment_code: filter(&self.code.get_untracked()),
            district_union: filter(&self.district.get_untracked()),
            kind: match self.kind.get_untracked().as_str() {
                "centralized" => Some(BatchKindKey::Centralized),
                "instant" => Some(BatchKindKey::Instant),
                _ => None,
            },
            payment_method: match self.method.get_untracked().as_str() {
                "withholding" => Some(PaymentMethodKey::Withholding),
                "voucher" => Some(PaymentMethodKey::Voucher),
                _ => None,
            },
            submitted_from: from,
            submitted_to: to,
            ..ReviewQueueQuery::default()
        })
    }

    fn reset(&self) {
        for s in [
            self.unit_name,
            self.code,
            self.district,
            self.kind,
            self.method,
            self.from,
            self.to,
        ] {
            s.set(String::new());
        }
        self.status.set("pending".to_owned());
    }
}

/// A `<select>` of `(value, label)` with 全部 for none.
fn choice(
    test: &'static str,
    value: RwSignal<String>,
    options: Vec<(String, String)>,
) -> impl IntoView {
    view! {
        <select data-test=test prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
            <option value="">"全部"</option>
            {options.into_iter().map(|(key, label)| view! { <option value=key>{label}</option> }).collect_view()}
        </select>
    }
}

/// 参保批次审核.
#[component]
pub fn BatchReviewQueuePage() -> impl IntoView {
    view! { <ReviewQueuePage stage=ReviewStageKey::Enrollment /> }
}

/// 缴费凭证审核.
#[component]
pub fn VoucherReviewQueuePage() -> impl IntoView {
    view! { <ReviewQueuePage stage=ReviewStageKey::Vouchers /> }
}

/// The queue page of `stage`.
#[component]
fn ReviewQueuePage(stage: ReviewStageKey) -> impl IntoView {
    let (title, test, base) = match stage {
        ReviewStageKey::Enrollment => ("参保批次审核", "batch-review-queue", "/review/batches"),
        ReviewStageKey::Vouchers => ("缴费凭证审核", "voucher-review-queue", "/review/vouchers"),
    };
    let api = use_api();
    let notice = Notice::new();
    let filters = Filters::new();
    let applied = RwSignal::new(ReviewQueueQuery {
        stage: Some(stage),
        status: Some(ReviewQueueStatus::Pending),
        ..ReviewQueueQuery::default()
    });
    let paging = Paging::new();
    let districts = LocalResource::new(move || async move {
        api.accounts()
            .dictionary(DictionaryKind::DistrictUnion, false)
            .await
            .unwrap_or_default()
    });
    let list = LocalResource::new(move || {
        let (page, page_size) = paging.get();
        let query = ReviewQueueQuery {
            page,
            page_size,
            ..applied.get()
        };
        async move { api.review().queue(&query).await }
    });
    let search = move || {
        notice.clear();
        match filters.query(stage) {
            Ok(q) => {
                paging.first();
                applied.set(q);
                list.refetch();
            }
            Err(why) => notice.invalid(why),
        }
    };

    let row = move |item: ReviewQueueItemOut| {
        let pending = item.review.status == ReviewStatusKey::Pending;
        let link = format!("{base}/{}", item.review.batch_id);
        view! {
            <tr data-test="queue-row" data-batch-no=item.batch_no.clone()>
                <td data-test="queue-batch-no">{item.batch_no.clone()}</td>
                <td data-test="queue-unit">{item.unit_name.clone()}</td>
                <td>{item.enrollment_code.clone().unwrap_or_default()}</td>
                <td>{item.district_union.clone().unwrap_or_default()}</td>
                <td>{item.kind_label.clone()}</td>
                <td>{item.payment_method.map(labels::payment_method).unwrap_or_default()}</td>
                <td>{item.roster_size}</td>
                <td>{format!("第{}次", item.review.round)}</td>
                <td>{list_time(item.review.submitted_at)}</td>
                <td data-test="queue-status">{item.review.status_label.clone()}</td>
                <td class="ops">
                    <A href=link.clone() {..} data-test="queue-open">{if pending { "审核" } else { "查看" }}</A>
                </td>
            </tr>
        }
    };

    view! {
        <section class="page" data-test=test>
            <h2 class="page-title" data-test="page-title">{title}</h2>
            <div class="panel filters">
                <label>"单位名称："<input data-test="queue-filter-unit" bind:value=filters.unit_name placeholder="请输入" /></label>
                <label>"参保编码："<input data-test="queue-filter-code" bind:value=filters.code placeholder="请输入" /></label>
                <label>
                    "所属区局工会："
                    {move || choice("queue-filter-district", filters.district,
                        districts.get().unwrap_or_default().into_iter().map(|e| (e.value.clone(), e.value)).collect())}
                </label>
                <label>"参保类型："{choice("queue-filter-kind", filters.kind, vec![
                    ("centralized".into(), labels::batch_kind(BatchKindKey::Centralized).into()),
                    ("instant".into(), labels::batch_kind(BatchKindKey::Instant).into()),
                ])}</label>
                <label>"缴费方式："{choice("queue-filter-method", filters.method, vec![
                    ("withholding".into(), labels::payment_method(PaymentMethodKey::Withholding).into()),
                    ("voucher".into(), labels::payment_method(PaymentMethodKey::Voucher).into()),
                ])}</label>
                <label>"提交日期："<input type="date" data-test="queue-filter-from" bind:value=filters.from /></label>
                <label>"至"<input type="date" data-test="queue-filter-to" bind:value=filters.to /></label>
                <label>
                    "审核状态："
                    <select data-test="queue-filter-status" prop:value=move || filters.status.get()
                        on:change=move |ev| filters.status.set(event_target_value(&ev))>
                        {labels::REVIEW_QUEUE_STATUSES.iter().map(|(_, wire, label)| view! { <option value=*wire>{*label}</option> }).collect_view()}
                    </select>
                </label>
                <button type="button" class="btn btn-primary" data-test="queue-search" on:click=move |_| search()>"查询"</button>
                <button type="button" class="btn" data-test="queue-reset" on:click=move |_| { filters.reset(); search(); }>"重置"</button>
            </div>
            <NoticeBanner notice=notice error_test="queue-error" />
            <div class="panel">
                <p class="field-help">"按提交时间先后排列，先提交的批次在前。"</p>
                <DataTable
                    data=list
                    test="queue-table"
                    head=|| view! {
                        <th>"批次号"</th><th>"单位名称"</th><th>"参保编码"</th><th>"所属区局工会"</th><th>"参保类型"</th>
                        <th>"缴费方式"</th><th>"参保人数"</th><th>"提交次数"</th><th>"提交时间"</th><th>"审核状态"</th><th>"操作"</th>
                    }
                    row=row
                />
                <Pager paging=paging total=total_of(list) test="queue-pager" />
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_the_date_input_writes_them() {
        assert_eq!(date(""), Ok(None));
        assert_eq!(
            date("2026-11-30"),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 30))
        );
        assert_eq!(date("2026/11/30"), Err(()));
    }
}
