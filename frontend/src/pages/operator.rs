//! 经办人信息: the unit operator's name, mobile and email (notifications go to the email).

use api_types::OperatorIn;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::use_api;
use crate::components::unit_forms::{ErrorBox, TextField};

/// `/unit/operator`.
#[component]
pub fn OperatorPage() -> impl IntoView {
    let api = use_api();
    let name = RwSignal::new(String::new());
    let mobile = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    spawn_local(async move {
        match api.operator().await {
            Ok(o) => {
                name.set(o.name);
                mobile.set(o.mobile.unwrap_or_default());
                email.set(o.email.unwrap_or_default());
            }
            Err(e) => error.set(Some(e.message)),
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = OperatorIn {
            name: name.get_untracked(),
            mobile: mobile.get_untracked(),
            email: email.get_untracked(),
        };
        error.set(None);
        saved.set(false);
        spawn_local(async move {
            match api.save_operator(&body).await {
                Ok(_) => saved.set(true),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <section class="page" data-test="operator-page">
            <h2 class="page-title" data-test="page-title">"经办人信息"</h2>
            <form class="panel" on:submit=on_submit novalidate=true>
                <TextField label="经办人姓名" test="operator-name" value=name required=true />
                <TextField label="经办人手机" test="operator-mobile" value=mobile required=true />
                <TextField label="经办人邮箱" test="operator-email" value=email required=true />
                <ErrorBox error=error test="operator-error" />
                <Show when=move || saved.get()>
                    <div class="alert alert-info" data-test="operator-saved">"保存成功"</div>
                </Show>
                <button type="submit" class="btn btn-primary" data-test="operator-save">"保存"</button>
            </form>
        </section>
    }
}
