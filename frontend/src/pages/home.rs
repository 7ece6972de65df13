//! 首页 of the shell: a welcome, the account's role and unit, the manual's counters (for the
//! association: enrolled units and people of the plan year, 今日 / 本周 / 本月; for a unit: its
//! own batches), and where to start.

use api_types::{BatchQuery, Role, StatisticsQuery};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::use_api;

use crate::auth::use_auth;
use crate::components::contacts::ConsultationContacts;
use crate::components::counter::counter;
use crate::menu::menu_for;

/// The shell's home page (`/`).
#[component]
pub fn HomePage() -> impl IntoView {
    let auth = use_auth();

    move || {
        auth.me().map(|me| {
            let menu = menu_for(me.role);
            let shortcuts = menu
                .items
                .iter()
                .map(|item| {
                    view! {
                        <li>
                            <A href=item.path {..} class="shortcut">
                                {item.title}
                            </A>
                        </li>
                    }
                })
                .collect_view();
            let unit = me.unit.map(|u| {
                view! {
                    <dl class="facts">
                        <dt>"参保单位"</dt>
                        <dd data-test="home-unit-name">{u.name}</dd>
                        <dt>"参保编码"</dt>
                        <dd data-test="home-enrollment-code">
                            {u.enrollment_code.unwrap_or_else(|| "尚未取得".to_owned())}
                        </dd>
                    </dl>
                }
            });
            view! {
                <section class="page" data-test="home-page">
                    <h2 class="page-title">"首页"</h2>
                    <div class="panel">
                        <p class="welcome" data-test="welcome">
                            {format!("欢迎您，{}！", me.display_name)}
                        </p>
                        <p>
                            "当前身份："
                            <strong data-test="home-role">{me.role.label_zh()}</strong>
                        </p>
                        {unit}
                    </div>
                    <HomeCounters role=me.role />
                    <div class="panel">
                        <h3>{menu.heading}</h3>
                        <ul class="shortcuts">{shortcuts}</ul>
                    </div>
                    <ConsultationContacts card=true />
                </section>
            }
        })
    }
}

/// 参保人数 of the plan year for the association, the unit's own batches for a unit.
#[component]
fn HomeCounters(role: Role) -> impl IntoView {
    match role {
        Role::Unit => UnitCounters().into_any(),
        Role::Reviewer | Role::Admin => AssociationCounters().into_any(),
    }
}

/// The figure boxes of the manual's home page.
#[component]
fn AssociationCounters() -> impl IntoView {
    let api = use_api();
    let stats = LocalResource::new(move || async move {
        api.statistics().get(&StatisticsQuery::default()).await
    });
    move || {
        stats.get().and_then(Result::ok).map(|s| {
            view! {
                <div class="panel counters" data-test="home-counters">
                    <h3>{format!("{}年度参保情况", s.plan_year)}</h3>
                    {counter("home-units", "参保单位数", format!("{}家", s.total.units), None)}
                    {counter("home-people", "参保人数", format!("{}人", s.total.people), None)}
                    {counter("home-today", "今日", format!("{}人", s.enrolled_today.people), None)}
                    {counter("home-week", "本周", format!("{}人", s.enrolled_this_week.people), None)}
                    {counter("home-month", "本月", format!("{}人", s.enrolled_this_month.people), None)}
                </div>
            }
        })
    }
}

#[component]
fn UnitCounters() -> impl IntoView {
    let api = use_api();
    let batches = LocalResource::new(move || async move {
        let query = BatchQuery {
            page: Some(1),
            page_size: Some(100),
            ..BatchQuery::default()
        };
        api.batches().list(&query).await
    });
    move || {
        batches.get().and_then(Result::ok).map(|page| {
            let completed: Vec<_> = page.items.iter().filter(|b| b.status == "completed").collect();
            let people: u64 = completed.iter().map(|b| b.roster_size).sum();
            let open = page.items.len() - completed.len();
            view! {
                <div class="panel counters" data-test="home-counters">
                    <h3>"本单位参保批次"</h3>
                    {counter("home-batches", "参保批次", format!("{}个", page.total), None)}
                    {counter("home-open", "办理中", format!("{open}个"), None)}
                    {counter("home-completed", "投保成功", format!("{}个（{people}人）", completed.len()), None)}
                </div>
            }
        })
    }
}
