//! 新增参保人员 (方式2): one person; 出生日期 and 性别 only for 非身份证. And 查看: one person
//! unmasked.

use api_types::{BatchOut, DocTypeKey, PersonIn, RosterPersonOut, SexKey};
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::labels;

/// The dialog; `on_close` gets the batch after a save, `None` when closed.
#[component]
pub fn PersonDialog(
    batch: RwSignal<Option<BatchOut>>,
    on_close: Callback<Option<BatchOut>>,
) -> impl IntoView {
    let api = use_api();
    let name = RwSignal::new(String::new());
    let mobile = RwSignal::new(String::new());
    let doc = RwSignal::new(DocTypeKey::ResidentId);
    let id_number = RwSignal::new(String::new());
    let birth = RwSignal::new(String::new());
    let sex = RwSignal::new(None::<SexKey>);
    let notice = Notice::new();
    let other = move || doc.get() == DocTypeKey::Other;

    let save = Action::new_local(move |body: &PersonIn| {
        let body = body.clone();
        async move {
            notice.clear();
            let Some(b) = batch.get_untracked() else {
                return;
            };
            // The field errors come back labelled (see `ApiError`), in one sentence.
            if let Some(out) = notice.check(api.roster().add(&b, &body).await) {
                on_close.run(Some(out.batch));
            }
        }
    });
    let on_save = move |_| {
        let is_other = doc.get_untracked() == DocTypeKey::Other;
        save.dispatch_local(PersonIn {
            name: name.get_untracked(),
            doc_type: doc.get_untracked(),
            id_number: id_number.get_untracked(),
            // For 身份证 both come from the number itself.
            birth_date: Some(birth.get_untracked()).filter(|s| is_other && !s.is_empty()),
            sex: sex.get_untracked().filter(|_| is_other),
            mobile: Some(mobile.get_untracked()).filter(|s| !s.trim().is_empty()),
        });
    };

    view! {
        <div class="modal-backdrop">
            <div class="modal" data-test="person-dialog">
                <h3>"新增参保人员"</h3>
                <label class="field"><span class="field-label">"* 姓名"</span><input data-test="person-name" bind:value=name placeholder="请输入" /></label>
                <label class="field"><span class="field-label">"手机号"</span><input data-test="person-mobile" bind:value=mobile placeholder="请输入" /></label>
                <label class="field"><span class="field-label">"* 证件类型"</span>
                    <select data-test="person-doc-type" on:change=move |ev| doc.set(match event_target_value(&ev).as_str() {
                        "other" => DocTypeKey::Other,
                        _ => DocTypeKey::ResidentId,
                    })>
                        <option value="resident_id">{labels::doc_type(DocTypeKey::ResidentId)}</option>
                        <option value="other">{labels::doc_type(DocTypeKey::Other)}</option>
                    </select>
                </label>
                <label class="field"><span class="field-label">"* 证件号码"</span><input data-test="person-id-number" bind:value=id_number placeholder="请输入" /></label>
                <Show when=other>
                    <label class="field"><span class="field-label">"* 出生日期"</span><input type="date" data-test="person-birth-date" bind:value=birth /></label>
                    <label class="field"><span class="field-label">"* 性别"</span>
                        <select data-test="person-sex" on:change=move |ev| sex.set(match event_target_value(&ev).as_str() {
                            "male" => Some(SexKey::Male),
                            "female" => Some(SexKey::Female),
                            _ => None,
                        })>
                            <option value="">"请选择"</option>
                            <option value="male">{labels::sex(SexKey::Male)}</option>
                            <option value="female">{labels::sex(SexKey::Female)}</option>
                        </select>
                    </label>
                </Show>
                <NoticeBanner notice=notice error_test="person-error" />
                <div class="modal-actions">
                    <button type="button" class="btn" data-test="person-cancel" on:click=move |_| on_close.run(None)>"关闭"</button>
                    <button type="button" class="btn btn-primary" data-test="person-save" disabled=move || save.pending().get() on:click=on_save>"保存"</button>
                </div>
            </div>
        </div>
    }
}

/// 参保人员明细: the unmasked number and mobile (this read is audited by the server).
#[component]
pub fn PersonView(person: RosterPersonOut, on_close: Callback<()>) -> impl IntoView {
    let p = person;
    view! {
        <div class="modal-backdrop">
            <div class="modal" data-test="person-view">
                <h3>"参保人员明细"</h3>
                <dl class="facts">
                    <dt>"姓名"</dt><dd>{p.entry.name.clone()}</dd>
                    <dt>"证件类型"</dt><dd>{labels::doc_type(p.entry.doc_type)}</dd>
                    <dt>"证件号码"</dt><dd data-test="person-view-id">{p.id_number.clone()}</dd>
                    <dt>"出生日期"</dt><dd>{p.birth_date.to_string()}</dd>
                    <dt>"性别"</dt><dd>{labels::sex(p.entry.sex)}</dd>
                    <dt>"手机号"</dt><dd data-test="person-view-mobile">{p.mobile.clone()}</dd>
                </dl>
                <div class="modal-actions">
                    <button type="button" class="btn" data-test="person-view-close" on:click=move |_| on_close.run(())>"关闭"</button>
                </div>
            </div>
        </div>
    }
}
