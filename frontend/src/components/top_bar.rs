//! The top bar: product name, the logged-in user's name and role, 修改密码 and 退出登录.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::auth::use_auth;
use crate::components::notice_bell::NoticeBell;

/// The product name shown in the header and on the login page.
pub const PRODUCT_NAME: &str = "“退休住院计划”单位团体线上参保";

/// The issuing organisation (上海市职工保障互助会).
pub const ORGANISATION: &str = "上海市职工保障互助会";

/// Header of the app shell.
#[component]
pub fn TopBar() -> impl IntoView {
    let auth = use_auth();
    let name = move || auth.me().map(|me| me.display_name).unwrap_or_default();
    let role = move || auth.me().map(|me| me.role.label_zh()).unwrap_or_default();
    let unit = move || auth.me().and_then(|me| me.unit).map(|u| u.name);
    // Sign-out only clears the session; the shell's guard then goes to the login page.
    let logout = move |_| auth.sign_out();

    view! {
        <header class="topbar">
            <div class="brand">
                <A href="/" {..} class="brand-link">
                    <span class="brand-emblem" aria-hidden="true">"工"</span>
                    <span class="brand-text">
                        <span class="brand-name">{PRODUCT_NAME}</span>
                        <span class="brand-org">{ORGANISATION}</span>
                    </span>
                </A>
            </div>
            <div class="user-box">
                {move || {
                    unit()
                        .map(|u| {
                            view! {
                                <span class="user-unit" data-test="user-unit">
                                    {u}
                                </span>
                            }
                        })
                }}
                <span class="user-name" data-test="user-name">
                    {name}
                </span>
                <span class="user-role" data-test="user-role">
                    {role}
                </span>
                <NoticeBell />
                <A href="/change-password" {..} class="topbar-link" data-test="change-password-link">
                    "修改密码"
                </A>
                <button type="button" class="btn btn-ghost" data-test="logout" on:click=logout>
                    "退出登录"
                </button>
            </div>
        </header>
    }
}
