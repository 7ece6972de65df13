//! 修改单位名称: the application form. A rejected application is edited and resubmitted
//! instead of starting anew.

use api_types::{ApplicationStatus, AttachmentPurpose, NameChangeIn};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::applications::ApplicationKind;
use crate::api::{use_api, ApiError};
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::unit_forms::{ApplicantInputs, ApplicantSignals, TextField};

/// The form; `on_done(true)` after a submission, `on_done(false)` on 取消.
#[component]
pub fn NameChangeForm(on_done: Callback<bool>) -> impl IntoView {
    let api = use_api();
    let new_name = RwSignal::new(String::new());
    let credit_code = RwSignal::new(String::new());
    let s = ApplicantSignals::new();
    let notice = Notice::new();
    let resubmit = RwSignal::new(None::<Uuid>);

    let rejected = LocalResource::new(move || async move {
        let apps = api.applications();
        match apps
            .latest(
                ApplicationKind::NameChange,
                Some(ApplicationStatus::Rejected),
            )
            .await?
        {
            Some(item) => apps.name_change(item.id).await.map(Some),
            None => Ok::<_, ApiError>(None),
        }
    });
    Effect::new(move |_| match rejected.get() {
        Some(Ok(Some(nc))) => {
            new_name.set(nc.new_name.clone());
            credit_code.set(nc.credit_code.clone());
            s.fill(&nc.applicant, nc.attachments.clone());
            resubmit.set(Some(nc.id));
        }
        Some(Err(e)) => notice.error(e),
        _ => {}
    });

    // The registry's credit code for the new name, looked up when the name is left.
    let lookup = Action::new_local(move |name: &String| {
        let name = name.trim().to_owned();
        async move {
            if name.is_empty() {
                return;
            }
            if let Ok(out) = api.auth().credit_code(&name).await {
                credit_code.set(out.credit_code.unwrap_or_default());
            }
        }
    });
    let submit = Action::new_local(move |body: &NameChangeIn| {
        let body = body.clone();
        async move {
            notice.clear();
            let sent = api
                .applications()
                .submit_name_change(resubmit.get_untracked(), &body)
                .await;
            if notice.check(sent).is_some() {
                on_done.run(true);
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if submit.pending().get_untracked() {
            return;
        }
        submit.dispatch_local(NameChangeIn {
            new_name: new_name.get_untracked(),
            credit_code: credit_code.get_untracked(),
            applicant: s.to_fields(),
        });
    };
    view! {
        <form class="panel" on:submit=on_submit novalidate=true data-test="name-change-form">
            <h3>"修改单位名称"</h3>
            <p class="field-help">"填写单位相关及其联系人信息提交至职保会，审核通过后可继续参保办理。"</p>
            <label class="field">
                <span class="field-label">"* 新单位名称"</span>
                <input
                    type="text"
                    data-test="f-new-name"
                    maxlength="100"
                    bind:value=new_name
                    on:blur=move |_| { lookup.dispatch_local(new_name.get_untracked()); }
                />
            </label>
            <TextField label="统一社会信用代码" test="f-credit-code" value=credit_code required=true />
            <ApplicantInputs
                s=s
                purpose=AttachmentPurpose::NameChange
                hint="提供单位名称变更相关佐证材料《红头文件》或《工商变更登记表》。"
            />
            <NoticeBanner notice=notice error_test="name-change-error" />
            <div class="toolbar">
                <button type="submit" class="btn btn-primary" data-test="name-change-submit" disabled=move || submit.pending().get()>
                    "提交"
                </button>
                <button type="button" class="btn" data-test="name-change-cancel" on:click=move |_| on_done.run(false)>"取消"</button>
            </div>
            <p class="field-help">"※审核时间为提交申请后1个工作日"</p>
        </form>
    }
}
