//! The left menu of the logged-in role.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::auth::use_auth;
use crate::menu::menu_for;

/// The role's menu; the current page's item is highlighted through `aria-current`.
#[component]
pub fn SideMenu() -> impl IntoView {
    let auth = use_auth();
    let role = Memo::new(move |_| auth.me().map(|me| me.role));

    move || {
        role.get().map(|role| {
            let menu = menu_for(role);
            let items = menu
                .items
                .iter()
                .map(|item| {
                    view! {
                        <li>
                            <A
                                href=item.path
                                {..}
                                class="menu-item"
                                data-test=format!("menu-item-{}", item.test_id)
                            >
                                {item.title}
                            </A>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <nav class="side-menu" data-test=menu.test_id aria-label=menu.heading>
                    <div class="menu-heading">{menu.heading}</div>
                    <ul>{items}</ul>
                </nav>
            }
        })
    }
}
