//! 退款信息填报 (如涉及退多余款，请填写退款信息).

use api_types::AttachmentPurpose;
use leptos::prelude::*;

use super::{
    delete_line, error_of, field_of, file_button, file_input, line_input, line_table, line_text,
    ops_cell, remove_at, section_head, upload_action, Lines,
};
use crate::components::confirm::use_confirm;
use crate::pages::voucher_draft::RefundDraft;

const HEADS: &[&str] = &[
    "排序",
    "* 选择缴费单位",
    "* 退款帐户名称",
    "* 退款账号",
    "* 退款银行",
    "* 退款金额（元）",
    "情况说明",
    "操作",
];

/// 退款信息填报.
#[component]
pub(super) fn RefundTable(lines: Lines) -> impl IntoView {
    let confirm = use_confirm();
    let count = Memo::new(move |_| lines.draft.with(|d| d.refunds.len()));
    let upload = upload_action(lines, AttachmentPurpose::Other, |d, i, a| {
        if let Some(r) = d.refunds.get_mut(i) {
            r.explanation = Some(a);
        }
    });
    let row = move |i: usize| {
        let f = move |name: &str| field_of::<RefundDraft>(i, name);
        let explanation = move || {
            lines
                .draft
                .with(|d| d.refunds.get(i).and_then(|r| r.explanation.clone()))
        };
        let position = move || {
            lines
                .draft
                .with(|d| d.refunds.get(i).and_then(|r| r.payment_position))
        };
        // The payers a refund may name: the unit's lines (个人代扣 money is never refunded).
        let payers = move || {
            let offset = lines.offset();
            lines.draft.with(|d| {
                d.payments
                    .iter()
                    .enumerate()
                    .map(|(n, p)| {
                        let pos = offset + u32::try_from(n).unwrap_or(0);
                        (pos, format!("{}. {}", pos + 1, p.payer_name))
                    })
                    .collect::<Vec<_>>()
            })
        };
        let payer_name = move || {
            let pos = position();
            payers()
                .into_iter()
                .find(|(p, _)| Some(*p) == pos)
                .map(|(_, label)| label)
                .unwrap_or_default()
        };
        let needs = move || {
            let offset = lines.offset();
            lines.draft.with(|d| d.refund_needs_explanation(i, offset))
        };
        let ask_delete = move |_| {
            let message = format!("确定删除第{}条退款信息吗？保存后生效。", i + 1);
            delete_line::<RefundDraft>(lines, confirm, message, i, remove_at::<RefundDraft>(i));
        };
        let editing = move || lines.editing::<RefundDraft>(i);
        view! {
            <tr data-test="refund-row">
                <td>{i + 1}</td>
                <Show
                    when=editing
                    fallback=move || view! {
                        <td data-test="refund-payer-text">{payer_name}</td>
                        <td data-test="refund-account-name-text">{line_text(lines, i, |r: &RefundDraft| r.account_name.clone())}</td>
                        <td data-test="refund-account-no-text">{line_text(lines, i, |r: &RefundDraft| r.account_no.clone())}</td>
                        <td data-test="refund-bank-text">{line_text(lines, i, |r: &RefundDraft| r.bank.clone())}</td>
                        <td data-test="refund-amount-text">{line_text(lines, i, |r: &RefundDraft| r.amount.clone())}</td>
                    }
                >
                    <td>
                        <select data-test="refund-payer"
                            on:change=move |ev| {
                                let chosen = event_target_value(&ev).parse::<u32>().ok();
                                lines.edit(f("payment_position"), move |d| if let Some(r) = d.refunds.get_mut(i) { r.payment_position = chosen; });
                            }>
                            <option value="" prop:selected=move || position().is_none()>"选择缴费单位"</option>
                            {move || payers().into_iter().map(|(pos, label)| view! {
                                <option value=pos.to_string() prop:selected=move || position() == Some(pos)>{label}</option>
                            }).collect_view()}
                        </select>
                        {error_of(lines, f("payment_position"))}
                    </td>
                    <td>{line_input(lines, i, ("account_name", "refund-account-name", "请输入退款帐户名称"),
                        |r: &RefundDraft| r.account_name.clone(), |r: &mut RefundDraft, v| r.account_name = v)}</td>
                    <td>{line_input(lines, i, ("account_no", "refund-account-no", "请输入退款帐号"),
                        |r: &RefundDraft| r.account_no.clone(), |r: &mut RefundDraft, v| r.account_no = v)}</td>
                    <td>{line_input(lines, i, ("bank", "refund-bank", "退款银行"),
                        |r: &RefundDraft| r.bank.clone(), |r: &mut RefundDraft, v| r.bank = v)}</td>
                    <td>{line_input(lines, i, ("amount_fen", "refund-amount", "输入退款金额（元）"),
                        |r: &RefundDraft| r.amount.clone(), |r: &mut RefundDraft, v| r.amount = v)}</td>
                </Show>
                <td>
                    {move || explanation().map(|a| file_button(lines.viewing, a, "refund-explanation-view"))}
                    {move || (needs() && explanation().is_none()).then(|| view! {
                        <p class="problem" data-test="refund-explanation-needed">"缴费单位与退款账号不一致，须上传情况说明"</p>
                    })}
                    {error_of(lines, f("explanation_id"))}
                </td>
                {ops_cell::<RefundDraft, _>(lines, i, "refund", move || view! {
                    {file_input("上传附件", "refund-explanation-file", i, upload)}
                    " "
                }, ask_delete)}
            </tr>
        }
    };
    let add = move || {
        let offset = lines.offset();
        lines.draft.update(|d| d.add_refund(offset));
        lines.open_last::<RefundDraft>();
    };
    view! {
        {section_head(lines, "退款信息填报（如涉及退多余款，请填写退款信息）", (), "refund-add", add)}
        {line_table(lines, "refund-table", HEADS,
            move || (0..count.get()).map(row).collect_view(),
            ("refund-total", 5, |t| t.1))}
        <p class="field-help table-help">"缴费单位与退款帐户不一致时，请在「操作」栏点击“上传附件”，上传情况说明。"</p>
    }
}
