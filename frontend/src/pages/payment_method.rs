//! ① 选择参保缴费方式: chosen once and never changed, so it is confirmed first. 委托代扣
//! needs the amount (within the plan year's cap) and the stamped letter before anything is
//! saved: the letter is uploaded, then sent with the method in the same request.

use std::rc::Rc;

use api_types::{AttachmentPurpose, BatchOut, PaymentMethodIn, PaymentMethodKey};
use domain::{Fen, WithholdingAmount};
use leptos::prelude::*;

use crate::api::files::{save_bytes, Template};
use crate::api::use_api;
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::confirm::{use_confirm, Ask};
use crate::components::file_picker::FilePicker;
use crate::components::format::yuan;
use crate::components::labels;

/// What the operator chose, ready to save.
#[derive(Clone)]
struct Choice {
    method: PaymentMethodKey,
    amount: Option<Fen>,
    letter: Option<web_sys::File>,
}

/// The panel; `batch` is replaced by the saved one, `reload` re-reads it after a conflict.
#[component]
pub fn PaymentMethodPanel(
    batch: RwSignal<Option<BatchOut>>,
    reload: Callback<()>,
) -> impl IntoView {
    let notice = Notice::new();
    let chosen = move || batch.with(|b| b.as_ref().and_then(|b| b.payment_method));
    view! {
        <div class="panel" data-test="payment-panel">
            <h3>"① 选择参保缴费方式"</h3>
            <NoticeBanner notice=notice error_test="payment-error" ok_test="payment-message" on_reload=reload />
            {move || match chosen() {
                Some(method) => view! { <ChosenMethod batch=batch method=method notice=notice /> }.into_any(),
                None => view! { <ChooseMethod batch=batch notice=notice /> }.into_any(),
            }}
            <TemplateLink notice=notice />
        </div>
    }
}

/// The form before the choice.
#[component]
fn ChooseMethod(batch: RwSignal<Option<BatchOut>>, notice: Notice) -> impl IntoView {
    let api = use_api();
    let confirm = use_confirm();
    let method = RwSignal::new(None::<PaymentMethodKey>);
    let amount = RwSignal::new(String::new());
    let letter = RwSignal::new_local(None::<web_sys::File>);
    let progress = RwSignal::new(None::<f64>);
    let current = LocalResource::new(move || async move { api.plan_years().current().await });
    // The cap of the batch's plan year; unknown (the server still checks) if that is not the
    // current one or it could not be read.
    let cap = move || {
        let year = batch.with(|b| b.as_ref().map(|b| b.plan_year));
        current.with(|c| match c {
            Some(Ok(c)) if Some(c.plan_year.year) == year => {
                Some(Fen::new(c.plan_year.withholding_cap_fen))
            }
            _ => None,
        })
    };
    let allowed = move |key: &str| {
        batch.with(|b| {
            b.as_ref()
                .is_some_and(|b| b.allowed_actions.iter().any(|a| a == key))
        })
    };

    let save = Action::new_local(move |choice: &Choice| {
        let choice = choice.clone();
        async move {
            notice.clear();
            let Some(b) = batch.get_untracked() else {
                return;
            };
            let mut letter_id = None;
            if let Some(file) = &choice.letter {
                let report: Rc<dyn Fn(f64)> = Rc::new(move |p| progress.set(Some(p)));
                progress.set(Some(0.0));
                let uploaded = api
                    .attachments()
                    .upload(AttachmentPurpose::WithholdingLetter, file, report)
                    .await;
                progress.set(None);
                match notice.check(uploaded) {
                    Some(a) => letter_id = Some(a.id),
                    None => return,
                }
            }
            let body = PaymentMethodIn {
                method: choice.method,
                withholding_amount_fen: choice.amount.map(Fen::as_fen),
                withholding_letter_id: letter_id,
            };
            let saved = api.batches().choose_payment_method(&b, &body).await;
            if let Some(after) = notice.check(saved) {
                batch.set(Some(after));
                notice.success(format!(
                    "参保缴费方式已保存：{}",
                    labels::payment_method(choice.method)
                ));
            }
        }
    });

    // Checks everything first, then asks: the choice can never be changed.
    let ask = move |_| {
        notice.clear();
        let Some(m) = method.get_untracked() else {
            return notice.invalid("请选择参保缴费方式");
        };
        let mut detail = String::new();
        let mut choice = Choice {
            method: m,
            amount: None,
            letter: None,
        };
        if m == PaymentMethodKey::Withholding {
            let parsed = Fen::parse_yuan(&amount.get_untracked()).and_then(|fen| match cap() {
                Some(cap) => WithholdingAmount::new(fen, cap).map(WithholdingAmount::fen),
                None if fen.is_positive() => Ok(fen),
                None => Err(domain::MoneyError::NotPositive),
            });
            let fen = match parsed {
                Ok(fen) => fen,
                Err(domain::MoneyError::Empty) => return notice.invalid("请填写委托代扣金额"),
                Err(e) => return notice.invalid(e.to_string()),
            };
            let Some(file) = letter.get_untracked() else {
                return notice.invalid("请先选择已盖章的委托代扣款申请书文件");
            };
            detail = format!(
                "，代扣金额 {} 元/人，委托代扣款申请书：{}",
                yuan(fen.as_fen()),
                file.name()
            );
            choice.amount = Some(fen);
            choice.letter = Some(file);
        }
        let message = format!(
            "您选择的参保缴费方式为：{}：{}{detail}。参保缴费方式一旦选择，不能修改，确定保存吗？",
            labels::payment_method_no(m),
            labels::payment_method(m),
        );
        confirm.ask(
            Ask::new("确认参保缴费方式", message).confirm_with("确定保存"),
            move || {
                save.dispatch_local(choice.clone());
            },
        );
    };

    let cap_text =
        move || cap().map_or_else(String::new, |c| format!("且小于等于{}元", c.yuan_compact()));
    view! {
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
                <span class="field-label">{move || format!("* 委托代扣金额（元/人，须一致，须大于0{}）", cap_text())}</span>
                <input data-test="withholding-amount" bind:value=amount inputmode="decimal" />
            </label>
            <div class="field">
                <span class="field-label">"* 已盖章的单位委托代扣款申请书（PDF、JPG、PNG）"</span>
                <FilePicker file=letter accept=".pdf,.jpg,.jpeg,.png" test="letter-file" />
            </div>
            {move || progress.get().map(|p| view! {
                <p class="field-help" data-test="letter-progress">{format!("申请书上传中 {p:.0}%")}</p>
            })}
        </Show>
        <button type="button" class="btn btn-primary" data-test="payment-save" disabled=move || save.pending().get() on:click=ask>
            "保存"
        </button>
    }
}

/// The method once chosen; a withholding batch shows (and may replace) its letter.
#[component]
fn ChosenMethod(
    batch: RwSignal<Option<BatchOut>>,
    method: PaymentMethodKey,
    notice: Notice,
) -> impl IntoView {
    let api = use_api();
    let letter = RwSignal::new_local(None::<web_sys::File>);
    let amount = move || {
        batch.with(|b| {
            b.as_ref()
                .and_then(|b| b.withholding_amount_fen)
                .map(yuan)
                .unwrap_or_default()
        })
    };
    let letter_id = move || batch.with(|b| b.as_ref().and_then(|b| b.withholding_letter_id));
    let replace = Action::new_local(move |file: &web_sys::File| {
        let file = file.clone();
        async move {
            notice.clear();
            let Some(b) = batch.get_untracked() else {
                return;
            };
            let uploaded = api
                .attachments()
                .upload(AttachmentPurpose::WithholdingLetter, &file, Rc::new(|_| ()))
                .await;
            let Some(a) = notice.check(uploaded) else {
                return;
            };
            if let Some(after) = notice.check(api.batches().attach_letter(&b, a.id).await) {
                batch.set(Some(after));
                notice.success("委托代扣款申请书已上传");
            }
        }
    });
    let download = Action::new_local(move |id: &uuid::Uuid| {
        let id = *id;
        async move {
            notice.clear();
            let saved = match api.attachments().download(id).await {
                Ok(bytes) => save_bytes(&bytes, "委托代扣款申请书"),
                Err(e) => Err(e),
            };
            notice.check(saved);
        }
    });
    view! {
        <p data-test="payment-chosen">
            {move || match method {
                PaymentMethodKey::Withholding => format!(
                    "{}：{}（代扣金额 {} 元/人）",
                    labels::payment_method_no(method),
                    labels::payment_method(method),
                    amount()
                ),
                PaymentMethodKey::Voucher => format!(
                    "{}：{}",
                    labels::payment_method_no(method),
                    labels::payment_method(method)
                ),
            }}
        </p>
        <Show when=move || method == PaymentMethodKey::Withholding>
            <div class="letter" data-test="withholding-letter">
                {move || match letter_id() {
                    Some(id) => view! {
                        <span data-test="letter-state">"已上传委托代扣款申请书"</span>
                        <button type="button" class="btn-link" data-test="letter-download"
                            on:click=move |_| { download.dispatch_local(id); }>"下载查看"</button>
                        <span>"更换："</span>
                    }.into_any(),
                    None => view! {
                        <span data-test="letter-state">"请上传已盖章的委托代扣款申请书："</span>
                    }.into_any(),
                }}
                <FilePicker file=letter accept=".pdf,.jpg,.jpeg,.png" test="letter-file" />
                <button type="button" class="btn" data-test="letter-upload" disabled=move || replace.pending().get()
                    on:click=move |_| match letter.get_untracked() {
                        Some(file) => { replace.dispatch_local(file); }
                        None => notice.invalid("请选择已盖章的委托代扣款申请书文件"),
                    }>"上传"</button>
            </div>
        </Show>
    }
}

/// 下载委托代扣款申请表样稿.
#[component]
fn TemplateLink(notice: Notice) -> impl IntoView {
    let api = use_api();
    let download = Action::new_local(move |_: &()| async move {
        notice.clear();
        notice.check(api.files().template(Template::WithholdingLetter).await);
    });
    view! {
        <p>
            <button type="button" class="btn-link" data-test="letter-template"
                on:click=move |_| { download.dispatch_local(()); }>"下载委托代扣款申请表样稿"</button>
        </p>
    }
}
