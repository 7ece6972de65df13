//! Form pieces shared by the unit pages: dictionary selects, attachment upload, the applicant
//! fields of code applications and name changes.

use std::rc::Rc;

use api_types::{ApplicantFields, AttachmentOut, AttachmentPurpose, DictionaryKind};
use leptos::prelude::*;

use crate::api::files::save_bytes;
use crate::api::use_api;
use crate::components::banner::{Notice, NoticeBanner};

/// A text input bound to a signal.
#[component]
pub fn TextField(
    label: &'static str,
    test: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] required: bool,
    #[prop(optional)] readonly: bool,
) -> impl IntoView {
    view! {
        <label class="field">
            <span class="field-label">{if required { "* " } else { "" }}{label}</span>
            <input
                type="text"
                data-test=test
                maxlength="300"
                readonly=readonly
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </label>
    }
}

/// A select filled from a dictionary (所属区局工会 / 经济类型).
#[component]
pub fn DictSelect(
    label: &'static str,
    test: &'static str,
    kind: DictionaryKind,
    value: RwSignal<String>,
) -> impl IntoView {
    let api = use_api();
    let options = LocalResource::new(move || async move {
        api.accounts()
            .dictionary(kind, false)
            .await
            .unwrap_or_default()
    });
    view! {
        <label class="field">
            <span class="field-label">"* "{label}</span>
            <select
                data-test=test
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                <option value="">"请选择"</option>
                {move || {
                    options
                        .get()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|e| {
                            let selected = value.get_untracked() == e.value;
                            view! {
                                <option value=e.value.clone() selected=selected>
                                    {e.value.clone()}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}

/// Uploads the chosen files at once and lists them; `files` holds the uploaded ones.
#[component]
pub fn AttachmentPicker(
    purpose: AttachmentPurpose,
    test: &'static str,
    files: RwSignal<Vec<AttachmentOut>>,
    hint: &'static str,
) -> impl IntoView {
    let api = use_api();
    let notice = Notice::new();
    let upload = Action::new_local(move |chosen: &Vec<web_sys::File>| {
        let chosen = chosen.clone();
        async move {
            notice.clear();
            for file in chosen {
                let result = api
                    .attachments()
                    .upload(purpose, &file, Rc::new(|_| ()))
                    .await;
                if let Some(out) = notice.check(result) {
                    files.update(|f| f.push(out));
                }
            }
        }
    });
    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(list) = input.files() else { return };
        let chosen: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        // Cleared so that choosing the same file again uploads it again.
        input.set_value("");
        upload.dispatch_local(chosen);
    };
    view! {
        <div class="field">
            <span class="field-label">"* 附件上传"</span>
            <input type="file" accept=".pdf,.jpg,.jpeg,.png" multiple=true data-test=test on:change=on_change />
            <p class="field-help">{hint}" 支持 PDF、JPG、PNG。"</p>
            <Show when=move || upload.pending().get()>
                <p class="field-help">"上传中…"</p>
            </Show>
            <NoticeBanner notice=notice error_test=format!("{test}-error") />
            <ul data-test=format!("{test}-list")>
                {move || {
                    files
                        .get()
                        .into_iter()
                        .map(|f| {
                            let id = f.id;
                            view! {
                                <li data-test="attachment-item">
                                    {f.file_name.clone()}
                                    " "
                                    <button
                                        type="button"
                                        class="btn btn-link"
                                        on:click=move |_| files.update(|v| v.retain(|a| a.id != id))
                                    >
                                        "移除"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}

/// Attachment links that download with the session's token.
#[component]
pub fn AttachmentLinks(files: Vec<AttachmentOut>) -> impl IntoView {
    let api = use_api();
    let notice = Notice::new();
    let download = Action::new_local(move |f: &AttachmentOut| {
        let (id, name) = (f.id, f.file_name.clone());
        async move {
            notice.clear();
            let saved = match api.attachments().download(id).await {
                Ok(bytes) => save_bytes(&bytes, &name),
                Err(e) => Err(e),
            };
            notice.check(saved);
        }
    });
    view! {
        <ul data-test="attachment-links">
            {files
                .into_iter()
                .map(|f| {
                    let label = f.file_name.clone();
                    let size = format!("（{} KB）", (f.size_bytes + 1023) / 1024);
                    view! {
                        <li>
                            <button
                                type="button"
                                class="btn btn-link"
                                data-test="attachment-download"
                                on:click=move |_| { download.dispatch_local(f.clone()); }
                            >
                                {label}
                            </button>
                            {size}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <NoticeBanner notice=notice error_test="attachment-error" />
    }
}

/// The signals of the applicant part of a form.
#[derive(Clone, Copy)]
pub struct ApplicantSignals {
    pub operator_name: RwSignal<String>,
    pub operator_mobile: RwSignal<String>,
    pub operator_email: RwSignal<String>,
    pub district_union: RwSignal<String>,
    pub economic_type: RwSignal<String>,
    pub address: RwSignal<String>,
    pub postcode: RwSignal<String>,
    pub principal: RwSignal<String>,
    pub phone: RwSignal<String>,
    pub files: RwSignal<Vec<AttachmentOut>>,
}

impl ApplicantSignals {
    /// Empty fields.
    pub fn new() -> Self {
        let s = || RwSignal::new(String::new());
        ApplicantSignals {
            operator_name: s(),
            operator_mobile: s(),
            operator_email: s(),
            district_union: s(),
            economic_type: s(),
            address: s(),
            postcode: s(),
            principal: s(),
            phone: s(),
            files: RwSignal::new(Vec::new()),
        }
    }

    /// Fills the fields from a stored application.
    pub fn fill(&self, a: &ApplicantFields, files: Vec<AttachmentOut>) {
        self.operator_name.set(a.operator_name.clone());
        self.operator_mobile.set(a.operator_mobile.clone());
        self.operator_email.set(a.operator_email.clone());
        self.district_union.set(a.district_union.clone());
        self.economic_type.set(a.economic_type.clone());
        self.address.set(a.address.clone());
        self.postcode.set(a.postcode.clone());
        self.principal.set(a.principal.clone().unwrap_or_default());
        self.phone.set(a.phone.clone().unwrap_or_default());
        self.files.set(files);
    }

    /// The DTO part.
    pub fn to_fields(self) -> ApplicantFields {
        let opt = |s: RwSignal<String>| Some(s.get_untracked()).filter(|v| !v.trim().is_empty());
        ApplicantFields {
            operator_name: self.operator_name.get_untracked(),
            operator_mobile: self.operator_mobile.get_untracked(),
            operator_email: self.operator_email.get_untracked(),
            district_union: self.district_union.get_untracked(),
            economic_type: self.economic_type.get_untracked(),
            address: self.address.get_untracked(),
            postcode: self.postcode.get_untracked(),
            principal: opt(self.principal),
            phone: opt(self.phone),
            attachment_ids: self.files.get_untracked().iter().map(|f| f.id).collect(),
        }
    }
}

impl Default for ApplicantSignals {
    fn default() -> Self {
        Self::new()
    }
}

/// The applicant inputs (经办人, 区局, 经济类型, 地址, 邮编, 负责人, 电话, 附件).
#[component]
pub fn ApplicantInputs(
    s: ApplicantSignals,
    purpose: AttachmentPurpose,
    hint: &'static str,
) -> impl IntoView {
    view! {
        <TextField label="经办人姓名" test="f-operator-name" value=s.operator_name required=true />
        <TextField label="经办人手机" test="f-operator-mobile" value=s.operator_mobile required=true />
        <TextField label="经办人邮箱" test="f-operator-email" value=s.operator_email required=true />
        <DictSelect label="所属区局工会" test="f-district-union" kind=DictionaryKind::DistrictUnion value=s.district_union />
        <DictSelect label="经济类型" test="f-economic-type" kind=DictionaryKind::EconomicType value=s.economic_type />
        <TextField label="单位地址" test="f-address" value=s.address required=true />
        <TextField label="邮政编码" test="f-postcode" value=s.postcode required=true />
        <TextField label="负责人" test="f-principal" value=s.principal />
        <TextField label="单位电话" test="f-phone" value=s.phone />
        <AttachmentPicker purpose=purpose test="f-attachments" files=s.files hint=hint />
    }
}
