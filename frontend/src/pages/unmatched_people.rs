//! 社保人员情况: the people the interfaces did not find (未匹配到社保信息) and the 社保类型 the
//! unit gives for each — (新退休) 上年度7月1至本年度6月30号办理退休, 干保, 出国 or
//! 其他(如：社保封存等) with a 备注 and an attachment. 编辑 / 保存 / 上传附件 per row; what the
//! operator types is a draft that the live preview already counts, 保存 sends it.

use std::collections::HashMap;
use std::rc::Rc;

use api_types::{AttachmentOut, AttachmentPurpose, NoSsReasonKey, UnmatchedPersonOut};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::use_api;
use crate::components::labels;
use crate::pages::review_panel::Step5;
use crate::pages::review_preview::ReasonDraft;

/// The drafts by roster entry; a person with a draft is being edited.
pub type Drafts = RwSignal<HashMap<Uuid, ReasonDraft>>;

/// Changes the draft of `p` (starting from what is saved).
fn edit(drafts: Drafts, p: &UnmatchedPersonOut, change: impl FnOnce(&mut ReasonDraft)) {
    drafts.update(|d| {
        let draft = d.entry(p.entry_id).or_insert_with(|| ReasonDraft::saved(p));
        change(draft);
    });
}

/// The unit's table. `problems` is the live preview's word on each person.
#[component]
pub fn UnmatchedTable(
    step: Step5,
    drafts: Drafts,
    #[prop(into)] problems: Signal<HashMap<Uuid, Option<String>>>,
) -> impl IntoView {
    let api = use_api();
    let notice = step.notice;
    let people = Memo::new(move |_| {
        step.ratios
            .with(|r| r.as_ref().map(|r| r.unmatched.clone()).unwrap_or_default())
    });

    let save = Action::new_local(move |p: &UnmatchedPersonOut| {
        let p = p.clone();
        async move {
            notice.clear();
            let draft = drafts.with_untracked(|d| d.get(&p.entry_id).cloned());
            let Some(input) = draft.unwrap_or_else(|| ReasonDraft::saved(&p)).to_input() else {
                return notice.invalid(format!("请选择{}的社保类型", p.name));
            };
            let Some(b) = step.batch.get_untracked() else {
                return;
            };
            if let Some(after) = notice.check(api.review().set_reason(&b, p.entry_id, &input).await)
            {
                let problem = after
                    .unmatched
                    .iter()
                    .find(|u| u.entry_id == p.entry_id)
                    .and_then(|u| u.problem.clone());
                step.apply(after);
                drafts.update(|d| {
                    d.remove(&p.entry_id);
                });
                notice.success(match problem {
                    Some(left) => format!("已保存{}的社保类型；尚需完善：{left}", p.name),
                    None => format!("已保存{}的社保类型", p.name),
                });
            }
        }
    });
    let upload = Action::new_local(move |(p, file): &(UnmatchedPersonOut, web_sys::File)| {
        let (p, file) = (p.clone(), file.clone());
        async move {
            notice.clear();
            let uploaded = api
                .attachments()
                .upload(AttachmentPurpose::RatioMaterial, &file, Rc::new(|_| ()))
                .await;
            if let Some(a) = notice.check(uploaded) {
                let name = a.file_name.clone();
                edit(drafts, &p, |d| d.attachment = Some(a));
                notice.success(format!("附件“{name}”已上传，请点击“保存”"));
            }
        }
    });
    let busy = move || save.pending().get() || upload.pending().get();

    let row = move |p: UnmatchedPersonOut| {
        let id = p.entry_id;
        let editing = {
            let no_reason = p.reason.is_none();
            move || drafts.with(|d| d.contains_key(&id)) || (no_reason && step.may_prepare())
        };
        let shown = {
            let p = p.clone();
            move || {
                drafts
                    .with(|d| d.get(&id).cloned())
                    .unwrap_or_else(|| ReasonDraft::saved(&p))
            }
        };
        let unsaved = {
            let p = p.clone();
            move || drafts.with(|d| d.get(&id).is_some_and(|draft| draft.differs_from(&p)))
        };
        let problem = move || problems.with(|m| m.get(&id).cloned().flatten());
        let (for_reason, for_remark, for_file, for_save, for_edit) =
            (p.clone(), p.clone(), p.clone(), p.clone(), p.clone());
        let shown_reason = shown.clone();
        let shown_remark = shown.clone();
        let shown_file = shown.clone();
        let shown_text = shown.clone();
        view! {
            <tr data-test="person-row" data-name=p.name.clone() class:blocking=move || problem().is_some()>
                <td class="nowrap" data-test="person-name">{p.name.clone()}</td>
                <td>{p.id_number_masked.clone()}</td>
                <td>
                    <Show
                        when=editing
                        fallback=move || view! { <span data-test="person-reason-label">{shown_text().reason.map(labels::no_ss_reason).unwrap_or("未选择")}</span> }
                    >
                        <select data-test="person-reason" disabled=move || !step.may_prepare()
                            prop:value={
                                let shown = shown_reason.clone();
                                move || shown().reason.map(labels::no_ss_reason_wire).unwrap_or("")
                            }
                            on:change={
                                let p = for_reason.clone();
                                move |ev| {
                                    let key: Option<NoSsReasonKey> = labels::no_ss_reason_of_wire(&event_target_value(&ev));
                                    edit(drafts, &p, |d| d.reason = key);
                                }
                            }>
                            <option value="">"请选择"</option>
                            {labels::NO_SS_REASONS.iter().map(|(_, wire, label)| view! { <option value=*wire>{*label}</option> }).collect_view()}
                        </select>
                    </Show>
                    {move || unsaved().then(|| view! { <span class="tag" data-test="person-unsaved">"未保存"</span> })}
                    {move || problem().map(|text| view! { <p class="problem" data-test="person-problem">{text}</p> })}
                </td>
                <td>
                    <Show
                        when=editing
                        fallback={
                            let shown = shown_remark.clone();
                            move || view! { <span data-test="person-remark-text">{shown().remark}</span> }
                        }
                    >
                        <input type="text" data-test="person-remark" maxlength="200" placeholder="请输入"
                            disabled=move || !step.may_prepare()
                            prop:value={
                                let shown = shown_remark.clone();
                                move || shown().remark
                            }
                            on:input={
                                let p = for_remark.clone();
                                move |ev| {
                                    let text = event_target_value(&ev);
                                    edit(drafts, &p, |d| d.remark = text);
                                }
                            } />
                    </Show>
                </td>
                <td class="ops ops-wrap">
                    <Show
                        when=editing
                        fallback={
                            let p = for_edit.clone();
                            move || {
                                let p = p.clone();
                                view! {
                                    <button type="button" class="btn-link" data-test="person-edit"
                                        disabled=move || !step.may_prepare()
                                        on:click=move |_| { notice.clear(); edit(drafts, &p, |_| ()); }>"编辑"</button>
                                }
                            }
                        }
                    >
                        <button type="button" class="btn-link" data-test="person-save"
                            disabled=move || busy() || !step.may_prepare()
                            on:click={
                                let p = for_save.clone();
                                move |_| { save.dispatch_local(p.clone()); }
                            }>"保存"</button>
                        <label class="btn-link file-link">
                            "上传附件"
                            <input type="file" class="file-hidden" accept=".pdf,.jpg,.jpeg,.png" data-test="person-file"
                                disabled=move || busy() || !step.may_prepare()
                                on:change={
                                    let p = for_file.clone();
                                    move |ev| {
                                        let input: web_sys::HtmlInputElement = event_target(&ev);
                                        let file = input.files().and_then(|f| f.get(0));
                                        input.set_value("");
                                        if let Some(file) = file {
                                            upload.dispatch_local((p.clone(), file));
                                        }
                                    }
                                } />
                        </label>
                    </Show>
                    {
                        let shown = shown_file.clone();
                        move || shown().attachment.map(|a: AttachmentOut| {
                            let name = a.file_name.clone();
                            view! {
                                <span class="attached" data-test="person-attachment">
                                    "附件："
                                    <button type="button" class="btn-link" data-test="person-attachment-view"
                                        on:click=move |_| step.viewing.open(a.clone())>{name}</button>
                                </span>
                            }
                        })
                    }
                </td>
            </tr>
        }
    };

    view! {
        <table class="table" data-test="unmatched-table">
            <thead>
                <tr><th>"姓名"</th><th>"身份证号"</th><th>"社保类型"</th><th>"备注 (其它类型说明)"</th><th>"操作"</th></tr>
            </thead>
            <tbody>
                {move || {
                    let list = people.get();
                    if list.is_empty() {
                        view! { <tr data-test="table-empty"><td class="table-note" colspan="5">"无未匹配到社保信息的人员"</td></tr> }.into_any()
                    } else {
                        list.into_iter().map(row).collect_view().into_any()
                    }
                }}
            </tbody>
        </table>
        <p class="field-help table-help">"针对无社保人员，请选择其具体情形，视需要上传相关材料；选择“其他(如：社保封存等)”后，请填写备注，并上传附件。"</p>
    }
}

/// The reviewer's read-only list: each person's 社保类型, 备注, attachment (查看) and what
/// is still missing.
#[component]
pub fn UnmatchedList(
    #[prop(into)] people: Signal<Vec<UnmatchedPersonOut>>,
    viewing: crate::components::attachment_view::Viewing,
) -> impl IntoView {
    view! {
        <table class="table" data-test="unmatched-list">
            <thead>
                <tr><th>"姓名"</th><th>"身份证号"</th><th>"社保类型"</th><th>"备注 (其它类型说明)"</th><th>"附件"</th><th>"尚需完善"</th></tr>
            </thead>
            <tbody>
                {move || {
                    let list = people.get();
                    if list.is_empty() {
                        return view! { <tr data-test="table-empty"><td class="table-note" colspan="6">"无未匹配到社保信息的人员"</td></tr> }.into_any();
                    }
                    list.into_iter().map(|p| view! {
                        <tr data-test="unmatched-item" data-name=p.name.clone()>
                            <td>{p.name.clone()}</td>
                            <td>{p.id_number_masked.clone()}</td>
                            <td data-test="unmatched-reason">{p.reason.map(labels::no_ss_reason).unwrap_or("未选择")}</td>
                            <td data-test="unmatched-remark">{p.remark.clone().unwrap_or_default()}</td>
                            <td>
                                {p.attachment.clone().map(|a| {
                                    let name = a.file_name.clone();
                                    view! {
                                        <button type="button" class="btn-link" data-test="unmatched-attachment-view"
                                            on:click=move |_| viewing.open(a.clone())>{format!("查看 {name}")}</button>
                                    }
                                })}
                            </td>
                            <td class="problem">{p.problem.clone().unwrap_or_default()}</td>
                        </tr>
                    }).collect_view().into_any()
                }}
            </tbody>
        </table>
    }
}
