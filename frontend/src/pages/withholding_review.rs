//! The reviewer's side of 代扣申请, on the batch page: the application as the unit sees it,
//! 受理 (accept now rather than one working day after submission; asked first) while it
//! waits, and the results and the roster with 代扣结果, read-only.

use api_types::{BatchOut, WithholdingOut, WithholdingStateKey};
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::confirm::{use_confirm, Ask};
use crate::pages::withholding_roster::WithholdingRoster;
use crate::pages::withholding_status::{poll_while_awaiting, WithholdingStatus};

/// The section for the batch in `batch` (a withholding batch past 职保会审核通过).
#[component]
pub fn WithholdingReview(batch: RwSignal<Option<BatchOut>>) -> impl IntoView {
    let api = use_api();
    let confirm = use_confirm();
    let notice = Notice::new();
    let view = RwSignal::new(None::<WithholdingOut>);
    // The roster below follows this batch's versions (not the page's).
    let roster_batch = RwSignal::new(None::<BatchOut>);
    // An answer arriving after the page was left is dropped (reading a disposed signal
    // would stop the app).
    let take = move |w: WithholdingOut| {
        let b = w.batch.clone();
        let Some(changed) = roster_batch.try_with_untracked(|cur| cur.as_ref() != Some(&b)) else {
            return;
        };
        view.set(Some(w));
        if changed {
            roster_batch.set(Some(b));
        }
    };
    let load = Action::new_local(move |id: &uuid::Uuid| {
        let id = *id;
        async move {
            match api.withholding().get(id).await {
                Ok(w) => take(w),
                Err(e) => notice.error(e),
            }
        }
    });
    Effect::new(move |_| {
        if let Some(id) = batch.with(|b| b.as_ref().map(|b| b.id)) {
            load.dispatch_local(id);
        }
    });
    poll_while_awaiting(view, load);
    let accept = Action::new_local(move |_: &()| async move {
        notice.clear();
        let Some(id) = view.with_untracked(|w| w.as_ref().map(|w| w.batch.id)) else {
            return;
        };
        match api.withholding().accept(id).await {
            Ok(w) => {
                take(w);
                notice.success("已受理代扣申请，代扣名单已发送银行");
            }
            Err(e) => {
                notice.error(e);
                load.dispatch_local(id);
            }
        }
    });
    let ask_accept = move |_| {
        let (no, people) = view.with_untracked(|w| {
            w.as_ref()
                .map(|w| (w.batch.batch_no.clone(), w.withholdable_count))
                .unwrap_or_default()
        });
        confirm.ask(
            Ask::new(
                "受理代扣申请",
                format!("确定受理批次 {no} 的代扣申请吗？受理后代扣名单（{people}人）将发送银行代扣，单位可下载代扣受理单；受理不可撤销。"),
            )
            .confirm_with("确定受理"),
            move || {
                accept.dispatch_local(());
            },
        );
    };
    let awaiting_acceptance = move || {
        view.with(|w| {
            w.as_ref()
                .and_then(|w| w.application.as_ref())
                .is_some_and(|a| a.state == WithholdingStateKey::Applied)
        })
    };

    view! {
        <div class="panel" data-test="review-withholding">
            <h3>"委托代扣"</h3>
            {move || view.with(|w| w.as_ref().is_some_and(|w| w.application.is_none())).then(|| view! {
                <p class="field-help" data-test="review-withholding-none">"单位尚未提交代扣申请。"</p>
            })}
            <Show when=awaiting_acceptance>
                <p>
                    <button type="button" class="btn btn-primary" data-test="withholding-accept"
                        disabled=move || accept.pending().get() on:click=ask_accept>"受理"</button>
                    <span class="field-help">" 代扣申请提交1个工作日后自动受理；审核员可提前受理。"</span>
                </p>
            </Show>
            <NoticeBanner notice=notice error_test="review-withholding-error" ok_test="review-withholding-message" />
            <WithholdingStatus view=view notice=notice />
            <Show when=move || view.with(|w| w.as_ref().is_some_and(|w| w.application.is_some()))>
                <h4 class="section-title">"参保名单（代扣结果）"</h4>
                <WithholdingRoster batch=roster_batch notice=notice readonly=true />
            </Show>
        </div>
    }
}
