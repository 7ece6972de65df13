//! 上传相关材料 of one row of the ratio table: upload one or several files (each is uploaded,
//! then attached to the row's 社保编号), list them with 查看 and 删除.

use std::rc::Rc;

use api_types::{AttachmentOut, AttachmentPurpose};
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::confirm::{use_confirm, Ask};
use crate::pages::review_panel::Step5;

/// The dialog of row `index` of the ratio table; `on_close` closes it.
#[component]
pub fn MaterialsDialog(step: Step5, index: usize, on_close: Callback<()>) -> impl IntoView {
    let api = use_api();
    let confirm = use_confirm();
    // The dialog's own banner: the page's is hidden behind the dialog.
    let notice = Notice::new();
    let row = Memo::new(move |_| {
        step.ratios
            .with(|r| r.as_ref().and_then(|r| r.rows.get(index).cloned()))
    });
    let progress = RwSignal::new(None::<(usize, usize)>);

    let upload = Action::new_local(move |chosen: &Vec<web_sys::File>| {
        let chosen = chosen.clone();
        async move {
            notice.clear();
            let Some(code) = row.get_untracked().map(|r| r.ss_code) else {
                return;
            };
            let total = chosen.len();
            let mut done = 0;
            for (i, file) in chosen.iter().enumerate() {
                progress.set(Some((i + 1, total)));
                let uploaded = api
                    .attachments()
                    .upload(AttachmentPurpose::RatioMaterial, file, Rc::new(|_| ()))
                    .await;
                let Some(a) = notice.check(uploaded) else {
                    break;
                };
                let Some(b) = step.batch.get_untracked() else {
                    break;
                };
                let attached = api.review().add_material(&b, code.clone(), a.id).await;
                let Some(after) = notice.check(attached) else {
                    break;
                };
                step.apply(after);
                done += 1;
            }
            progress.set(None);
            if done > 0 {
                notice.success(format!("已上传{done}份相关材料"));
            }
        }
    });
    let remove = Action::new_local(move |file: &AttachmentOut| {
        let file = file.clone();
        async move {
            notice.clear();
            let Some(b) = step.batch.get_untracked() else {
                return;
            };
            if let Some(after) = notice.check(api.review().remove_material(&b, file.id).await) {
                step.apply(after);
                notice.success(format!("已删除相关材料“{}”", file.file_name));
            }
        }
    });
    let ask_remove = move |file: AttachmentOut| {
        let question = Ask::delete(format!("确定删除相关材料“{}”吗？", file.file_name));
        confirm.ask(question, move || {
            remove.dispatch_local(file.clone());
        });
    };
    let may_change =
        move || step.may_prepare() && !upload.pending().get() && !remove.pending().get();
    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(list) = input.files() else { return };
        let chosen: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        // Cleared so that choosing the same file again uploads it again.
        input.set_value("");
        if !chosen.is_empty() {
            upload.dispatch_local(chosen);
        }
    };

    view! {
        <div class="modal-backdrop">
            <div class="modal modal-wide" role="dialog" aria-modal="true" data-test="materials-dialog">
                <h3>"上传相关材料"</h3>
                {move || row.get().map(|r| view! {
                    <dl class="facts">
                        <dt>"社保编号"</dt><dd data-test="materials-code">{r.code_label.clone()}</dd>
                        <dt>"参保比例"</dt><dd>{format!("{}（社保人数 {}，参保人数 {}，已参保人数 {}）", r.ratio, r.ss_headcount, r.insured_here, r.insured_elsewhere)}</dd>
                    </dl>
                })}
                <Show when=move || step.may_prepare()>
                    <div class="field">
                        <span class="field-label">"选择文件（可多选）"</span>
                        <input type="file" accept=".pdf,.jpg,.jpeg,.png" multiple=true data-test="materials-file"
                            disabled=move || !may_change() on:change=on_change />
                        <p class="field-help">"请上传参保比例未达标的佐证材料，如《社会保险业务核定表》等，支持 PDF、JPG、PNG。"</p>
                    </div>
                </Show>
                {move || progress.get().map(|(i, n)| view! {
                    <p class="field-help" data-test="materials-progress">{format!("上传中（{i}/{n}）…")}</p>
                })}
                <NoticeBanner notice=notice error_test="materials-error" ok_test="materials-message" on_reload=step.reload />
                <table class="table" data-test="materials-table">
                    <thead><tr><th>"文件名"</th><th>"大小"</th><th>"操作"</th></tr></thead>
                    <tbody>
                        {move || {
                            let files = row.get().map(|r| r.materials).unwrap_or_default();
                            if files.is_empty() {
                                return view! { <tr data-test="table-empty"><td class="table-note" colspan="3">"尚未上传相关材料"</td></tr> }.into_any();
                            }
                            files.into_iter().map(|f| {
                                let (for_view, for_remove) = (f.clone(), f.clone());
                                view! {
                                    <tr data-test="material-row">
                                        <td data-test="material-name">{f.file_name.clone()}</td>
                                        <td>{format!("{} KB", (f.size_bytes + 1023) / 1024)}</td>
                                        <td class="ops">
                                            <button type="button" class="btn-link" data-test="material-view"
                                                on:click=move |_| step.viewing.open(for_view.clone())>"查看"</button>
                                            <button type="button" class="btn-link danger" data-test="material-delete"
                                                disabled=move || !may_change()
                                                on:click=move |_| ask_remove(for_remove.clone())>"删除"</button>
                                        </td>
                                    </tr>
                                }
                            }).collect_view().into_any()
                        }}
                    </tbody>
                </table>
                <div class="modal-actions">
                    <button type="button" class="btn btn-primary" data-test="materials-close" on:click=move |_| on_close.run(())>"关闭"</button>
                </div>
            </div>
        </div>
    }
}
