//! The reviewer's 缴费凭证审核 page of one batch (`/review/vouchers/:id`): the unit and the
//! batch, 参保总人数 / 参保总费用 and who paid what (the 个人代扣 line, the unit's payments with
//! their vouchers, refunds with their 情况说明, e-receipts with their credit codes), every file
//! viewable in the page, the balance's problems if any, the voucher rounds, and the decision
//! (审核通过 → 投保成功, or 审核不通过 with the feedback the unit reads).

use api_types::VouchersOut;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::use_api;
use crate::components::attachment_view::{ViewerHost, Viewing};
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::batch_page::{pending_of, reviews_of, BatchInPath};
use crate::components::format::yuan;
use crate::pages::decision_panel::DecisionPanel;
use crate::pages::review_history::ReviewHistory;
use crate::pages::voucher_lines::{Lines, VoucherTables};
use crate::pages::voucher_panel::{cover_lines, voucher_rounds, PayeeBlock, VoucherFacts};

/// The page.
#[component]
pub fn VoucherReviewPage() -> impl IntoView {
    let api = use_api();
    let notice = Notice::new();
    let viewing = Viewing::new();
    let target = BatchInPath::from_path("批次不存在，请从缴费凭证审核列表进入");
    let loaded = target.load(move |id| api.vouchers().get(id));
    let history =
        target.load(move |id| async move { api.review().history(id).await.map(voucher_rounds) });
    let page = RwSignal::new(None::<VouchersOut>);
    let lines = Lines::over(page, Signal::derive(|| false), viewing, notice);
    Effect::new(move |_| match loaded.get() {
        Some(Ok(v)) => lines.apply(v),
        Some(Err(e)) => notice.error(e),
        None => {}
    });
    let reload = target.reload();
    let reviews = reviews_of(history);
    let pending = pending_of(reviews, move || {
        page.with(|p| {
            p.as_ref()
                .is_some_and(|p| p.batch.status == "vouchers_under_review")
        })
    });
    let problems =
        move || page.with(|p| p.as_ref().map(|p| p.problems.clone()).unwrap_or_default());

    view! {
        <section class="page" data-test="voucher-review-page">
            <h2 class="page-title" data-test="page-title">"缴费凭证审核"</h2>
            <p><A href="/review/vouchers" {..} data-test="review-back">"返回缴费凭证审核列表"</A></p>
            <NoticeBanner notice=notice error_test="voucher-review-error" ok_test="voucher-review-message" on_reload=reload />
            {move || page.get().map(|v| {
                let b = v.batch.clone();
                view! {
                    <div class="panel" data-test="review-batch">
                        <h3>"批次信息"</h3>
                        <dl class="facts">
                            <dt>"单位名称"</dt><dd data-test="review-unit-name">{b.unit_name.clone()}</dd>
                            <dt>"参保编码"</dt><dd>{b.enrollment_code.clone().unwrap_or_default()}</dd>
                            <dt>"批次号"</dt><dd data-test="review-batch-no">{b.batch_no.clone()}</dd>
                            <dt>"参保类型"</dt><dd>{b.kind_label.clone()}</dd>
                            <dt>"保障年度"</dt><dd>{b.plan_year}</dd>
                            <dt>"批次状态"</dt><dd data-test="review-batch-status">{b.status_label.clone()}</dd>
                            <dt>"参保总人数"</dt><dd data-test="review-people">{format!("{}人", v.people)}</dd>
                            <dt>"参保总费用"</dt><dd data-test="review-total">{format!("{}元", yuan(v.total_premium_fen))}</dd>
                            <dt>"个人代扣"</dt><dd>{format!("{}人，{}元", v.withheld_people, yuan(v.withheld_fen))}</dd>
                            <dt>"需单位缴纳"</dt><dd data-test="review-unit-due">{format!("{}元", yuan(v.unit_due_fen))}</dd>
                        </dl>
                        {v.coverage.as_ref().map(|c| view! {
                            <div class="alert alert-success" data-test="review-insured">
                                <p><strong>"投保成功"</strong></p>
                                <ul>{cover_lines(c).into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                            </div>
                        })}
                    </div>
                }
            })}
            <div class="panel" data-test="review-vouchers">
                <VoucherFacts page=page />
                <PayeeBlock page=page />
                <VoucherTables lines=lines />
                {move || {
                    let list = problems();
                    (!list.is_empty()).then(|| view! {
                        <div class="missing" data-test="review-voucher-problems">
                            <p>"凭证信息尚有以下问题："</p>
                            <ul>{list.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                        </div>
                    })
                }}
            </div>
            <div class="panel" data-test="review-history">
                <h3>"凭证审核记录"</h3>
                <ReviewHistory reviews=reviews empty="尚未提交缴费凭证审核" />
            </div>
            {move || pending.get().map(|review| view! {
                <DecisionPanel
                    review=review
                    rows=Vec::new()
                    batch_no=page.with_untracked(|p| p.as_ref().map(|p| p.batch.batch_no.clone()).unwrap_or_default())
                    notice=notice
                    on_decided=reload
                    help="审核不通过时，请填写职保中心反馈（不通过原因，每行一条），单位将据此修改缴费凭证信息后再次提交。"
                />
            })}
            <ViewerHost viewing=viewing />
        </section>
    }
}
