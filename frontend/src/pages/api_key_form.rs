//! 新建接口密钥: name, scopes (those the key's holder may have), expiry; an admin names the
//! unit by its 参保编码 or leaves it empty for a key of the association (职保会). The new key
//! is shown once, with a copy button.

use std::collections::BTreeSet;

use api_types::{ApiKeyCreatedOut, ApiKeyIn, ApiScope, Role, UnitQuery};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::{filter, use_api, ApiError};
use crate::components::banner::Notice;

/// The expiries offered, in days.
const EXPIRIES: [u32; 4] = [30, 90, 180, 365];

/// The form; `created` runs after a key was made (the list reloads).
#[component]
pub fn ApiKeyForm(
    /// The role of the person creating keys.
    role: Role,
    /// Where the outcome is said.
    notice: Notice,
    /// Called with each new key.
    created: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let name = RwSignal::new(String::new());
    let unit_code = RwSignal::new(String::new());
    let days = RwSignal::new(90u32);
    let scopes = RwSignal::new(BTreeSet::<ApiScope>::new());
    let shown = RwSignal::new(None::<ApiKeyCreatedOut>);
    let copied = RwSignal::new(None::<bool>);
    // Whose rights the key will have: an admin's key without a unit is the association's.
    let holder = Signal::derive(move || match role {
        Role::Admin if unit_code.with(|c| c.trim().is_empty()) => Role::Reviewer,
        _ => Role::Unit,
    });

    let create = Action::new_local(move |_: &()| async move {
        notice.clear();
        shown.set(None);
        copied.set(None);
        let code = unit_code.get_untracked();
        let unit_id = match filter(&code) {
            Some(code) if role == Role::Admin => {
                let query = UnitQuery {
                    enrollment_code: Some(code.clone()),
                    ..UnitQuery::default()
                };
                let found = api.units().list(&query).await.and_then(|p| {
                    p.items
                        .into_iter()
                        .next()
                        .ok_or_else(|| ApiError::local(format!("未找到参保编码为 {code} 的单位")))
                });
                match notice.check(found) {
                    Some(unit) => Some(unit.id),
                    None => return,
                }
            }
            _ => None,
        };
        let allowed = holder.get_untracked();
        let body = ApiKeyIn {
            name: name.get_untracked(),
            unit_id,
            scopes: scopes.with_untracked(|s| {
                s.iter()
                    .copied()
                    .filter(|s| s.allowed_for(allowed))
                    .collect()
            }),
            expires_in_days: days.get_untracked(),
        };
        if let Some(out) = notice.check(api.api_keys().create(&body).await) {
            notice.success(format!("已新建接口密钥 {}", out.key.name));
            shown.set(Some(out));
            name.set(String::new());
            scopes.set(BTreeSet::new());
            created.run(());
        }
    });

    let scope_box = move |scope: ApiScope| {
        view! {
            <label class="checkbox" data-test="api-key-scope" data-scope=scope.as_str()
                style:display=move || if scope.allowed_for(holder.get()) { "" } else { "none" }>
                <input type="checkbox"
                    prop:checked=move || scopes.with(|s| s.contains(&scope))
                    on:change=move |_| scopes.update(|s| if !s.remove(&scope) { s.insert(scope); }) />
                {format!("{}（{}）", scope.label_zh(), scope.as_str())}
            </label>
        }
    };

    view! {
        <div class="panel" data-test="api-key-form">
            <h3>"新建接口密钥"</h3>
            <label>"密钥名称：" <input type="text" data-test="api-key-name" maxlength="50" bind:value=name placeholder="如：人事系统" /></label>
            {(role == Role::Admin).then(|| view! {
                <label>"参保编码：" <input type="text" data-test="api-key-unit-code" maxlength="9" bind:value=unit_code
                    placeholder="留空为职保会密钥（审核权限）" /></label>
            })}
            <label>"有效期："
                <select data-test="api-key-expiry" on:change=move |ev| {
                    days.set(event_target_value(&ev).parse().unwrap_or(90));
                }>
                    {EXPIRIES.iter().map(|d| view! {
                        <option value=d.to_string() selected=*d == 90>{format!("{d}天")}</option>
                    }).collect_view()}
                </select>
            </label>
            <fieldset class="scopes">
                <legend>"权限范围"</legend>
                {ApiScope::ALL.into_iter().map(scope_box).collect_view()}
            </fieldset>
            <button type="button" class="btn btn-primary" data-test="api-key-create"
                disabled=move || create.pending().get()
                on:click=move |_| { create.dispatch_local(()); }>"生成密钥"</button>
            {move || shown.get().map(|out| {
                let secret = out.secret.clone();
                view! {
                    <div class="alert alert-warning" data-test="api-key-secret-box">
                        <p>"接口密钥（仅显示这一次，关闭或刷新页面后无法再次查看，请立即复制并妥善保存）："</p>
                        <input type="text" readonly data-test="api-key-secret" prop:value=out.secret.clone()
                            on:focus=|ev| select_all(&ev) size="72" />
                        <button type="button" class="btn btn-link" data-test="api-key-copy"
                            on:click=move |_| copied.set(Some(copy_text(&secret)))>"复制"</button>
                        {move || copied.get().map(|ok| view! {
                            <span data-test="api-key-copied">{if ok { "已复制到剪贴板" } else { "无法访问剪贴板，请选中后手动复制" }}</span>
                        })}
                        <p>"调用接口时放在请求头 X-API-Key 中。"</p>
                    </div>
                }
            })}
        </div>
    }
}

/// Selects the whole key when its box gets the focus (easy to copy by hand).
fn select_all(ev: &leptos::ev::FocusEvent) {
    if let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        input.select();
    }
}

/// `navigator.clipboard.writeText(text)`, where the browser offers it.
fn copy_text(text: &str) -> bool {
    let get = |target: &wasm_bindgen::JsValue, key: &str| {
        js_sys::Reflect::get(target, &key.into())
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
    };
    let Some(window) = web_sys::window() else {
        return false;
    };
    let clipboard = get(&window, "navigator").and_then(|n| get(&n, "clipboard"));
    let write = clipboard.as_ref().and_then(|c| get(c, "writeText"));
    match (
        clipboard,
        write.and_then(|f| f.dyn_into::<js_sys::Function>().ok()),
    ) {
        (Some(c), Some(f)) => f.call1(&c, &text.into()).is_ok(),
        _ => false,
    }
}
