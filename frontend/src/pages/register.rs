//! 企业注册: units without a union register with the full name (the credit code is looked up
//! from it), an email account and a password.

use api_types::{RegistrationIn, RegistrationOut};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::use_api;
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::top_bar::PRODUCT_NAME;
use crate::pages::change_password::password_policy;

/// The registration page (`/register`).
#[component]
pub fn RegisterPage() -> impl IntoView {
    let api = use_api();
    let unit_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let captcha_answer = RwSignal::new(String::new());
    let notice = Notice::new();
    let done = RwSignal::new(None::<RegistrationOut>);

    let captcha = LocalResource::new(move || async move { api.auth().captcha().await });
    let refresh_captcha = move || {
        captcha_answer.set(String::new());
        captcha.refetch();
    };
    let loaded = move || captcha.get().and_then(Result::ok);

    // The credit code always comes from the enterprise registry, looked up from the name.
    let lookup = Action::new_local(move |name: &String| {
        let name = name.clone();
        async move {
            if name.trim().is_empty() {
                return Ok(None);
            }
            api.auth()
                .credit_code(&name)
                .await
                .map(|out| out.credit_code)
        }
    });
    let credit_code = move || lookup.value().get().and_then(Result::ok).flatten();
    let lookup_note = move || match lookup.value().get() {
        Some(Ok(None)) if !unit_name.get().trim().is_empty() => {
            Some("未能根据单位名称获取统一社会信用代码，请填写与营业执照一致的单位全称".to_owned())
        }
        Some(Err(e)) => Some(e.message),
        _ => None,
    };

    let register = Action::new_local(move |body: &RegistrationIn| {
        let body = body.clone();
        async move {
            match api.auth().register(&body).await {
                Ok(out) => done.set(Some(out)),
                Err(e) => {
                    notice.error(e);
                    refresh_captcha();
                }
            }
        }
    });
    let busy = register.pending();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        notice.clear();
        if password.get_untracked() != confirm.get_untracked() {
            return notice.invalid("两次输入的密码不一致");
        }
        if let Err(e) = domain::check_password_policy(&password.get_untracked()) {
            return notice.invalid(e.to_string());
        }
        let Some(c) = captcha.get_untracked().and_then(Result::ok) else {
            return notice.invalid("验证码尚未加载，请点击验证码图片刷新");
        };
        register.dispatch_local(RegistrationIn {
            unit_name: unit_name.get_untracked(),
            email: email.get_untracked(),
            password: password.get_untracked(),
            captcha_id: c.captcha_id,
            captcha_answer: captcha_answer.get_untracked(),
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
                                    <strong data-test="register-account">{move || done.get().map(|d| d.account).unwrap_or_default()}</strong>
                                </p>
                                <p>"统一社会信用代码：" {move || done.get().map(|d| d.credit_code).unwrap_or_default()}</p>
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
                                on:blur=move |_| { lookup.dispatch_local(unit_name.get_untracked()); }
                            />
                        </label>
                        <label class="field">
                            <span class="field-label">"* 统一社会信用代码（系统自动获取）"</span>
                            <input
                                type="text"
                                data-test="register-credit-code"
                                readonly=true
                                prop:value=move || credit_code().unwrap_or_default()
                            />
                        </label>
                        {move || lookup_note().map(|note| view! {
                            <p class="field-help" data-test="register-lookup-note">{note}</p>
                        })}
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
                        <p class="field-help">{password_policy()}</p>
                        <label class="field">
                            <span class="field-label">"* 验证码"</span>
                            <div class="captcha-row">
                                <input type="text" data-test="register-captcha" maxlength="10" bind:value=captcha_answer />
                                {move || {
                                    loaded()
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
                        <NoticeBanner notice=notice error_test="register-error" />
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
