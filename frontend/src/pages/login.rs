//! 登录: account + password + image captcha.

use api_types::{CaptchaOut, LoginIn};
use leptos::prelude::*;

use crate::api::{use_api, ApiError};
use crate::auth::use_auth;
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::contacts::ConsultationContacts;
use crate::components::field::InputField;
use crate::components::redirect::redirect_when;
use crate::components::top_bar::{ORGANISATION, PRODUCT_NAME};

/// Where a logged-in account belongs: the forced password change, or the shell.
pub fn landing_path(must_change_password: bool) -> String {
    if must_change_password {
        "/change-password".to_owned()
    } else {
        "/".to_owned()
    }
}

/// The login page (`/login`).
#[component]
pub fn LoginPage() -> impl IntoView {
    let auth = use_auth();
    let api = use_api();

    let account = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let captcha_answer = RwSignal::new(String::new());
    let notice = Notice::new();

    // Already logged in (or just logged in): leave the login page.
    redirect_when(move || auth.me().map(|me| landing_path(me.must_change_password)));

    // The image is shown only while a usable captcha is loaded, so waiting for
    // `captcha-image` means the form can be submitted. Each refetch is a new captcha.
    let captcha = LocalResource::new(move || async move { api.auth().captcha().await });
    let refresh_captcha = move || {
        captcha_answer.set(String::new());
        captcha.refetch();
    };
    let loaded = move || captcha.get().and_then(Result::ok);
    Effect::new(move |_| {
        if let Some(Err(e)) = captcha.get() {
            notice.error(e);
        }
    });

    let login = Action::new_local(move |body: &LoginIn| {
        let body = body.clone();
        async move {
            match api.auth().login(&body).await {
                // The redirect above moves on once the session is stored.
                Ok(out) => auth.sign_in(out),
                Err(e) => {
                    notice.invalid(login_error_text(&e));
                    password.set(String::new());
                    refresh_captcha();
                }
            }
        }
    });
    let busy = login.pending();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        notice.clear();
        let form = LoginForm {
            account: account.get_untracked(),
            password: password.get_untracked(),
            captcha_answer: captcha_answer.get_untracked(),
        };
        match form.parse(loaded().as_ref()) {
            Ok(body) => {
                login.dispatch_local(body);
            }
            Err(msg) => notice.invalid(msg),
        }
    };

    view! {
        <div class="login-layout" data-test="login-page">
            <header class="login-header">
                <span class="brand-emblem" aria-hidden="true">"工"</span>
                <div>
                    <h1>{PRODUCT_NAME}</h1>
                    <p>{ORGANISATION}</p>
                </div>
            </header>
            <main class="login-main">
                <form class="login-card" on:submit=on_submit novalidate=true>
                    <h2>"用户登录"</h2>
                    <Show when=move || auth.was_expired()>
                        <div class="alert alert-warning" data-test="session-expired" role="alert">
                            "登录已过期，请重新登录"
                        </div>
                    </Show>
                    <InputField
                        label="账号"
                        test="login-account"
                        kind="text"
                        autocomplete="username"
                        placeholder="请输入账号（如 tuixiu+参保编码）或注册邮箱"
                        value=account
                    />
                    <InputField
                        label="密码"
                        test="login-password"
                        kind="password"
                        autocomplete="current-password"
                        placeholder="请输入密码"
                        value=password
                    />
                    <div class="field">
                        <label class="field-label" for="login-captcha">
                            "验证码"
                        </label>
                        <div class="captcha-row">
                            <input
                                id="login-captcha"
                                type="text"
                                data-test="login-captcha"
                                autocomplete="off"
                                placeholder="请输入验证码"
                                maxlength="10"
                                bind:value=captcha_answer
                            />
                            {move || match loaded() {
                                Some(c) => {
                                    view! {
                                        <img
                                            class="captcha-image"
                                            data-test="captcha-image"
                                            alt="验证码，点击刷新"
                                            title="看不清？点击刷新"
                                            src=c.image_data_url
                                            on:click=move |_| refresh_captcha()
                                        />
                                    }
                                        .into_any()
                                }
                                None => {
                                    view! {
                                        <button
                                            type="button"
                                            class="captcha-image captcha-placeholder"
                                            data-test="captcha-reload"
                                            title="获取验证码"
                                            on:click=move |_| refresh_captcha()
                                        >
                                            "获取验证码"
                                        </button>
                                    }
                                        .into_any()
                                }
                            }}
                        </div>
                    </div>
                    <NoticeBanner notice=notice error_test="login-error" />
                    <button
                        type="submit"
                        class="btn btn-primary btn-block"
                        data-test="login-submit"
                        disabled=move || busy.get()
                    >
                        {move || if busy.get() { "登录中…" } else { "登录" }}
                    </button>
                    <p class="login-hint">
                        "已建会单位如无账号或忘记密码，请联系本单位工会或上级工会派发、找回。"
                    </p>
                    <p class="login-hint">"未建会单位：" <a href="/register" data-test="register-link">"企业注册"</a></p>
                </form>
            </main>
            <footer class="app-footer">
                <ConsultationContacts />
            </footer>
        </div>
    }
}

/// What the user typed, before it becomes a `LoginIn`.
struct LoginForm {
    account: String,
    password: String,
    captcha_answer: String,
}

impl LoginForm {
    /// Checks the fields are filled and that a captcha is loaded.
    fn parse(self, captcha: Option<&CaptchaOut>) -> Result<LoginIn, &'static str> {
        let account = self.account.trim().to_owned();
        let captcha_answer = self.captcha_answer.trim().to_owned();
        if account.is_empty() {
            return Err("请输入账号");
        }
        if self.password.is_empty() {
            return Err("请输入密码");
        }
        if captcha_answer.is_empty() {
            return Err("请输入验证码");
        }
        let Some(captcha) = captcha else {
            return Err("验证码未加载，请点击验证码图片刷新");
        };
        Ok(LoginIn {
            account,
            password: self.password,
            captcha_id: captcha.captcha_id,
            captcha_answer,
        })
    }
}

/// The server's message, plus the remaining attempts when it sent them separately.
fn login_error_text(e: &ApiError) -> String {
    match e.remaining_attempts() {
        Some(n) if !e.message.contains(&n.to_string()) => {
            format!("{}（还可尝试 {n} 次）", e.message)
        }
        _ => e.message.clone(),
    }
}
