//! 消息提醒 (`/notices`, every role): the caller's notices newest first, all or only the
//! unread ones, each with its event, subject, text and time; 标为已读 and 全部标为已读, after
//! which the top bar's count is read again.

use api_types::{NotificationOut, NotificationQuery};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::use_api;
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::format::list_time;
use crate::components::notice_bell::use_notice_count;
use crate::components::pager::{Pager, Paging};
use crate::components::table::{total_of, DataTable};

/// The filter's value for `unread`.
fn unread_filter(raw: &str) -> Option<bool> {
    match raw {
        "unread" => Some(true),
        "read" => Some(false),
        _ => None,
    }
}

/// The page.
#[component]
pub fn NoticesPage() -> impl IntoView {
    let api = use_api();
    let count = use_notice_count();
    let notice = Notice::new();
    let paging = Paging::new();
    let shown = RwSignal::new(String::new());
    // Bumped after every change to read the list again.
    let epoch = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        epoch.track();
        let (page, page_size) = paging.get();
        let query = NotificationQuery {
            page,
            page_size,
            unread: unread_filter(&shown.get()),
        };
        async move { api.notifications().list(&query).await }
    });
    let changed = move || {
        epoch.update(|n| *n = n.wrapping_add(1));
        count.refresh();
    };
    let mark = Action::new_local(move |id: &Uuid| {
        let id = *id;
        async move {
            notice.clear();
            if let Some(n) = notice.check(api.notifications().mark_read(id).await) {
                notice.success(format!("已将“{}”标为已读", n.subject));
                changed();
            }
        }
    });
    let mark_all = Action::new_local(move |_: &()| async move {
        notice.clear();
        if let Some(out) = notice.check(api.notifications().mark_all_read().await) {
            notice.success(match out.marked {
                0 => "没有未读消息".to_owned(),
                n => format!("已将{n}条消息标为已读"),
            });
            changed();
        }
    });
    let row = move |n: NotificationOut| {
        let id = n.id;
        let read = n.read;
        view! {
            <tr data-test="notice-row" data-kind=serde_json::to_value(n.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
                data-read=read.to_string() class:unread=!read>
                <td data-test="notice-state">{if read { "已读" } else { "未读" }}</td>
                <td data-test="notice-kind">{n.kind_label.clone()}</td>
                <td data-test="notice-subject">{n.subject.clone()}</td>
                <td data-test="notice-body" class="notice-body">
                    {n.body.lines().map(|l| view! { <div>{l.to_owned()}</div> }).collect_view()}
                </td>
                <td data-test="notice-time">{list_time(n.created_at)}</td>
                <td class="ops">
                    {(!read).then(|| view! {
                        <button type="button" class="btn-link" data-test="notice-mark-read"
                            disabled=move || mark.pending().get()
                            on:click=move |_| { mark.dispatch_local(id); }>"标为已读"</button>
                    })}
                </td>
            </tr>
        }
    };

    view! {
        <section class="page" data-test="notices-page">
            <h2 class="page-title" data-test="page-title">"消息提醒"</h2>
            <div class="panel filters">
                <label>"消息状态："
                    <select data-test="notices-filter" prop:value=move || shown.get()
                        on:change=move |ev| { paging.first(); shown.set(event_target_value(&ev)); }>
                        <option value="">"全部"</option>
                        <option value="unread">"未读"</option>
                        <option value="read">"已读"</option>
                    </select>
                </label>
                <button type="button" class="btn" data-test="notices-mark-all"
                    disabled=move || mark_all.pending().get()
                    on:click=move |_| { mark_all.dispatch_local(()); }>"全部标为已读"</button>
            </div>
            <NoticeBanner notice=notice error_test="notices-error" ok_test="notices-message" />
            <div class="panel">
                <p class="field-help">"审核结果、代扣结果等消息同时发送至经办人邮箱。"</p>
                <DataTable
                    data=list
                    test="notices-table"
                    head=|| view! { <th>"状态"</th><th>"消息类型"</th><th>"标题"</th><th>"内容"</th><th>"时间"</th><th>"操作"</th> }
                    row=row
                />
                <Pager paging=paging total=total_of(list) test="notices-pager" />
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_filter_sends_unread_only_when_asked() {
        assert_eq!(unread_filter(""), None);
        assert_eq!(unread_filter("unread"), Some(true));
        assert_eq!(unread_filter("read"), Some(false));
    }
}
