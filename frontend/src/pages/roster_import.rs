//! 方式1：导入参保名单: the template, the upload with progress (the server pre-checks the whole
//! file and refuses it whole), and the row errors, also downloadable as a spreadsheet.

use std::rc::Rc;

use api_types::{BatchOut, ImportErrorOut};
use leptos::prelude::*;

use crate::api::files::{save_bytes, Template};
use crate::api::use_api;
use crate::components::banner::Notice;
use crate::components::file_picker::FilePicker;

/// The import toolbar and, after a refused file, its errors.
#[component]
pub fn RosterImport(
    batch: RwSignal<Option<BatchOut>>,
    notice: Notice,
    /// Whether the batch's status allows an import now.
    #[prop(into)]
    allowed: Signal<bool>,
) -> impl IntoView {
    let api = use_api();
    let file = RwSignal::new_local(None::<web_sys::File>);
    let progress = RwSignal::new(None::<f64>);
    let errors = RwSignal::new(Vec::<ImportErrorOut>::new());

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
        </div>
        {move || progress.get().map(|p| view! {
            <div class="progress" data-test="upload-progress">
                <div class="progress-bar" style=format!("width: {p:.0}%")></div>
                <span>{format!("上传中 {p:.0}%，上传完成后系统进行预校验…")}</span>
            </div>
        })}
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
