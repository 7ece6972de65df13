//! The app shell (主界面): top bar, the role's left menu, the routed page and the footer.
//!
//! It is also the route guard of every page inside it: not logged in → `/login`; a
//! system-issued password → `/change-password`; another role's page → `/`.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_location;

use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::contacts::ConsultationContacts;
use crate::components::redirect::redirect_when;
use crate::components::side_menu::SideMenu;
use crate::components::top_bar::TopBar;
use crate::menu;

/// How often an open page checks whether the token has run out.
const EXPIRY_CHECK_EVERY: Duration = Duration::from_secs(30);

/// Parent route of every logged-in page.
#[component]
pub fn Shell() -> impl IntoView {
    let auth = use_auth();
    let api = use_api();
    let pathname = use_location().pathname;

    // Where the guard sends the user, if anywhere.
    let refused = Memo::new(move |_| {
        let path = pathname.get();
        match auth.me() {
            None => Some("/login".to_owned()),
            Some(me) if me.must_change_password => Some("/change-password".to_owned()),
            Some(me) if !menu::allows(me.role, &path) => Some("/".to_owned()),
            Some(_) => None,
        }
    });
    redirect_when(move || refused.get());

    // The stored expiry is checked on every navigation and periodically while a page is open.
    Effect::new(move |_| {
        pathname.track();
        auth.check_expiry();
    });
    if let Ok(handle) = set_interval_with_handle(
        move || {
            auth.check_expiry();
        },
        EXPIRY_CHECK_EVERY,
    ) {
        on_cleanup(move || handle.clear());
    }

    // The stored account may be stale (renamed unit, reset password): refresh it once.
    if auth.token().is_some() {
        spawn_local(async move {
            if let Ok(me) = api.me().await {
                auth.update_me(me);
            }
        });
    }

    let session_ok = move || auth.me().is_some_and(|me| !me.must_change_password);

    view! {
        <Show when=session_ok>
            <div class="app" data-test="app-shell">
                <TopBar />
                <div class="app-body">
                    <aside class="sidebar">
                        <SideMenu />
                    </aside>
                    <main class="content">
                        <Show when=move || refused.get().is_none()>
                            <Outlet />
                        </Show>
                    </main>
                </div>
                <footer class="app-footer">
                    <ConsultationContacts />
                </footer>
            </div>
        </Show>
    }
}
