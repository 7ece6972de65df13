//! Wizard step ⑤ 提交职保会审核 (名单校验完成, 职保会审核中, 职保会审核不通过, and read-only
//! after 职保会审核通过): the manual's three numbered lines — ① 上传相关材料 / 修改参保名单,
//! ② 信息确认无误，提交职保会审核 (confirmed; disabled with every gap listed), ③ 审核状态 with
//! the withholding letter — then 参保清册校验结果：参保比例情况, 社保人员情况 and 审核记录.
//! After a rejection the reasons show per 社保编号 and overall, and the unit fixes and
//! resubmits.

use std::collections::HashMap;

use api_types::{BatchOut, PaymentMethodKey, RatiosOut, ReviewStatusKey};
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::attachment_view::{ViewerHost, Viewing};
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::confirm::{use_confirm, Ask};
use crate::components::reasons_dialog::ReasonsDialog;
use crate::pages::materials_dialog::MaterialsDialog;
use crate::pages::ratio_table::{RatioTable, RatioTableMode, ShownRow};
use crate::pages::review_history::{reason_lines, ReviewHistory};
use crate::pages::review_preview::{preview, Preview};
use crate::pages::unmatched_people::UnmatchedTable;

/// What the parts of step ⑤ share; cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct Step5 {
    /// The batch (its version for `If-Match`).
    pub batch: RwSignal<Option<BatchOut>>,
    /// The server's last answer.
    pub ratios: RwSignal<Option<RatiosOut>>,
    /// The panel's banner.
    pub notice: Notice,
    /// The attachment open in the viewer.
    pub viewing: Viewing,
    /// Reads the batch again (offered after a version conflict).
    pub reload: Callback<()>,
}

impl Step5 {
    /// Takes a change's answer: the new figures and the batch at its new version.
    pub fn apply(&self, r: RatiosOut) {
        let b = r.batch.clone();
        // Figures first: the reload effect then sees them at the batch's version.
        self.ratios.set(Some(r));
        self.batch.set(Some(b));
    }

    /// Whether the status offers step ⑤'s changes (materials, reasons, submission).
    pub fn may_prepare(&self) -> bool {
        self.batch.with(|b| {
            b.as_ref()
                .is_some_and(|b| b.allowed_actions.iter().any(|a| a == "prepare_review"))
        })
    }
}

/// Step ⑤ of the batch in `batch`; `reload` re-reads the batch (version conflict),
/// `on_roster` / `on_results` go back to ③ / ④.
#[component]
pub fn ReviewPanel(
    batch: RwSignal<Option<BatchOut>>,
    reload: Callback<()>,
    on_roster: Callback<()>,
    on_results: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let confirm = use_confirm();
    let step = Step5 {
        batch,
        ratios: RwSignal::new(None),
        notice: Notice::new(),
        viewing: Viewing::new(),
        reload,
    };
    let notice = step.notice;
    let drafts = RwSignal::new(HashMap::new());
    let open_row = RwSignal::new(None::<usize>);
    let all_reasons = RwSignal::new(false);

    // The figures follow the batch: read again whenever its version is not the one shown
    // (first load, a change elsewhere, a reload after a conflict).
    let load = Action::new_local(move |id: &uuid::Uuid| {
        let id = *id;
        async move {
            if let Some(r) = notice.check(api.review().ratios(id).await) {
                step.ratios.set(Some(r));
            }
        }
    });
    Effect::new(move |_| {
        let want = batch.with(|b| b.as_ref().map(|b| (b.id, b.version)));
        let shown = step
            .ratios
            .with_untracked(|r| r.as_ref().map(|r| (r.batch.id, r.batch.version)));
        if let Some((id, version)) = want {
            if shown != Some((id, version)) && !load.pending().get_untracked() {
                load.dispatch_local(id);
            }
        }
    });
    let latest = Memo::new(move |_| {
        step.ratios
            .with(|r| r.as_ref().and_then(|r| r.latest_review.clone()))
    });
    let history = LocalResource::new(move || {
        let key = batch.with(|b| b.as_ref().map(|b| b.id));
        // Read again after every submission and decision.
        latest.track();
        async move {
            match key {
                Some(id) => api.review().history(id).await.unwrap_or_default(),
                None => Vec::new(),
            }
        }
    });
    let preview_now = Memo::new(move |_| {
        let may = step.may_prepare();
        drafts.with(|d| step.ratios.with(|r| r.as_ref().map(|r| preview(r, d, may))))
    });
    let of_preview = move |f: fn(&Preview) -> bool| preview_now.with(|p| p.as_ref().is_some_and(f));
    let shown_rows = Signal::derive(move || {
        let standings =
            preview_now.with(|p| p.as_ref().map(|p| p.standings.clone()).unwrap_or_default());
        step.ratios.with(|r| {
            r.as_ref()
                .map(|r| {
                    r.rows
                        .iter()
                        .zip(standings)
                        .map(|(row, (standing, label))| ShownRow {
                            row: row.clone(),
                            standing,
                            standing_label: label,
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
    });
    let problems = Signal::derive(move || {
        preview_now.with(|p| p.as_ref().map(|p| p.problems.clone()).unwrap_or_default())
    });

    let submit = Action::new_local(move |_: &()| async move {
        notice.clear();
        // Unsaved reasons go first, each on the version the last answer gave.
        let pending: Vec<_> = step.ratios.with_untracked(|r| {
            r.as_ref()
                .map(|r| {
                    drafts.with_untracked(|d| {
                        r.unmatched
                            .iter()
                            .filter_map(|p| {
                                let draft = d.get(&p.entry_id)?;
                                draft
                                    .differs_from(p)
                                    .then(|| (p.entry_id, draft.to_input()))
                            })
                            .collect()
                    })
                })
                .unwrap_or_default()
        });
        for (entry, input) in pending {
            let (Some(input), Some(b)) = (input, batch.get_untracked()) else {
                continue;
            };
            let Some(after) = notice.check(api.review().set_reason(&b, entry, &input).await) else {
                return;
            };
            step.apply(after);
            drafts.update(|d| {
                d.remove(&entry);
            });
        }
        let Some(b) = batch.get_untracked() else {
            return;
        };
        match api.review().submit(&b).await {
            Ok(after) => {
                step.apply(after);
                notice.success("已提交职保会审核，请等待审核结果");
            }
            Err(mut e) => {
                // The message names the first gap only: name them all.
                let gaps = e.missing();
                if !gaps.is_empty() {
                    e.message = format!("尚不能提交职保会审核：{}", gaps.join("；"));
                }
                notice.error(e);
                // The server named what is missing: show its current answer.
                load.dispatch_local(b.id);
            }
        }
    });
    let ask_submit = move |_| {
        let unsaved = of_preview(|p| p.unsaved);
        let message = format!(
            "提交后，职保会将审核本批次的参保比例情况、相关材料和无社保人员情形，审核期间不能修改参保名单和材料。{}确定提交职保会审核吗？",
            if unsaved { "尚未保存的社保类型将先行保存。" } else { "" }
        );
        confirm.ask(
            Ask::new("提交职保会审核", message).confirm_with("确定提交"),
            move || {
                submit.dispatch_local(());
            },
        );
    };
    let can_submit = move || of_preview(|p| p.can_submit) && !submit.pending().get();
    let missing =
        move || preview_now.with(|p| p.as_ref().map(|p| p.missing.clone()).unwrap_or_default());
    let threshold = move || {
        step.ratios
            .with(|r| r.as_ref().map_or(75, |r| r.threshold_percent))
    };
    let status = move || batch.with(|b| b.as_ref().map(|b| b.status.clone()).unwrap_or_default());
    let withholding = move || {
        batch.with(|b| b.as_ref().and_then(|b| b.payment_method))
            == Some(PaymentMethodKey::Withholding)
    };
    let can_edit_roster = move || batch.with(|b| b.as_ref().is_some_and(|b| b.can_edit_roster));
    let rejected = move || {
        latest.with(|l| {
            l.as_ref()
                .is_some_and(|l| l.status == ReviewStatusKey::Rejected)
        })
    };

    view! {
        <div class="panel" data-test="review-panel">
            <h3>"⑤ 提交职保会审核"</h3>
            <ol class="next-steps" data-test="review-steps">
                <li>
                    <span class="step-mark">"①"</span>
                    <div class="step-text">
                        <p>{move || format!("1. 每个社保编码对应的参保比例不达{}%，请在「操作」栏，点击上传相关材料（新退休人员无需上传材料）。", threshold())}</p>
                        <p>"2. 如需新增参保人员，请点击左侧「参保办理」，在「参保操作」中点击「修改参保名单」。"</p>
                        <div class="toolbar">
                            <button type="button" class="btn-link" data-test="review-to-roster" disabled=move || !can_edit_roster()
                                on:click=move |_| on_roster.run(())>"返回③ 参保名单梳理（新增参保人员）"</button>
                            <Show when=move || step.may_prepare()>
                                <button type="button" class="btn-link" data-test="review-to-results"
                                    on:click=move |_| on_results.run(())>"返回④ 校验结果查看"</button>
                            </Show>
                        </div>
                    </div>
                </li>
                <li>
                    <span class="step-mark">"②"</span>
                    <div class="step-text">
                        <button type="button" class="btn btn-primary" data-test="review-submit"
                            disabled=move || !can_submit() on:click=ask_submit>"信息确认无误，提交职保会审核"</button>
                        {move || of_preview(|p| p.unsaved).then(|| view! {
                            <p class="field-help" data-test="review-unsaved">"有尚未保存的社保类型，提交时将先行保存。"</p>
                        })}
                        {move || {
                            let lines = missing();
                            (step.may_prepare() && !lines.is_empty()).then(|| view! {
                                <div class="missing" data-test="review-missing">
                                    <p>"以下事项完成后，方可提交职保会审核："</p>
                                    <ul>{lines.into_iter().map(|l| view! { <li data-test="review-missing-item">{l}</li> }).collect_view()}</ul>
                                </div>
                            })
                        }}
                    </div>
                </li>
                <li>
                    <span class="step-mark">"③"</span>
                    <div class="step-text">
                        <p>"审核状态：" <strong data-test="review-status">{move || latest.with(|l| l.as_ref().map_or("未提交".to_owned(), |l| l.status_label.clone()))}</strong></p>
                        <Show when=withholding>
                            {move || step.ratios.with(|r| r.as_ref().and_then(|r| r.withholding_letter.clone())).map(|letter| {
                                let name = letter.file_name.clone();
                                view! {
                                    <p class="letter" data-test="review-letter">
                                        <span data-test="review-letter-name">{name}</span>
                                        <button type="button" class="btn-link" data-test="review-letter-view"
                                            on:click=move |_| step.viewing.open(letter.clone())>"下载查看"</button>
                                    </p>
                                }
                            })}
                        </Show>
                    </div>
                </li>
            </ol>
            {move || (status() == "under_review").then(|| view! {
                <div class="alert alert-info" data-test="review-waiting">"已提交职保会审核，审核期间不能修改参保名单和材料，请等待审核结果。"</div>
            })}
            {move || latest.get().filter(|l| l.status == ReviewStatusKey::Approved).map(|_| view! {
                <div class="alert alert-info" data-test="review-approved">
                    {if withholding() {
                        "职保会审核通过。下一步：⑥ 代扣申请提交。"
                    } else {
                        "职保会审核通过。下一步：⑥ 上传缴费凭证（参保名单确定后，也可在「缴费凭证管理」中办理）。"
                    }}
                </div>
            })}
            {move || latest.get().filter(|_| rejected()).map(|l| {
                let overall = l.overall_reasons.clone();
                view! {
                    <div class="alert alert-warning" data-test="review-rejected">
                        <p>"职保会审核不通过，请查看不通过原因，修改后再次提交职保会审核。"</p>
                        {(!overall.is_empty()).then(|| view! {
                            <ul data-test="review-overall-reasons">{overall.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                        })}
                        <button type="button" class="btn btn-small" data-test="review-all-reasons"
                            on:click=move |_| all_reasons.set(true)>"查看不通过原因"</button>
                    </div>
                }
            })}
            <NoticeBanner notice=notice error_test="review-error" ok_test="review-message" on_reload=reload />
            <h4 class="section-title">"参保清册校验结果：参保比例情况"</h4>
            <RatioTable rows=shown_rows mode=RatioTableMode::Unit(Callback::new(move |i| { notice.clear(); open_row.set(Some(i)); })) />
            <h4 class="section-title">"社保人员情况"</h4>
            <UnmatchedTable step=step drafts=drafts problems=problems />
            <h4 class="section-title">"审核记录"</h4>
            <ReviewHistory reviews=Signal::derive(move || history.get().unwrap_or_default()) />
            {move || open_row.get().map(|index| view! {
                <MaterialsDialog step=step index=index on_close=Callback::new(move |_| open_row.set(None)) />
            })}
            {move || all_reasons.get().then(|| latest.get().map(|l| view! {
                <ReasonsDialog about=format!("第{}次提交职保会审核", l.round) reasons=reason_lines(&l)
                    on_close=Callback::new(move |_| all_reasons.set(false)) />
            })).flatten()}
            <ViewerHost viewing=step.viewing />
        </div>
    }
}
