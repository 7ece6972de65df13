//! 方式1：导入参保名单: the template, the upload with progress (the server pre-checks the whole
//! file and refuses it whole), and the row errors, also downloadable as a spreadsheet.

use std::rc::Rc;

use api_types::{BatchOut, ImportErrorOut};
use leptos::prelude::*;

use crate::api::files::{save_bytes, Template};
use crate::api::use_api;
use crate::components::banner::Notice;
use crate::components::file_picker::FilePicker;

/// The chosen file and the row errors of the last refused import, shared by the toolbar and
/// the error list (which sit on either side of the panel's notice).
#[derive(Clone, Copy)]
pub struct ImportState {
    file: RwSignal<Option<web_sys::File>, LocalStorage>,
    errors: RwSignal<Vec<ImportErrorOut>>,
}

impl ImportState {
    /// No file, no errors.
    pub fn new() -> Self {
        ImportState {
            file: RwSignal::new_local(None),
            errors: RwSignal::new(Vec::new()),
        }
    }
}

impl Default for ImportState {
    fn default() -> Self {
        ImportState::new()
    }
}

/// The import toolbar (`children` are further buttons of the same row) and the progress.
#[component]
pub fn RosterImport(
    batch: RwSignal<Option<BatchOut>>,
    notice: Notice,
    state: ImportState,
    /// Whether the batch's status allows an import now.
    #[prop(into)]
    allowed: Signal<bool>,
    children: Children,
) -> impl IntoView {
    let api = use_api();
    let ImportState { file, errors } = state;
    let progress = RwSignal::new(None::<f64>);

    let import = Action::new_local(move |f: &web_sys::File| {
        let f = f.clone();
        async move {
            notice.clear();
            errors.set(Vec::new());
            let Some(b) = batch.get_untracked() else {
                return;
            };
            progress.set(Some(0.0));
            let report: Rc<dyn Fn(f64)> = Rc::new(move |p| progress.set(Some(p)));
            let result = api.roster().import(&b, &f, report).await;
            progress.set(None);
            match result {
                Ok(out) => {
                    batch.set(Some(out.batch));
                    notice.success(format!("成功导入参保人数：{}人", out.imported));
                }
                Err(e) => {
                    errors.set(e.import_errors());
                    notice.error(e);
                }
            }
        }
    });
    let template = Action::new_local(move |_: &()| async move {
        notice.check(api.files().template(Template::Roster).await);
    });
    let upload = move |_| match file.get_untracked() {
        Some(f) => {
            import.dispatch_local(f);
        }
        None => notice.invalid("请先选择参保名单文件（.xlsx 或 .xls）"),
    };

    view! {
        <div class="toolbar">
            <span>"方式1：导入参保名单"</span>
            <FilePicker file=file accept=".xlsx,.xls" test="roster-file" />
            <button type="button" class="btn btn-primary" data-test="roster-upload"
                disabled=move || !allowed.get() || import.pending().get() on:click=upload>"上传文件"</button>
            <button type="button" class="btn-link" data-test="roster-template"
                on:click=move |_| { template.dispatch_local(()); }>"下载参保名单导入模板"</button>
            <span class="sep">"|"</span>
            {children()}
        </div>
        {move || progress.get().map(|p| view! {
            <div class="progress" data-test="upload-progress">
                <div class="progress-bar" style:width=format!("{p:.0}%")></div>
                <span>{format!("上传中 {p:.0}%，上传完成后系统进行预校验…")}</span>
            </div>
        })}
    }
}

/// 导入失败: the rows and reasons, and the same as a spreadsheet.
#[component]
pub fn ImportErrors(
    batch: RwSignal<Option<BatchOut>>,
    notice: Notice,
    state: ImportState,
) -> impl IntoView {
    let api = use_api();
    let ImportState { file, errors } = state;
    let report = Action::new_local(move |f: &web_sys::File| {
        let f = f.clone();
        async move {
            let Some(b) = batch.get_untracked() else {
                return;
            };
            let saved = match api.roster().error_report(b.id, &f).await {
                Ok(bytes) => save_bytes(&bytes, &format!("导入错误_{}.xlsx", b.batch_no)),
                Err(e) => Err(e),
            };
            notice.check(saved);
        }
    });
    view! {
        <Show when=move || !errors.with(Vec::is_empty)>
            <div class="import-errors" data-test="import-errors">
                <p>
                    "导入失败，请依据提示修改表格后，重新选择文件并点击“上传文件”重新导入。"
                    <button type="button" class="btn-link" data-test="error-report"
                        on:click=move |_| { if let Some(f) = file.get_untracked() { report.dispatch_local(f); } }>
                        "下载带错误原因的表格"
                    </button>
                </p>
                <table class="table">
                    <thead><tr><th>"行号"</th><th>"列"</th><th>"错误原因"</th></tr></thead>
                    <tbody>
                        {move || errors.get().into_iter().map(|e| view! {
                            <tr data-test="import-error-row">
                                <td>{e.row.map_or_else(|| "整个文件".to_owned(), |r| r.to_string())}</td>
                                <td>{e.column_label.unwrap_or_default()}</td>
                                <td>{e.message}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </Show>
    }
}
