//! 统计 (`/review/statistics`): a plan year's enrolled units, people and premiums — in all,
//! 今日 / 本周 / 本月 — and bar charts (SVG) with their tables beside them: by 所属区局工会,
//! by day, by 参保类型 · 缴费方式; batches in each status; the units enrolled last year and not
//! yet this year; 导出 as xlsx.

use api_types::{FiguresOut, FiguresRowOut, StatisticsOut, StatisticsQuery};
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::counter::counter;
use crate::components::format::yuan;

/// One horizontal bar chart: a row a label, the bar's length proportional to `value`.
#[component]
fn BarChart(test: &'static str, rows: Vec<(String, u64)>, unit: &'static str) -> impl IntoView {
    const ROW: usize = 26;
    const LABEL: usize = 150;
    const WIDTH: usize = 560;
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let height = (rows.len().max(1)) * ROW + 8;
    let bars = rows
        .into_iter()
        .enumerate()
        .map(|(i, (label, value))| {
            let y = i * ROW + 4;
            let span = WIDTH - LABEL - 80;
            let w = (value as f64 / max as f64 * span as f64).round().max(1.0);
            let key = label.clone();
            view! {
                <g data-test="chart-bar" data-label=key data-value=value>
                    <text x="0" y=y + 17 font-size="13">{label}</text>
                    <rect x=LABEL y=y + 4 width=w height=ROW - 8 fill="#2f6fb3" rx="2"></rect>
                    <text x=LABEL as f64 + w + 6.0 y=y + 17 font-size="12">{format!("{value}{unit}")}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" data-test=test role="img" width=WIDTH height=height
            viewBox=format!("0 0 {WIDTH} {height}")
            font-family="'WenQuanYi Zen Hei', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif">
            {bars}
        </svg>
    }
}

/// A table of a breakdown beside its chart.
fn figures_table(test: &'static str, first: &'static str, rows: &[FiguresRowOut]) -> impl IntoView {
    let body = rows
        .iter()
        .map(|r| {
            view! {
                <tr data-test="figures-row">
                    <td>{r.label.clone()}</td>
                    <td>{r.figures.units}</td>
                    <td>{r.figures.people}</td>
                    <td>{yuan(r.figures.premium_fen)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table" data-test=test>
            <thead><tr><th>{first}</th><th>"参保单位数"</th><th>"参保人数"</th><th>"参保费用（元）"</th></tr></thead>
            <tbody>{rows.is_empty().then(empty_row)}{body}</tbody>
        </table>
    }
}

/// The row of a table with nothing to list.
fn empty_row() -> impl IntoView {
    view! { <tr data-test="table-empty"><td class="table-note" colspan="100">"暂无数据"</td></tr> }
}

fn people_bars(rows: &[FiguresRowOut]) -> Vec<(String, u64)> {
    rows.iter()
        .map(|r| (r.label.clone(), r.figures.people))
        .collect()
}

/// A tile of the year's or a period's figures.
fn figures(test: &'static str, title: &'static str, f: FiguresOut) -> impl IntoView {
    let detail = format!("{}家单位 · {}元", f.units, yuan(f.premium_fen));
    counter(test, title, format!("{}人", f.people), Some(detail))
}

fn body(s: StatisticsOut) -> impl IntoView {
    let funnel: Vec<(String, u64)> = s
        .funnel
        .iter()
        .map(|f| (f.status_label.clone(), f.batches))
        .collect();
    let lapsed = s
        .lapsed_units
        .iter()
        .map(|u| {
            view! {
                <tr data-test="lapsed-row">
                    <td>{u.unit_name.clone()}</td>
                    <td>{u.enrollment_code.clone().unwrap_or_default()}</td>
                    <td>{u.district_union.clone().unwrap_or_default()}</td>
                    <td>{u.people_last_year}</td>
                </tr>
            }
        })
        .collect_view();
    let steps = s
        .funnel
        .iter()
        .map(|f| {
            let or_dash = |l: &str| {
                if l.is_empty() {
                    "-".to_owned()
                } else {
                    l.to_owned()
                }
            };
            view! {
                <tr data-test="funnel-row" data-status=f.status.clone()>
                    <td>{f.status_label.clone()}</td>
                    <td>{f.batches}</td>
                    <td>{f.stays}</td>
                    <td data-test="funnel-mean">{or_dash(&f.mean_label)}</td>
                    <td>{or_dash(&f.median_label)}</td>
                </tr>
            }
        })
        .collect_view();
    let mean = s
        .mean_days_to_complete
        .map_or("-".to_owned(), |d| format!("{d:.1}天"));
    view! {
        <div class="panel counters" data-test="statistics-counters">
            {figures("counter-total", "参保人数（本年度）", s.total)}
            {figures("counter-today", "今日", s.enrolled_today)}
            {figures("counter-week", "本周", s.enrolled_this_week)}
            {figures("counter-month", "本月", s.enrolled_this_month)}
        </div>
        <div class="panel">
            <h3>"按所属区局工会"</h3>
            <BarChart test="chart-district" rows=people_bars(&s.by_district) unit="人" />
            {figures_table("table-district", "所属区局工会", &s.by_district)}
        </div>
        <div class="panel">
            <h3>"按日"</h3>
            <BarChart test="chart-day" rows=people_bars(&s.by_day) unit="人" />
            {figures_table("table-day", "日期", &s.by_day)}
        </div>
        <div class="panel">
            <h3>"按参保类型与缴费方式"</h3>
            <BarChart test="chart-kind" rows=people_bars(&s.by_kind_and_method) unit="人" />
            {figures_table("table-kind", "参保类型 · 缴费方式", &s.by_kind_and_method)}
        </div>
        <div class="panel">
            <h3>"批次状态"</h3>
            <p class="field-help" data-test="mean-days">"已完成批次平均办理时长：" {mean}</p>
            <BarChart test="chart-funnel" rows=funnel unit="个" />
            <table class="table" data-test="table-funnel">
                <thead><tr><th>"状态"</th><th>"当前批次数"</th><th>"已流转次数"</th><th>"平均停留"</th><th>"停留中位数"</th></tr></thead>
                <tbody>{steps}</tbody>
            </table>
        </div>
        <div class="panel">
            <h3>"上年度参保、本年度尚未参保的单位"</h3>
            <table class="table" data-test="table-lapsed">
                <thead><tr><th>"参保单位"</th><th>"参保编码"</th><th>"所属区局工会"</th><th>"上年度参保人数"</th></tr></thead>
                <tbody>{s.lapsed_units.is_empty().then(empty_row)}{lapsed}</tbody>
            </table>
        </div>
    }
}

/// The page.
#[component]
pub fn StatisticsPage() -> impl IntoView {
    let api = use_api();
    let notice = Notice::new();
    let year = RwSignal::new(String::new());
    let applied = RwSignal::new(StatisticsQuery::default());
    let stats = LocalResource::new(move || {
        let q = applied.get();
        async move { api.statistics().get(&q).await }
    });
    let search = move || {
        notice.clear();
        let typed = year.get_untracked();
        let plan_year = match typed.trim() {
            "" => None,
            t => match t.parse::<i32>() {
                Ok(y) => Some(y),
                Err(_) => {
                    notice.invalid("保障年度请输入四位年份，例如 2026");
                    return;
                }
            },
        };
        applied.set(StatisticsQuery { plan_year });
    };
    let export = move |_| {
        let Some(Ok(s)) = stats.get() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match api.statistics().export(s.plan_year).await {
                Ok(()) => notice.success("统计表已导出"),
                Err(e) => notice.error(e),
            }
        });
    };
    view! {
        <section class="page" data-test="statistics-page">
            <h2 class="page-title" data-test="page-title">"统计"</h2>
            <div class="panel filters">
                <label>"保障年度：" <input data-test="statistics-year" bind:value=year placeholder="默认当前年度" /></label>
                <button type="button" class="btn btn-primary" data-test="statistics-search" on:click=move |_| search()>"查询"</button>
                <button type="button" class="btn" data-test="statistics-export" on:click=export>"导出"</button>
                {move || stats.get().and_then(Result::ok).map(|s| view! {
                    <span class="field-help" data-test="statistics-heading">{format!("{}年度 · 截至{}", s.plan_year, s.today)}</span>
                })}
            </div>
            <NoticeBanner notice=notice error_test="statistics-error" />
            {move || stats.get().map(|r| match r {
                Ok(s) => body(s).into_any(),
                Err(e) => view! { <p class="problem" data-test="statistics-failed">{e.message}</p> }.into_any(),
            })}
        </section>
    }
}
