//! 统计 for the association (SPEC §14): enrolled people and premiums of a plan year by
//! 所属区局工会, by day, by 参保类型 and payment method; how many batches stand in each status
//! and how long completion took; the units that enrolled last year and not yet this year;
//! and the home page's counters (今日 / 本周 / 本月). A person counts as enrolled once the
//! batch is 参保已完成 (投保成功), on the day it was completed (Shanghai time).

mod steps;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

pub use steps::{duration_label_zh, funnel, stays, FunnelStep, StatusChange};

use crate::batch::{BatchStatus, PaymentMethod};
use crate::plan_year::BatchKind;

/// What the statistics need of one batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchFact {
    /// The unit's key (any stable text, e.g. its id).
    pub unit: String,
    /// Where it stands.
    pub status: BatchStatus,
    /// 集中 / 即时.
    pub kind: BatchKind,
    /// The payment method, once chosen.
    pub method: Option<PaymentMethod>,
    /// People on its roster.
    pub people: u64,
    /// The Shanghai day it was completed (投保成功), if it was.
    pub completed_on: Option<NaiveDate>,
    /// When it was created (it entered 名单待导入).
    pub created_at: DateTime<Utc>,
    /// Its moves from status to status, as recorded (any order).
    pub changes: Vec<StatusChange>,
}

impl BatchFact {
    /// The Shanghai day it was created.
    pub fn created_on(&self) -> NaiveDate {
        crate::plan_year::shanghai_date(self.created_at)
    }
}

/// Enrolled people and their premium.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    /// Units with an enrolled batch.
    pub units: u64,
    /// Enrolled people.
    pub people: u64,
    /// Their premium in fen.
    pub premium_fen: i64,
}

/// The statistics of one plan year.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Statistics {
    /// The whole plan year.
    pub total: Figures,
    /// Enrolled today / this week (from Monday) / this month.
    pub today: Figures,
    /// From Monday of this week.
    pub this_week: Figures,
    /// From the 1st of this month.
    pub this_month: Figures,
    /// By 所属区局工会 (`未填写` for units without one), largest first.
    pub by_district: Vec<(String, Figures)>,
    /// By completion day, in order.
    pub by_day: Vec<(NaiveDate, Figures)>,
    /// By 参保类型 and payment method.
    pub by_kind_and_method: Vec<(BatchKind, Option<PaymentMethod>, Figures)>,
    /// Every status in life-cycle order: batches in it now and how long stays in it take.
    pub funnel: Vec<FunnelStep>,
    /// Mean days from creation to completion of the completed batches.
    pub mean_days_to_complete: Option<f64>,
}

/// The district of units without one.
pub const NO_DISTRICT: &str = "未填写";

fn figures<'a>(batches: impl Iterator<Item = &'a BatchFact>, premium_fen: i64) -> Figures {
    let mut units = BTreeSet::new();
    let mut people = 0u64;
    for b in batches {
        units.insert(b.unit.as_str());
        people += b.people;
    }
    Figures {
        units: units.len() as u64,
        people,
        premium_fen: premium_fen.saturating_mul(i64::try_from(people).unwrap_or(i64::MAX)),
    }
}

/// Aggregates the batches of one plan year; `district` names each unit's 所属区局工会,
/// `premium_fen` is the plan year's premium a person, `today` the Shanghai day.
pub fn aggregate(
    batches: &[BatchFact],
    district: impl Fn(&str) -> Option<String>,
    premium_fen: i64,
    today: NaiveDate,
) -> Statistics {
    let enrolled: Vec<&BatchFact> = batches
        .iter()
        .filter(|b| b.status == BatchStatus::Completed && b.completed_on.is_some())
        .collect();
    let since = |from: NaiveDate| {
        figures(
            enrolled
                .iter()
                .copied()
                .filter(move |b| b.completed_on.is_some_and(|d| d >= from && d <= today)),
            premium_fen,
        )
    };
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let first = today.with_day(1).unwrap_or(today);

    let mut districts: BTreeMap<String, Vec<&BatchFact>> = BTreeMap::new();
    let mut days: BTreeMap<NaiveDate, Vec<&BatchFact>> = BTreeMap::new();
    let mut kinds: BTreeMap<(u8, u8), Vec<&BatchFact>> = BTreeMap::new();
    for b in &enrolled {
        let d = district(&b.unit)
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(|| NO_DISTRICT.to_owned());
        districts.entry(d).or_default().push(b);
        if let Some(day) = b.completed_on {
            days.entry(day).or_default().push(b);
        }
        kinds
            .entry((kind_rank(b.kind), method_rank(b.method)))
            .or_default()
            .push(b);
    }
    let mut by_district: Vec<(String, Figures)> = districts
        .into_iter()
        .map(|(d, bs)| (d, figures(bs.into_iter(), premium_fen)))
        .collect();
    by_district.sort_by(|a, b| b.1.people.cmp(&a.1.people).then(a.0.cmp(&b.0)));
    let by_kind_and_method = kinds
        .into_values()
        .filter_map(|bs| {
            let first = *bs.first()?;
            Some((
                first.kind,
                first.method,
                figures(bs.into_iter(), premium_fen),
            ))
        })
        .collect();
    let funnel = funnel(batches);
    let durations: Vec<i64> = enrolled
        .iter()
        .filter_map(|b| Some((b.completed_on? - b.created_on()).num_days()))
        .collect();
    let mean_days_to_complete = (!durations.is_empty())
        .then(|| durations.iter().sum::<i64>() as f64 / durations.len() as f64);
    Statistics {
        total: figures(enrolled.iter().copied(), premium_fen),
        today: since(today),
        this_week: since(monday),
        this_month: since(first),
        by_district,
        by_day: days
            .into_iter()
            .map(|(d, bs)| (d, figures(bs.into_iter(), premium_fen)))
            .collect(),
        by_kind_and_method,
        funnel,
        mean_days_to_complete,
    }
}

fn kind_rank(k: BatchKind) -> u8 {
    match k {
        BatchKind::Centralized => 0,
        BatchKind::Instant => 1,
    }
}

fn method_rank(m: Option<PaymentMethod>) -> u8 {
    match m {
        Some(PaymentMethod::Withholding) => 0,
        Some(PaymentMethod::Voucher) => 1,
        None => 2,
    }
}

/// The units enrolled in `last_year` (a completed batch) without any batch this year that
/// reached 参保已完成 — the ones to remind — each with the people it enrolled last year.
/// `this_year` holds this year's batches.
pub fn lapsed_units<'a>(
    last_year: &'a [BatchFact],
    this_year: &[BatchFact],
) -> Vec<(&'a str, u64)> {
    let enrolled_now: BTreeSet<&str> = this_year
        .iter()
        .filter(|b| b.status == BatchStatus::Completed)
        .map(|b| b.unit.as_str())
        .collect();
    let mut lapsed: BTreeMap<&str, u64> = BTreeMap::new();
    for b in last_year
        .iter()
        .filter(|b| b.status == BatchStatus::Completed)
        .filter(|b| !enrolled_now.contains(b.unit.as_str()))
    {
        *lapsed.entry(b.unit.as_str()).or_default() += b.people;
    }
    lapsed.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a test date")
    }

    fn fact(unit: &str, status: BatchStatus, people: u64, done: Option<&str>) -> BatchFact {
        BatchFact {
            unit: unit.into(),
            status,
            kind: BatchKind::Centralized,
            method: Some(PaymentMethod::Voucher),
            people,
            completed_on: done.map(day),
            created_at: day("2026-05-20")
                .and_hms_opt(2, 0, 0)
                .expect("a test time")
                .and_utc(),
            changes: Vec::new(),
        }
    }

    #[test]
    fn only_completed_batches_count_on_their_completion_day() {
        let mut instant = fact("c", BatchStatus::Completed, 5, Some("2026-06-10"));
        instant.kind = BatchKind::Instant;
        let batches = [
            fact("a", BatchStatus::Completed, 12, Some("2026-06-01")),
            fact("a", BatchStatus::Completed, 3, Some("2026-06-08")),
            fact("b", BatchStatus::UnderReview, 40, None),
            fact("b", BatchStatus::Completed, 7, Some("2026-06-10")),
            instant,
        ];
        let district = |u: &str| (u != "c").then(|| format!("{u}区总工会"));
        // Wednesday 10 June 2026: the week began on Monday the 8th.
        let s = aggregate(&batches, district, 15_000, day("2026-06-10"));
        assert_eq!(
            s.total,
            Figures {
                units: 3,
                people: 27,
                premium_fen: 405_000
            }
        );
        assert_eq!((s.today.people, s.today.units), (12, 2));
        assert_eq!(s.this_week.people, 15);
        assert_eq!(s.this_month.people, 27);
        let districts: Vec<_> = s
            .by_district
            .iter()
            .map(|(d, f)| (d.as_str(), f.people))
            .collect();
        assert_eq!(
            districts,
            [("a区总工会", 15), ("b区总工会", 7), (NO_DISTRICT, 5)]
        );
        let days: Vec<_> = s
            .by_day
            .iter()
            .map(|(d, f)| (d.to_string(), f.people))
            .collect();
        assert_eq!(
            days,
            [
                ("2026-06-01".to_owned(), 12),
                ("2026-06-08".into(), 3),
                ("2026-06-10".into(), 12)
            ]
        );
        assert_eq!(s.by_kind_and_method.len(), 2);
        assert_eq!(s.by_kind_and_method[0].2.people, 22);
        assert_eq!(s.by_kind_and_method[1].0, BatchKind::Instant);
        let under_review = s
            .funnel
            .iter()
            .find(|f| f.status == BatchStatus::UnderReview)
            .map(|f| f.batches);
        assert_eq!(under_review, Some(1));
        assert_eq!(s.funnel.iter().map(|f| f.batches).sum::<u64>(), 5);
        // Created 20 May; completed 1, 8, 10, 10 June: 12, 19, 21, 21 days.
        assert_eq!(s.mean_days_to_complete, Some(18.25));
    }

    #[test]
    fn lapsed_units_enrolled_last_year_and_not_yet_this_year() {
        let last = [
            fact("a", BatchStatus::Completed, 1, Some("2025-06-01")),
            fact("b", BatchStatus::Completed, 4, Some("2025-06-01")),
            fact("b", BatchStatus::Completed, 3, Some("2025-06-09")),
            fact("c", BatchStatus::ReviewRejected, 1, None),
        ];
        let now = [
            fact("a", BatchStatus::Completed, 1, Some("2026-06-01")),
            fact("b", BatchStatus::UnderReview, 1, None),
        ];
        assert_eq!(lapsed_units(&last, &now), [("b", 7)]);
    }

    #[test]
    fn an_empty_year_has_every_status_at_zero() {
        let s = aggregate(&[], |_| None, 15_000, day("2026-06-10"));
        assert_eq!(s.total, Figures::default());
        assert_eq!(s.funnel.len(), BatchStatus::ALL.len());
        assert!(s.funnel.iter().all(|f| f.batches == 0 && f.stays == 0));
        assert_eq!(s.mean_days_to_complete, None);
    }
}
