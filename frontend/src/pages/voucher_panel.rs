//! The unit's voucher page of one batch (上传缴费凭证), in the wizard after 职保会审核通过 and
//! under 缴费凭证管理: 【确认参保】 with 参保名单确定，前往上传缴费凭证 while the roster is not
//! final; 职保会退休账户信息; the lines (see `voucher_lines`) with the balance rule's problems
//! shown live; 保存 (every line at once) and 提交审核 (confirmed, saving first); the reviewer's
//! 不通过原因 after a rejection; and once approved 投保成功 with the cover and the 参保确认单.

use api_types::{
    BatchOut, CoverageOut, PayeeOut, ReviewOut, ReviewStageKey, ReviewStatusKey, VouchersOut,
};
use leptos::prelude::*;

use crate::api::use_api;
use crate::api::vouchers::refused_problems;
use crate::components::attachment_view::{ViewerHost, Viewing};
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::confirm::{use_confirm, Ask};
use crate::components::format::list_time;
use crate::pages::review_history::ReviewHistory;
use crate::pages::voucher_lines::{Lines, VoucherTables};

/// A date as the manual writes cover: `2026年12月01日`.
fn day(d: chrono::NaiveDate) -> String {
    d.format("%Y年%m月%d日").to_string()
}

/// The cover of an insured batch, in the manual's words.
pub fn cover_lines(c: &CoverageOut) -> Vec<String> {
    let mut lines = vec![
        format!("投保成功时间：{}", list_time(c.completed_at)),
        format!("保障期间：自{}零时起至{}24时止", day(c.start), day(c.end)),
    ];
    if let Some(last) = c.waiting_period_last_day {
        lines.push(format!(
            "免责期：{}至{}（即时参保设有免责期）",
            day(c.start),
            day(last)
        ));
    }
    lines
}

/// 职保会退休账户信息: where the unit pays.
#[component]
pub fn PayeeBlock(page: RwSignal<Option<VouchersOut>>) -> impl IntoView {
    move || {
        page.with(|p| {
            p.as_ref()
                .map(|p| view! { <PayeeCard payee=p.payee.clone() /> })
        })
    }
}

/// 户名 / 帐号 / 开户行 of the association's account (the voucher page and the list above).
#[component]
pub fn PayeeCard(payee: PayeeOut) -> impl IntoView {
    view! {
        <div class="payee" data-test="payee">
            <h4>"职保会退休账户信息"</h4>
            <p>"户名：" <span data-test="payee-name">{payee.account_name}</span></p>
            <p>"帐号：" <span data-test="payee-account">{payee.account_no}</span></p>
            <p>"开户行：" <span data-test="payee-bank">{payee.bank}</span></p>
        </div>
    }
}

/// 批次编码 / 当前状态 / 参保总人数 / 参保总费用, as the manual's page heads.
#[component]
pub fn VoucherFacts(page: RwSignal<Option<VouchersOut>>) -> impl IntoView {
    move || {
        page.with(|p| {
            p.as_ref().map(|p| {
                view! {
                    <p class="summary" data-test="voucher-facts">
                        {format!(
                            "批次编码：{}；当前状态：{}；参保总人数：{}人；参保总费用：{}元。",
                            p.batch.batch_no,
                            p.batch.status_label,
                            p.people,
                            domain::Fen::new(p.total_premium_fen).yuan_compact()
                        )}
                    </p>
                }
            })
        })
    }
}

/// The voucher reviews of `history`, oldest first.
pub fn voucher_rounds(history: Vec<ReviewOut>) -> Vec<ReviewOut> {
    history
        .into_iter()
        .filter(|r| r.stage == ReviewStageKey::Vouchers)
        .collect()
}

/// The panel of the batch in `batch`; `reload` re-reads the batch (version conflict).
#[component]
pub fn VoucherPanel(batch: RwSignal<Option<BatchOut>>, reload: Callback<()>) -> impl IntoView {
    let api = use_api();
    let confirm = use_confirm();
    let notice = Notice::new();
    let viewing = Viewing::new();
    let page = RwSignal::new(None::<VouchersOut>);
    let editable = Signal::derive(move || page.with(|p| p.as_ref().is_some_and(|p| p.editable)));
    let lines = Lines::over(page, editable, viewing, notice);
    let apply = move |v: VouchersOut| {
        let b = v.batch.clone();
        // The page first: the reload effect then sees it at the batch's version.
        lines.apply(v);
        batch.set(Some(b));
    };

    // The page follows the batch: read again whenever its version is not the one shown.
    let load = Action::new_local(move |id: &uuid::Uuid| {
        let id = *id;
        async move {
            if let Some(v) = notice.check(api.vouchers().get(id).await) {
                apply(v);
            }
        }
    });
    Effect::new(move |_| {
        let want = batch.with(|b| b.as_ref().map(|b| (b.id, b.version)));
        let shown = page.with_untracked(|p| p.as_ref().map(|p| (p.batch.id, p.batch.version)));
        if let Some((id, version)) = want {
            if shown != Some((id, version)) && !load.pending().get_untracked() {
                load.dispatch_local(id);
            }
        }
    });
    let history = LocalResource::new(move || {
        let id = batch.with(|b| b.as_ref().map(|b| b.id));
        // Read again after every submission and decision.
        page.with(|p| p.as_ref().map(|p| p.latest_review.clone()));
        async move {
            match id {
                Some(id) => voucher_rounds(api.review().history(id).await.unwrap_or_default()),
                None => Vec::new(),
            }
        }
    });

    // Saves every line; answers whether the lines are saved now.
    let save_lines = move || async move {
        let input = match lines.draft.get_untracked().to_input() {
            Ok(input) => input,
            Err(errors) => {
                let n = errors.len();
                lines.errors.set(errors);
                notice.invalid(format!("请按提示修改后再保存（共{n}处）"));
                return false;
            }
        };
        let Some(b) = batch.get_untracked() else {
            return false;
        };
        match api.vouchers().save(&b, &input).await {
            Ok(v) => {
                apply(v);
                true
            }
            Err(e) => {
                let fields = e.field_errors();
                if fields.is_empty() {
                    notice.error(e);
                } else {
                    let n = fields.len();
                    lines.errors.set(fields);
                    notice.error(crate::api::ApiError {
                        message: format!("保存失败，请按提示修改（共{n}处）：{}", e.message),
                        ..e
                    });
                }
                false
            }
        }
    };
    let save = Action::new_local(move |_: &()| async move {
        notice.clear();
        if save_lines().await {
            notice.success("缴费凭证信息已保存");
        }
    });
    let submit = Action::new_local(move |_: &()| async move {
        notice.clear();
        if lines.unsaved() && !save_lines().await {
            return;
        }
        let Some(b) = batch.get_untracked() else {
            return;
        };
        match api.vouchers().submit(&b).await {
            Ok(v) => {
                apply(v);
                notice.success("缴费凭证已提交审核，请等待职保会审核结果");
            }
            Err(mut e) => {
                let problems = refused_problems(&e);
                if !problems.is_empty() {
                    e.message = format!("缴费凭证尚不能提交：{}", problems.join("；"));
                }
                notice.error(e);
                load.dispatch_local(b.id);
            }
        }
    });
    let confirm_roster = Action::new_local(move |_: &()| async move {
        notice.clear();
        let Some(b) = batch.get_untracked() else {
            return;
        };
        if let Some(after) = notice.check(api.vouchers().confirm_roster(&b).await) {
            batch.set(Some(after));
            notice.success("参保名单已确定，请上传缴费凭证");
        }
    });

    let problems = Memo::new(move |_| {
        page.with(|p| {
            p.as_ref()
                .map(|p| lines.draft.with(|d| d.problems(p)))
                .unwrap_or_default()
        })
    });
    let busy = move || save.pending().get() || submit.pending().get();
    let may_confirm_roster = move || {
        batch.with(|b| {
            b.as_ref()
                .is_some_and(|b| b.allowed_actions.iter().any(|a| a == "confirm_roster"))
        })
    };
    let status = move || batch.with(|b| b.as_ref().map(|b| b.status.clone()).unwrap_or_default());
    let share = move || page.with(|p| p.as_ref().map(|p| p.share_line.clone()).unwrap_or_default());
    let rejected = move || {
        page.with(|p| {
            p.as_ref()
                .filter(|p| p.editable)
                .and_then(|p| p.latest_review.clone())
                .filter(|r| r.status == ReviewStatusKey::Rejected)
        })
    };
    let coverage = move || page.with(|p| p.as_ref().and_then(|p| p.coverage.clone()));
    let download = Action::new_local(move |_: &()| async move {
        notice.clear();
        if let Some(b) = batch.get_untracked() {
            notice.check(api.vouchers().download_confirmation(&b).await);
        }
    });
    let ask_confirm_roster = move |_| {
        let message = format!(
            "{}。参保名单确定后不能再修改参保名单，确定前往上传缴费凭证吗？",
            share()
        );
        confirm.ask(
            Ask::new("参保名单确定", message).confirm_with("确定"),
            move || {
                confirm_roster.dispatch_local(());
            },
        );
    };
    let ask_submit = move |_| {
        let unsaved = lines.unsaved();
        let due = page.with_untracked(|p| p.as_ref().map_or(0, |p| p.unit_due_fen));
        let message = format!(
            "提交后，职保会将审核本批次的缴费凭证（需单位缴纳参保费用{}元），审核期间不能修改。{}确定提交审核吗？",
            domain::Fen::new(due).yuan_compact(),
            if unsaved { "尚未保存的修改将先行保存。" } else { "" }
        );
        confirm.ask(
            Ask::new("提交审核", message).confirm_with("确定提交"),
            move || {
                submit.dispatch_local(());
            },
        );
    };

    view! {
        <div class="panel" data-test="voucher-panel">
            <h3>"上传缴费凭证"</h3>
            <VoucherFacts page=page />
            <NoticeBanner notice=notice error_test="voucher-error" ok_test="voucher-message" on_reload=reload />
            <Show when=may_confirm_roster>
                <div class="alert alert-info" data-test="voucher-confirm-block">
                    <p>"【确认参保】"</p>
                    <p data-test="voucher-confirm-share">{share}</p>
                    <button type="button" class="btn btn-primary" data-test="voucher-confirm-roster"
                        disabled=move || confirm_roster.pending().get() on:click=ask_confirm_roster>
                        "参保名单确定，前往上传缴费凭证"
                    </button>
                </div>
            </Show>
            <PayeeBlock page=page />
            {move || (status() == "vouchers_under_review").then(|| view! {
                <div class="alert alert-info" data-test="voucher-waiting">"缴费凭证已提交审核，审核期间不能修改，请等待职保会审核结果。"</div>
            })}
            {move || rejected().map(|r| view! {
                <div class="alert alert-warning" data-test="voucher-rejected">
                    <p>{format!("凭证审核不通过（第{}次提交），请查看职保会反馈的不通过原因，修改缴费凭证信息后再次提交审核。", r.round)}</p>
                    <ul>{r.overall_reasons.into_iter().map(|reason| view! { <li data-test="voucher-reason">{reason}</li> }).collect_view()}</ul>
                </div>
            })}
            {move || coverage().map(|c| view! {
                <div class="alert alert-success" data-test="voucher-insured">
                    <p><strong data-test="voucher-insured-title">"投保成功"</strong>"（凭证审核通过，参保资金核销成功）"</p>
                    <ul>{cover_lines(&c).into_iter().map(|l| view! { <li data-test="voucher-cover">{l}</li> }).collect_view()}</ul>
                    <button type="button" class="btn btn-primary" data-test="confirmation-download"
                        disabled=move || download.pending().get() on:click=move |_| { download.dispatch_local(()); }>"下载参保确认单"</button>
                </div>
            })}
            <Show when=move || page.with(Option::is_some) && !may_confirm_roster()>
                <VoucherTables lines=lines />
                <Show when=move || editable.get()>
                    {move || {
                        let list = problems.get();
                        (!list.is_empty()).then(|| view! {
                            <div class="missing" data-test="voucher-problems">
                                <p>"以下问题解决后，方可提交审核："</p>
                                <ul>{list.into_iter().map(|l| view! { <li data-test="voucher-problem">{l}</li> }).collect_view()}</ul>
                            </div>
                        })
                    }}
                    <div class="toolbar">
                        <button type="button" class="btn" data-test="voucher-save"
                            disabled=busy on:click=move |_| { save.dispatch_local(()); }>"保存"</button>
                        <button type="button" class="btn btn-primary" data-test="voucher-submit"
                            disabled=move || busy() || !problems.with(Vec::is_empty) on:click=ask_submit>"提交审核"</button>
                        {move || lines.unsaved().then(|| view! {
                            <span class="field-help" data-test="voucher-unsaved">"有尚未保存的修改"</span>
                        })}
                    </div>
                </Show>
                <h4 class="section-title">"凭证审核记录"</h4>
                <ReviewHistory reviews=Signal::derive(move || history.get().unwrap_or_default()) empty="尚未提交缴费凭证审核" />
            </Show>
            <ViewerHost viewing=viewing />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, NaiveDate};

    #[test]
    fn instant_cover_names_its_waiting_period_and_centralized_cover_none() {
        let at = DateTime::parse_from_rfc3339("2026-11-30T10:05:00+08:00").unwrap_or_default();
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        let instant = CoverageOut {
            completed_at: at,
            start: date(2026, 12, 1),
            end: date(2027, 6, 30),
            waiting_period_last_day: Some(date(2026, 12, 30)),
        };
        assert_eq!(
            cover_lines(&instant),
            [
                "投保成功时间：2026-11-30 10:05:00",
                "保障期间：自2026年12月01日零时起至2027年06月30日24时止",
                "免责期：2026年12月01日至2026年12月30日（即时参保设有免责期）"
            ]
        );
        let centralized = CoverageOut {
            waiting_period_last_day: None,
            ..instant
        };
        assert_eq!(cover_lines(&centralized).len(), 2);
    }
}
