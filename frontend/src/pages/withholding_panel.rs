//! Wizard step ⑥ 代扣申请提交 of a withholding batch, after 职保会审核通过: 审核通过，向职保会
//! 提交代扣申请 (the manual's dialog: 本单位可代扣人员N人，提交后，代扣名单将不可修改… with
//! 我已阅读并同意), then the application followed while the association accepts it and the
//! bank withholds (the page reads it again every few seconds), the results and what the unit
//! pays, 下载代扣受理单, 删减 failed people, and 参保名单确定，前往上传缴费凭证.

use api_types::{BatchOut, WithholdingOut};
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::banner::{use_flash, Notice, NoticeBanner};
use crate::components::confirm::{use_confirm, Ask};
use crate::components::format::yuan;
use crate::components::notice_bell::use_notice_count;
use crate::pages::withholding_roster::WithholdingRoster;
use crate::pages::withholding_status::{
    awaiting_results, may_confirm_roster, poll_while_awaiting, WithholdingStatus,
};

/// Step ⑥ of the batch in `batch`; `reload` re-reads the batch (version conflict).
#[component]
pub fn WithholdingPanel(batch: RwSignal<Option<BatchOut>>, reload: Callback<()>) -> impl IntoView {
    let api = use_api();
    let confirm = use_confirm();
    let flash = use_flash();
    let notices = use_notice_count();
    let notice = Notice::new();
    let view = RwSignal::new(None::<WithholdingOut>);

    // Takes an answer: the figures, and the batch at its version (the wizard's status). An
    // answer may arrive after the wizard moved on (参保名单确定) and this panel is gone: it is
    // then dropped (reading a disposed signal would stop the app).
    let take = move |w: WithholdingOut| {
        let Some(was_waiting) =
            view.try_with_untracked(|v| v.as_ref().is_some_and(awaiting_results))
        else {
            return;
        };
        let b = w.batch.clone();
        let done_now = was_waiting && !awaiting_results(&w);
        view.set(Some(w));
        if batch.with_untracked(|cur| cur.as_ref() != Some(&b)) {
            batch.set(Some(b));
        }
        if done_now {
            // The results came with their notice (消息提醒).
            notices.refresh();
            notice.success("代扣已完成，请核对代扣结果及需单位缴纳的参保费用");
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
    // Read again whenever the batch's version is not the one shown (first load, a deletion).
    Effect::new(move |_| {
        let want = batch.with(|b| b.as_ref().map(|b| (b.id, b.version)));
        let shown = view.with_untracked(|w| w.as_ref().map(|w| (w.batch.id, w.batch.version)));
        if let Some((id, version)) = want {
            if shown != Some((id, version)) && !load.pending().get_untracked() {
                load.dispatch_local(id);
            }
        }
    });
    poll_while_awaiting(view, load);

    let apply = Action::new_local(move |_: &()| async move {
        notice.clear();
        let Some(b) = batch.get_untracked() else {
            return;
        };
        match api.withholding().apply(&b).await {
            Ok(w) => {
                let due = w
                    .application
                    .as_ref()
                    .map(|a| crate::components::format::list_time(a.accept_due_at))
                    .unwrap_or_default();
                take(w);
                notice.success(format!(
                    "已提交代扣申请，代扣名单已锁定；职保会受理后（最迟{due}）可下载代扣受理单"
                ));
            }
            Err(e) => {
                notice.error(e);
                load.dispatch_local(b.id);
            }
        }
    });
    let ask_apply = move |_| {
        let Some(text) = view.with_untracked(|w| w.as_ref().map(|w| w.confirmation_text.clone()))
        else {
            return;
        };
        confirm.ask(
            Ask::new("代扣名单确认，提交代扣申请", text)
                .agree_to("我已阅读并同意")
                .confirm_with("确认无误"),
            move || {
                apply.dispatch_local(());
            },
        );
    };
    let confirm_roster = Action::new_local(move |_: &()| async move {
        notice.clear();
        let Some(b) = batch.get_untracked() else {
            return;
        };
        match api.withholding().confirm_roster(&b).await {
            Ok(after) => {
                let due = after.unit_due_fen.map(yuan).unwrap_or_default();
                // The wizard moves on to the vouchers: the message goes with it.
                flash.set(format!(
                    "参保名单已确定：需单位缴纳参保费用{due}元，请上传缴费凭证"
                ));
                batch.set(Some(after));
            }
            Err(e) => notice.error(e),
        }
    });
    let ask_confirm_roster = move |_| {
        let line = view.with_untracked(|w| {
            w.as_ref()
                .and_then(|w| w.share.as_ref().map(|s| s.line.clone()))
                .unwrap_or_default()
        });
        confirm.ask(
            Ask::new(
                "参保名单确定",
                format!("{line}。确定后参保名单不能再修改，下一步上传缴费凭证。确定参保名单吗？"),
            )
            .confirm_with("确定"),
            move || {
                confirm_roster.dispatch_local(());
            },
        );
    };

    let not_applied = move || view.with(|w| w.as_ref().is_some_and(|w| w.application.is_none()));
    let can_apply =
        move || view.with(|w| w.as_ref().is_some_and(|w| w.can_apply)) && !apply.pending().get();
    let refusal = move || view.with(|w| w.as_ref().and_then(|w| w.refusal.clone()));
    let status = move || batch.with(|b| b.as_ref().map(|b| b.status.clone()).unwrap_or_default());
    let may_confirm = move || {
        let status = status();
        view.with(|w| w.as_ref().is_some_and(|w| may_confirm_roster(&status, w)))
            && !confirm_roster.pending().get()
    };
    let done = move || status() == "withholding_done";

    view! {
        <div class="panel" data-test="withholding-panel">
            <h3>"⑥ 代扣申请提交"</h3>
            <ol class="next-steps" data-test="withholding-next">
                <li>
                    <span class="step-mark">"①"</span>
                    <div class="step-text">
                        <button type="button" class="btn btn-primary" data-test="withholding-apply"
                            disabled=move || !(not_applied() && can_apply())
                            on:click=ask_apply>"审核通过，向职保会提交代扣申请"</button>
                        {move || (not_applied()).then(refusal).flatten().map(|r| view! {
                            <p class="field-help" data-test="withholding-refusal">{r}</p>
                        })}
                        <p class="field-help">"代扣申请提交1个工作日后，可下载【代扣受理单】；所有人员养老金发放日银行代扣完成后，代扣结果将发送至经办人邮箱。"</p>
                    </div>
                </li>
                <li>
                    <span class="step-mark">"②"</span>
                    <div class="step-text">
                        <button type="button" class="btn btn-primary" data-test="withholding-confirm-roster"
                            disabled=move || !may_confirm() on:click=ask_confirm_roster>"参保名单确定，前往上传缴费凭证"</button>
                        <p class="field-help">"代扣完成后，请核对代扣成功/失败人员以及需缴费参保的费用，信息确认无误后点击。"</p>
                    </div>
                </li>
            </ol>
            <NoticeBanner notice=notice error_test="withholding-error" ok_test="withholding-message" on_reload=reload />
            {move || (load.pending().get() && view.with(Option::is_none)).then(|| view! { <p class="field-help" data-test="withholding-loading">"正在读取代扣申请…"</p> })}
            <WithholdingStatus view=view notice=notice />
            <h4 class="section-title">{move || if done() { "参保名单（代扣结果）" } else { "参保名单" }}</h4>
            <WithholdingRoster batch=batch notice=notice />
        </div>
    }
}
