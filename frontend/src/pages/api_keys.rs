//! 接口密钥 (integrator keys): unit operators manage their unit's, admins every key — the
//! list (never the keys themselves), 新建 (`ApiKeyForm`, the key shown once) and 吊销 after
//! a confirmation.

use api_types::{ApiKeyOut, ApiKeyQuery, ApiKeyStatus, Role};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::confirm::{use_confirm, Ask};
use crate::components::format::list_time;
use crate::components::pager::{Pager, Paging};
use crate::components::table::{total_of, DataTable};
use crate::pages::api_key_form::ApiKeyForm;

/// `/unit/api-keys` and `/admin/api-keys`.
#[component]
pub fn ApiKeysPage() -> impl IntoView {
    let api = use_api();
    let auth = use_auth();
    let confirm = use_confirm();
    let notice = Notice::new();
    let paging = Paging::new();
    let role = auth.me().map(|me| me.role).unwrap_or(Role::Unit);

    let keys = LocalResource::new(move || {
        let (page, page_size) = paging.get();
        let query = ApiKeyQuery { page, page_size };
        async move { api.api_keys().list(&query).await }
    });
    let revoke = Action::new_local(move |id: &Uuid| {
        let id = *id;
        async move {
            notice.clear();
            if let Some(k) = notice.check(api.api_keys().revoke(id).await) {
                notice.success(format!("接口密钥 {}（{}）已吊销", k.name, k.key_prefix));
            }
            keys.refetch();
        }
    });
    let ask_revoke = move |k: &ApiKeyOut| {
        let id = k.id;
        let message = format!(
            "确定吊销接口密钥 {}（{}…）吗？吊销后使用该密钥的系统将立即无法调用接口，且不能恢复。",
            k.name, k.key_prefix
        );
        confirm.ask(
            Ask::new("吊销接口密钥", message)
                .confirm_with("确定吊销")
                .dangerous(),
            move || {
                revoke.dispatch_local(id);
            },
        );
    };

    let row = move |k: ApiKeyOut| {
        let of = k.clone();
        let holder = k
            .unit_name
            .clone()
            .unwrap_or_else(|| "职保会（审核权限）".to_owned());
        let scopes = k
            .scopes
            .iter()
            .map(|s| s.label_zh())
            .collect::<Vec<_>>()
            .join("、");
        let active = k.status == ApiKeyStatus::Active;
        view! {
            <tr data-test="api-key-row" data-prefix=k.key_prefix.clone()>
                <td>{k.name.clone()}</td>
                <td><code>{format!("{}…", k.key_prefix)}</code></td>
                <td>{holder}</td>
                <td data-test="api-key-scopes">{scopes}</td>
                <td data-test="api-key-status">{k.status.label_zh()}</td>
                <td>{k.created_by.clone().unwrap_or_default()}</td>
                <td>{list_time(k.created_at)}</td>
                <td>{list_time(k.expires_at)}</td>
                <td data-test="api-key-last-used">{k.last_used_at.map(list_time).unwrap_or_else(|| "从未使用".to_owned())}</td>
                <td class="ops">
                    {active.then(|| view! {
                        <button type="button" class="btn btn-link" data-test="api-key-revoke"
                            on:click=move |_| ask_revoke(&of)>"吊销"</button>
                    })}
                </td>
            </tr>
        }
    };

    view! {
        <section class="page" data-test="api-keys-page">
            <h2 class="page-title" data-test="page-title">"接口密钥"</h2>
            <p class="hint">
                "供单位人事系统或职保会业务系统调用本平台接口（第三方系统对接）。密钥只在生成时显示一次，平台仅保存其摘要；"
                "请求头 X-API-Key 携带密钥，权限范围以外的接口不可调用。"
            </p>
            <NoticeBanner notice=notice error_test="api-keys-error" ok_test="api-keys-message" />
            <ApiKeyForm role=role notice=notice created=Callback::new(move |_| keys.refetch()) />
            <div class="panel">
                <DataTable
                    data=keys
                    test="api-keys-table"
                    head=|| view! {
                        <th>"名称"</th><th>"密钥"</th><th>"所属"</th><th>"权限范围"</th><th>"状态"</th>
                        <th>"创建人"</th><th>"创建时间"</th><th>"有效期至"</th><th>"最近使用"</th><th>"操作"</th>
                    }
                    row=row
                />
                <Pager paging=paging total=total_of(keys) />
            </div>
        </section>
    }
}
