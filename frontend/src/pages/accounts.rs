//! 账号管理 (admins): list and filter accounts, issue a unit account `tuixiu<参保编码>`, reset a
//! password (one-time, shown once), disable / enable.

use api_types::{AccountOut, IssueAccountIn, OneTimePasswordOut, Page};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{enc, use_api};
use crate::components::unit_forms::ErrorBox;

/// `/admin/accounts`.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let api = use_api();
    let filter = RwSignal::new(String::new());
    let page_no = RwSignal::new(1u64);
    let page = RwSignal::new(None::<Page<AccountOut>>);
    let error = RwSignal::new(None::<String>);
    let issued = RwSignal::new(None::<OneTimePasswordOut>);
    let code = RwSignal::new(String::new());

    let load = move || {
        let query = format!(
            "page={}&page_size=10&account={}",
            page_no.get_untracked(),
            enc(filter.get_untracked().trim())
        );
        spawn_local(async move {
            match api.accounts(&query).await {
                Ok(p) => page.set(Some(p)),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    load();

    let issue = move |_| {
        let code = code.get_untracked().trim().to_string();
        error.set(None);
        issued.set(None);
        spawn_local(async move {
            let units = match api.units(&format!("enrollment_code={}", enc(&code))).await {
                Ok(p) => p.items,
                Err(e) => return error.set(Some(e.message)),
            };
            let Some(unit) = units.first() else {
                return error.set(Some(format!("未找到参保编码为 {code} 的单位")));
            };
            match api
                .issue_account(&IssueAccountIn { unit_id: unit.id })
                .await
            {
                Ok(out) => {
                    issued.set(Some(out));
                    load();
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let reset = move |id: String| {
        error.set(None);
        issued.set(None);
        spawn_local(async move {
            match api.reset_password(&id).await {
                Ok(out) => {
                    issued.set(Some(out));
                    load();
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let toggle = move |id: String, disabled: bool| {
        error.set(None);
        spawn_local(async move {
            match api.set_account_disabled(&id, disabled).await {
                Ok(_) => load(),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let total = move || page.get().map(|p| p.total).unwrap_or(0);
    let pages = move || total().div_ceil(10).max(1);

    view! {
        <section class="page" data-test="accounts-page">
            <h2 class="page-title" data-test="page-title">"账号管理"</h2>
            <div class="panel">
                <label class="field">
                    <span class="field-label">"派发单位账号：参保编码"</span>
                    <input type="text" data-test="issue-code" maxlength="9" bind:value=code />
                </label>
                <button class="btn btn-primary" data-test="issue-submit" on:click=issue>"派发账号"</button>
            </div>
            {move || issued.get().map(|o| view! {
                <div class="alert alert-info" data-test="one-time-password-box">
                    "账号 " <strong data-test="issued-account">{o.account.clone()}</strong>
                    " 的一次性密码：" <strong data-test="one-time-password">{o.one_time_password.clone()}</strong>
                    "（仅显示一次，首次登录须修改密码）"
                </div>
            })}
            <ErrorBox error=error test="accounts-error" />
            <div class="panel">
                <label class="field">
                    <span class="field-label">"账号"</span>
                    <input type="text" data-test="accounts-filter" bind:value=filter />
                </label>
                <button class="btn btn-primary" data-test="accounts-search" on:click=move |_| { page_no.set(1); load(); }>"查询"</button>
            </div>
            <table class="panel" data-test="accounts-table">
                <thead>
                    <tr><th>"账号"</th><th>"角色"</th><th>"名称"</th><th>"状态"</th><th>"操作"</th></tr>
                </thead>
                <tbody>
                    {move || page.get().map(|p| p.items).unwrap_or_default().into_iter().map(|a| {
                        let (id1, id2) = (a.id.to_string(), a.id.to_string());
                        let disabled = a.disabled;
                        view! {
                            <tr data-test="account-row" data-account=a.account.clone()>
                                <td>{a.account.clone()}</td>
                                <td>{a.role.label_zh()}</td>
                                <td>{a.display_name.clone()}</td>
                                <td data-test="account-state">
                                    {if a.disabled { "已停用" } else if a.must_change_password { "待修改密码" } else { "正常" }}
                                </td>
                                <td>
                                    <button class="btn btn-link" data-test="account-reset" on:click=move |_| reset(id1.clone())>"重置密码"</button>
                                    <button class="btn btn-link" data-test="account-toggle" on:click=move |_| toggle(id2.clone(), !disabled)>
                                        {if disabled { "启用" } else { "停用" }}
                                    </button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <p>
                {move || format!("共 {} 条，第 {} / {} 页 ", total(), page_no.get(), pages())}
                <button class="btn btn-link" disabled=move || { page_no.get() <= 1 } on:click=move |_| { page_no.update(|p| *p -= 1); load(); }>"上一页"</button>
                <button class="btn btn-link" disabled=move || { page_no.get() >= pages() } on:click=move |_| { page_no.update(|p| *p += 1); load(); }>"下一页"</button>
            </p>
        </section>
    }
}
