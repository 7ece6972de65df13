//! The enrollment wizard of one batch: step ② 单位信息维护 (the unit-info panel, shown
//! right after a batch is opened, `?step=2`) and step ③ 参保名单梳理: the step bar, ① the
//! payment method (chosen once), ② the roster (see `roster_panel`).

use api_types::{BatchOut, PaymentMethodIn, PaymentMethodKey};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::batch_api::use_batch_api;
use crate::pages::roster_panel::RosterPanel;
use crate::pages::unit_info::UnitInfoPanel;

/// The manual's step bar (参保流程); ⑥ only for withholding batches.
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
                .enumerate()
                .map(|(i, (label, mark))| {
                    let n = i as u8 + 1;
                    view! {
                        <Show when=move || n < 6 || withholding.get()>
                            <li
                                class:done=move || n < step.get()
                                class:current=move || n == step.get()
                                data-test=format!("step-{n}")
                            >
                                {format!("{mark} {label}")}
                            </li>
                        </Show>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// The wizard page (`/unit/batches/:id`).
#[component]
pub fn BatchWizardPage() -> impl IntoView {
    let api = use_batch_api();
    let params = use_params_map();
    let batch = RwSignal::new(None::<BatchOut>);
    let error = RwSignal::new(None::<String>);
    // Step ② until the operator confirms the unit's information (信息确认无误).
    let unit_step =
        RwSignal::new(use_query_map().get_untracked().get("step").as_deref() == Some("2"));
    let load = move || {
        let id = params.get_untracked().get("id").unwrap_or_default();
        spawn_local(async move {
            match api.get(&id).await {
                Ok(b) => batch.set(Some(b)),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    load();

    view! {
        <section class="page" data-test="batch-wizard">
            <h2 class="page-title" data-test="page-title">"参保办理"</h2>
            <StepBar
                step=Signal::derive(move || {
                    if unit_step.get() {
                        2
                    } else {
                        batch.get().map_or(3, |b| b.wizard_step.max(3))
                    }
                })
                withholding=Signal::derive(move || {
                    batch.get().and_then(|b| b.payment_method) == Some(PaymentMethodKey::Withholding)
                })
            />
            <Show when=move || error.get().is_some()>
                <div class="alert alert-error" role="alert" data-test="wizard-error">
                    {move || error.get().unwrap_or_default()}
                </div>
            </Show>
            {move || batch.get().map(|b| view! {
                <div class="panel facts-row" data-test="batch-facts">
                    <span>"批次号：" <strong data-test="wizard-batch-no">{b.batch_no.clone()}</strong></span>
                    <span>"参保类型：" {b.kind_label.clone()}</span>
                    <span>"保障年度：" {b.plan_year}</span>
                    <span>"状态：" <strong data-test="wizard-status">{b.status_label.clone()}</strong></span>
                    <button type="button" class="btn btn-link" data-test="wizard-unit-info"
                        on:click=move |_| unit_step.set(true)>"② 单位信息维护"</button>
                    <A href="/unit/batches">"返回批次列表"</A>
                </div>
            })}
            <Show
                when=move || unit_step.get()
                fallback=move || view! {
                    <PaymentMethodPanel batch=batch error=error />
                    <Show when=move || batch.get().is_some_and(|b| b.payment_method.is_some())>
                        <RosterPanel batch=batch />
                    </Show>
                }
            >
                <UnitInfoPanel on_confirmed=Callback::new(move |_| unit_step.set(false)) />
            </Show>
        </section>
    }
}

/// ① 选择参保缴费方式: once, with the manual's warning; withholding asks for the amount
/// and the stamped letter.
#[component]
fn PaymentMethodPanel(
    batch: RwSignal<Option<BatchOut>>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let api = use_batch_api();
    let method = RwSignal::new(None::<PaymentMethodKey>);
    let amount = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let letter = RwSignal::new_local(None::<web_sys::File>);
    let allowed = move |key: &str| {
        batch
            .get()
            .is_some_and(|b| b.allowed_actions.iter().any(|a| a == key))
    };

    let save = move |_| {
        let Some(b) = batch.get_untracked() else {
            return;
        };
        let Some(m) = method.get_untracked() else {
            error.set(Some("请选择参保缴费方式".into()));
            return;
        };
        let withholding_amount_fen = if m == PaymentMethodKey::Withholding {
            match parse_yuan(&amount.get_untracked()) {
                Some(fen) => Some(fen),
                None => {
                    error.set(Some("请填写正确的委托代扣金额（元，最多两位小数）".into()));
                    return;
                }
            }
        } else {
            None
        };
        let body = PaymentMethodIn {
            method: m,
            withholding_amount_fen,
            withholding_letter_id: None,
        };
        busy.set(true);
        spawn_local(async move {
            match api.choose_method(&b, &body).await {
                Ok(after) => {
                    error.set(None);
                    batch.set(Some(after));
                }
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    let upload_letter = move |_| {
        let (Some(b), Some(file)) = (batch.get_untracked(), letter.get_untracked()) else {
            error.set(Some("请选择已盖章的委托代扣款申请书文件".into()));
            return;
        };
        spawn_local(async move {
            match api.upload_letter(&b, &file).await {
                Ok(after) => {
                    error.set(None);
                    batch.set(Some(after));
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };

    view! {
        <div class="panel" data-test="payment-panel">
            <h3>"① 选择参保缴费方式"</h3>
            {move || match batch.get().and_then(|b| b.payment_method.map(|m| (m, b))) {
                Some((m, b)) => view! {
                    <p data-test="payment-chosen">
                        {match m {
                            PaymentMethodKey::Withholding => format!(
                                "方式1：委托代扣款缴费参保（代扣金额 {} 元/人）",
                                b.withholding_amount_fen.map(yuan).unwrap_or_default()
                            ),
                            PaymentMethodKey::Voucher => "方式2：缴费凭证参保".to_owned(),
                        }}
                    </p>
                    <Show when=move || m == PaymentMethodKey::Withholding>
                        <div class="letter" data-test="withholding-letter">
                            <span>{move || if batch.get().and_then(|b| b.withholding_letter_id).is_some() { "已上传委托代扣款申请书" } else { "请上传已盖章的委托代扣款申请书：" }}</span>
                            <input type="file" data-test="letter-file" accept=".pdf,.jpg,.jpeg,.png"
                                on:change=move |ev| {
                                    let input: web_sys::HtmlInputElement = event_target(&ev);
                                    letter.set(input.files().and_then(|f| f.get(0)));
                                } />
                            <button class="btn" data-test="letter-upload" on:click=upload_letter>"上传"</button>
                            <a href="/api/templates/withholding-letter" download="委托代扣款申请书.xlsx" data-test="letter-template">"下载委托代扣款申请表样稿"</a>
                        </div>
                    </Show>
                }.into_any(),
                None => view! {
                    <div class="alert alert-warning" data-test="payment-warning">"参保缴费方式一旦选择，不能修改，请慎重选择"</div>
                    <label class="radio">
                        <input type="radio" name="method" data-test="method-withholding"
                            disabled=move || !allowed("choose_withholding")
                            on:change=move |_| method.set(Some(PaymentMethodKey::Withholding)) />
                        "方式1：委托代扣款缴费参保（委托职保会向退休职工个人代扣参保费用）"
                    </label>
                    <Show when=move || !allowed("choose_withholding")>
                        <span class="field-help" data-test="withholding-closed">"委托代扣款缴费参保通道已关闭"</span>
                    </Show>
                    <label class="radio">
                        <input type="radio" name="method" data-test="method-voucher"
                            disabled=move || !allowed("choose_voucher")
                            on:change=move |_| method.set(Some(PaymentMethodKey::Voucher)) />
                        "方式2：缴费凭证参保（单位出资参保费用，统一向职保会划款）"
                    </label>
                    <Show when=move || method.get() == Some(PaymentMethodKey::Withholding)>
                        <label class="field">
                            <span class="field-label">"委托代扣金额（元/人，须大于0且小于等于450元）"</span>
                            <input data-test="withholding-amount" bind:value=amount inputmode="decimal" />
                        </label>
                    </Show>
                    <button class="btn btn-primary" data-test="payment-save" disabled=move || busy.get() on:click=save>"保存"</button>
                }.into_any(),
            }}
        </div>
    }
}

/// Fen as `450.00`.
pub fn yuan(fen: i64) -> String {
    domain::Fen::new(fen).yuan_string()
}

/// An amount typed in 元 as fen, by the domain's rule.
fn parse_yuan(raw: &str) -> Option<i64> {
    domain::Fen::parse_yuan(raw).ok().map(|f| f.0)
}
