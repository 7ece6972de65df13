//! 新增参保人员 (方式2): one person; 出生日期 and 性别 only for 非身份证.

use api_types::{BatchOut, DocTypeKey, PersonIn, SexKey};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::batch_api::use_batch_api;

/// The dialog; `on_close` gets the batch after a save, `None` when closed.
#[component]
pub fn PersonDialog(
    batch: RwSignal<Option<BatchOut>>,
    on_close: Callback<Option<BatchOut>>,
) -> impl IntoView {
    let api = use_batch_api();
    let name = RwSignal::new(String::new());
    let mobile = RwSignal::new(String::new());
    let doc = RwSignal::new(String::from("resident_id"));
    let id_number = RwSignal::new(String::new());
    let birth = RwSignal::new(String::new());
    let sex = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let other = move || doc.get() == "other";

    let save = move |_| {
        let Some(b) = batch.get_untracked() else {
            return;
        };
        let is_other = doc.get_untracked() == "other";
        let body = PersonIn {
            name: name.get_untracked(),
            doc_type: if is_other {
                DocTypeKey::Other
            } else {
                DocTypeKey::ResidentId
            },
            id_number: id_number.get_untracked(),
            birth_date: Some(birth.get_untracked()).filter(|s| is_other && !s.is_empty()),
            sex: match sex.get_untracked().as_str() {
                "male" if is_other => Some(SexKey::Male),
                "female" if is_other => Some(SexKey::Female),
                _ => None,
            },
            mobile: Some(mobile.get_untracked()).filter(|s| !s.trim().is_empty()),
        };
        busy.set(true);
        spawn_local(async move {
            match api.add_person(&b, &body).await {
                Ok(out) => on_close.run(Some(out.batch)),
                Err(e) => {
                    let fields: Vec<String> = e
                        .details
                        .as_ref()
                        .and_then(|d| d.get("fields"))
                        .and_then(|f| f.as_array())
                        .map(|a| {
                            a.iter()
                                .filter_map(|f| {
                                    f.get("message").and_then(|m| m.as_str()).map(str::to_owned)
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    error.set(Some(if fields.is_empty() {
                        e.message
                    } else {
                        fields.join("；")
                    }));
                }
            }
            busy.set(false);
        });
    };

    view! {
        <div class="modal-backdrop">
            <div class="modal" data-test="person-dialog">
                <h3>"新增参保人员"</h3>
                <label class="field"><span class="field-label">"* 姓名"</span><input data-test="person-name" bind:value=name placeholder="请输入" /></label>
                <label class="field"><span class="field-label">"手机号"</span><input data-test="person-mobile" bind:value=mobile placeholder="请输入" /></label>
                <label class="field"><span class="field-label">"* 证件类型"</span>
                    <select data-test="person-doc-type" on:change=move |ev| doc.set(event_target_value(&ev))>
                        <option value="resident_id">"身份证"</option>
                        <option value="other">"非身份证"</option>
                    </select>
                </label>
                <label class="field"><span class="field-label">"* 证件号码"</span><input data-test="person-id-number" bind:value=id_number placeholder="请输入" /></label>
                <Show when=other>
                    <label class="field"><span class="field-label">"* 出生日期"</span><input type="date" data-test="person-birth-date" bind:value=birth /></label>
                    <label class="field"><span class="field-label">"* 性别"</span>
                        <select data-test="person-sex" on:change=move |ev| sex.set(event_target_value(&ev))>
                            <option value="">"请选择"</option>
                            <option value="male">"男"</option>
                            <option value="female">"女"</option>
                        </select>
                    </label>
                </Show>
                <Show when=move || error.get().is_some()>
                    <div class="alert alert-error" role="alert" data-test="person-error">{move || error.get().unwrap_or_default()}</div>
                </Show>
                <div class="modal-actions">
                    <button class="btn" data-test="person-cancel" on:click=move |_| on_close.run(None)>"关闭"</button>
                    <button class="btn btn-primary" data-test="person-save" disabled=move || busy.get() on:click=save>"保存"</button>
                </div>
            </div>
        </div>
    }
}
