//! 修改密码: forced after a system-issued password, or chosen from the top bar.

use api_types::ChangePasswordIn;
use domain::password::{PASSWORD_MAX_LEN, PASSWORD_MIN_LEN};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::banner::{use_flash, Notice, NoticeBanner};
use crate::components::contacts::ConsultationContacts;
use crate::components::field::InputField;
use crate::components::redirect::redirect_when;
use crate::components::top_bar::PRODUCT_NAME;

/// The password policy in words, from the domain's rule the server enforces.
pub fn password_policy() -> String {
    format!("密码长度为 {PASSWORD_MIN_LEN}–{PASSWORD_MAX_LEN} 位，须同时包含字母、数字和特殊字符。")
}

/// The change-password page (`/change-password`).
#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let auth = use_auth();
    let api = use_api();

    let old_password = RwSignal::new(String::new());
    let new_password = RwSignal::new(String::new());
    let confirm_password = RwSignal::new(String::new());
    let notice = Notice::new();
    let flash = use_flash();
    // Set once the server accepted the change, so the guard below sends the user on.
    let done = RwSignal::new(false);

    let forced = Memo::new(move |_| auth.me().is_some_and(|me| me.must_change_password));

    redirect_when(move || {
        if !auth.is_logged_in() {
            Some("/login".to_owned())
        } else if done.get() {
            Some("/".to_owned())
        } else {
            None
        }
    });

    let change = Action::new_local(move |body: &ChangePasswordIn| {
        let body = body.clone();
        async move {
            if let Some(out) = notice.check(api.auth().change_password(&body).await) {
                // The old token no longer works: keep the new one.
                auth.sign_in(out);
                flash.set("密码修改成功，下次登录请使用新密码。");
                done.set(true);
            }
        }
    });
    let busy = change.pending();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        notice.clear();
        let form = PasswordForm {
            old_password: old_password.get_untracked(),
            new_password: new_password.get_untracked(),
            confirm_password: confirm_password.get_untracked(),
        };
        match form.parse() {
            Ok(body) => {
                change.dispatch_local(body);
            }
            Err(msg) => notice.invalid(msg),
        }
    };

    view! {
        <div class="login-layout" data-test="change-password-page">
            <header class="login-header">
                <span class="brand-emblem" aria-hidden="true">"工"</span>
                <div>
                    <h1>{PRODUCT_NAME}</h1>
                    <p>
                        {move || auth.me().map(|me| format!("当前账号：{}", me.account))}
                    </p>
                </div>
            </header>
            <main class="login-main">
                <form class="login-card" on:submit=on_submit novalidate=true>
                    <h2>"修改密码"</h2>
                    <Show when=move || forced.get()>
                        <div class="alert alert-info" data-test="password-change-required">
                            "您正在使用系统派发的初始密码，请先修改密码后再继续使用。"
                        </div>
                    </Show>
                    <InputField
                        label="原密码"
                        test="old-password"
                        kind="password"
                        autocomplete="current-password"
                        value=old_password
                    />
                    <InputField
                        label="新密码"
                        test="new-password"
                        kind="password"
                        autocomplete="new-password"
                        value=new_password
                    />
                    <InputField
                        label="确认新密码"
                        test="confirm-password"
                        kind="password"
                        autocomplete="new-password"
                        value=confirm_password
                    />
                    <p class="field-help" data-test="password-policy">
                        {password_policy()}
                    </p>
                    <NoticeBanner notice=notice error_test="change-password-error" />
                    <button
                        type="submit"
                        class="btn btn-primary btn-block"
                        data-test="change-password-submit"
                        disabled=move || busy.get()
                    >
                        {move || if busy.get() { "提交中…" } else { "确认修改" }}
                    </button>
                    <div class="form-links">
                        <Show
                            when=move || forced.get()
                            fallback=|| {
                                view! {
                                    <A href="/" {..} data-test="change-password-cancel">
                                        "返回首页"
                                    </A>
                                }
                            }
                        >
                            <button
                                type="button"
                                class="btn-link"
                                data-test="logout"
                                on:click=move |_| auth.sign_out()
                            >
                                "退出登录"
                            </button>
                        </Show>
                    </div>
                </form>
            </main>
            <footer class="app-footer">
                <ConsultationContacts />
            </footer>
        </div>
    }
}

/// What the user typed, before it becomes a `ChangePasswordIn`.
struct PasswordForm {
    old_password: String,
    new_password: String,
    confirm_password: String,
}

impl PasswordForm {
    /// Checks what the client can, with the domain's policy (the server checks it again).
    fn parse(self) -> Result<ChangePasswordIn, String> {
        if self.old_password.is_empty() {
            return Err("请输入原密码".to_owned());
        }
        if self.new_password.is_empty() {
            return Err("请输入新密码".to_owned());
        }
        if self.new_password != self.confirm_password {
            return Err("两次输入的新密码不一致".to_owned());
        }
        domain::check_password_policy(&self.new_password).map_err(|e| e.to_string())?;
        Ok(ChangePasswordIn {
            old_password: self.old_password,
            new_password: self.new_password,
        })
    }
}
