//! 经办人信息: the unit operator's name, mobile and email (notifications go to the email).

use api_types::OperatorIn;
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::unit_forms::TextField;

/// `/unit/operator`.
#[component]
pub fn OperatorPage() -> impl IntoView {
    let api = use_api();
    let name = RwSignal::new(String::new());
    let mobile = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let notice = Notice::new();

    let stored = LocalResource::new(move || async move { api.units().operator().await });
    // The form edits a copy of what was loaded.
    Effect::new(move |_| match stored.get() {
        Some(Ok(o)) => {
            name.set(o.name);
            mobile.set(o.mobile.unwrap_or_default());
            email.set(o.email.unwrap_or_default());
        }
        Some(Err(e)) => notice.error(e),
        None => {}
    });

    let save = Action::new_local(move |body: &OperatorIn| {
        let body = body.clone();
        async move {
            if notice
                .check(api.units().save_operator(&body).await)
                .is_some()
            {
                notice.success("保存成功");
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        notice.clear();
        save.dispatch_local(OperatorIn {
            name: name.get_untracked(),
            mobile: mobile.get_untracked(),
            email: email.get_untracked(),
        });
    };
    view! {
        <section class="page" data-test="operator-page">
            <h2 class="page-title" data-test="page-title">"经办人信息"</h2>
            <form class="panel" on:submit=on_submit novalidate=true>
                <TextField label="经办人姓名" test="operator-name" value=name required=true />
                <TextField label="经办人手机" test="operator-mobile" value=mobile required=true />
                <TextField label="经办人邮箱" test="operator-email" value=email required=true />
                <NoticeBanner notice=notice error_test="operator-error" ok_test="operator-saved" />
                <button type="submit" class="btn btn-primary" data-test="operator-save" disabled=move || save.pending().get()>
                    "保存"
                </button>
            </form>
        </section>
    }
}
