//! The editor of one plan year (Shanghai time): an existing year, sent with its version, or a
//! new one (新增保障年度), pre-filled from the previous year one year later and sent without.

use api_types::{PlanYearIn, PlanYearOut};
use chrono::{DateTime, FixedOffset, Months, NaiveDateTime};
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::banner::Notice;
use crate::components::format::{shanghai, yuan};

/// What the form edits.
#[derive(Debug, Clone, PartialEq)]
pub enum Editing {
    /// A stored year (its version goes with the save as `If-Match`).
    Existing(PlanYearOut),
    /// A year to create; the settings are a proposal.
    New(PlanYearOut),
}

/// The year after `previous`: the same settings, every date one year later.
pub fn next_year(previous: &PlanYearOut) -> Option<PlanYearOut> {
    let later = |t: DateTime<FixedOffset>| t.checked_add_months(Months::new(12));
    Some(PlanYearOut {
        year: previous.year.checked_add(1)?,
        centralized_start: later(previous.centralized_start)?,
        centralized_end: later(previous.centralized_end)?,
        withholding_channel_close: later(previous.withholding_channel_close)?,
        withholding_application_deadline: later(previous.withholding_application_deadline)?,
        instant_start: later(previous.instant_start)?,
        coverage_start: later(previous.coverage_start)?,
        coverage_end: later(previous.coverage_end)?,
        version: 0,
        ..previous.clone()
    })
}

/// `datetime-local` value on the Shanghai clock.
fn local(t: DateTime<FixedOffset>) -> String {
    shanghai(t).format("%Y-%m-%dT%H:%M").to_string()
}

/// Reads a `datetime-local` value as Shanghai time (browsers may add seconds).
fn instant(raw: &str) -> Option<DateTime<FixedOffset>> {
    let raw = raw.trim();
    let naive = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    naive
        .and_local_timezone(FixedOffset::east_opt(8 * 3600)?)
        .single()
}

/// The form; `on_done` gets the saved year, `None` when cancelled. Errors go to `notice`.
#[component]
pub fn PlanYearForm(
    editing: Editing,
    /// The years already stored: a new year must not be one of them.
    taken: Vec<i32>,
    notice: Notice,
    on_done: Callback<Option<PlanYearOut>>,
) -> impl IntoView {
    let api = use_api();
    let (year, version, is_new) = match &editing {
        Editing::Existing(y) => (y.clone(), Some(y.version), false),
        Editing::New(y) => (y.clone(), None, true),
    };
    let dt = |t: DateTime<FixedOffset>| RwSignal::new(local(t));
    let cs = dt(year.centralized_start);
    let ce = dt(year.centralized_end);
    let wc = dt(year.withholding_channel_close);
    let wd = dt(year.withholding_application_deadline);
    let is = dt(year.instant_start);
    let vs = dt(year.coverage_start);
    let ve = dt(year.coverage_end);
    let number = RwSignal::new(year.year.to_string());
    let premium = RwSignal::new(yuan(year.premium_fen));
    let cap = RwSignal::new(yuan(year.withholding_cap_fen));
    let ratio = RwSignal::new(year.ratio_threshold_percent.to_string());
    let share = RwSignal::new(year.valid_mobile_share_percent.to_string());
    let waiting = RwSignal::new(year.waiting_period_days.to_string());

    let save = Action::new_local(move |(y, body): &(i32, PlanYearIn)| {
        let (y, body) = (*y, body.clone());
        async move {
            notice.clear();
            if let Some(saved) = notice.check(api.plan_years().save(y, version, &body).await) {
                on_done.run(Some(saved));
            }
        }
    });
    let on_save = move |_| {
        notice.clear();
        let t = |s: RwSignal<String>| instant(&s.get_untracked());
        let fen = |s: RwSignal<String>| {
            domain::Fen::parse_yuan(&s.get_untracked())
                .ok()
                .map(domain::Fen::as_fen)
        };
        let num = |s: RwSignal<String>| s.get_untracked().trim().parse::<u32>().ok();
        let Ok(y) = number.get_untracked().trim().parse::<i32>() else {
            return notice.invalid("请填写正确的保障年度（如 2027）");
        };
        // Without If-Match the server would replace a stored year: refuse that here.
        if is_new && taken.contains(&y) {
            return notice.invalid(format!("{y}保障年度已存在，请在列表中点击“修改”"));
        }
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
        match body {
            Some(body) => {
                save.dispatch_local((y, body));
            }
            None => notice.invalid("请完整填写各项设置（时间、金额、百分比、天数）"),
        }
    };
    let field = |label: &'static str,
                 test: &'static str,
                 sig: RwSignal<String>,
                 kind: &'static str| {
        view! {
            <label class="field"><span class="field-label">{label}</span><input type=kind data-test=test bind:value=sig /></label>
        }
    };
    // The form opens below the list: bring it into view.
    let form_ref = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = form_ref.get() {
            el.scroll_into_view();
        }
    });
    let title = if is_new {
        "新增保障年度（上海时间，已按上一年度顺延一年预填）".to_owned()
    } else {
        format!("修改 {} 保障年度（上海时间）", year.year)
    };
    view! {
        <div class="panel" data-test="plan-year-form" node_ref=form_ref>
            <h3>{title}</h3>
            {is_new.then(|| field("保障年度", "py-year", number, "number"))}
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
                <button type="button" class="btn" data-test="plan-year-cancel" on:click=move |_| on_done.run(None)>"取消"</button>
                <button type="button" class="btn btn-primary" data-test="plan-year-save" disabled=move || save.pending().get() on:click=on_save>"保存"</button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_datetime_local_value_is_shanghai_time() {
        let t = instant("2026-05-12T00:00").map(|t| t.to_rfc3339());
        assert_eq!(t.as_deref(), Some("2026-05-12T00:00:00+08:00"));
        assert_eq!(
            instant("2026-05-12T00:00:30").map(|t| local(t)).as_deref(),
            Some("2026-05-12T00:00")
        );
        assert!(instant("2026-05-12").is_none());
    }

    #[test]
    fn the_next_year_is_the_previous_one_a_year_later() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).ok();
        let (Some(start), Some(end)) = (
            at("2026-05-12T00:00:00+08:00"),
            at("2027-07-01T00:00:00+08:00"),
        ) else {
            panic!("test instants");
        };
        let previous = PlanYearOut {
            year: 2026,
            centralized_start: start,
            centralized_end: start,
            withholding_channel_close: start,
            withholding_application_deadline: start,
            instant_start: start,
            coverage_start: start,
            coverage_end: end,
            premium_fen: 45_000,
            withholding_cap_fen: 30_000,
            ratio_threshold_percent: 75,
            valid_mobile_share_percent: 50,
            waiting_period_days: 30,
            version: 4,
        };
        let next = next_year(&previous);
        assert_eq!(
            next.as_ref()
                .map(|n| (n.year, n.version, n.withholding_cap_fen)),
            Some((2027, 0, 30_000))
        );
        assert_eq!(
            next.as_ref().map(|n| local(n.centralized_start)).as_deref(),
            Some("2027-05-12T00:00")
        );
        assert_eq!(
            next.map(|n| local(n.coverage_end)).as_deref(),
            Some("2028-07-01T00:00")
        );
    }
}
