//! What step ⑥ shows of a withholding application, for the unit and the reviewer alike:
//! 委托代扣申请需在6月4日16点完成提交, 代扣金额 and 可代扣人数, where the application stands
//! (提交 → 职保会受理 → 银行代扣 → 代扣结果, each with its time), 【查看代扣结果】
//! (申请代扣13人，代扣成功9人(代扣金额300元/人)，代扣失败4人。), 【确认参保名单】 with what the unit
//! pays, and 下载代扣受理单 once accepted.

use api_types::{WithholdingApplicationOut, WithholdingOut, WithholdingStateKey};
use chrono::{DateTime, FixedOffset};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::files::save_bytes;
use crate::api::{use_api, Api};
use crate::components::banner::Notice;
use crate::components::format::{list_time, yuan};

/// How often an open step ⑥ reads the application again while the association or the bank
/// is at work.
const POLL_EVERY: std::time::Duration = std::time::Duration::from_secs(3);

/// Whether the application is still on its way to the results (the page keeps reading it).
pub fn awaiting_results(w: &WithholdingOut) -> bool {
    w.application
        .as_ref()
        .is_some_and(|a| a.state != WithholdingStateKey::Done)
}

/// While the application shown in `view` awaits the association or the bank: `load` reads it
/// again every few seconds (not while a read is under way), until the component is gone.
pub fn poll_while_awaiting(view: RwSignal<Option<WithholdingOut>>, load: Action<Uuid, ()>) {
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let waiting = view.with_untracked(|w| {
                w.as_ref()
                    .filter(|w| awaiting_results(w))
                    .map(|w| w.batch.id)
            });
            if let Some(id) = waiting {
                if !load.pending().get_untracked() {
                    load.dispatch_local(id);
                }
            }
        },
        POLL_EVERY,
    ) {
        on_cleanup(move || handle.clear());
    }
}

/// Whether 参保名单确定 is the batch's next step: once 代扣完成, or — straight from
/// 职保会审核通过 — when withholding can no longer happen (nobody is 可代扣, or the deadline
/// passed: the server then gives a refusal). The batch's `allowed_actions` cannot say this:
/// it is computed without the roster's figures. The server decides in the end.
pub fn may_confirm_roster(status: &str, w: &WithholdingOut) -> bool {
    match status {
        "withholding_done" => true,
        "review_approved" => {
            w.application.is_none()
                && !w.can_apply
                && (w.withholdable_count == 0 || w.refusal.is_some())
        }
        _ => false,
    }
}

/// The wire key of a state (`applied`, `accepted`, `sent`, `done`), for `data-state`.
pub fn state_key(s: WithholdingStateKey) -> &'static str {
    match s {
        WithholdingStateKey::Applied => "applied",
        WithholdingStateKey::Accepted => "accepted",
        WithholdingStateKey::Sent => "sent",
        WithholdingStateKey::Done => "done",
    }
}

/// One milestone of an application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Milestone {
    /// What happens.
    pub label: &'static str,
    /// When it happened, or what is expected (written out).
    pub when: String,
    /// Whether it has happened.
    pub done: bool,
}

fn at(t: Option<DateTime<FixedOffset>>) -> Option<String> {
    t.map(list_time)
}

/// The four milestones of `a`: 提交代扣申请, 职保会受理, 银行代扣, 代扣结果.
pub fn milestones(a: &WithholdingApplicationOut) -> Vec<Milestone> {
    let accepted_when = match (a.accepted_at, &a.accepted_by) {
        (Some(t), Some(by)) => format!("{}（{by}受理）", list_time(t)),
        (Some(t), None) => format!("{}（自动受理）", list_time(t)),
        (None, _) => format!(
            "待受理：提交1个工作日后（{}）自动受理",
            list_time(a.accept_due_at)
        ),
    };
    vec![
        Milestone {
            label: "提交代扣申请",
            when: list_time(a.submitted_at),
            done: true,
        },
        Milestone {
            label: "职保会受理",
            when: accepted_when,
            done: a.accepted_at.is_some(),
        },
        Milestone {
            label: "银行代扣",
            when: at(a.sent_at).unwrap_or_else(|| "待银行代扣（养老金发放日扣款）".to_owned()),
            done: a.sent_at.is_some(),
        },
        Milestone {
            label: "代扣结果",
            when: at(a.results_at).unwrap_or_else(|| "待银行返回代扣结果".to_owned()),
            done: a.results_at.is_some(),
        },
    ]
}

/// Saves the 代扣受理单 of the batch in `view`; the outcome goes to `notice`.
pub fn download_slip(api: Api, view: RwSignal<Option<WithholdingOut>>, notice: Notice) {
    let Some((id, no)) =
        view.with_untracked(|w| w.as_ref().map(|w| (w.batch.id, w.batch.batch_no.clone())))
    else {
        return;
    };
    notice.clear();
    leptos::task::spawn_local(async move {
        let saved = match api.withholding().slip(id).await {
            Ok(bytes) => save_bytes(&bytes, &format!("代扣受理单_{no}.pdf")),
            Err(e) => Err(e),
        };
        if notice.check(saved).is_some() {
            notice.success("已下载代扣受理单");
        }
    });
}

/// The application's facts and progress (read-only).
#[component]
pub fn WithholdingStatus(view: RwSignal<Option<WithholdingOut>>, notice: Notice) -> impl IntoView {
    let api = use_api();
    let application = move || view.with(|w| w.as_ref().and_then(|w| w.application.clone()));
    view! {
        {move || view.get().map(|w| {
            let amount = w.amount_fen.map(|f| format!("{}元/人", yuan(f))).unwrap_or_else(|| "-".to_owned());
            view! {
                <p class="field-help" data-test="withholding-deadline">{w.deadline_text.clone()}</p>
                <dl class="facts" data-test="withholding-facts">
                    <dt>"委托代扣金额"</dt><dd data-test="withholding-amount-shown">{amount}</dd>
                    <dt>{if w.application.is_some() { "申请代扣人数" } else { "本单位可代扣人员" }}</dt>
                    <dd data-test="withholding-count">{format!("{}人", w.withholdable_count)}</dd>
                </dl>
            }
        })}
        {move || application().map(|a| {
            let waiting = a.state != WithholdingStateKey::Done;
            let slip = a.slip_available;
            view! {
                <p>"代扣状态：" <strong data-test="withholding-state" data-state=state_key(a.state)>{a.state_label.clone()}</strong></p>
                <ol class="withholding-steps" data-test="withholding-steps">
                    {milestones(&a).into_iter().map(|m| view! {
                        <li class:done=m.done data-test="withholding-milestone" data-done=m.done.to_string()>
                            <span class="step-mark">{if m.done { "✔" } else { "○" }}</span>
                            <span>{m.label}</span>" "<span class="field-help">{m.when}</span>
                        </li>
                    }).collect_view()}
                </ol>
                {waiting.then(|| view! {
                    <p class="field-help" data-test="withholding-waiting" role="status">
                        <span class="spinner" aria-hidden="true"></span>
                        "代扣进行中，页面将自动刷新；代扣完成后结果将发送至经办人邮箱和消息提醒。"
                    </p>
                })}
                {slip.then(|| view! {
                    <p>
                        <button type="button" class="btn" data-test="withholding-slip"
                            on:click=move |_| download_slip(api, view, notice)>"下载代扣受理单"</button>
                    </p>
                })}
            }
        })}
        {move || view.with(|w| w.as_ref().and_then(|w| {
            let line = w.application.as_ref()?.results_line.clone()?;
            Some((line, w.share.clone()))
        })).map(|(line, share)| view! {
            <div class="alert alert-info" data-test="withholding-outcome">
                <p><strong>"【查看代扣结果】"</strong></p>
                <p data-test="withholding-results">{line}</p>
                {share.map(|s| view! {
                    <p><strong>"【确认参保名单】"</strong></p>
                    <p data-test="withholding-share">{s.line.clone()}</p>
                    <p>"需单位缴纳参保费用：" <strong data-test="withholding-due">{format!("{}元", yuan(s.due_fen))}</strong></p>
                })}
                <p class="field-help">"代扣失败及无法代扣的人员，需单位缴费；也可删除代扣失败人员（前提：不影响参保比例）。"</p>
            </div>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap_or_default()
    }

    fn applied() -> WithholdingApplicationOut {
        WithholdingApplicationOut {
            state: WithholdingStateKey::Applied,
            state_label: "代扣申请已提交，待职保会受理".into(),
            people: 13,
            amount_fen: 30_000,
            submitted_at: time("2026-05-20T10:00:00+08:00"),
            accept_due_at: time("2026-05-21T10:00:00+08:00"),
            accepted_at: None,
            accepted_by: None,
            sent_at: None,
            results_at: None,
            succeeded: None,
            failed: None,
            results_line: None,
            slip_available: false,
        }
    }

    #[test]
    fn an_application_waits_for_acceptance_then_the_bank() {
        let a = applied();
        let m = milestones(&a);
        assert_eq!(m.len(), 4);
        assert_eq!(
            m.iter().map(|m| m.done).collect::<Vec<_>>(),
            [true, false, false, false]
        );
        assert_eq!(m[0].when, "2026-05-20 10:00:00");
        assert_eq!(
            m[1].when,
            "待受理：提交1个工作日后（2026-05-21 10:00:00）自动受理"
        );

        let accepted = WithholdingApplicationOut {
            state: WithholdingStateKey::Sent,
            accepted_at: Some(time("2026-05-20T02:30:00+00:00")),
            accepted_by: Some("审核员一".into()),
            sent_at: Some(time("2026-05-20T10:31:00+08:00")),
            ..a
        };
        let m = milestones(&accepted);
        assert_eq!(m[1].when, "2026-05-20 10:30:00（审核员一受理）");
        assert!(m[2].done && !m[3].done);
        let automatic = WithholdingApplicationOut {
            accepted_by: None,
            ..accepted
        };
        assert!(milestones(&automatic)[1].when.ends_with("（自动受理）"));
    }

    fn step6(application: Option<WithholdingApplicationOut>) -> WithholdingOut {
        let t = time("2026-05-20T10:00:00+08:00");
        WithholdingOut {
            batch: api_types::BatchOut {
                id: uuid::Uuid::nil(),
                batch_no: "TXZY202605200001".into(),
                unit_id: uuid::Uuid::nil(),
                unit_name: "上海某公司".into(),
                enrollment_code: Some("123000000".into()),
                kind: api_types::BatchKindKey::Centralized,
                kind_label: "集中参保".into(),
                plan_year: 2026,
                status: "review_approved".into(),
                status_label: "职保会审核通过".into(),
                wizard_step: 6,
                payment_method: Some(api_types::PaymentMethodKey::Withholding),
                withholding_amount_fen: Some(30_000),
                withholding_letter_id: None,
                roster_size: 13,
                unit_due_fen: None,
                withheld_people: None,
                // What the server lists without the roster's figures.
                allowed_actions: vec!["confirm_roster".into()],
                can_continue: true,
                can_edit_roster: false,
                can_delete: false,
                progress: None,
                version: 3,
                created_at: t,
                updated_at: t,
            },
            withholdable_count: 13,
            amount_fen: Some(30_000),
            deadline: time("2026-06-04T16:00:00+08:00"),
            deadline_text: "委托代扣申请需在6月4日16点完成提交".into(),
            confirmation_text: String::new(),
            can_apply: true,
            refusal: None,
            application,
            share: None,
        }
    }

    #[test]
    fn the_roster_is_confirmed_after_withholding_or_when_it_cannot_happen() {
        let before = step6(None);
        assert!(!awaiting_results(&before));
        assert!(
            !may_confirm_roster("review_approved", &before),
            "13 people to withhold before the deadline"
        );
        let closed = WithholdingOut {
            can_apply: false,
            refusal: Some("委托代扣申请已于6月4日16点截止".into()),
            ..step6(None)
        };
        assert!(may_confirm_roster("review_approved", &closed));
        let nobody = WithholdingOut {
            can_apply: false,
            withholdable_count: 0,
            ..step6(None)
        };
        assert!(may_confirm_roster("review_approved", &nobody));

        let waiting = step6(Some(applied()));
        assert!(awaiting_results(&waiting));
        assert!(!may_confirm_roster("withholding_applied", &waiting));
        let done = step6(Some(WithholdingApplicationOut {
            state: WithholdingStateKey::Done,
            ..applied()
        }));
        assert!(!awaiting_results(&done));
        assert!(may_confirm_roster("withholding_done", &done));
        assert!(
            !may_confirm_roster("vouchers_pending", &done),
            "confirmed once"
        );
    }

    #[test]
    fn state_keys_match_the_wire() {
        for s in [
            WithholdingStateKey::Applied,
            WithholdingStateKey::Accepted,
            WithholdingStateKey::Sent,
            WithholdingStateKey::Done,
        ] {
            assert_eq!(
                serde_json::to_value(s).ok(),
                Some(serde_json::Value::String(state_key(s).to_owned()))
            );
        }
    }
}
