//! 企业注册: units without a union register with the full name (the credit code is looked up
//! from it), an email account and a password.

use api_types::{CaptchaOut, RegistrationIn};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::use_api;
use crate::components::top_bar::PRODUCT_NAME;
use crate::components::unit_forms::ErrorBox;
use crate::pages::change_password::PASSWORD_POLICY;

/// The registration page (`/register`).
#[component]
pub fn RegisterPage() -> impl IntoView {
    let api = use_api();
    let unit_name = RwSignal::new(String::new());
    let credit_code = RwSignal::new(None::<String>);
    let lookup_note = RwSignal::new(None::<String>);
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let captcha_answer = RwSignal::new(String::new());
    let captcha = RwSignal::new(None::<CaptchaOut>);
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let refresh_captcha = move || {
        captcha.set(None);
        captcha_answer.set(String::new());
        spawn_local(async move {
            if let Ok(c) = api.captcha().await {
                captcha.set(Some(c));
            }
        });
    };
    refresh_captcha();

    let lookup = move || {
        let name = unit_name.get_untracked();
        credit_code.set(None);
        lookup_note.set(None);
        if name.trim().is_empty() {
            return;
        }
        spawn_local(async move {
            match api.credit_code(name.trim()).await {
                Ok(out) => match out.credit_code {
                    Some(code) => credit_code.set(Some(code)),
                    None => lookup_note.set(Some(
                        "未能根据单位名称获取统一社会信用代码，请填写与营业执照一致的单位全称"
                            .into(),
                    )),
                },
                Err(e) => lookup_note.set(Some(e.message)),
            }
        });
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        if password.get_untracked() != confirm.get_untracked() {
            error.set(Some("两次输入的密码不一致".into()));
            return;
        }
        let Some(c) = captcha.get_untracked() else {
            error.set(Some("验证码尚未加载，请稍候".into()));
            return;
        };
        let body = RegistrationIn {
            unit_name: unit_name.get_untracked(),
            email: email.get_untracked(),
            password: password.get_untracked(),
            captcha_id: c.captcha_id,
            captcha_answer: captcha_answer.get_untracked(),
        };
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            match api.register(&body).await {
                Ok(out) => {
                    credit_code.set(Some(out.credit_code));
                    done.set(Some(out.account));
                }
                Err(e) => {
                    error.set(Some(e.message));
                    refresh_captcha();
                }
            }
            busy.set(false);
        });
    };

    view! {
        <div class="login-layout" data-test="register-page">
            <header class="login-header">
                <span class="brand-emblem" aria-hidden="true">"工"</span>
                <div>
                    <h1>{PRODUCT_NAME}</h1>
                    <p>"企业注册（仅适用于未建会单位）"</p>
                </div>
            </header>
            <main class="login-main">
                <Show
                    when=move || done.get().is_none()
                    fallback=move || {
                        view! {
                            <div class="login-card" data-test="register-done">
                                <h2>"注册成功"</h2>
                                <p>
                                    "登录账号："
                                    <strong data-test="register-account">{move || done.get().unwrap_or_default()}</strong>
                                </p>
                                <p>"统一社会信用代码：" {move || credit_code.get().unwrap_or_default()}</p>
                                <A href="/login" {..} data-test="register-back-to-login">"返回登录页面"</A>
                            </div>
                        }
                    }
                >
                    <form class="login-card" on:submit=on_submit novalidate=true>
                        <h2>"企业注册"</h2>
                        <label class="field">
                            <span class="field-label">"* 单位名称（全称）"</span>
                            <input
                                type="text"
                                data-test="register-unit-name"
                                maxlength="100"
                                bind:value=unit_name
                                on:blur=move |_| lookup()
                            />
                        </label>
                        <label class="field">
                            <span class="field-label">"* 统一社会信用代码（系统自动获取）"</span>
                            <input
                                type="text"
                                data-test="register-credit-code"
                                readonly=true
                                prop:value=move || credit_code.get().unwrap_or_default()
                            />
                        </label>
                        <Show when=move || lookup_note.get().is_some()>
                            <p class="field-help" data-test="register-lookup-note">
                                {move || lookup_note.get().unwrap_or_default()}
                            </p>
                        </Show>
                        <label class="field">
                            <span class="field-label">"* 邮箱帐号（仅用于系统登录）"</span>
                            <input type="email" data-test="register-email" maxlength="200" bind:value=email />
                        </label>
                        <label class="field">
                            <span class="field-label">"* 密码"</span>
                            <input type="password" data-test="register-password" maxlength="100" bind:value=password />
                        </label>
                        <label class="field">
                            <span class="field-label">"* 确认密码"</span>
                            <input type="password" data-test="register-confirm" maxlength="100" bind:value=confirm />
                        </label>
                        <p class="field-help">{PASSWORD_POLICY}</p>
                        <label class="field">
                            <span class="field-label">"* 验证码"</span>
                            <div class="captcha-row">
                                <input type="text" data-test="register-captcha" maxlength="10" bind:value=captcha_answer />
                                {move || {
                                    captcha
                                        .get()
                                        .map(|c| {
                                            view! {
                                                <img
                                                    class="captcha-image"
                                                    alt="验证码"
                                                    data-test="register-captcha-image"
                                                    src=c.image_data_url
                                                    on:click=move |_| refresh_captcha()
                                                />
                                            }
                                        })
                                }}
                            </div>
                        </label>
                        <ErrorBox error=error test="register-error" />
                        <button type="submit" class="btn btn-primary btn-block" data-test="register-submit" disabled=move || busy.get()>
                            "注册"
                        </button>
                        <div class="form-links">
                            <A href="/login">"返回登录页面"</A>
                        </div>
                    </form>
                </Show>
            </main>
        </div>
    }
}
