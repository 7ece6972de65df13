//! Wizard step ④ 校验结果查看: while 名单校验中 the live progress; once 名单校验完成 the
//! manual's list of what comes next (① 点击查看并处理异常数据 + 处理完成，再次提交系统校验,
//! ② 提交职保会审核 (to step ⑤ once no anomaly is left), ③ 代扣申请 for withholding
//! batches), the summary line
//! 数据校验结果：可代扣 N人，不可代扣 M人，社保姓名与导入姓名不一致 K人 and the results.

use api_types::{BatchOut, PaymentMethodKey, VerificationState};
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::banner::{Notice, NoticeBanner};
use crate::pages::start_verification::{StartVerification, Submission};
use crate::pages::verification_progress::VerificationProgress;
use crate::pages::verification_results::VerificationResults;

/// Step ④ of the batch in `batch`; `reload` re-reads the batch (after the run ended, or a
/// version conflict), `on_roster` goes back to step ③ (to add people), `on_review` on to
/// step ⑤.
#[component]
pub fn VerificationPanel(
    batch: RwSignal<Option<BatchOut>>,
    reload: Callback<()>,
    on_roster: Callback<()>,
    on_review: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let notice = Notice::new();
    let batch_id = Memo::new(move |_| batch.with(|b| b.as_ref().map(|b| b.id)));
    let verifying =
        Memo::new(move |_| batch.with(|b| b.as_ref().is_some_and(|b| b.status == "verifying")));
    let withholding = move || {
        batch.with(|b| b.as_ref().and_then(|b| b.payment_method))
            == Some(PaymentMethodKey::Withholding)
    };
    // The counts follow every change of the batch (its version) once the run is over.
    let version = Memo::new(move |_| batch.with(|b| b.as_ref().map(|b| (b.id, b.version))));
    let summary = LocalResource::new(move || {
        let key = version.get().filter(|_| !verifying.get());
        async move {
            match key {
                Some((id, _)) => Some(api.verification().get(id).await),
                None => None,
            }
        }
    });
    // 提交职保会审核 lights up once the run is over and no anomaly is left (the manual:
    // 系统校验无异常后); step ⑤ then says what else is missing, and the server decides.
    let may_prepare = move || {
        batch.with(|b| {
            b.as_ref()
                .is_some_and(|b| b.allowed_actions.iter().any(|a| a == "prepare_review"))
        })
    };
    let clean = move || {
        summary.with(|s| {
            matches!(s, Some(Some(Ok(v))) if v.blocking == 0 && v.unchecked == 0 && v.state != VerificationState::Failed)
        })
    };
    let can_submit = move || !verifying.get() && may_prepare() && clean();

    view! {
        <div class="panel" data-test="verification-panel">
            <h3>"④ 校验结果查看"</h3>
            <ol class="next-steps" data-test="verification-steps">
                <li>
                    <span>"① 点击查看并处理异常数据"</span>
                    <StartVerification batch=batch notice=notice kind=Submission::Again />
                    <button type="button" class="btn-link" data-test="back-to-roster"
                        disabled=move || verifying.get()
                        on:click=move |_| on_roster.run(())>"返回③ 参保名单梳理（新增参保人员）"</button>
                </li>
                <li>
                    <span>"② 提交职保会审核"</span>
                    <button type="button" class="btn btn-primary" data-test="submit-review" disabled=move || !can_submit()
                        on:click=move |_| on_review.run(())>"提交职保会审核"</button>
                    <span class="field-help" data-test="submit-review-help">
                        {move || if can_submit() {
                            "系统校验无异常，请点击【提交职保会审核】，上传相关材料并提交。"
                        } else {
                            "系统校验无异常后，【提交职保会审核】会亮起。"
                        }}
                    </span>
                </li>
                <Show when=withholding>
                    <li><span>"③ 审核通过，向职保会提交代扣申请"</span></li>
                </Show>
            </ol>
            <NoticeBanner notice=notice error_test="verification-error" ok_test="verification-message" on_reload=reload />
            <Show
                when=move || verifying.get()
                fallback=move || view! {
                    {move || summary.get().flatten().map(|loaded| match loaded {
                        Ok(v) => view! {
                            <p class="summary" data-test="verification-summary">{v.summary.clone()}</p>
                            {(v.state == VerificationState::Failed).then(|| view! {
                                <div class="alert alert-warning" data-test="verification-failed">{v.message.clone()}</div>
                            })}
                            {(v.blocking > 0).then(|| view! {
                                <p class="field-help" data-test="verification-blocking">
                                    {format!("尚有 {} 人的校验结果需要处理（确认、编辑或删除），处理完成后请点击“处理完成，再次提交系统校验”。", v.blocking)}
                                </p>
                            })}
                            {(v.blocking == 0 && v.unchecked > 0).then(|| view! {
                                <p class="field-help" data-test="verification-unchecked">
                                    {format!("已处理 {} 人，请点击“处理完成，再次提交系统校验”。", v.unchecked)}
                                </p>
                            })}
                        }.into_any(),
                        Err(e) => view! { <div class="alert alert-error" role="alert">{e.message}</div> }.into_any(),
                    })}
                    <VerificationResults batch=batch notice=notice reload=reload />
                }
            >
                {move || batch_id.get().map(|id| view! {
                    <VerificationProgress batch=id notice=notice on_end=reload />
                })}
            </Show>
        </div>
    }
}
