//! 上传缴费凭证: the 个人代扣 line (computed, read-only), then the unit's lines.

use api_types::AttachmentPurpose;
use leptos::prelude::*;

use super::{
    delete_line, error_of, field_of, file_button, file_input, line_input, line_table, line_text,
    ops_cell, section_head, upload_action, Lines,
};
use crate::components::confirm::use_confirm;
use crate::components::format::yuan;
use crate::pages::voucher_draft::{channel, channel_of_wire, channel_wire, PaymentDraft, CHANNELS};

const HEADS: &[&str] = &[
    "排序",
    "* 付款单位名称",
    "* 缴费方式",
    "* 缴费金额（元）",
    "* 收款帐户类别",
    "缴费凭证",
    "操作",
];

/// 上传缴费凭证.
#[component]
pub(super) fn PaymentTable(lines: Lines) -> impl IntoView {
    let confirm = use_confirm();
    let count = Memo::new(move |_| lines.draft.with(|d| d.payments.len()));
    let upload = upload_action(lines, AttachmentPurpose::PaymentVoucher, |d, i, a| {
        if let Some(p) = d.payments.get_mut(i) {
            p.voucher = Some(a);
        }
    });
    let share = move || {
        lines
            .page
            .with(|p| p.as_ref().map(|p| p.share_line.clone()).unwrap_or_default())
    };
    let system_rows = move || {
        lines.page.with(|p| {
            p.as_ref()
                .map(|p| {
                    p.payments
                        .iter()
                        .filter(|l| l.system)
                        .map(|l| {
                            view! {
                                <tr data-test="payment-system-row">
                                    <td>{l.position + 1}</td>
                                    <td>{l.payer_name.clone()}</td>
                                    <td data-test="payment-system-channel">{l.channel_label.clone()}</td>
                                    <td data-test="payment-system-amount">{yuan(l.amount_fen)}</td>
                                    <td>{l.account_kind_label.clone()}</td>
                                    <td></td>
                                    <td class="field-help">"系统生成"</td>
                                </tr>
                            }
                        })
                        .collect_view()
                })
                .unwrap_or_default()
        })
    };
    let row = move |i: usize| {
        let f = move |name: &str| field_of::<PaymentDraft>(i, name);
        let number = move || lines.offset() + u32::try_from(i).unwrap_or(0) + 1;
        let voucher = move || {
            lines
                .draft
                .with(|d| d.payments.get(i).and_then(|p| p.voucher.clone()))
        };
        let ask_delete = move |_| {
            let message = format!("确定删除第{}条缴费信息吗？保存后生效。", number());
            delete_line::<PaymentDraft>(lines, confirm, message, i, move |d| {
                d.remove_payment(i, lines.offset());
            });
        };
        let editing = move || lines.editing::<PaymentDraft>(i);
        view! {
            <tr data-test="payment-row">
                <td>{number}</td>
                <Show
                    when=editing
                    fallback=move || view! {
                        <td data-test="payment-payer-text">{line_text(lines, i, |p: &PaymentDraft| p.payer_name.clone())}</td>
                        <td data-test="payment-channel-text">{move || lines.draft.with(|d| d.payments.get(i).map(|p| channel(p.channel).label_zh()))}</td>
                        <td data-test="payment-amount-text">{line_text(lines, i, |p: &PaymentDraft| p.amount.clone())}</td>
                    }
                >
                    <td>{line_input(lines, i, ("payer_name", "payment-payer", "输入付款单位名称"),
                        |p: &PaymentDraft| p.payer_name.clone(), |p: &mut PaymentDraft, v| p.payer_name = v)}</td>
                    <td>
                        <select data-test="payment-channel"
                            on:change=move |ev| {
                                if let Some(c) = channel_of_wire(&event_target_value(&ev)) {
                                    lines.edit(f("channel"), move |d| if let Some(p) = d.payments.get_mut(i) { p.channel = c; });
                                }
                            }>
                            {CHANNELS.iter().map(|(key, wire)| {
                                let key = *key;
                                view! {
                                    <option value=*wire prop:selected=move || lines.draft.with(|d| d.payments.get(i).is_some_and(|p| channel_wire(p.channel) == channel_wire(key)))>
                                        {channel(key).label_zh()}
                                    </option>
                                }
                            }).collect_view()}
                        </select>
                        {error_of(lines, f("channel"))}
                    </td>
                    <td>{line_input(lines, i, ("amount_fen", "payment-amount", "输入缴费金额（元）"),
                        |p: &PaymentDraft| p.amount.clone(), |p: &mut PaymentDraft, v| p.amount = v)}</td>
                </Show>
                <td>"退休"</td>
                <td>
                    {move || voucher().map(|a| file_button(lines.viewing, a, "payment-voucher-view"))}
                    {move || (voucher().is_none() && !lines.editable.get()).then_some("未上传")}
                    {error_of(lines, f("voucher_id"))}
                </td>
                {ops_cell::<PaymentDraft, _>(lines, i, "payment", move || view! {
                    {file_input(if voucher().is_some() { "重新上传" } else { "上传缴费凭证" }, "payment-voucher-file", i, upload)}
                    " "
                }, ask_delete)}
            </tr>
        }
    };
    let add = move || {
        let payer = lines.unit_name();
        lines.draft.update(|d| d.add_payment(&payer));
        lines.open_last::<PaymentDraft>();
    };
    view! {
        {section_head(lines, "上传缴费凭证",
            view! { <span class="field-help" data-test="voucher-share">{share}</span> },
            "payment-add", add)}
        {line_table(lines, "payment-table", HEADS,
            view! { {system_rows} {move || (0..count.get()).map(row).collect_view()} },
            ("payment-total", 3, |t| t.0))}
    }
}
