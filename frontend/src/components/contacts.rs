//! 咨询方式: the consultation contacts from the manual, shown on every screen.

use leptos::prelude::*;

/// One way to get help.
struct Contact {
    /// What the contact helps with.
    topic: &'static str,
    /// Whom or what to call.
    reach: &'static str,
    /// `data-test` suffix.
    test_id: &'static str,
}

/// The manual's 咨询方式 (last page).
const CONTACTS: [Contact; 2] = [
    Contact {
        topic: "系统线上操作咨询",
        reach: "王老师 18019450397",
        test_id: "online-operation",
    },
    Contact {
        topic: "参保业务咨询",
        reach: "12351 热线",
        test_id: "enrollment-business",
    },
];

/// The contacts as a compact line (footer) or a card (home page).
#[component]
pub fn ConsultationContacts(
    /// Show as a card with a heading instead of one line.
    #[prop(optional)]
    card: bool,
) -> impl IntoView {
    let items = CONTACTS
        .iter()
        .map(|c| {
            view! {
                <li data-test=format!("contact-{}", c.test_id)>
                    <span class="contact-topic">{c.topic}</span>
                    "："
                    <span class="contact-reach">{c.reach}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class=if card { "contacts contacts-card" } else { "contacts" } data-test="contacts">
            <span class="contacts-heading">"咨询方式"</span>
            <ul>{items}</ul>
        </div>
    }
}
