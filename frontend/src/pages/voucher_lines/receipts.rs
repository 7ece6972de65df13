//! 电子票据信息填报: 专用收据抬头 (its 统一信用代码 is matched on saving), 金额, 备注.

use leptos::prelude::*;

use super::{
    delete_line, line_input, line_table, line_text, ops_cell, remove_at, section_head, Lines,
};
use crate::components::confirm::use_confirm;
use crate::pages::voucher_draft::ReceiptDraft;

const HEADS: &[&str] = &[
    "排序",
    "* 专用收据抬头",
    "统一信用代码",
    "* 金额（元）",
    "备注",
    "操作",
];

/// 电子票据信息填报.
#[component]
pub(super) fn ReceiptTable(lines: Lines) -> impl IntoView {
    let confirm = use_confirm();
    let count = Memo::new(move |_| lines.draft.with(|d| d.receipts.len()));
    let row = move |i: usize| {
        // The code the registry gave for the saved title; a changed title is matched on saving.
        let code = move || {
            let title = lines
                .draft
                .with(|d| d.receipts.get(i).map(|r| r.title.trim().to_owned()));
            lines.page.with(|p| {
                p.as_ref()
                    .and_then(|p| p.receipts.iter().find(|r| Some(r.title.clone()) == title))
                    .and_then(|r| r.credit_code.clone())
            })
        };
        let ask_delete = move |_| {
            let message = format!("确定删除第{}条电子票据信息吗？保存后生效。", i + 1);
            delete_line::<ReceiptDraft>(lines, confirm, message, i, remove_at::<ReceiptDraft>(i));
        };
        let editing = move || lines.editing::<ReceiptDraft>(i);
        view! {
            <tr data-test="receipt-row">
                <td>{i + 1}</td>
                <Show
                    when=editing
                    fallback=move || view! {
                        <td data-test="receipt-title-text">{line_text(lines, i, |r: &ReceiptDraft| r.title.clone())}</td>
                        <td data-test="receipt-credit-code">{code}</td>
                        <td data-test="receipt-amount-text">{line_text(lines, i, |r: &ReceiptDraft| r.amount.clone())}</td>
                        <td>{line_text(lines, i, |r: &ReceiptDraft| r.remark.clone())}</td>
                    }
                >
                    <td>{line_input(lines, i, ("title", "receipt-title", "请输入专用收据抬头"),
                        |r: &ReceiptDraft| r.title.clone(), |r: &mut ReceiptDraft, v| r.title = v)}</td>
                    <td data-test="receipt-credit-code">{move || code().unwrap_or_else(|| "保存时自动匹配".to_owned())}</td>
                    <td>{line_input(lines, i, ("amount_fen", "receipt-amount", "请输入金额（元）"),
                        |r: &ReceiptDraft| r.amount.clone(), |r: &mut ReceiptDraft, v| r.amount = v)}</td>
                    <td>{line_input(lines, i, ("remark", "receipt-remark", "请输入备注"),
                        |r: &ReceiptDraft| r.remark.clone(), |r: &mut ReceiptDraft, v| r.remark = v)}</td>
                </Show>
                {ops_cell::<ReceiptDraft, _>(lines, i, "receipt", || (), ask_delete)}
            </tr>
        }
    };
    let add = move || {
        let title = lines.unit_name();
        lines.draft.update(|d| d.add_receipt(&title));
        lines.open_last::<ReceiptDraft>();
    };
    view! {
        {section_head(lines, "电子票据信息填报", (), "receipt-add", add)}
        {line_table(lines, "receipt-table", HEADS,
            move || (0..count.get()).map(row).collect_view(),
            ("receipt-total", 3, |t| t.2))}
        <p class="field-help table-help">"（如票据信息录入错误，请在收到电子票据后，到职保会窗口办理作废或重开；如专用收据需开多张，请生成多条票据信息，注意金额不可超过缴费金额）"</p>
    }
}
