//! The reviewer's decision on a submission: 审核通过, or 审核不通过 with reasons per 社保编号
//! (and for the 未匹配到单位社保编码 group) and overall — each picked from the 不通过原因
//! dictionary or typed (one per line). Both are confirmed first; the domain checks the
//! reasons before anything is sent. A submission another reviewer decided meanwhile answers
//! 409: its message is shown and the page reloads.

use api_types::{
    CodeReasonsIn, DecisionIn, DecisionKey, DictionaryKind, ErrorCode, RatioRowOut, ReviewOut,
};
use domain::review::check_rejection;
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::banner::Notice;
use crate::components::confirm::{use_confirm, Ask};
use crate::components::review_count::use_review_count;

/// The reasons chosen for one row (or overall).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Pick {
    /// Dictionary values ticked, in the dictionary's order.
    ticked: Vec<String>,
    /// Typed reasons, one per line.
    typed: String,
}

impl Pick {
    /// The reasons: the ticked ones, then each non-blank typed line.
    fn reasons(&self) -> Vec<String> {
        let typed = self
            .typed
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned);
        self.ticked.iter().cloned().chain(typed).collect()
    }

    fn toggle(&mut self, value: &str, order: &[String]) {
        if let Some(i) = self.ticked.iter().position(|v| v == value) {
            self.ticked.remove(i);
        } else {
            self.ticked.push(value.to_owned());
            self.ticked
                .sort_by_key(|v| order.iter().position(|o| o == v).unwrap_or(usize::MAX));
        }
    }
}

/// Checkboxes of the dictionary's reasons and a text area, bound to `pick`.
#[component]
fn ReasonPicker(
    pick: RwSignal<Pick>,
    #[prop(into)] options: Signal<Vec<String>>,
    test: &'static str,
) -> impl IntoView {
    view! {
        <div class="reason-picker" data-test=test>
            {move || {
                let order = options.get();
                order.clone().into_iter().map(|value| {
                    let (checked_value, toggled_value) = (value.clone(), value.clone());
                    let order = order.clone();
                    view! {
                        <label class="check">
                            <input type="checkbox" data-test="reason-option" value=value.clone()
                                prop:checked=move || pick.with(|p| p.ticked.contains(&checked_value))
                                on:change=move |_| pick.update(|p| p.toggle(&toggled_value, &order)) />
                            {value}
                        </label>
                    }
                }).collect_view()
            }}
            <textarea data-test="reason-text" rows="2" maxlength="2000" placeholder="其他原因，每行一条"
                prop:value=move || pick.with(|p| p.typed.clone())
                on:input=move |ev| pick.update(|p| p.typed = event_target_value(&ev))></textarea>
        </div>
    }
}

/// The panel for the pending submission `review` of the rows `rows`; `on_decided` reloads
/// the page (after a decision, or after another reviewer's).
#[component]
pub fn DecisionPanel(
    review: ReviewOut,
    rows: Vec<RatioRowOut>,
    batch_no: String,
    notice: Notice,
    on_decided: Callback<()>,
    /// The guidance above the reasons (a voucher review has no 社保编号 rows).
    #[prop(optional)]
    help: Option<&'static str>,
) -> impl IntoView {
    let api = use_api();
    let confirm = use_confirm();
    let count = use_review_count();
    let dictionary = LocalResource::new(move || async move {
        api.accounts()
            .dictionary(DictionaryKind::RejectReason, false)
            .await
            .map(|entries| entries.into_iter().map(|e| e.value).collect::<Vec<_>>())
    });
    let options = Signal::derive(move || dictionary.get().and_then(Result::ok).unwrap_or_default());
    let overall = RwSignal::new(Pick::default());
    let per_row: Vec<(RatioRowOut, RwSignal<Pick>)> = rows
        .into_iter()
        .map(|r| (r, RwSignal::new(Pick::default())))
        .collect();
    let picks: Vec<(Option<String>, RwSignal<Pick>)> = per_row
        .iter()
        .map(|(r, p)| (r.ss_code.clone(), *p))
        .collect();
    let review_id = review.id;

    let decided_no = batch_no.clone();
    let decide = Action::new_local(move |body: &DecisionIn| {
        let (body, batch_no) = (body.clone(), decided_no.clone());
        async move {
            notice.clear();
            match api.review().decide(review_id, &body).await {
                Ok(done) => {
                    notice.success(format!("批次 {batch_no} 已{}", done.status_label));
                    count.refresh();
                    on_decided.run(());
                }
                Err(e) if e.code == Some(ErrorCode::Conflict) => {
                    // Decided by someone else meanwhile: say so and show what they decided.
                    notice.error(e);
                    count.refresh();
                    on_decided.run(());
                }
                Err(e) => notice.error(e),
            }
        }
    });
    let batch_label = batch_no.clone();
    let approve = move |_| {
        let message = format!("确定审核通过批次 {batch_label} 吗？审核通过后不能撤回。");
        confirm.ask(
            Ask::new("审核通过", message).confirm_with("确定通过"),
            move || {
                decide.dispatch_local(DecisionIn {
                    decision: DecisionKey::Approve,
                    overall_reasons: Vec::new(),
                    code_reasons: Vec::new(),
                });
            },
        );
    };
    let reject_picks = picks.clone();
    let reject = move |_| {
        notice.clear();
        let overall_reasons = overall.get_untracked().reasons();
        let lists: Vec<Vec<String>> = reject_picks
            .iter()
            .map(|(_, p)| p.get_untracked().reasons())
            .collect();
        if let Err(e) = check_rejection(&overall_reasons, &lists) {
            return notice.invalid(e.to_string());
        }
        let code_reasons: Vec<CodeReasonsIn> = reject_picks
            .iter()
            .zip(lists)
            .filter(|(_, l)| !l.is_empty())
            .map(|((code, _), reasons)| CodeReasonsIn {
                ss_code: code.clone(),
                reasons,
            })
            .collect();
        let count =
            overall_reasons.len() + code_reasons.iter().map(|c| c.reasons.len()).sum::<usize>();
        let message = format!(
            "确定审核不通过批次 {batch_no} 吗？共{count}条不通过原因，单位将看到这些原因并修改后再次提交。"
        );
        confirm.ask(
            Ask::new("审核不通过", message)
                .confirm_with("确定不通过")
                .dangerous(),
            move || {
                decide.dispatch_local(DecisionIn {
                    decision: DecisionKey::Reject,
                    overall_reasons: overall_reasons.clone(),
                    code_reasons: code_reasons.clone(),
                });
            },
        );
    };
    let busy = decide.pending();

    view! {
        <div class="panel" data-test="decision-panel">
            <h3>{format!("审核（第{}次提交）", review.round)}</h3>
            <p class="field-help">{help.unwrap_or("审核不通过时，请按社保编号或总体填写不通过原因（可勾选常用原因，也可在文本框中填写，每行一条）。")}</p>
            {per_row.into_iter().map(|(r, pick)| view! {
                <fieldset class="decision-code" data-test="decision-code" data-code=r.code_label.clone()>
                    <legend>{format!("社保编号：{}（参保比例 {}，{}）", r.code_label, r.ratio, r.standing_label)}</legend>
                    <ReasonPicker pick=pick options=options test="decision-code-reasons" />
                </fieldset>
            }).collect_view()}
            <fieldset class="decision-code" data-test="decision-overall">
                <legend>"总体不通过原因"</legend>
                <ReasonPicker pick=overall options=options test="decision-overall-reasons" />
            </fieldset>
            <div class="toolbar">
                <button type="button" class="btn btn-primary" data-test="decision-approve"
                    disabled=move || busy.get() on:click=approve>"审核通过"</button>
                <button type="button" class="btn btn-danger" data-test="decision-reject"
                    disabled=move || busy.get() on:click=reject>"审核不通过"</button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticked_reasons_keep_the_dictionarys_order_and_typed_lines_follow() {
        let order: Vec<String> = ["甲", "乙", "丙"].map(str::to_owned).into();
        let mut p = Pick::default();
        p.toggle("丙", &order);
        p.toggle("甲", &order);
        p.typed = " 补充说明一 \n\n补充说明二".into();
        assert_eq!(p.reasons(), ["甲", "丙", "补充说明一", "补充说明二"]);
        p.toggle("甲", &order);
        assert_eq!(p.reasons()[0], "丙");
    }
}
