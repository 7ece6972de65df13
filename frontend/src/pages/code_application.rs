//! 参保编码申请 (unit): the unit's applications and the form (new, or edit and resubmit after
//! 审核不通过).

use api_types::{ApplicationListItem, ApplicationStatus, AttachmentPurpose, CodeApplicationIn};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::unit_forms::{
    status_label, ApplicantInputs, ApplicantSignals, ErrorBox, TextField,
};

/// `/unit/code-applications`.
#[component]
pub fn CodeApplicationPage() -> impl IntoView {
    let api = use_api();
    let auth = use_auth();
    let latest = RwSignal::new(None::<ApplicationListItem>);
    let loaded = RwSignal::new(false);
    let editing = RwSignal::new(None::<Option<String>>);
    let unit_name = RwSignal::new(String::new());
    let credit_code = RwSignal::new(String::new());
    let s = ApplicantSignals::new();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let reload = move || {
        spawn_local(async move {
            match api.code_applications("page=1&page_size=1").await {
                Ok(page) => latest.set(page.items.into_iter().next()),
                Err(e) => error.set(Some(e.message)),
            }
            loaded.set(true);
        });
    };
    reload();

    let start_new = move |_| {
        if let Some(unit) = auth.me().and_then(|m| m.unit) {
            unit_name.set(unit.name.clone());
            spawn_local(async move {
                if let Ok(out) = api.credit_code(&unit.name).await {
                    credit_code.set(out.credit_code.unwrap_or_default());
                }
            });
        }
        editing.set(Some(None));
    };
    let start_edit = move |id: String| {
        spawn_local(async move {
            match api.code_application(&id).await {
                Ok(app) => {
                    unit_name.set(app.unit_name.clone());
                    credit_code.set(app.credit_code.clone());
                    s.fill(&app.applicant, app.attachments.clone());
                    editing.set(Some(Some(id)));
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(id) = editing.get_untracked() else {
            return;
        };
        let body = CodeApplicationIn {
            unit_name: unit_name.get_untracked(),
            credit_code: credit_code.get_untracked(),
            applicant: s.to_fields(),
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api.submit_code_application(id, &body).await {
                Ok(_) => {
                    editing.set(None);
                    reload();
                }
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };

    let has_code = move || {
        auth.me()
            .and_then(|m| m.unit)
            .and_then(|u| u.enrollment_code)
    };

    view! {
        <section class="page" data-test="code-application-page">
            <h2 class="page-title" data-test="page-title">"参保编码申请"</h2>
            <ErrorBox error=error test="code-application-error" />
            <Show when=move || loaded.get() && editing.get().is_none()>
                <div class="panel" data-test="code-application-status">
                    {move || match latest.get() {
                        None => {
                            view! {
                                <p>"本单位尚未申请参保编码。"</p>
                                <Show when=move || has_code().is_none()>
                                    <button class="btn btn-primary" data-test="code-application-new" on:click=start_new>
                                        "申请参保编码"
                                    </button>
                                </Show>
                            }
                                .into_any()
                        }
                        Some(item) => {
                            let id = item.id.to_string();
                            let rejected = item.status == ApplicationStatus::Rejected;
                            view! {
                                <dl class="facts">
                                    <dt>"单位名称"</dt>
                                    <dd>{item.unit_name.clone()}</dd>
                                    <dt>"审核状态"</dt>
                                    <dd data-test="code-application-state">{status_label(item.status)}</dd>
                                    <dt>"参保编码"</dt>
                                    <dd data-test="code-application-code">{item.enrollment_code.clone().unwrap_or_default()}</dd>
                                    <dt>"不通过原因"</dt>
                                    <dd data-test="code-application-reason">{item.reject_reason.clone().unwrap_or_default()}</dd>
                                </dl>
                                <Show when=move || rejected>
                                    {
                                        let id = id.clone();
                                        view! {
                                            <button class="btn btn-primary" data-test="code-application-edit" on:click=move |_| start_edit(id.clone())>
                                                "修改并重新提交"
                                            </button>
                                        }
                                    }
                                </Show>
                                <p class="field-help">"※审核时间为提交申请后1个工作日"</p>
                                <p>
                                    <a href="/unit/unit-info" data-test="code-application-unit-info">"维护单位信息"</a>
                                </p>
                            }
                                .into_any()
                        }
                    }}
                </div>
            </Show>
            <Show when=move || editing.get().is_some()>
                <form class="panel" on:submit=on_submit novalidate=true data-test="code-application-form">
                    <TextField label="单位名称" test="f-unit-name" value=unit_name required=true />
                    <TextField label="统一社会信用代码" test="f-credit-code" value=credit_code required=true />
                    <ApplicantInputs
                        s=s
                        purpose=AttachmentPurpose::CodeApplication
                        hint="请上传《社会保险费缴费申报表》或《单位参加城镇社会保险基本情况》、法人登记证或营业执照复印件（加盖红章）。"
                    />
                    <button type="submit" class="btn btn-primary" data-test="code-application-submit" disabled=move || busy.get()>
                        "提交"
                    </button>
                    <button type="button" class="btn btn-ghost" on:click=move |_| editing.set(None)>"取消"</button>
                </form>
            </Show>
        </section>
    }
}
