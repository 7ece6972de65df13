//! 账号管理 (admins): list and filter accounts, issue a unit account `tuixiu<参保编码>`, reset a
//! password (one-time, shown once), disable / enable — resets and disables are confirmed first.

use api_types::{AccountOut, AccountQuery, OneTimePasswordOut, UnitQuery};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{filter, use_api, ApiError};
use crate::auth::use_auth;
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::confirm::{use_confirm, Ask};
use crate::components::pager::{Pager, Paging};
use crate::components::table::{total_of, DataTable};

/// An admin's change to one account.
#[derive(Debug, Clone, PartialEq)]
enum Change {
    Reset(Uuid),
    SetDisabled(Uuid, bool),
}

/// `/admin/accounts`.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let api = use_api();
    let auth = use_auth();
    let confirm = use_confirm();
    let notice = Notice::new();
    let filter_text = RwSignal::new(String::new());
    let applied = RwSignal::new(AccountQuery::default());
    let paging = Paging::new();
    let issued = RwSignal::new(None::<OneTimePasswordOut>);
    let code = RwSignal::new(String::new());

    let accounts = LocalResource::new(move || {
        let (page, page_size) = paging.get();
        let query = AccountQuery {
            page,
            page_size,
            ..applied.get()
        };
        async move { api.accounts().list(&query).await }
    });

    let issue = Action::new_local(move |code: &String| {
        let code = code.trim().to_owned();
        async move {
            notice.clear();
            issued.set(None);
            let query = UnitQuery {
                enrollment_code: filter(&code),
                ..UnitQuery::default()
            };
            let found = api.units().list(&query).await.and_then(|p| {
                p.items
                    .into_iter()
                    .next()
                    .ok_or_else(|| ApiError::local(format!("未找到参保编码为 {code} 的单位")))
            });
            let Some(unit) = notice.check(found) else {
                return;
            };
            if let Some(out) = notice.check(api.accounts().issue(unit.id).await) {
                notice.success(format!("已派发账号 {}", out.account));
                issued.set(Some(out));
                accounts.refetch();
            }
        }
    });
    let change = Action::new_local(move |change: &Change| {
        let change = change.clone();
        async move {
            notice.clear();
            issued.set(None);
            match change {
                Change::Reset(id) => {
                    if let Some(out) = notice.check(api.accounts().reset_password(id).await) {
                        notice.success(format!("账号 {} 的密码已重置", out.account));
                        issued.set(Some(out));
                    }
                }
                Change::SetDisabled(id, disabled) => {
                    let changed = api.accounts().set_disabled(id, disabled).await;
                    if let Some(a) = notice.check(changed) {
                        let what = if disabled { "已停用" } else { "已启用" };
                        notice.success(format!("账号 {} {what}", a.account));
                    }
                }
            }
            accounts.refetch();
        }
    });
    let ask_reset = move |a: &AccountOut| {
        let message = format!(
            "确定重置账号 {} 的密码吗？原密码立即失效，已登录的会话将退出，新的一次性密码仅显示一次。",
            a.account
        );
        let id = a.id;
        confirm.ask(
            Ask::new("重置密码", message)
                .confirm_with("确定重置")
                .dangerous(),
            move || {
                change.dispatch_local(Change::Reset(id));
            },
        );
    };
    let ask_toggle = move |a: &AccountOut| {
        let (id, disable) = (a.id, !a.disabled);
        let ask = if disable {
            Ask::new(
                "停用账号",
                format!(
                    "确定停用账号 {} 吗？停用后该账号无法登录，已登录的会话将退出。",
                    a.account
                ),
            )
            .confirm_with("确定停用")
            .dangerous()
        } else {
            Ask::new("启用账号", format!("确定启用账号 {} 吗？", a.account))
                .confirm_with("确定启用")
        };
        confirm.ask(ask, move || {
            change.dispatch_local(Change::SetDisabled(id, disable));
        });
    };

    let row = move |a: AccountOut| {
        let (reset_of, toggle_of) = (a.clone(), a.clone());
        // Stopping one's own account would lock the admin out mid-session.
        let own = auth.me().is_some_and(|me| me.id == a.id);
        view! {
            <tr data-test="account-row" data-account=a.account.clone()>
                <td>{a.account.clone()}</td>
                <td>{a.role.label_zh()}</td>
                <td>{a.display_name.clone()}</td>
                <td data-test="account-state">
                    {if a.disabled { "已停用" } else if a.must_change_password { "待修改密码" } else { "正常" }}
                </td>
                <td class="ops">
                    <button type="button" class="btn btn-link" data-test="account-reset" on:click=move |_| ask_reset(&reset_of)>"重置密码"</button>
                    <button type="button" class="btn btn-link" data-test="account-toggle" disabled=own
                        title=if own { "不能停用当前登录的账号" } else { "" } on:click=move |_| ask_toggle(&toggle_of)>
                        {if a.disabled { "启用" } else { "停用" }}
                    </button>
                </td>
            </tr>
        }
    };

    view! {
        <section class="page" data-test="accounts-page">
            <h2 class="page-title" data-test="page-title">"账号管理"</h2>
            <div class="panel filters">
                <label>"派发单位账号：参保编码 " <input type="text" data-test="issue-code" maxlength="9" bind:value=code placeholder="请输入" /></label>
                <button type="button" class="btn btn-primary" data-test="issue-submit" disabled=move || issue.pending().get()
                    on:click=move |_| { issue.dispatch_local(code.get_untracked()); }>"派发账号"</button>
            </div>
            <NoticeBanner notice=notice error_test="accounts-error" ok_test="accounts-message" />
            {move || issued.get().map(|o| view! {
                <div class="alert alert-warning" data-test="one-time-password-box">
                    "账号 " <strong data-test="issued-account">{o.account.clone()}</strong>
                    " 的一次性密码：" <strong data-test="one-time-password">{o.one_time_password.clone()}</strong>
                    "（仅显示一次，首次登录须修改密码）"
                </div>
            })}
            <div class="panel filters">
                <label>"账号：" <input type="text" data-test="accounts-filter" bind:value=filter_text placeholder="请输入" /></label>
                <button type="button" class="btn btn-primary" data-test="accounts-search" on:click=move |_| {
                    notice.clear();
                    paging.first();
                    applied.set(AccountQuery { account: filter(&filter_text.get_untracked()), ..AccountQuery::default() });
                }>"查询"</button>
            </div>
            <div class="panel">
                <DataTable
                    data=accounts
                    test="accounts-table"
                    head=|| view! { <th>"账号"</th><th>"角色"</th><th>"名称"</th><th>"状态"</th><th>"操作"</th> }
                    row=row
                />
                <Pager paging=paging total=total_of(accounts) />
            </div>
        </section>
    }
}
