//! The reviewer's page of one submitted batch (`/review/batches/:id`): the unit (名称,
//! 参保编码, 所属区局工会, 经办人), the batch with its payment method and withholding letter,
//! the roster with its verification results and filters, the ratio table with every
//! material viewable in the page, the people without a social-security match with their
//! reasons and attachments, the history, and the decision; for a withholding batch past
//! approval, the withholding application with 受理 and its results (see `withholding_review`).

use api_types::{BatchOut, PaymentMethodKey};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::use_api;
use crate::components::attachment_view::{ViewerHost, Viewing};
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::batch_page::{pending_of, reviews_of, BatchInPath};
use crate::components::format::yuan;
use crate::components::labels;
use crate::pages::decision_panel::DecisionPanel;
use crate::pages::ratio_table::{RatioTable, RatioTableMode, ShownRow};
use crate::pages::review_history::ReviewHistory;
use crate::pages::unmatched_people::UnmatchedList;
use crate::pages::verification_results::VerificationResults;
use crate::pages::withholding_review::WithholdingReview;

/// The page.
#[component]
pub fn BatchReviewPage() -> impl IntoView {
    let api = use_api();
    let notice = Notice::new();
    let viewing = Viewing::new();
    let target = BatchInPath::from_path("批次不存在，请从参保批次审核列表进入");
    let ratios = target.load(move |id| api.review().ratios(id));
    let history = target.load(move |id| api.review().history(id));
    // The batch for the roster list (its version keys the list).
    let batch = RwSignal::new(None::<BatchOut>);
    Effect::new(move |_| match ratios.get() {
        Some(Ok(r)) => batch.set(Some(r.batch)),
        Some(Err(e)) => notice.error(e),
        None => {}
    });
    let unit_id = Memo::new(move |_| batch.with(|b| b.as_ref().map(|b| b.unit_id)));
    let unit = LocalResource::new(move || {
        let id = unit_id.get();
        async move {
            match id {
                Some(id) => Some(api.units().get(id).await),
                None => None,
            }
        }
    });
    let summary = LocalResource::new(move || {
        let id = batch.with(|b| b.as_ref().map(|b| (b.id, b.version)));
        async move {
            match id {
                Some((id, _)) => api.verification().get(id).await.ok(),
                None => None,
            }
        }
    });
    let reload = target.reload();
    let reviews = reviews_of(history);
    let latest = Memo::new(move |_| reviews.with(|r| r.last().cloned()));
    let operator = move || {
        latest.with(|l| {
            l.as_ref()
                .and_then(|l| l.submitted_by.clone())
                .unwrap_or_default()
        })
    };
    let rows = Signal::derive(move || {
        ratios.with(|r| match r {
            Some(Ok(r)) => r
                .rows
                .iter()
                .map(|row| ShownRow {
                    row: row.clone(),
                    standing: row.standing,
                    standing_label: row.standing_label.clone(),
                })
                .collect(),
            _ => Vec::new(),
        })
    });
    let people = Signal::derive(move || {
        ratios.with(|r| match r {
            Some(Ok(r)) => r.unmatched.clone(),
            _ => Vec::new(),
        })
    });
    // The decision is offered for the pending submission of a batch under review.
    let pending = pending_of(reviews, move || {
        batch.with(|b| b.as_ref().is_some_and(|b| b.status == "under_review"))
    });

    // 委托代扣 once the enrollment is approved (its application, 受理 and results).
    let shows_withholding = Memo::new(move |_| {
        batch.with(|b| {
            b.as_ref().is_some_and(|b| {
                b.payment_method == Some(PaymentMethodKey::Withholding) && b.wizard_step >= 6
            })
        })
    });

    view! {
        <section class="page" data-test="batch-review-page">
            <h2 class="page-title" data-test="page-title">"参保批次审核"</h2>
            <p><A href="/review/batches" {..} data-test="review-back">"返回参保批次审核列表"</A></p>
            <NoticeBanner notice=notice error_test="batch-review-error" ok_test="batch-review-message" on_reload=reload />
            {move || batch.get().map(|b| {
                let letter = ratios.with(|r| match r {
                    Some(Ok(r)) => r.withholding_letter.clone(),
                    _ => None,
                });
                let withholding = b.payment_method == Some(PaymentMethodKey::Withholding);
                view! {
                    <div class="panel" data-test="review-unit">
                        <h3>"单位信息"</h3>
                        <dl class="facts">
                            <dt>"单位名称"</dt><dd data-test="review-unit-name">{b.unit_name.clone()}</dd>
                            <dt>"参保编码"</dt><dd data-test="review-unit-code">{b.enrollment_code.clone().unwrap_or_default()}</dd>
                            <dt>"所属区局工会"</dt>
                            <dd data-test="review-unit-district">{move || unit.get().flatten().and_then(Result::ok).and_then(|u| u.district_union).unwrap_or_default()}</dd>
                            <dt>"经济类型"</dt>
                            <dd>{move || unit.get().flatten().and_then(Result::ok).and_then(|u| u.economic_type).unwrap_or_default()}</dd>
                            <dt>"单位地址"</dt>
                            <dd>{move || unit.get().flatten().and_then(Result::ok).and_then(|u| u.address).unwrap_or_default()}</dd>
                            <dt>"经办人"</dt><dd data-test="review-unit-operator">{operator}</dd>
                        </dl>
                    </div>
                    <div class="panel" data-test="review-batch">
                        <h3>"批次信息"</h3>
                        <dl class="facts">
                            <dt>"批次号"</dt><dd data-test="review-batch-no">{b.batch_no.clone()}</dd>
                            <dt>"参保类型"</dt><dd>{labels::batch_kind(b.kind)}</dd>
                            <dt>"保障年度"</dt><dd>{b.plan_year}</dd>
                            <dt>"参保人数"</dt><dd>{b.roster_size}</dd>
                            <dt>"批次状态"</dt><dd data-test="review-batch-status">{b.status_label.clone()}</dd>
                            <dt>"参保缴费方式"</dt><dd data-test="review-batch-method">{b.payment_method.map(labels::payment_method).unwrap_or("未选择")}</dd>
                            {withholding.then(|| view! {
                                <dt>"委托代扣金额"</dt>
                                <dd>{b.withholding_amount_fen.map(|f| format!("{} 元/人", yuan(f))).unwrap_or_default()}</dd>
                                <dt>"委托代扣款申请书"</dt>
                                <dd>
                                    {letter.map(|l| {
                                        let name = l.file_name.clone();
                                        view! {
                                            <button type="button" class="btn-link" data-test="review-letter-view"
                                                on:click=move |_| viewing.open(l.clone())>{format!("{name} 下载查看")}</button>
                                        }
                                    })}
                                </dd>
                            })}
                        </dl>
                    </div>
                }
            })}
            <div class="panel" data-test="review-roster">
                <h3>"参保名单及校验结果"</h3>
                {move || summary.get().flatten().map(|v| view! {
                    <p class="summary" data-test="review-summary">{v.summary}</p>
                })}
                <Show when=move || batch.with(Option::is_some)>
                    <VerificationResults batch=batch notice=notice reload=reload readonly=true />
                </Show>
            </div>
            <Show when=move || shows_withholding.get()>
                <WithholdingReview batch=batch />
            </Show>
            <div class="panel" data-test="review-ratios">
                <h3>"参保清册校验结果：参保比例情况"</h3>
                <RatioTable rows=rows mode=RatioTableMode::Reviewer(viewing) />
            </div>
            <div class="panel" data-test="review-unmatched">
                <h3>"社保人员情况"</h3>
                <UnmatchedList people=people viewing=viewing />
            </div>
            <div class="panel" data-test="review-history">
                <h3>"审核记录"</h3>
                <ReviewHistory reviews=reviews />
            </div>
            {move || pending.get().map(|review| view! {
                <DecisionPanel
                    review=review
                    rows=rows.get_untracked().into_iter().map(|s| s.row).collect()
                    batch_no=batch.with_untracked(|b| b.as_ref().map(|b| b.batch_no.clone()).unwrap_or_default())
                    notice=notice
                    on_decided=reload
                />
            })}
            <ViewerHost viewing=viewing />
        </section>
    }
}
