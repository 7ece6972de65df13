//! 参保编码申请 (unit): the unit's application and the form (new, or edit and resubmit after
//! 审核不通过).

use api_types::{ApplicationListItem, ApplicationStatus, AttachmentPurpose, CodeApplicationIn};
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use crate::api::applications::ApplicationKind;
use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::unit_forms::{ApplicantInputs, ApplicantSignals, TextField};

/// What the form does: apply, or resubmit a rejected application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    New,
    Resubmit(Uuid),
}

/// `/unit/code-applications`.
#[component]
pub fn CodeApplicationPage() -> impl IntoView {
    let api = use_api();
    let auth = use_auth();
    let notice = Notice::new();
    let editing = RwSignal::new(None::<Form>);
    let unit_name = RwSignal::new(String::new());
    let credit_code = RwSignal::new(String::new());
    let s = ApplicantSignals::new();

    let latest = LocalResource::new(move || async move {
        api.applications().latest(ApplicationKind::Code, None).await
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = latest.get() {
            notice.error(e);
        }
    });

    let start_new = Action::new_local(move |_: &()| async move {
        notice.clear();
        if let Some(unit) = auth.me().and_then(|m| m.unit) {
            unit_name.set(unit.name.clone());
            editing.set(Some(Form::New));
            // The credit code is the registry's for the name; a failed look-up leaves it empty.
            if let Ok(out) = api.auth().credit_code(&unit.name).await {
                credit_code.set(out.credit_code.unwrap_or_default());
            }
        }
    });
    let start_edit = Action::new_local(move |id: &Uuid| {
        let id = *id;
        async move {
            notice.clear();
            if let Some(app) = notice.check(api.applications().code_application(id).await) {
                unit_name.set(app.unit_name.clone());
                credit_code.set(app.credit_code.clone());
                s.fill(&app.applicant, app.attachments.clone());
                editing.set(Some(Form::Resubmit(id)));
            }
        }
    });
    let submit = Action::new_local(move |body: &CodeApplicationIn| {
        let body = body.clone();
        async move {
            notice.clear();
            let id = match editing.get_untracked() {
                Some(Form::Resubmit(id)) => Some(id),
                _ => None,
            };
            let sent = api.applications().submit_code_application(id, &body).await;
            if notice.check(sent).is_some() {
                editing.set(None);
                notice.success(
                    "参保编码申请已提交，请等待职保会审核（审核时间为提交申请后1个工作日）",
                );
                latest.refetch();
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if submit.pending().get_untracked() {
            return;
        }
        submit.dispatch_local(CodeApplicationIn {
            unit_name: unit_name.get_untracked(),
            credit_code: credit_code.get_untracked(),
            applicant: s.to_fields(),
        });
    };

    let has_code = move || {
        auth.me()
            .and_then(|m| m.unit)
            .and_then(|u| u.enrollment_code)
    };
    let status_view = move |latest: Option<ApplicationListItem>| match latest {
        None => view! {
            <p data-test="code-application-none">
                {move || match has_code() {
                    Some(code) => format!("本单位已有参保编码：{code}，无需申请。"),
                    None => "本单位尚未申请参保编码。".to_owned(),
                }}
            </p>
            <Show when=move || has_code().is_none()>
                <button type="button" class="btn btn-primary" data-test="code-application-new"
                    on:click=move |_| { start_new.dispatch_local(()); }>"申请参保编码"</button>
            </Show>
        }
        .into_any(),
        Some(item) => {
            let id = item.id;
            let rejected = item.status == ApplicationStatus::Rejected;
            view! {
                <dl class="facts">
                    <dt>"单位名称"</dt>
                    <dd>{item.unit_name.clone()}</dd>
                    <dt>"审核状态"</dt>
                    <dd data-test="code-application-state">{item.status.label_zh()}</dd>
                    <dt>"参保编码"</dt>
                    <dd data-test="code-application-code">{item.enrollment_code.clone().unwrap_or_default()}</dd>
                    <dt>"不通过原因"</dt>
                    <dd data-test="code-application-reason">{item.reject_reason.clone().unwrap_or_default()}</dd>
                </dl>
                {rejected.then(|| view! {
                    <button type="button" class="btn btn-primary" data-test="code-application-edit"
                        on:click=move |_| { start_edit.dispatch_local(id); }>"修改并重新提交"</button>
                })}
                <p class="field-help">"※审核时间为提交申请后1个工作日"</p>
                <p>
                    <A href="/unit/unit-info" {..} data-test="code-application-unit-info">"维护单位信息"</A>
                </p>
            }
            .into_any()
        }
    };

    view! {
        <section class="page" data-test="code-application-page">
            <h2 class="page-title" data-test="page-title">"参保编码申请"</h2>
            <NoticeBanner notice=notice error_test="code-application-error" ok_test="code-application-message" />
            <Show when=move || editing.get().is_none()>
                {move || latest.get().and_then(Result::ok).map(|item| view! {
                    <div class="panel" data-test="code-application-status">{status_view(item)}</div>
                })}
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
                    <div class="toolbar">
                        <button type="submit" class="btn btn-primary" data-test="code-application-submit" disabled=move || submit.pending().get()>
                            "提交"
                        </button>
                        <button type="button" class="btn" data-test="code-application-cancel"
                            on:click=move |_| { notice.clear(); editing.set(None); }>"取消"</button>
                    </div>
                </form>
            </Show>
        </section>
    }
}
