//! 名单校验中: the live progress of a batch's verification — people checked of all, percent,
//! 预计剩余时间, the state's sentence — and, while the external interfaces are down,
//! 校验暂停：外部接口暂不可用 with 立即继续.

use api_types::{VerificationOut, VerificationState};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::use_api;
use crate::components::banner::Notice;
use crate::components::format::{list_time, percent, remaining};
use crate::pages::verification_feed::{follow, FeedTargets};

/// The progress of the run of `batch`, followed live while mounted; `on_end` runs when the run
/// is over (the batch is then 名单校验完成).
#[component]
pub fn VerificationProgress(batch: Uuid, notice: Notice, on_end: Callback<()>) -> impl IntoView {
    let api = use_api();
    let live = RwSignal::new(None::<VerificationOut>);
    follow(
        api,
        batch,
        FeedTargets {
            live,
            on_end: Callback::new(move |_| on_end.run(())),
            on_error: Callback::new(move |e| notice.error(e)),
        },
    );
    let resume = Action::new_local(move |_: &()| async move {
        notice.clear();
        if let Some(v) = notice.check(api.verification().resume(batch).await) {
            live.set(Some(v));
            notice.success("已继续校验");
        }
    });
    let counts = move || live.with(|v| v.as_ref().map_or((0, 0), |v| (v.done, v.total)));
    let paused = move || {
        live.with(|v| {
            v.as_ref()
                .is_some_and(|v| v.state == VerificationState::Paused)
        })
    };

    view! {
        <div class="verification-progress" data-test="verification-progress">
            <p class="field-help">
                "系统正在进行职退情况、医保情况、可否代扣等校验，校验涉及多个数据接口的调用，请耐心等待；校验期间不能修改参保名单。可离开本页面，校验完成后从参保办理列表点击“继续办理参保”查看校验结果。"
            </p>
            <div
                class="progress"
                role="progressbar"
                aria-valuemin="0"
                aria-valuemax=move || counts().1.to_string()
                aria-valuenow=move || counts().0.to_string()
                data-test="verification-bar"
                data-done=move || counts().0.to_string()
                data-total=move || counts().1.to_string()
            >
                // `style:` sets the property through CSSOM, which the CSP allows (a `style`
                // attribute would need 'unsafe-inline').
                <div class="progress-bar" style:width=move || {
                    let (done, total) = counts();
                    format!("{}%", percent(done, total))
                }></div>
                <span data-test="verification-count">{move || {
                    let (done, total) = counts();
                    format!("已校验 {done}/{total} 人（{}%）", percent(done, total))
                }}</span>
            </div>
            {move || live.get().map(|v| match v.state {
                VerificationState::Paused => view! {
                    <div class="alert alert-warning" role="status" data-test="verification-paused">
                        <span>"校验暂停：外部接口暂不可用"</span>
                        {v.paused_until.map(|t| format!("，将于 {} 自动继续", list_time(t)))}
                        <button type="button" class="btn btn-small" data-test="verification-resume"
                            disabled=move || resume.pending().get()
                            on:click=move |_| { resume.dispatch_local(()); }>"立即继续"</button>
                    </div>
                }.into_any(),
                _ => view! {
                    <p data-test="verification-state">
                        <span data-test="verification-state-message">{v.message.clone()}</span>
                        {v.eta_seconds.map(|s| view! {
                            <span class="eta" data-test="verification-eta">
                                {format!("，预计剩余时间：{}", remaining(s))}
                            </span>
                        })}
                    </p>
                }.into_any(),
            })}
            <Show when=move || live.with(Option::is_none) && !paused()>
                <p data-test="verification-connecting">"正在获取校验进度…"</p>
            </Show>
        </div>
    }
}
