//! 单位信息维护 (wizard step ②, also a page of its own): show, 修改并保存, 信息确认无误, and
//! 修改单位名称 when the name matches no credit code. `UnitInfoPanel` can be embedded.

use api_types::{
    AttachmentPurpose, DictionaryKind, NameChangeIn, UnitIn, UnitNameHistoryOut, UnitOut,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::unit_forms::{
    beijing_time, status_label, ApplicantInputs, ApplicantSignals, DictSelect, ErrorBox, TextField,
};

/// `/unit/unit-info`.
#[component]
pub fn UnitInfoPage() -> impl IntoView {
    view! {
        <section class="page" data-test="unit-info-page">
            <h2 class="page-title" data-test="page-title">"单位信息维护"</h2>
            <UnitInfoPanel on_confirmed=Callback::new(|_| ()) />
        </section>
    }
}

/// The unit-info form of the logged-in unit; `on_confirmed` runs after 信息确认无误.
#[component]
pub fn UnitInfoPanel(on_confirmed: Callback<UnitOut>) -> impl IntoView {
    let api = use_api();
    let auth = use_auth();
    let unit_id = auth.me().and_then(|m| m.unit).map(|u| u.id.to_string());
    let unit = RwSignal::new(None::<UnitOut>);
    let address = RwSignal::new(String::new());
    let postcode = RwSignal::new(String::new());
    let district_union = RwSignal::new(String::new());
    let economic_type = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let renaming = RwSignal::new(false);
    let pending_change = RwSignal::new(None::<String>);
    let history = RwSignal::new(Vec::<UnitNameHistoryOut>::new());
    let id = StoredValue::new(unit_id.unwrap_or_default());

    let show = move |u: UnitOut| {
        address.set(u.address.clone().unwrap_or_default());
        postcode.set(u.postcode.clone().unwrap_or_default());
        district_union.set(u.district_union.clone().unwrap_or_default());
        economic_type.set(u.economic_type.clone().unwrap_or_default());
        unit.set(Some(u));
    };
    let reload = move || {
        spawn_local(async move {
            match api.unit(&id.get_value()).await {
                Ok(u) => show(u),
                Err(e) => error.set(Some(e.message)),
            }
            if let Ok(items) = api.unit_name_history(&id.get_value()).await {
                history.set(items);
            }
            if let Ok(page) = api.name_changes("page=1&page_size=1").await {
                pending_change.set(page.items.first().map(|i| {
                    let reason = i
                        .reject_reason
                        .clone()
                        .map(|r| format!("（{r}）"))
                        .unwrap_or_default();
                    format!(
                        "{} → {}：{}{reason}",
                        i.old_name.clone().unwrap_or_default(),
                        i.unit_name,
                        status_label(i.status)
                    )
                }));
            }
        });
    };
    reload();

    let save = move |_| {
        let Some(u) = unit.get_untracked() else {
            return;
        };
        let body = UnitIn {
            address: address.get_untracked(),
            postcode: postcode.get_untracked(),
            district_union: district_union.get_untracked(),
            economic_type: economic_type.get_untracked(),
        };
        let version = u.version;
        error.set(None);
        notice.set(None);
        spawn_local(async move {
            match api.save_unit(&id.get_value(), version, &body).await {
                Ok(u) => {
                    show(u);
                    notice.set(Some("保存成功".into()));
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let confirm = move |_| {
        error.set(None);
        notice.set(None);
        spawn_local(async move {
            match api.confirm_unit(&id.get_value()).await {
                Ok(u) => {
                    show(u.clone());
                    notice.set(Some("单位信息已确认".into()));
                    on_confirmed.run(u);
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let field = move |f: fn(&UnitOut) -> Option<String>| {
        move || unit.get().as_ref().and_then(f).unwrap_or_default()
    };

    view! {
        <div class="panel" data-test="unit-info-panel">
            <dl class="facts">
                <dt>"参保编码"</dt>
                <dd data-test="unit-enrollment-code">{field(|u| Some(u.enrollment_code.clone().unwrap_or_else(|| "尚未取得".into())))}</dd>
                <dt>"参保单位"</dt>
                <dd data-test="unit-name">{field(|u| Some(u.name.clone()))}</dd>
                <dt>"统一社会信用代码"</dt>
                <dd data-test="unit-credit-code">{field(|u| Some(u.registry_credit_code.clone().unwrap_or_else(|| "—".into())))}</dd>
            </dl>
            <Show when=move || unit.get().is_some_and(|u| u.registry_status == "not_found")>
                <div class="alert alert-warning" data-test="unit-name-unmatched">
                    "该单位名称无法匹配到统一信用代码，"
                    <button class="btn btn-link" data-test="unit-rename" on:click=move |_| renaming.set(true)>
                        "修改单位名称"
                    </button>
                </div>
            </Show>
            <Show when=move || unit.get().is_some_and(|u| u.registry_status == "unavailable")>
                <div class="alert alert-warning">"企业登记信息查询服务暂不可用，请稍后刷新。"</div>
            </Show>
            <Show when=move || pending_change.get().is_some()>
                <p class="field-help" data-test="unit-name-change-state">
                    "单位名称修改申请：" {move || pending_change.get().unwrap_or_default()}
                </p>
            </Show>
            <Show when=move || !history.get().is_empty()>
                <ul class="field-help" data-test="unit-name-history">
                    {move || history.get().into_iter().map(|h| view! {
                        <li>{format!("{} 由“{}”更名为“{}”", beijing_time(h.changed_at), h.old_name, h.new_name)}</li>
                    }).collect_view()}
                </ul>
            </Show>
            <TextField label="单位地址" test="unit-address" value=address required=true />
            <TextField label="邮政编码" test="unit-postcode" value=postcode required=true />
            <DictSelect label="所属区局" test="unit-district-union" kind=DictionaryKind::DistrictUnion value=district_union />
            <DictSelect label="经济类型" test="unit-economic-type" kind=DictionaryKind::EconomicType value=economic_type />
            <ErrorBox error=error test="unit-error" />
            <Show when=move || notice.get().is_some()>
                <div class="alert alert-info" data-test="unit-notice">{move || notice.get().unwrap_or_default()}</div>
            </Show>
            <button type="button" class="btn btn-primary" data-test="unit-save" on:click=save>"修改并保存"</button>
            " "
            <button type="button" class="btn btn-primary" data-test="unit-confirm" on:click=confirm>"信息确认无误"</button>
            <button type="button" class="btn btn-link" data-test="unit-rename-any" on:click=move |_| renaming.set(true)>
                "修改单位名称"
            </button>
        </div>
        <Show when=move || renaming.get()>
            <NameChangeForm on_done=Callback::new(move |_| {
                renaming.set(false);
                reload();
            }) />
        </Show>
    }
}

/// 修改单位名称: the application form.
#[component]
fn NameChangeForm(on_done: Callback<()>) -> impl IntoView {
    let api = use_api();
    let new_name = RwSignal::new(String::new());
    let credit_code = RwSignal::new(String::new());
    let s = ApplicantSignals::new();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let resubmit_id = RwSignal::new(None::<String>);
    // A rejected application is edited and resubmitted instead of starting anew.
    spawn_local(async move {
        if let Ok(page) = api.name_changes("page=1&page_size=1&status=rejected").await {
            if let Some(item) = page.items.first() {
                if let Ok(nc) = api.name_change(&item.id.to_string()).await {
                    new_name.set(nc.new_name.clone());
                    credit_code.set(nc.credit_code.clone());
                    s.fill(&nc.applicant, nc.attachments.clone());
                    resubmit_id.set(Some(nc.id.to_string()));
                }
            }
        }
    });
    let lookup = move || {
        let name = new_name.get_untracked();
        if name.trim().is_empty() {
            return;
        }
        spawn_local(async move {
            if let Ok(out) = api.credit_code(name.trim()).await {
                credit_code.set(out.credit_code.unwrap_or_default());
            }
        });
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let body = NameChangeIn {
            new_name: new_name.get_untracked(),
            credit_code: credit_code.get_untracked(),
            applicant: s.to_fields(),
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api
                .submit_name_change(resubmit_id.get_untracked(), &body)
                .await
            {
                Ok(_) => on_done.run(()),
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="panel" on:submit=on_submit novalidate=true data-test="name-change-form">
            <h3>"修改单位名称"</h3>
            <p class="field-help">"填写单位相关及其联系人信息提交至职保会，审核通过后可继续参保办理。"</p>
            <label class="field">
                <span class="field-label">"* 新单位名称"</span>
                <input
                    type="text"
                    data-test="f-new-name"
                    maxlength="100"
                    bind:value=new_name
                    on:blur=move |_| lookup()
                />
            </label>
            <TextField label="统一社会信用代码" test="f-credit-code" value=credit_code required=true />
            <ApplicantInputs
                s=s
                purpose=AttachmentPurpose::NameChange
                hint="提供单位名称变更相关佐证材料《红头文件》或《工商变更登记表》。"
            />
            <ErrorBox error=error test="name-change-error" />
            <button type="submit" class="btn btn-primary" data-test="name-change-submit" disabled=move || busy.get()>
                "提交"
            </button>
            <button type="button" class="btn btn-ghost" on:click=move |_| on_done.run(())>"取消"</button>
            <p class="field-help">"※审核时间为提交申请后1个工作日"</p>
        </form>
    }
}
