//! 消息提醒 in the top bar: the link to the notices with the unread count, read again on
//! every navigation, after every change that may add or read a notice, and periodically (a
//! notice may come from the background, e.g. the bank's 代扣结果).

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::api::use_api;

/// How often an open page reads the unread count again.
const REFRESH_EVERY: Duration = Duration::from_secs(20);

/// The route of the notices page (outside every menu: open to every role).
pub const NOTICES_PATH: &str = "/notices";

/// Asks the top bar to read the unread count again; cheap to copy. Provided by `App`.
#[derive(Debug, Clone, Copy)]
pub struct NoticeCount(RwSignal<u32>);

impl NoticeCount {
    /// A fresh count.
    pub fn new() -> Self {
        NoticeCount(RwSignal::new(0))
    }

    /// Something was read or may have caused a notice: read the count again.
    pub fn refresh(&self) {
        self.0.update(|n| *n = n.wrapping_add(1));
    }

    /// Tracks refreshes (for the badge's resource).
    pub fn track(&self) {
        self.0.track();
    }
}

impl Default for NoticeCount {
    fn default() -> Self {
        NoticeCount::new()
    }
}

/// The count provided by `App`, or a private one where none is (the top bar then still
/// refreshes on navigation and periodically).
pub fn use_notice_count() -> NoticeCount {
    use_context::<NoticeCount>().unwrap_or_default()
}

/// What the badge says: nothing at 0, `99+` beyond 99.
pub fn badge_text(unread: u64) -> Option<String> {
    match unread {
        0 => None,
        1..=99 => Some(unread.to_string()),
        _ => Some("99+".to_owned()),
    }
}

/// 消息提醒 with its badge.
#[component]
pub fn NoticeBell() -> impl IntoView {
    let api = use_api();
    let count = use_notice_count();
    let pathname = use_location().pathname;
    let tick = RwSignal::new(0u32);
    if let Ok(handle) = set_interval_with_handle(
        move || tick.update(|n| *n = n.wrapping_add(1)),
        REFRESH_EVERY,
    ) {
        on_cleanup(move || handle.clear());
    }
    // A failure just hides the badge until the next read.
    let unread = LocalResource::new(move || {
        pathname.track();
        count.track();
        tick.track();
        async move { api.notifications().unread().await.ok().map(|c| c.unread) }
    });
    let shown = move || unread.get().flatten().unwrap_or(0);

    view! {
        <A href={NOTICES_PATH} {..} class="topbar-link notice-link" data-test="notices-link"
            data-unread=move || shown().to_string()>
            "消息提醒"
            {move || badge_text(shown()).map(|text| view! {
                <span class="menu-badge" data-test="notices-unread" title="未读消息">{text}</span>
            })}
        </A>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_badge_hides_at_zero_and_caps_at_99() {
        assert_eq!(badge_text(0), None);
        assert_eq!(badge_text(1).as_deref(), Some("1"));
        assert_eq!(badge_text(99).as_deref(), Some("99"));
        assert_eq!(badge_text(100).as_deref(), Some("99+"));
    }
}
