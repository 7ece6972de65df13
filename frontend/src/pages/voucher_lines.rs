//! The three tables of a voucher page — 上传缴费凭证 (the 个人代扣 line read-only first),
//! 退款信息填报 and 电子票据信息填报 — each with 新增 / 删除 and its 合计, every field's error
//! beside it. Editable for the unit while the status allows; read-only (with the files to
//! view) for the reviewer and after submission. One file a table; what their rows share is
//! here.

use std::rc::Rc;

use api_types::{AttachmentOut, AttachmentPurpose, FieldError, VouchersOut};
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::attachment_view::Viewing;
use crate::components::banner::Notice;
use crate::components::confirm::{Ask, Confirm};
use crate::components::format::yuan;
use crate::pages::voucher_draft::{
    field_message, system_lines, Draft, PaymentDraft, ReceiptDraft, RefundDraft,
};

mod payments;
mod receipts;
mod refunds;

use payments::PaymentTable;
use receipts::ReceiptTable;
use refunds::RefundTable;

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
    /// The rows in 编辑 mode, by list and index: a new row opens, 确认 closes it, 编辑 opens
    /// it again, a saved answer closes every row.
    pub open: RwSignal<Vec<(&'static str, usize)>>,
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
            open: RwSignal::new(Vec::new()),
        }
    }

    /// Takes the server's answer: the saved lines replace the edited ones.
    pub fn apply(&self, v: VouchersOut) {
        self.draft.set(Draft::from_out(&v));
        self.errors.set(Vec::new());
        self.open.set(Vec::new());
        self.page.set(Some(v));
    }

    /// Whether line `i` of `L` shows its inputs: the lines are editable and the row is being
    /// edited (新增 / 编辑), or an error of it waits to be fixed.
    pub(super) fn editing<L: Line>(&self, i: usize) -> bool {
        if !self.editable.get() {
            return false;
        }
        let prefix = field_of::<L>(i, "");
        self.open.with(|o| o.contains(&(L::LIST, i)))
            || self
                .errors
                .with(|e| e.iter().any(|e| e.field.starts_with(&prefix)))
    }

    /// 编辑 (`true`) or 确认 (`false`) of line `i` of `L`.
    pub(super) fn set_open<L: Line>(&self, i: usize, open: bool) {
        self.open.update(|o| {
            o.retain(|row| *row != (L::LIST, i));
            if open {
                o.push((L::LIST, i));
            }
        });
    }

    /// Opens the last line of `L` (the one 新增 just added).
    pub(super) fn open_last<L: Line>(&self) {
        let n = self.draft.with_untracked(|d| L::all(d).len());
        if n > 0 {
            self.set_open::<L>(n - 1, true);
        }
    }

    /// Line `i` of `L` is gone: the rows after it move up.
    fn removed<L: Line>(&self, i: usize) {
        self.open.update(|o| {
            o.retain(|row| *row != (L::LIST, i));
            for row in o.iter_mut() {
                if row.0 == L::LIST && row.1 > i {
                    row.1 -= 1;
                }
            }
        });
    }

    /// Whether the edited lines differ from the saved ones.
    pub fn unsaved(&self) -> bool {
        self.page.with(|p| {
            p.as_ref()
                .is_some_and(|p| self.draft.with(|d| *d != Draft::from_out(p)))
        })
    }

    /// How many platform lines come first in the payment list (0 or 1).
    pub(super) fn offset(&self) -> u32 {
        self.page.with(|p| p.as_ref().map_or(0, system_lines))
    }

    /// The unit's name (the first payer and receipt title offered).
    pub(super) fn unit_name(&self) -> String {
        self.page.with(|p| {
            p.as_ref()
                .map(|p| p.batch.unit_name.clone())
                .unwrap_or_default()
        })
    }

    /// Changes the draft and forgets the error of the field changed.
    pub(super) fn edit(&self, field: String, change: impl FnOnce(&mut Draft)) {
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
pub(super) fn error_of(lines: Lines, field: String) -> impl IntoView {
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
pub(super) fn file_button(
    viewing: Viewing,
    file: AttachmentOut,
    test: &'static str,
) -> impl IntoView {
    let name = file.file_name.clone();
    view! {
        <button type="button" class="btn-link material-link" data-test=test
            on:click=move |_| viewing.open(file.clone())>{name}</button>
    }
}

/// A text input bound to one field of the draft.
pub(super) fn text_input(
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
pub(super) fn upload_action(
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
pub(super) fn file_input(
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

/// A kind of line the draft lists, found by its index.
pub(super) trait Line: Sized + Send + Sync + 'static {
    /// The list's name in the server's field paths (`refunds[0].bank`).
    const LIST: &'static str;
    /// The lines of this kind.
    fn all(d: &Draft) -> &[Self];
    /// The lines of this kind, to change.
    fn all_mut(d: &mut Draft) -> &mut Vec<Self>;
}

macro_rules! line_kind {
    ($line:ty, $list:ident) => {
        impl Line for $line {
            const LIST: &'static str = stringify!($list);
            fn all(d: &Draft) -> &[Self] {
                &d.$list
            }
            fn all_mut(d: &mut Draft) -> &mut Vec<Self> {
                &mut d.$list
            }
        }
    };
}
line_kind!(PaymentDraft, payments);
line_kind!(RefundDraft, refunds);
line_kind!(ReceiptDraft, receipts);

/// The server's path of field `name` of line `i` (`refunds[0].bank`).
pub(super) fn field_of<L: Line>(i: usize, name: &str) -> String {
    format!("{}[{i}].{name}", L::LIST)
}

/// What line `i` shows for `read` (nothing once it is gone).
pub(super) fn line_text<L: Line>(
    lines: Lines,
    i: usize,
    read: fn(&L) -> String,
) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
    move || lines.draft.with(|d| L::all(d).get(i).map(read))
}

/// A text input bound to the text `name` of line `i`, which `read` and `write` reach.
pub(super) fn line_input<L: Line>(
    lines: Lines,
    i: usize,
    (name, test, placeholder): (&str, &'static str, &'static str),
    read: fn(&L) -> String,
    write: fn(&mut L, String),
) -> impl IntoView {
    text_input(
        lines,
        field_of::<L>(i, name),
        test,
        placeholder,
        move |d| L::all(d).get(i).map(read),
        move |d, v| {
            if let Some(line) = L::all_mut(d).get_mut(i) {
                write(line, v);
            }
        },
    )
}

/// Removes line `i` (nothing once it is gone).
pub(super) fn remove_at<L: Line>(i: usize) -> impl Fn(&mut Draft) + Copy + 'static {
    move |d| {
        let all = L::all_mut(d);
        if i < all.len() {
            all.remove(i);
        }
    }
}

/// A table's head: its title, `extra` beside it, and 新增 (`add_test`) while the lines are
/// editable.
fn section_head(
    lines: Lines,
    title: &'static str,
    extra: impl IntoView,
    add_test: &'static str,
    add: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <div class="section-head">
            <h4 class="section-title">{title}</h4>
            {extra}
            <Show when=move || lines.editable.get()>
                <button type="button" class="btn btn-small" data-test=add_test
                    on:click=move |_| add()>"新增"</button>
            </Show>
        </div>
    }
}

/// Which of the draft's totals (payments, refunds, receipts) a table shows.
type Pick = fn((i64, i64, i64)) -> i64;

/// A table of lines (`test`) under `heads`: `rows`, then the 合计 row with the total that
/// `pick` takes in the column of `total_test`, at `total_at`.
fn line_table(
    lines: Lines,
    test: &'static str,
    heads: &'static [&'static str],
    rows: impl IntoView,
    (total_test, total_at, pick): (&'static str, usize, Pick),
) -> impl IntoView {
    let total = move || {
        lines.page.with(|p| {
            p.as_ref()
                .map(|p| lines.draft.with(|d| pick(d.totals(p))))
                .unwrap_or(0)
        })
    };
    let blank = |n: usize| (0..n).map(|_| view! { <td></td> }).collect_view();
    view! {
        <table class="table voucher-table" data-test=test>
            <thead><tr>
                {heads.iter().map(|h| view! { <th>{*h}</th> }).collect_view()}
            </tr></thead>
            <tbody>
                {rows}
                <tr class="total-row">
                    <td>"合计"</td>
                    {blank(total_at - 1)}
                    <td data-test=total_test>{move || yuan(total())}</td>
                    {blank(heads.len() - total_at - 1)}
                </tr>
            </tbody>
        </table>
    }
}

/// Asks `message`, then removes a line with `remove`; the field errors go with it (their
/// indexes have moved).
fn delete_line<L: Line>(
    lines: Lines,
    confirm: Confirm,
    message: String,
    i: usize,
    remove: impl Fn(&mut Draft) + Copy + 'static,
) {
    confirm.ask(Ask::delete(message), move || {
        lines.draft.update(remove);
        lines.errors.set(Vec::new());
        lines.removed::<L>(i);
    });
}

/// The 操作 cell of line `i` while the lines are editable: 编辑 or 确认 (`<prefix>-edit`,
/// `<prefix>-confirm`), `upload` (if any) and 删除 (`<prefix>-delete`).
fn ops_cell<L: Line, V: IntoView + 'static>(
    lines: Lines,
    i: usize,
    prefix: &'static str,
    upload: impl Fn() -> V + Send + Sync + 'static,
    ask_delete: impl Fn(leptos::ev::MouseEvent) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let editing = move || lines.editing::<L>(i);
    let edit = move |_| lines.set_open::<L>(i, true);
    let done = move |_| lines.set_open::<L>(i, false);
    view! {
        <td class="ops">
            <Show when=move || lines.editable.get()>
                <Show
                    when=editing
                    fallback=move || view! {
                        <button type="button" class="btn-link" data-test=format!("{prefix}-edit")
                            on:click=edit>"编辑"</button>
                    }
                >
                    <button type="button" class="btn-link" data-test=format!("{prefix}-confirm")
                        on:click=done>"确认"</button>
                </Show>
                " "
                {upload()}
                <button type="button" class="btn-link danger" data-test=format!("{prefix}-delete") on:click=ask_delete>"删除"</button>
            </Show>
        </td>
    }
}
