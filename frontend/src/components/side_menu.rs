//! The left menu of the logged-in role; a reviewer's 参保批次审核 and 缴费凭证审核 show how many
//! batches await a decision.

use api_types::{ReviewCountsOut, Role};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::review_count::use_review_count;
use crate::menu::menu_for;

/// A menu item that shows a reviewer's pending count: the item, `data-test` of the count,
/// its tooltip, and which count.
type Counted = (
    &'static str,
    &'static str,
    &'static str,
    fn(&ReviewCountsOut) -> u64,
);

/// The counted items.
const COUNTED_ITEMS: [Counted; 2] = [
    (
        "review-batches",
        "menu-pending-reviews",
        "待审核批次",
        |c| c.pending,
    ),
    (
        "review-vouchers",
        "menu-pending-vouchers",
        "待审核缴费凭证",
        |c| c.vouchers_pending,
    ),
];

/// The role's menu; the current page's item is highlighted through `aria-current`.
#[component]
pub fn SideMenu() -> impl IntoView {
    let auth = use_auth();
    let api = use_api();
    let refresh = use_review_count();
    let pathname = use_location().pathname;
    let role = Memo::new(move |_| auth.me().map(|me| me.role));
    // Read again on every navigation and after every decision; a failure just hides it.
    let pending = LocalResource::new(move || {
        pathname.track();
        refresh.track();
        let reviewer = role.get() == Some(Role::Reviewer);
        async move {
            if reviewer {
                api.review().counts().await.ok()
            } else {
                None
            }
        }
    });

    move || {
        role.get().map(|role| {
            let menu = menu_for(role);
            let items = menu
                .items
                .iter()
                .map(|item| {
                    let counted = COUNTED_ITEMS.iter().find(|(id, ..)| *id == item.test_id).copied();
                    view! {
                        <li>
                            <A
                                href=item.path
                                {..}
                                class="menu-item"
                                data-test=format!("menu-item-{}", item.test_id)
                            >
                                {item.title}
                                {counted.map(|(_, test, title, count)| move || {
                                    pending.get().flatten().map(|c| count(&c)).filter(|n| *n > 0).map(|n| view! {
                                        <span class="menu-badge" data-test=test title=title>{n}</span>
                                    })
                                })}
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
