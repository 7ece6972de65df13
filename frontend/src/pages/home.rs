//! 首页 of the shell: a welcome, the account's role and unit, and where to start.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::auth::use_auth;
use crate::components::contacts::ConsultationContacts;
use crate::menu::menu_for;

/// The shell's home page (`/`).
#[component]
pub fn HomePage() -> impl IntoView {
    let auth = use_auth();

    move || {
        auth.me().map(|me| {
            let menu = menu_for(me.role);
            let shortcuts = menu
                .items
                .iter()
                .map(|item| {
                    view! {
                        <li>
                            <A href=item.path {..} class="shortcut">
                                {item.title}
                            </A>
                        </li>
                    }
                })
                .collect_view();
            let unit = me.unit.map(|u| {
                view! {
                    <dl class="facts">
                        <dt>"参保单位"</dt>
                        <dd data-test="home-unit-name">{u.name}</dd>
                        <dt>"参保编码"</dt>
                        <dd data-test="home-enrollment-code">
                            {u.enrollment_code.unwrap_or_else(|| "尚未取得".to_owned())}
                        </dd>
                    </dl>
                }
            });
            view! {
                <section class="page" data-test="home-page">
                    <h2 class="page-title">"首页"</h2>
                    <div class="panel">
                        <p class="welcome" data-test="welcome">
                            {format!("欢迎您，{}！", me.display_name)}
                        </p>
                        <p>
                            "当前身份："
                            <strong data-test="home-role">{me.role.label_zh()}</strong>
                        </p>
                        {unit}
                    </div>
                    <div class="panel">
                        <h3>{menu.heading}</h3>
                        <ul class="shortcuts">{shortcuts}</ul>
                    </div>
                    <ConsultationContacts card=true />
                </section>
            }
        })
    }
}
