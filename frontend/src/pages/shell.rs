//! The app shell (主界面): top bar, the role's left menu, the routed page and the footer.
//!
//! It is also the route guard of every page inside it: not logged in → `/login`; a
//! system-issued password → `/change-password`; another role's page → `/`.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_location;

use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::banner::use_flash;
use crate::components::confirm::use_confirm;
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
    // A navigation also closes an open question and, after the first page, the flash message.
    let confirm = use_confirm();
    let flash = use_flash();
    Effect::new(move |first: Option<()>| {
        pathname.track();
        auth.check_expiry();
        confirm.dismiss();
        if first.is_some() {
            flash.clear();
        }
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
    let refresh_me = Action::new_local(move |_: &()| async move {
        if let Ok(me) = api.auth().me().await {
            auth.update_me(me);
        }
    });
    if auth.token().is_some() {
        refresh_me.dispatch_local(());
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
                        {move || flash.get().map(|message| view! {
                            <div class="alert alert-info" role="status" data-test="flash-message">{message}</div>
                        })}
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
