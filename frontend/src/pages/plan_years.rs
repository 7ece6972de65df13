//! 保障年度设置 (admins): every plan year's windows, deadlines and money settings; edit one,
//! or add the next year (新增保障年度).

use api_types::PlanYearOut;
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::banner::{Notice, NoticeBanner};
use crate::components::format::{manual_time, yuan};
use crate::components::table::DataTable;
use crate::pages::plan_year_form::{next_year, Editing, PlanYearForm};

/// The plan-year page (`/admin/plan-years`).
#[component]
pub fn PlanYearsPage() -> impl IntoView {
    let api = use_api();
    let notice = Notice::new();
    let years = LocalResource::new(move || async move { api.plan_years().list().await });
    let editing = RwSignal::new(None::<Editing>);

    let add = move |_| {
        notice.clear();
        let latest = years.with(|y| match y {
            Some(Ok(list)) => list.iter().max_by_key(|y| y.year).cloned(),
            _ => None,
        });
        match latest.and_then(|l| next_year(&l)) {
            Some(next) => editing.set(Some(Editing::New(next))),
            None => notice.invalid("请等待保障年度列表加载完成后再新增"),
        }
    };

    let row = move |y: PlanYearOut| {
        let edit = y.clone();
        view! {
            <tr data-test="plan-year-row">
                <td data-test="plan-year">{y.year}</td>
                <td>{format!("{} 至 {}", manual_time(y.centralized_start), manual_time(y.centralized_end))}</td>
                <td>{manual_time(y.withholding_channel_close)}</td>
                <td>{manual_time(y.withholding_application_deadline)}</td>
                <td>{manual_time(y.instant_start)}</td>
                <td>{format!("{} 至 {}", manual_time(y.coverage_start), manual_time(y.coverage_end))}</td>
                <td data-test="plan-year-premium">{yuan(y.premium_fen)}</td>
                <td data-test="plan-year-cap">{yuan(y.withholding_cap_fen)}</td>
                <td>
                    <button type="button" class="btn-link" data-test="plan-year-edit"
                        on:click=move |_| { notice.clear(); editing.set(Some(Editing::Existing(edit.clone()))); }>"修改"</button>
                </td>
            </tr>
        }
    };

    view! {
        <section class="page" data-test="plan-years-page">
            <h2 class="page-title" data-test="page-title">"保障年度设置"</h2>
            <NoticeBanner notice=notice error_test="plan-year-error" ok_test="plan-year-message" on_reload=Callback::new(move |_| { editing.set(None); years.refetch(); }) />
            <div class="panel toolbar">
                <button type="button" class="btn btn-primary" data-test="plan-year-add" on:click=add>"新增保障年度"</button>
                <span class="field-help">"新增时按上一保障年度的设置顺延一年预填，保存前请逐项核对。"</span>
            </div>
            <div class="panel">
                <DataTable
                    data=years
                    test="plan-years-table"
                    head=|| view! {
                        <th>"保障年度"</th><th>"集中参保"</th><th>"代扣通道关闭"</th><th>"代扣申请截止"</th>
                        <th>"即时参保开始"</th><th>"保障期限"</th><th>"保费(元)"</th><th>"代扣上限(元)"</th><th>"操作"</th>
                    }
                    row=row
                />
            </div>
            {move || editing.get().map(|e| view! {
                <PlanYearForm
                    editing=e
                    taken=years.with_untracked(|y| match y {
                        Some(Ok(list)) => list.iter().map(|y| y.year).collect(),
                        _ => Vec::new(),
                    })
                    notice=notice
                    on_done=Callback::new(move |saved: Option<PlanYearOut>| {
                        editing.set(None);
                        if let Some(s) = saved {
                            notice.success(format!("{}保障年度设置已保存", s.year));
                            years.refetch();
                        }
                    })
                />
            })}
        </section>
    }
}
