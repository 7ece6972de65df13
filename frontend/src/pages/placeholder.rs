//! A menu page that is not built yet (建设中).

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::menu;

/// Shows the menu item's title and "建设中" for the current path.
#[component]
pub fn Placeholder() -> impl IntoView {
    let pathname = use_location().pathname;
    let title = move || {
        menu::find(&pathname.get())
            .map(|(_, item)| item.title)
            .unwrap_or("页面")
    };
    view! {
        <section class="page">
            <h2 class="page-title" data-test="page-title">
                {title}
            </h2>
            <div class="panel under-construction" data-test="under-construction">
                <p class="uc-mark">"建设中"</p>
                <p>"该功能正在建设中，敬请期待。"</p>
            </div>
        </section>
    }
}
