//! The three tables of a voucher page — 上传缴费凭证 (the 个人代扣 line read-only first),
//! 退款信息填报 and 电子票据信息填报 — each with 新增 / 删除 and its 合计, every field's error
//! beside it. Editable for the unit while the status allows; read-only (with the files to
//! view) for the reviewer and after submission.

use std::rc::Rc;

use api_types::{AttachmentOut, AttachmentPurpose, FieldError, VouchersOut};
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::attachment_view::Viewing;
use crate::components::banner::Notice;
use crate::components::confirm::{use_confirm, Ask};
use crate::components::format::yuan;
use crate::pages::voucher_draft::{
    channel, channel_of_wire, channel_wire, field_message, system_lines, Draft, RefundDraft,
    CHANNELS,
};

/// What the tables share; cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct Lines {
    /// The server's last answer.
    pub page: RwSignal<Option<VouchersOut>>,
    /// The lines as edited.
    pub draft: RwSignal<Draft>,
    /// Field errors of the last save (the server's 422, or amounts that cannot be read).
    pub errors: RwSignal<Vec<FieldError>>,
    /// The unit may change the lines now.
    pub editable: Signal<bool>,
    /// The file open in the viewer.
    pub viewing: Viewing,
    /// The page's banner.
    pub notice: Notice,
}

impl Lines {
    /// Lines over the answers put in `page`, edited while `editable`.
    pub fn over(
        page: RwSignal<Option<VouchersOut>>,
        editable: Signal<bool>,
        viewing: Viewing,
        notice: Notice,
    ) -> Self {
        Lines {
            page,
            draft: RwSignal::new(Draft::default()),
            errors: RwSignal::new(Vec::new()),
            editable,
            viewing,
            notice,
        }
    }

    /// Takes the server's answer: the saved lines replace the edited ones.
    pub fn apply(&self, v: VouchersOut) {
        self.draft.set(Draft::from_out(&v));
        self.errors.set(Vec::new());
        self.page.set(Some(v));
    }

    /// Whether the edited lines differ from the saved ones.
    pub fn unsaved(&self) -> bool {
        self.page.with(|p| {
            p.as_ref()
                .is_some_and(|p| self.draft.with(|d| *d != Draft::from_out(p)))
        })
    }

    /// How many platform lines come first in the payment list (0 or 1).
    fn offset(&self) -> u32 {
        self.page.with(|p| p.as_ref().map_or(0, system_lines))
    }

    /// The unit's name (the first payer and receipt title offered).
    fn unit_name(&self) -> String {
        self.page.with(|p| {
            p.as_ref()
                .map(|p| p.batch.unit_name.clone())
                .unwrap_or_default()
        })
    }

    /// Changes the draft and forgets the error of the field changed.
    fn edit(&self, field: String, change: impl FnOnce(&mut Draft)) {
        self.draft.update(change);
        if self
            .errors
            .with_untracked(|e| e.iter().any(|e| e.field == field))
        {
            self.errors.update(|e| e.retain(|e| e.field != field));
        }
    }
}

/// The error beside field `field`, if any.
fn error_of(lines: Lines, field: String) -> impl IntoView {
    let shown = field.clone();
    move || {
        lines
            .errors
            .with(|e| field_message(e, &shown))
            .map(|message| {
                view! { <p class="problem" data-test="field-error" data-field=field.clone()>{message}</p> }
            })
    }
}

/// A file's name as a button that opens it in the viewer.
fn file_button(viewing: Viewing, file: AttachmentOut, test: &'static str) -> impl IntoView {
    let name = file.file_name.clone();
    view! {
        <button type="button" class="btn-link material-link" data-test=test
            on:click=move |_| viewing.open(file.clone())>{name}</button>
    }
}

/// A text input bound to one field of the draft.
fn text_input(
    lines: Lines,
    field: String,
    test: &'static str,
    placeholder: &'static str,
    read: impl Fn(&Draft) -> Option<String> + Send + Sync + 'static,
    write: impl Fn(&mut Draft, String) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let error = error_of(lines, field.clone());
    view! {
        <input type="text" data-test=test placeholder=placeholder maxlength="200"
            prop:value=move || lines.draft.with(&read).unwrap_or_default()
            on:input=move |ev| {
                let value = event_target_value(&ev);
                let write = write.clone();
                lines.edit(field.clone(), move |d| write(d, value));
            } />
        {error}
    }
}

/// The three tables.
#[component]
pub fn VoucherTables(lines: Lines) -> impl IntoView {
    view! {
        <PaymentTable lines=lines />
        <RefundTable lines=lines />
        <ReceiptTable lines=lines />
    }
}

/// Uploads `file` for a line and hands the stored attachment to `done`.
fn upload_action(
    lines: Lines,
    purpose: AttachmentPurpose,
    done: impl Fn(&mut Draft, usize, AttachmentOut) + Copy + 'static,
) -> Action<(usize, web_sys::File), ()> {
    let api = use_api();
    Action::new_local(move |(index, file): &(usize, web_sys::File)| {
        let (index, file) = (*index, file.clone());
        async move {
            lines.notice.clear();
            let uploaded = api
                .attachments()
                .upload(purpose, &file, Rc::new(|_| ()))
                .await;
            if let Some(a) = lines.notice.check(uploaded) {
                let name = a.file_name.clone();
                lines.draft.update(|d| done(d, index, a));
                lines.notice.success(format!("已上传“{name}”，保存后生效"));
            }
        }
    })
}

/// A hidden file input behind a link-styled label.
fn file_input(
    label: &'static str,
    test: &'static str,
    index: usize,
    upload: Action<(usize, web_sys::File), ()>,
) -> impl IntoView {
    view! {
        <label class="btn-link file-link">
            {label}
            <input type="file" class="file-hidden" accept=".pdf,.jpg,.jpeg,.png" data-test=test
                disabled=move || upload.pending().get()
                on:change=move |ev| {
                    let input: web_sys::HtmlInputElement = event_target(&ev);
                    let file = input.files().and_then(|f| f.get(0));
                    input.set_value("");
                    if let Some(file) = file {
                        upload.dispatch_local((index, file));
                    }
                } />
        </label>
    }
}

/// 上传缴费凭证: the 个人代扣 line (computed, read-only), then the unit's lines.
#[component]
fn PaymentTable(lines: Lines) -> impl IntoView {
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
        let f = move |name: &str| format!("payments[{i}].{name}");
        let number = move || lines.offset() + u32::try_from(i).unwrap_or(0) + 1;
        let voucher = move || {
            lines
                .draft
                .with(|d| d.payments.get(i).and_then(|p| p.voucher.clone()))
        };
        let ask_delete = move |_| {
            let message = format!("确定删除第{}条缴费信息吗？保存后生效。", number());
            confirm.ask(Ask::delete(message), move || {
                let offset = lines.offset();
                lines.draft.update(|d| d.remove_payment(i, offset));
                lines.errors.set(Vec::new());
            });
        };
        view! {
            <tr data-test="payment-row">
                <td>{number}</td>
                <Show
                    when=move || lines.editable.get()
                    fallback=move || view! {
                        <td data-test="payment-payer-text">{move || lines.draft.with(|d| d.payments.get(i).map(|p| p.payer_name.clone()))}</td>
                        <td data-test="payment-channel-text">{move || lines.draft.with(|d| d.payments.get(i).map(|p| channel(p.channel).label_zh()))}</td>
                        <td data-test="payment-amount-text">{move || lines.draft.with(|d| d.payments.get(i).map(|p| p.amount.clone()))}</td>
                    }
                >
                    <td>{text_input(lines, f("payer_name"), "payment-payer", "输入付款单位名称",
                        move |d| d.payments.get(i).map(|p| p.payer_name.clone()),
                        move |d, v| if let Some(p) = d.payments.get_mut(i) { p.payer_name = v; })}</td>
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
                    <td>{text_input(lines, f("amount_fen"), "payment-amount", "输入缴费金额（元）",
                        move |d| d.payments.get(i).map(|p| p.amount.clone()),
                        move |d, v| if let Some(p) = d.payments.get_mut(i) { p.amount = v; })}</td>
                </Show>
                <td>"退休"</td>
                <td>
                    {move || voucher().map(|a| file_button(lines.viewing, a, "payment-voucher-view"))}
                    {move || (voucher().is_none() && !lines.editable.get()).then_some("未上传")}
                    {error_of(lines, f("voucher_id"))}
                </td>
                <td class="ops">
                    <Show when=move || lines.editable.get()>
                        {file_input(if voucher().is_some() { "重新上传" } else { "上传缴费凭证" }, "payment-voucher-file", i, upload)}
                        " "
                        <button type="button" class="btn-link danger" data-test="payment-delete" on:click=ask_delete>"删除"</button>
                    </Show>
                </td>
            </tr>
        }
    };
    let total = move || {
        lines.page.with(|p| {
            p.as_ref()
                .map(|p| lines.draft.with(|d| d.totals(p).0))
                .unwrap_or(0)
        })
    };
    view! {
        <div class="section-head">
            <h4 class="section-title">"上传缴费凭证"</h4>
            <span class="field-help" data-test="voucher-share">{share}</span>
            <Show when=move || lines.editable.get()>
                <button type="button" class="btn btn-small" data-test="payment-add"
                    on:click=move |_| { let payer = lines.unit_name(); lines.draft.update(|d| d.add_payment(&payer)); }>"新增"</button>
            </Show>
        </div>
        <table class="table voucher-table" data-test="payment-table">
            <thead><tr>
                <th>"排序"</th><th>"* 付款单位名称"</th><th>"* 缴费方式"</th><th>"* 缴费金额（元）"</th>
                <th>"* 收款帐户类别"</th><th>"缴费凭证"</th><th>"操作"</th>
            </tr></thead>
            <tbody>
                {system_rows}
                {move || (0..count.get()).map(row).collect_view()}
                <tr class="total-row">
                    <td>"合计"</td><td></td><td></td><td data-test="payment-total">{move || yuan(total())}</td><td></td><td></td><td></td>
                </tr>
            </tbody>
        </table>
    }
}

/// 退款信息填报 (如涉及退多余款，请填写退款信息).
#[component]
fn RefundTable(lines: Lines) -> impl IntoView {
    let confirm = use_confirm();
    let count = Memo::new(move |_| lines.draft.with(|d| d.refunds.len()));
    let upload = upload_action(lines, AttachmentPurpose::Other, |d, i, a| {
        if let Some(r) = d.refunds.get_mut(i) {
            r.explanation = Some(a);
        }
    });
    let row = move |i: usize| {
        let f = move |name: &str| format!("refunds[{i}].{name}");
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
            confirm.ask(
                Ask::delete(format!("确定删除第{}条退款信息吗？保存后生效。", i + 1)),
                move || {
                    lines.draft.update(|d| {
                        if i < d.refunds.len() {
                            d.refunds.remove(i);
                        }
                    });
                    lines.errors.set(Vec::new());
                },
            );
        };
        let text = move |read: fn(&RefundDraft) -> String| {
            move || lines.draft.with(|d| d.refunds.get(i).map(read))
        };
        view! {
            <tr data-test="refund-row">
                <td>{i + 1}</td>
                <Show
                    when=move || lines.editable.get()
                    fallback=move || view! {
                        <td data-test="refund-payer-text">{payer_name}</td>
                        <td data-test="refund-account-name-text">{text(|r| r.account_name.clone())}</td>
                        <td data-test="refund-account-no-text">{text(|r| r.account_no.clone())}</td>
                        <td data-test="refund-bank-text">{text(|r| r.bank.clone())}</td>
                        <td data-test="refund-amount-text">{move || lines.draft.with(|d| d.refunds.get(i).map(|r| r.amount.clone()))}</td>
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
                    <td>{text_input(lines, f("account_name"), "refund-account-name", "请输入退款帐户名称",
                        move |d| d.refunds.get(i).map(|r| r.account_name.clone()),
                        move |d, v| if let Some(r) = d.refunds.get_mut(i) { r.account_name = v; })}</td>
                    <td>{text_input(lines, f("account_no"), "refund-account-no", "请输入退款帐号",
                        move |d| d.refunds.get(i).map(|r| r.account_no.clone()),
                        move |d, v| if let Some(r) = d.refunds.get_mut(i) { r.account_no = v; })}</td>
                    <td>{text_input(lines, f("bank"), "refund-bank", "退款银行",
                        move |d| d.refunds.get(i).map(|r| r.bank.clone()),
                        move |d, v| if let Some(r) = d.refunds.get_mut(i) { r.bank = v; })}</td>
                    <td>{text_input(lines, f("amount_fen"), "refund-amount", "输入退款金额（元）",
                        move |d| d.refunds.get(i).map(|r| r.amount.clone()),
                        move |d, v| if let Some(r) = d.refunds.get_mut(i) { r.amount = v; })}</td>
                </Show>
                <td>
                    {move || explanation().map(|a| file_button(lines.viewing, a, "refund-explanation-view"))}
                    {move || (needs() && explanation().is_none()).then(|| view! {
                        <p class="problem" data-test="refund-explanation-needed">"缴费单位与退款账号不一致，须上传情况说明"</p>
                    })}
                    {error_of(lines, f("explanation_id"))}
                </td>
                <td class="ops">
                    <Show when=move || lines.editable.get()>
                        {file_input("上传附件", "refund-explanation-file", i, upload)}
                        " "
                        <button type="button" class="btn-link danger" data-test="refund-delete" on:click=ask_delete>"删除"</button>
                    </Show>
                </td>
            </tr>
        }
    };
    let total = move || {
        lines.page.with(|p| {
            p.as_ref()
                .map(|p| lines.draft.with(|d| d.totals(p).1))
                .unwrap_or(0)
        })
    };
    view! {
        <div class="section-head">
            <h4 class="section-title">"退款信息填报（如涉及退多余款，请填写退款信息）"</h4>
            <Show when=move || lines.editable.get()>
                <button type="button" class="btn btn-small" data-test="refund-add"
                    on:click=move |_| { let offset = lines.offset(); lines.draft.update(|d| d.add_refund(offset)); }>"新增"</button>
            </Show>
        </div>
        <table class="table voucher-table" data-test="refund-table">
            <thead><tr>
                <th>"排序"</th><th>"* 选择缴费单位"</th><th>"* 退款帐户名称"</th><th>"* 退款账号"</th>
                <th>"* 退款银行"</th><th>"* 退款金额（元）"</th><th>"情况说明"</th><th>"操作"</th>
            </tr></thead>
            <tbody>
                {move || (0..count.get()).map(row).collect_view()}
                <tr class="total-row">
                    <td>"合计"</td><td></td><td></td><td></td><td></td><td data-test="refund-total">{move || yuan(total())}</td><td></td><td></td>
                </tr>
            </tbody>
        </table>
        <p class="field-help table-help">"缴费单位与退款帐户不一致时，请在「操作」栏点击“上传附件”，上传情况说明。"</p>
    }
}

/// 电子票据信息填报: 专用收据抬头 (its 统一信用代码 is matched on saving), 金额, 备注.
#[component]
fn ReceiptTable(lines: Lines) -> impl IntoView {
    let confirm = use_confirm();
    let count = Memo::new(move |_| lines.draft.with(|d| d.receipts.len()));
    let row = move |i: usize| {
        let f = move |name: &str| format!("receipts[{i}].{name}");
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
            confirm.ask(
                Ask::delete(format!("确定删除第{}条电子票据信息吗？保存后生效。", i + 1)),
                move || {
                    lines.draft.update(|d| {
                        if i < d.receipts.len() {
                            d.receipts.remove(i);
                        }
                    });
                    lines.errors.set(Vec::new());
                },
            );
        };
        view! {
            <tr data-test="receipt-row">
                <td>{i + 1}</td>
                <Show
                    when=move || lines.editable.get()
                    fallback=move || view! {
                        <td data-test="receipt-title-text">{move || lines.draft.with(|d| d.receipts.get(i).map(|r| r.title.clone()))}</td>
                        <td data-test="receipt-credit-code">{code}</td>
                        <td data-test="receipt-amount-text">{move || lines.draft.with(|d| d.receipts.get(i).map(|r| r.amount.clone()))}</td>
                        <td>{move || lines.draft.with(|d| d.receipts.get(i).map(|r| r.remark.clone()))}</td>
                    }
                >
                    <td>{text_input(lines, f("title"), "receipt-title", "请输入专用收据抬头",
                        move |d| d.receipts.get(i).map(|r| r.title.clone()),
                        move |d, v| if let Some(r) = d.receipts.get_mut(i) { r.title = v; })}</td>
                    <td data-test="receipt-credit-code">{move || code().unwrap_or_else(|| "保存时自动匹配".to_owned())}</td>
                    <td>{text_input(lines, f("amount_fen"), "receipt-amount", "请输入金额（元）",
                        move |d| d.receipts.get(i).map(|r| r.amount.clone()),
                        move |d, v| if let Some(r) = d.receipts.get_mut(i) { r.amount = v; })}</td>
                    <td>{text_input(lines, f("remark"), "receipt-remark", "请输入备注",
                        move |d| d.receipts.get(i).map(|r| r.remark.clone()),
                        move |d, v| if let Some(r) = d.receipts.get_mut(i) { r.remark = v; })}</td>
                </Show>
                <td class="ops">
                    <Show when=move || lines.editable.get()>
                        <button type="button" class="btn-link danger" data-test="receipt-delete" on:click=ask_delete>"删除"</button>
                    </Show>
                </td>
            </tr>
        }
    };
    let total = move || {
        lines.page.with(|p| {
            p.as_ref()
                .map(|p| lines.draft.with(|d| d.totals(p).2))
                .unwrap_or(0)
        })
    };
    view! {
        <div class="section-head">
            <h4 class="section-title">"电子票据信息填报"</h4>
            <Show when=move || lines.editable.get()>
                <button type="button" class="btn btn-small" data-test="receipt-add"
                    on:click=move |_| { let title = lines.unit_name(); lines.draft.update(|d| d.add_receipt(&title)); }>"新增"</button>
            </Show>
        </div>
        <table class="table voucher-table" data-test="receipt-table">
            <thead><tr>
                <th>"排序"</th><th>"* 专用收据抬头"</th><th>"统一信用代码"</th><th>"* 金额（元）"</th><th>"备注"</th><th>"操作"</th>
            </tr></thead>
            <tbody>
                {move || (0..count.get()).map(row).collect_view()}
                <tr class="total-row">
                    <td>"合计"</td><td></td><td></td><td data-test="receipt-total">{move || yuan(total())}</td><td></td><td></td>
                </tr>
            </tbody>
        </table>
        <p class="field-help table-help">"（如票据信息录入错误，请在收到电子票据后，到职保会窗口办理作废或重开；如专用收据需开多张，请生成多条票据信息，注意金额不可超过缴费金额）"</p>
    }
}
