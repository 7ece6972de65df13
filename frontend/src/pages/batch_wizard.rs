//! The enrollment wizard of one batch: step ② 单位信息维护 (the unit-info panel, shown
//! right after a batch is opened, `?step=2`), step ③ 参保名单梳理: the step bar, ① the
//! payment method (chosen once, see `payment_method`), ② the roster (see `roster_panel`),
//! ③ 提交系统校验; step ④ 校验结果查看 (see `verification_panel`) and step ⑤ 提交职保会审核
//! (see `review_panel`), step ⑥ 代扣申请提交 of a withholding batch (see
//! `withholding_panel`). The step follows the batch's status, so leaving and coming back
//! shows the same step (and a running verification is followed again); the operator may
//! also go back — ③ of a verified or rejected batch (`?step=3`, 修改参保名单), ④ of a rejected
//! one — and forward from ④ to ⑤ once verification is done (`?step=5`). After 职保会审核通过
//! a voucher batch goes on to 上传缴费凭证 (see `voucher_panel`), as does a withholding batch
//! once withholding is done.

use api_types::PaymentMethodKey;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::use_api;
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::batch_page::{kept_batch, BatchInPath};
use crate::components::labels;
use crate::pages::payment_method::PaymentMethodPanel;
use crate::pages::review_panel::ReviewPanel;
use crate::pages::roster_panel::RosterPanel;
use crate::pages::unit_info::UnitInfoPanel;
use crate::pages::verification_panel::VerificationPanel;
use crate::pages::voucher_panel::VoucherPanel;
use crate::pages::withholding_panel::WithholdingPanel;

/// The manual's step bar (参保流程); ⑥ 代扣申请提交 only for withholding batches, then
/// 上传缴费凭证 (step 7 of the status, numbered after the steps shown).
#[component]
pub fn StepBar(
    #[prop(into)] step: Signal<u8>,
    #[prop(into)] withholding: Signal<bool>,
) -> impl IntoView {
    const STEPS: [&str; 6] = [
        "请选择参保类型",
        "单位信息维护",
        "参保名单梳理",
        "校验结果查看",
        "提交职保会审核",
        "代扣申请提交",
    ];
    const MARKS: [&str; 6] = ["①", "②", "③", "④", "⑤", "⑥"];
    view! {
        <ol class="step-bar" data-test="step-bar">
            {STEPS
                .into_iter()
                .zip(MARKS)
                .zip(1u8..)
                .map(|((label, mark), n)| {
                    view! {
                        <Show when=move || { n < 6 || withholding.get() }>
                            <li
                                class:done=move || { n < step.get() }
                                class:current=move || n == step.get()
                                data-test=format!("step-{n}")
                            >
                                {format!("{mark} {label}")}
                            </li>
                        </Show>
                    }
                })
                .collect_view()}
            <li
                class:done=move || { step.get() > 7 }
                class:current=move || step.get() == 7
                data-test="step-vouchers"
            >
                {move || format!("{} 上传缴费凭证", if withholding.get() { "⑦" } else { "⑥" })}
            </li>
        </ol>
    }
}

/// The wizard page (`/unit/batches/:id`).
#[component]
pub fn BatchWizardPage() -> impl IntoView {
    let api = use_api();
    let notice = Notice::new();
    let target = BatchInPath::from_path("批次不存在，请从参保批次列表进入");
    let loaded = target.load(move |id| api.batches().get(id));
    // Every change answers the batch with its new version; the panels replace it here.
    let batch = kept_batch(loaded, notice);
    // After a version conflict: read the batch again (the roster list follows its version).
    let reload = target.reload();
    // Step ② until the operator confirms the unit's information (信息确认无误).
    let asked = use_query_map().get_untracked().get("step");
    let unit_step = RwSignal::new(asked.as_deref() == Some("2"));
    // A step the operator opened instead of the status's: ③ to add people (修改参保名单),
    // ④ to handle a rejected batch's results again, ⑤ from ④ once verification is done.
    let chosen = RwSignal::new(match asked.as_deref() {
        Some("3") => Some(3u8),
        Some("5") => Some(5u8),
        _ => None,
    });
    let status = move || batch.with(|b| b.as_ref().map(|b| b.status.clone()).unwrap_or_default());
    // A submission made from ③ is followed on ④.
    Effect::new(move |_| {
        if status() == "verifying" {
            chosen.set(None);
        }
    });
    let status_step = move || batch.with(|b| b.as_ref().map_or(3, |b| b.wizard_step.max(3)));
    let withholding = move || {
        batch.with(|b| b.as_ref().and_then(|b| b.payment_method))
            == Some(PaymentMethodKey::Withholding)
    };
    // A memo: the panels below are rebuilt only when the step itself changes, not on every
    // new version of the batch.
    let step = Memo::new(move |_| {
        let at = match status_step() {
            // A voucher batch has no ⑥: after 职保会审核通过 it goes on to its vouchers.
            6 if !withholding() => 7,
            n => n,
        };
        if unit_step.get() {
            return 2;
        }
        match chosen.get() {
            Some(3) if (at == 4 && status() != "verifying") || status() == "review_rejected" => 3,
            Some(4) if status() == "review_rejected" => 4,
            // ⑤ read-only once decided: its 审核记录 stays reachable from the vouchers.
            Some(5) if status() == "verified" || at >= 6 => 5,
            _ => at,
        }
    });
    let to_step = Callback::new(move |n: u8| chosen.set(Some(n)));

    // A memo: the panel below is rebuilt when the method changes, not with every version.
    let is_withholding = Memo::new(move |_| withholding());

    view! {
        <section class="page" data-test="batch-wizard">
            <h2 class="page-title" data-test="page-title">"参保办理"</h2>
            <StepBar step=step withholding=Signal::derive(withholding) />
            <NoticeBanner notice=notice error_test="wizard-error" />
            {move || batch.get().map(|b| view! {
                <div class="panel facts-row" data-test="batch-facts">
                    <span>"批次号：" <strong data-test="wizard-batch-no">{b.batch_no.clone()}</strong></span>
                    <span>"参保类型：" {labels::batch_kind(b.kind)}</span>
                    <span>"保障年度：" {b.plan_year}</span>
                    <span>"状态：" <strong data-test="wizard-status">{b.status_label.clone()}</strong></span>
                    <button type="button" class="btn btn-link" data-test="wizard-unit-info"
                        on:click=move |_| unit_step.set(true)>"② 单位信息维护"</button>
                    <Show when=move || { step.get() == 3 && status_step() >= 4 }>
                        <button type="button" class="btn btn-link" data-test="wizard-results"
                            on:click=move |_| to_step.run(4)>"④ 校验结果查看"</button>
                    </Show>
                    <Show when=move || step.get() == 4 && status() == "review_rejected">
                        <button type="button" class="btn btn-link" data-test="wizard-review"
                            on:click=move |_| to_step.run(5)>"⑤ 提交职保会审核"</button>
                    </Show>
                    <Show when=move || step.get() == 7>
                        <button type="button" class="btn btn-link" data-test="wizard-review-record"
                            on:click=move |_| to_step.run(5)>"⑤ 职保会审核记录"</button>
                    </Show>
                    <Show when=move || { step.get() == 5 && status_step() >= 6 && !withholding() }>
                        <button type="button" class="btn btn-link" data-test="wizard-vouchers"
                            on:click=move |_| to_step.run(7)>"⑥ 上传缴费凭证"</button>
                    </Show>
                    <A href="/unit/batches">"返回批次列表"</A>
                </div>
            })}
            <Show
                when=move || unit_step.get()
                fallback=move || view! {
                    {move || match step.get() {
                        4 => view! {
                            <VerificationPanel batch=batch reload=reload
                                on_roster=Callback::new(move |_| to_step.run(3))
                                on_review=Callback::new(move |_| to_step.run(5)) />
                        }.into_any(),
                        6 if is_withholding.get() => view! {
                            <WithholdingPanel batch=batch reload=reload />
                        }.into_any(),
                        7 => view! { <VoucherPanel batch=batch reload=reload /> }.into_any(),
                        n if n >= 5 => view! {
                            <ReviewPanel batch=batch reload=reload
                                on_roster=Callback::new(move |_| to_step.run(3))
                                on_results=Callback::new(move |_| to_step.run(4)) />
                        }.into_any(),
                        _ => view! {
                            <Show when=move || batch.with(Option::is_some)>
                                <PaymentMethodPanel batch=batch reload=reload />
                            </Show>
                            <Show when=move || batch.with(|b| b.as_ref().is_some_and(|b| b.payment_method.is_some()))>
                                <RosterPanel batch=batch reload=reload />
                            </Show>
                        }.into_any(),
                    }}
                }
            >
                <UnitInfoPanel on_confirmed=Callback::new(move |_| unit_step.set(false)) />
            </Show>
        </section>
    }
}
