//! 审核记录: every submission of a batch to 职保会审核 and its decision with the reasons,
//! oldest first (the unit's step ⑤ and the reviewer's page show the same list).

use api_types::ReviewOut;
use leptos::prelude::*;

use crate::components::format::list_time;

/// Every reason of a decision, one line each: the overall ones, then per 社保编号.
pub fn reason_lines(r: &ReviewOut) -> Vec<String> {
    let mut lines: Vec<String> = r.overall_reasons.clone();
    for c in &r.code_reasons {
        lines.extend(
            c.reasons
                .iter()
                .map(|reason| format!("社保编号 {}：{reason}", c.code_label)),
        );
    }
    lines
}

/// The history table of `reviews`.
#[component]
pub fn ReviewHistory(
    #[prop(into)] reviews: Signal<Vec<ReviewOut>>,
    /// What an empty history says.
    #[prop(default = "尚未提交职保会审核")]
    empty: &'static str,
) -> impl IntoView {
    view! {
        <table class="table" data-test="history-table">
            <thead>
                <tr>
                    <th>"轮次"</th><th>"提交时间"</th><th>"提交人"</th><th>"审核时间"</th>
                    <th>"审核人"</th><th>"审核结果"</th><th>"不通过原因"</th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    let list = reviews.get();
                    if list.is_empty() {
                        return view! { <tr data-test="table-empty"><td class="table-note" colspan="7">{empty}</td></tr> }.into_any();
                    }
                    list.into_iter().map(|r| {
                        let lines = reason_lines(&r);
                        view! {
                            <tr data-test="history-row" data-status=r.status_label.clone()>
                                <td data-test="history-round">{format!("第{}次", r.round)}</td>
                                <td>{list_time(r.submitted_at)}</td>
                                <td>{r.submitted_by.clone().unwrap_or_default()}</td>
                                <td>{r.decided_at.map(list_time).unwrap_or_default()}</td>
                                <td>{r.decided_by.clone().unwrap_or_default()}</td>
                                <td data-test="history-status">{r.status_label.clone()}</td>
                                <td data-test="history-reasons">
                                    <ul class="plain-list">
                                        {lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                                    </ul>
                                </td>
                            </tr>
                        }
                    }).collect_view().into_any()
                }}
            </tbody>
        </table>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_types::{CodeReasonsOut, ReviewStatusKey};
    use chrono::DateTime;
    use uuid::Uuid;

    #[test]
    fn overall_reasons_come_first_then_each_code_names_itself() {
        let at = DateTime::parse_from_rfc3339("2026-11-30T10:00:00+08:00").unwrap_or_default();
        let r = ReviewOut {
            id: Uuid::nil(),
            batch_id: Uuid::nil(),
            stage: api_types::ReviewStageKey::Enrollment,
            round: 1,
            submitted_at: at,
            submitted_by: None,
            status: ReviewStatusKey::Rejected,
            status_label: "审核不通过".into(),
            decided_at: Some(at),
            decided_by: None,
            overall_reasons: vec!["材料不全".into()],
            code_reasons: vec![CodeReasonsOut {
                ss_code: Some("C000000001".into()),
                code_label: "C000000001".into(),
                reasons: vec!["缺少《社会保险业务核定表》".into()],
            }],
        };
        assert_eq!(
            reason_lines(&r),
            [
                "材料不全",
                "社保编号 C000000001：缺少《社会保险业务核定表》"
            ]
        );
    }
}
