//! 参保清册校验结果：参保比例情况 — one row per 社保编号 and the 未匹配到单位社保编码 group,
//! with the manual's columns 社保编号 单位名称 社保人数 参保人数 已参保人数 参保比例 附件上传状态
//! 审核状态 操作 不通过原因. The unit's 操作 is 上传相关材料; the reviewer's lists the materials
//! to 查看. 查看不通过原因 opens the 不通过原因 dialog.

use api_types::{AttachmentOut, CodeStandingKey, RatioRowOut};
use leptos::prelude::*;

use crate::components::attachment_view::Viewing;
use crate::components::reasons_dialog::ReasonsDialog;

/// One row as shown: the server's row and its 附件上传状态 (from the live preview).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownRow {
    /// The row.
    pub row: RatioRowOut,
    /// 附件上传状态.
    pub standing: CodeStandingKey,
    /// 附件上传状态 as shown.
    pub standing_label: String,
}

/// Whose table it is: what 操作 offers.
#[derive(Clone, Copy)]
pub enum RatioTableMode {
    /// The unit: 上传相关材料 (opens the materials dialog of the row's index).
    Unit(Callback<usize>),
    /// The reviewer: every material, each to 查看.
    Reviewer(Viewing),
}

/// The `data-standing` of a row (for styling and tests).
fn standing_key(s: CodeStandingKey) -> &'static str {
    match s {
        CodeStandingKey::Meets => "meets",
        CodeStandingKey::NewlyRetiredOnly => "newly_retired_only",
        CodeStandingKey::MaterialsUploaded => "materials_uploaded",
        CodeStandingKey::MaterialsMissing => "materials_missing",
    }
}

/// The table; `rows` follow every change.
#[component]
pub fn RatioTable(
    #[prop(into)] rows: Signal<Vec<ShownRow>>,
    mode: RatioTableMode,
) -> impl IntoView {
    let reasons = RwSignal::new(None::<(String, Vec<String>)>);
    let materials = move |index: usize, files: Vec<AttachmentOut>| {
        match mode {
        RatioTableMode::Unit(open) => view! {
            <button type="button" class="btn-link" data-test="ratio-upload" on:click=move |_| open.run(index)>
                "上传相关材料"
            </button>
            {(!files.is_empty()).then(|| view! {
                <span class="field-help" data-test="ratio-material-count">{format!("（已上传{}份）", files.len())}</span>
            })}
        }
        .into_any(),
        RatioTableMode::Reviewer(viewing) => {
            if files.is_empty() {
                view! { <span class="field-help" data-test="ratio-no-material">"未上传材料"</span> }.into_any()
            } else {
                files
                    .into_iter()
                    .map(|f| {
                        let name = f.file_name.clone();
                        view! {
                            <button type="button" class="btn-link material-link" data-test="ratio-material-view"
                                on:click=move |_| viewing.open(f.clone())>
                                {format!("查看 {name}")}
                            </button>
                        }
                    })
                    .collect_view()
                    .into_any()
            }
        }
    }
    };
    view! {
        <table class="table" data-test="ratio-table">
            <thead>
                <tr>
                    <th>"社保编号"</th><th>"单位名称"</th><th>"社保人数"</th><th>"参保人数"</th><th>"已参保人数"</th>
                    <th>"参保比例"</th><th>"附件上传状态"</th><th>"审核状态"</th><th>"操作"</th><th>"不通过原因"</th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    let shown = rows.get();
                    if shown.is_empty() {
                        return view! {
                            <tr data-test="table-empty"><td class="table-note" colspan="10">"暂无数据"</td></tr>
                        }
                        .into_any();
                    }
                    shown
                        .into_iter()
                        .enumerate()
                        .map(|(index, s)| {
                            let r = s.row;
                            let missing = s.standing == CodeStandingKey::MaterialsMissing && r.ss_code.is_some();
                            let about = format!("社保编号：{}", r.code_label);
                            let reject = r.reject_reasons.clone();
                            view! {
                                <tr data-test="ratio-row" data-code=r.code_label.clone()
                                    data-standing=standing_key(s.standing) class:blocking=missing>
                                    <td data-test="ratio-code">{r.code_label.clone()}</td>
                                    <td>{r.unit_name.clone().unwrap_or_default()}</td>
                                    <td data-test="ratio-headcount">{r.ss_headcount}</td>
                                    <td data-test="ratio-here">{r.insured_here}</td>
                                    <td data-test="ratio-elsewhere">{r.insured_elsewhere}</td>
                                    <td data-test="ratio-ratio">{r.ratio.clone()}</td>
                                    <td data-test="ratio-standing">{s.standing_label}</td>
                                    <td data-test="ratio-review-status">{r.review_status_label.clone()}</td>
                                    <td class="ops ops-wrap">{materials(index, r.materials.clone())}</td>
                                    <td>
                                        {(!reject.is_empty()).then(|| view! {
                                            <button type="button" class="btn-link danger" data-test="ratio-reasons"
                                                on:click=move |_| reasons.set(Some((about.clone(), reject.clone())))>
                                                "查看不通过原因"
                                            </button>
                                        })}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
            </tbody>
        </table>
        {move || reasons.get().map(|(about, list)| view! {
            <ReasonsDialog about=about reasons=list on_close=Callback::new(move |_| reasons.set(None)) />
        })}
    }
}
