//! 保障年度设置 (admins): every plan year's windows, deadlines and money settings.

use api_types::{PlanYearIn, PlanYearOut};
use chrono::{DateTime, FixedOffset};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::batch_api::use_batch_api;
use crate::pages::batch_wizard::yuan;

fn local(t: &DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%dT%H:%M").to_string()
}

fn instant(raw: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(&format!("{raw}:00+08:00")).ok()
}

/// The plan-year page (`/admin/plan-years`).
#[component]
pub fn PlanYearsPage() -> impl IntoView {
    let api = use_batch_api();
    let years = RwSignal::new(Vec::<PlanYearOut>::new());
    let editing = RwSignal::new(None::<PlanYearOut>);
    let error = RwSignal::new(None::<String>);
    let message = RwSignal::new(None::<String>);
    let load = move || {
        spawn_local(async move {
            match api.plan_years().await {
                Ok(y) => years.set(y),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    load();

    view! {
        <section class="page" data-test="plan-years-page">
            <h2 class="page-title" data-test="page-title">"保障年度设置"</h2>
            <Show when=move || error.get().is_some()>
                <div class="alert alert-error" role="alert" data-test="plan-year-error">{move || error.get().unwrap_or_default()}</div>
            </Show>
            <Show when=move || message.get().is_some()>
                <div class="alert alert-info" data-test="plan-year-message">{move || message.get().unwrap_or_default()}</div>
            </Show>
            <div class="panel">
                <table class="table" data-test="plan-years-table">
                    <thead><tr>
                        <th>"保障年度"</th><th>"集中参保"</th><th>"代扣通道关闭"</th><th>"代扣申请截止"</th>
                        <th>"即时参保开始"</th><th>"保障期限"</th><th>"保费(元)"</th><th>"代扣上限(元)"</th><th>"操作"</th>
                    </tr></thead>
                    <tbody>
                        {move || years.get().into_iter().map(|y| {
                            let edit = y.clone();
                            view! {
                                <tr data-test="plan-year-row">
                                    <td data-test="plan-year">{y.year}</td>
                                    <td>{format!("{} 至 {}", local(&y.centralized_start), local(&y.centralized_end))}</td>
                                    <td>{local(&y.withholding_channel_close)}</td>
                                    <td>{local(&y.withholding_application_deadline)}</td>
                                    <td>{local(&y.instant_start)}</td>
                                    <td>{format!("{} 至 {}", local(&y.coverage_start), local(&y.coverage_end))}</td>
                                    <td data-test="plan-year-premium">{yuan(y.premium_fen)}</td>
                                    <td data-test="plan-year-cap">{yuan(y.withholding_cap_fen)}</td>
                                    <td><button class="btn-link" data-test="plan-year-edit" on:click=move |_| editing.set(Some(edit.clone()))>"修改"</button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {move || editing.get().map(|y| view! {
                <PlanYearForm year=y on_done=Callback::new(move |saved: Option<PlanYearOut>| {
                    editing.set(None);
                    if let Some(s) = saved {
                        message.set(Some(format!("{}保障年度设置已保存", s.year)));
                        error.set(None);
                        load();
                    }
                }) error=error />
            })}
        </section>
    }
}

#[component]
fn PlanYearForm(
    year: PlanYearOut,
    on_done: Callback<Option<PlanYearOut>>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let api = use_batch_api();
    let dt = |t: &DateTime<FixedOffset>| RwSignal::new(local(t));
    let cs = dt(&year.centralized_start);
    let ce = dt(&year.centralized_end);
    let wc = dt(&year.withholding_channel_close);
    let wd = dt(&year.withholding_application_deadline);
    let is = dt(&year.instant_start);
    let vs = dt(&year.coverage_start);
    let ve = dt(&year.coverage_end);
    let premium = RwSignal::new(yuan(year.premium_fen));
    let cap = RwSignal::new(yuan(year.withholding_cap_fen));
    let ratio = RwSignal::new(year.ratio_threshold_percent.to_string());
    let share = RwSignal::new(year.valid_mobile_share_percent.to_string());
    let waiting = RwSignal::new(year.waiting_period_days.to_string());
    let (y, version) = (year.year, year.version);

    let save = move |_| {
        let t = |s: RwSignal<String>| instant(&s.get_untracked());
        let fen = |s: RwSignal<String>| {
            domain::Fen::parse_yuan(&s.get_untracked())
                .ok()
                .map(|f| f.0)
        };
        let num = |s: RwSignal<String>| s.get_untracked().trim().parse::<u32>().ok();
        let body = (|| {
            Some(PlanYearIn {
                centralized_start: t(cs)?,
                centralized_end: t(ce)?,
                withholding_channel_close: t(wc)?,
                withholding_application_deadline: t(wd)?,
                instant_start: t(is)?,
                coverage_start: t(vs)?,
                coverage_end: t(ve)?,
                premium_fen: fen(premium)?,
                withholding_cap_fen: fen(cap)?,
                ratio_threshold_percent: num(ratio)?,
                valid_mobile_share_percent: num(share)?,
                waiting_period_days: num(waiting)?,
            })
        })();
        let Some(body) = body else {
            error.set(Some(
                "请完整填写各项设置（时间、金额、百分比、天数）".into(),
            ));
            return;
        };
        spawn_local(async move {
            match api.put_plan_year(y, version, &body).await {
                Ok(saved) => on_done.run(Some(saved)),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let field = |label: &'static str,
                 test: &'static str,
                 sig: RwSignal<String>,
                 kind: &'static str| {
        view! {
            <label class="field"><span class="field-label">{label}</span><input type=kind data-test=test bind:value=sig /></label>
        }
    };
    view! {
        <div class="panel" data-test="plan-year-form">
            <h3>{format!("修改 {y} 保障年度（上海时间）")}</h3>
            {field("集中参保开始", "py-centralized-start", cs, "datetime-local")}
            {field("集中参保结束", "py-centralized-end", ce, "datetime-local")}
            {field("委托代扣通道关闭", "py-withholding-close", wc, "datetime-local")}
            {field("代扣申请截止", "py-withholding-deadline", wd, "datetime-local")}
            {field("即时参保开始", "py-instant-start", is, "datetime-local")}
            {field("保障开始", "py-coverage-start", vs, "datetime-local")}
            {field("保障结束", "py-coverage-end", ve, "datetime-local")}
            {field("保费（元/人）", "py-premium", premium, "text")}
            {field("代扣金额上限（元/人）", "py-cap", cap, "text")}
            {field("参保比例要求（%）", "py-ratio", ratio, "text")}
            {field("有效手机号比例（%）", "py-mobile-share", share, "text")}
            {field("免责期（天）", "py-waiting", waiting, "text")}
            <div class="modal-actions">
                <button class="btn" data-test="plan-year-cancel" on:click=move |_| on_done.run(None)>"取消"</button>
                <button class="btn btn-primary" data-test="plan-year-save" on:click=save>"保存"</button>
            </div>
        </div>
    }
}
