//! 单位信息维护 (wizard step ②, also a page of its own): show, 修改并保存, 信息确认无误, and
//! 修改单位名称 when the name matches no credit code. `UnitInfoPanel` can be embedded.

use api_types::{DictionaryKind, UnitIn, UnitOut};
use leptos::prelude::*;

use crate::api::applications::ApplicationKind;
use crate::api::{use_api, ApiError};
use crate::auth::use_auth;
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::format::list_time;
use crate::components::unit_forms::{DictSelect, TextField};
use crate::pages::name_change::NameChangeForm;

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

/// The editable fields of the form.
#[derive(Debug, Clone, Copy)]
struct Fields {
    address: RwSignal<String>,
    postcode: RwSignal<String>,
    district_union: RwSignal<String>,
    economic_type: RwSignal<String>,
}

impl Fields {
    fn new() -> Self {
        let s = || RwSignal::new(String::new());
        Fields {
            address: s(),
            postcode: s(),
            district_union: s(),
            economic_type: s(),
        }
    }

    fn show(&self, u: &UnitOut) {
        self.address.set(u.address.clone().unwrap_or_default());
        self.postcode.set(u.postcode.clone().unwrap_or_default());
        self.district_union
            .set(u.district_union.clone().unwrap_or_default());
        self.economic_type
            .set(u.economic_type.clone().unwrap_or_default());
    }

    fn to_input(self) -> UnitIn {
        UnitIn {
            address: self.address.get_untracked(),
            postcode: self.postcode.get_untracked(),
            district_union: self.district_union.get_untracked(),
            economic_type: self.economic_type.get_untracked(),
        }
    }
}

/// The unit-info form of the logged-in unit; `on_confirmed` runs after 信息确认无误.
#[component]
pub fn UnitInfoPanel(on_confirmed: Callback<UnitOut>) -> impl IntoView {
    let api = use_api();
    let auth = use_auth();
    let unit_id = auth.me().and_then(|m| m.unit).map(|u| u.id);
    let notice = Notice::new();
    let fields = Fields::new();
    let renaming = RwSignal::new(false);
    let unit = RwSignal::new(None::<UnitOut>);

    let no_unit = || ApiError::local("当前账号未关联参保单位");
    let loaded = LocalResource::new(move || async move {
        match unit_id {
            Some(id) => api.units().get(id).await,
            None => Err(no_unit()),
        }
    });
    let history = LocalResource::new(move || async move {
        match unit_id {
            Some(id) => api.units().name_history(id).await,
            None => Ok(Vec::new()),
        }
    });
    let name_change = LocalResource::new(move || async move {
        api.applications()
            .latest(ApplicationKind::NameChange, None)
            .await
    });
    let show = move |u: UnitOut| {
        fields.show(&u);
        unit.set(Some(u));
    };
    Effect::new(move |_| match loaded.get() {
        Some(Ok(u)) => show(u),
        Some(Err(e)) => notice.error(e),
        None => {}
    });
    let reload = Callback::new(move |_| {
        loaded.refetch();
        history.refetch();
        name_change.refetch();
    });

    let save = Action::new_local(move |body: &UnitIn| {
        let body = body.clone();
        async move {
            notice.clear();
            let (Some(id), Some(version)) = (
                unit_id,
                unit.with_untracked(|u| u.as_ref().map(|u| u.version)),
            ) else {
                return;
            };
            if let Some(u) = notice.check(api.units().save_unit(id, version, &body).await) {
                show(u);
                notice.success("保存成功");
            }
        }
    });
    let confirm = Action::new_local(move |_: &()| async move {
        notice.clear();
        let Some(id) = unit_id else {
            return notice.error(no_unit());
        };
        if let Some(u) = notice.check(api.units().confirm_unit(id).await) {
            show(u.clone());
            notice.success("单位信息已确认");
            on_confirmed.run(u);
        }
    });
    let busy = move || save.pending().get() || confirm.pending().get();
    let field = move |f: fn(&UnitOut) -> String| {
        move || unit.with(|u| u.as_ref().map(f).unwrap_or_default())
    };
    let registry = move |status: &'static str| {
        unit.with(|u| u.as_ref().is_some_and(|u| u.registry_status == status))
    };
    let change_state = move || {
        name_change.get().and_then(Result::ok).flatten().map(|i| {
            let reason = i
                .reject_reason
                .clone()
                .map(|r| format!("（{r}）"))
                .unwrap_or_default();
            format!(
                "{} → {}：{}{reason}",
                i.old_name.clone().unwrap_or_default(),
                i.unit_name,
                i.status.label_zh()
            )
        })
    };
    let history_rows = move || history.get().and_then(Result::ok).unwrap_or_default();

    view! {
        <div class="panel" data-test="unit-info-panel">
            <dl class="facts">
                <dt>"参保编码"</dt>
                <dd data-test="unit-enrollment-code">{field(|u| u.enrollment_code.clone().unwrap_or_else(|| "尚未取得".into()))}</dd>
                <dt>"参保单位"</dt>
                <dd data-test="unit-name">{field(|u| u.name.clone())}</dd>
                <dt>"统一社会信用代码"</dt>
                <dd data-test="unit-credit-code">{field(|u| u.registry_credit_code.clone().unwrap_or_else(|| "—".into()))}</dd>
            </dl>
            <Show when=move || registry("not_found")>
                <div class="alert alert-warning" data-test="unit-name-unmatched">
                    "该单位名称无法匹配到统一信用代码，"
                    <button type="button" class="btn btn-link" data-test="unit-rename" on:click=move |_| renaming.set(true)>
                        "修改单位名称"
                    </button>
                </div>
            </Show>
            <Show when=move || registry("unavailable")>
                <div class="alert alert-warning">"企业登记信息查询服务暂不可用，请稍后刷新。"</div>
            </Show>
            {move || change_state().map(|state| view! {
                <p class="field-help" data-test="unit-name-change-state">"单位名称修改申请：" {state}</p>
            })}
            <Show when=move || !history_rows().is_empty()>
                <ul class="field-help" data-test="unit-name-history">
                    {move || history_rows().into_iter().map(|h| view! {
                        <li>{format!("{} 由“{}”更名为“{}”", list_time(h.changed_at), h.old_name, h.new_name)}</li>
                    }).collect_view()}
                </ul>
            </Show>
            <TextField label="单位地址" test="unit-address" value=fields.address required=true />
            <TextField label="邮政编码" test="unit-postcode" value=fields.postcode required=true />
            <DictSelect label="所属区局" test="unit-district-union" kind=DictionaryKind::DistrictUnion value=fields.district_union />
            <DictSelect label="经济类型" test="unit-economic-type" kind=DictionaryKind::EconomicType value=fields.economic_type />
            <NoticeBanner notice=notice error_test="unit-error" ok_test="unit-notice" on_reload=reload />
            <div class="toolbar">
                <button type="button" class="btn btn-primary" data-test="unit-save" disabled=busy
                    on:click=move |_| { save.dispatch_local(fields.to_input()); }>"修改并保存"</button>
                <button type="button" class="btn btn-primary" data-test="unit-confirm" disabled=busy
                    on:click=move |_| { confirm.dispatch_local(()); }>"信息确认无误"</button>
                <button type="button" class="btn btn-link" data-test="unit-rename-any" on:click=move |_| renaming.set(true)>
                    "修改单位名称"
                </button>
            </div>
        </div>
        <Show when=move || renaming.get()>
            <NameChangeForm on_done=Callback::new(move |submitted: bool| {
                renaming.set(false);
                if submitted {
                    notice.success("单位名称修改申请已提交，请等待职保会审核（审核时间为提交申请后1个工作日）");
                    reload.run(());
                }
            }) />
        </Show>
    }
}
