//! Plan years (保障年度设置): stored settings, seeded with the manual's values.

use api_types::{CurrentPlanYearOut, PlanYearIn, PlanYearOut, Role};
use chrono::{DateTime, Utc};
use domain::plan_year::{plan_year_for, standard_plan_year_for};
use domain::{BatchKind, Fen, PlanYear};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};

use crate::actor::Actor;
use crate::audit;
use crate::entities::plan_year;
use crate::error::{ServiceError, ServiceResult};
use crate::time::shanghai;

/// The domain's plan year of a row.
pub fn to_domain(m: &plan_year::Model) -> PlanYear {
    let pct = |v: i32| u32::try_from(v).unwrap_or(0);
    PlanYear {
        year: m.year,
        centralized_start: m.centralized_start,
        centralized_end: m.centralized_end,
        withholding_channel_close: m.withholding_channel_close,
        withholding_application_deadline: m.withholding_application_deadline,
        instant_start: m.instant_start,
        coverage_start: m.coverage_start,
        coverage_end: m.coverage_end,
        premium: Fen::new(m.premium_fen),
        withholding_cap: Fen::new(m.withholding_cap_fen),
        ratio_threshold_percent: pct(m.ratio_threshold_percent),
        valid_mobile_share_percent: pct(m.valid_mobile_share_percent),
        waiting_period_days: pct(m.waiting_period_days),
    }
}

fn active(p: &PlanYear, version: i32, now: DateTime<Utc>) -> plan_year::ActiveModel {
    let int = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
    plan_year::ActiveModel {
        year: Set(p.year),
        centralized_start: Set(p.centralized_start),
        centralized_end: Set(p.centralized_end),
        withholding_channel_close: Set(p.withholding_channel_close),
        withholding_application_deadline: Set(p.withholding_application_deadline),
        instant_start: Set(p.instant_start),
        coverage_start: Set(p.coverage_start),
        coverage_end: Set(p.coverage_end),
        premium_fen: Set(p.premium.0),
        withholding_cap_fen: Set(p.withholding_cap.0),
        ratio_threshold_percent: Set(int(p.ratio_threshold_percent)),
        valid_mobile_share_percent: Set(int(p.valid_mobile_share_percent)),
        waiting_period_days: Set(int(p.waiting_period_days)),
        version: Set(version),
        updated_at: Set(now),
    }
}

/// The API shape of a row.
pub fn out(m: &plan_year::Model) -> PlanYearOut {
    let t = shanghai;
    PlanYearOut {
        year: m.year,
        centralized_start: t(m.centralized_start),
        centralized_end: t(m.centralized_end),
        withholding_channel_close: t(m.withholding_channel_close),
        withholding_application_deadline: t(m.withholding_application_deadline),
        instant_start: t(m.instant_start),
        coverage_start: t(m.coverage_start),
        coverage_end: t(m.coverage_end),
        premium_fen: m.premium_fen,
        withholding_cap_fen: m.withholding_cap_fen,
        ratio_threshold_percent: u32::try_from(m.ratio_threshold_percent).unwrap_or(0),
        valid_mobile_share_percent: u32::try_from(m.valid_mobile_share_percent).unwrap_or(0),
        waiting_period_days: u32::try_from(m.waiting_period_days).unwrap_or(0),
        version: m.version,
    }
}

/// The domain's plan year of an admin's edit, validated (422 with the domain's message).
pub fn from_input(year: i32, i: &PlanYearIn) -> ServiceResult<PlanYear> {
    let u = |v: chrono::DateTime<chrono::FixedOffset>| v.with_timezone(&Utc);
    let p = PlanYear {
        year,
        centralized_start: u(i.centralized_start),
        centralized_end: u(i.centralized_end),
        withholding_channel_close: u(i.withholding_channel_close),
        withholding_application_deadline: u(i.withholding_application_deadline),
        instant_start: u(i.instant_start),
        coverage_start: u(i.coverage_start),
        coverage_end: u(i.coverage_end),
        premium: Fen::new(i.premium_fen),
        withholding_cap: Fen::new(i.withholding_cap_fen),
        ratio_threshold_percent: i.ratio_threshold_percent,
        valid_mobile_share_percent: i.valid_mobile_share_percent,
        waiting_period_days: i.waiting_period_days,
    };
    PlanYear::standard(year).map_err(|e| ServiceError::field("year", e.to_string()))?;
    p.validate()
        .map_err(|e| ServiceError::field("plan_year", e.to_string()))?;
    if i.waiting_period_days > 365 {
        return Err(ServiceError::field(
            "waiting_period_days",
            "免责期不能超过365天",
        ));
    }
    Ok(p)
}

/// Inserts the manual's 2025 values and the plan year current at `now` (same calendar
/// rule) unless present; several instances may run it at once.
pub async fn ensure_seeded(db: &impl ConnectionTrait, now: DateTime<Utc>) -> anyhow::Result<()> {
    let mut years = vec![PlanYear::standard(2025)?];
    let current = standard_plan_year_for(now)?;
    if current.year != 2025 {
        years.push(current);
    }
    for p in years {
        plan_year::Entity::insert(active(&p, 1, now))
            .on_conflict(
                OnConflict::column(plan_year::Column::Year)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Every plan year, newest first.
pub async fn all(db: &impl ConnectionTrait) -> ServiceResult<Vec<plan_year::Model>> {
    Ok(plan_year::Entity::find()
        .order_by_desc(plan_year::Column::Year)
        .all(db)
        .await?)
}

/// One plan year.
pub async fn get(db: &impl ConnectionTrait, year: i32) -> ServiceResult<plan_year::Model> {
    plan_year::Entity::find_by_id(year)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("保障年度"))
}

/// Every plan year as the domain's type.
pub async fn all_domain(db: &impl ConnectionTrait) -> ServiceResult<Vec<PlanYear>> {
    Ok(all(db).await?.iter().map(to_domain).collect())
}

/// The plan year taking enrollments at `now` (the newest enrolling one), and which
/// windows are open at this instant.
pub async fn current(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> ServiceResult<CurrentPlanYearOut> {
    let rows = all(db).await?;
    let years: Vec<PlanYear> = rows.iter().map(to_domain).collect();
    let p = plan_year_for(&years, now).ok_or(ServiceError::NotFound("当前保障年度"))?;
    let row = rows
        .iter()
        .find(|r| r.year == p.year)
        .ok_or(ServiceError::NotFound("当前保障年度"))?;
    Ok(CurrentPlanYearOut {
        now: shanghai(now),
        centralized_open: p.can_open_batch(BatchKind::Centralized, now).is_ok(),
        instant_open: p.can_open_batch(BatchKind::Instant, now).is_ok(),
        withholding_channel_open: p.withholding_channel_open(now),
        plan_year: out(row),
    })
}

/// Creates or replaces a plan year's settings (admins); a replacement is based on the
/// version read (`expected_version`, 409 when stale), a new year needs none.
pub async fn save<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    year: i32,
    expected_version: Option<i32>,
    input: &PlanYearIn,
    now: DateTime<Utc>,
) -> ServiceResult<PlanYearOut> {
    actor.require(&[Role::Admin])?;
    let p = from_input(year, input)?;
    let txn = crate::db::begin(db).await?;
    let before = plan_year::Entity::find_by_id(p.year).one(&txn).await?;
    match &before {
        None => {
            plan_year::Entity::insert(active(&p, 1, now))
                .exec_without_returning(&txn)
                .await?;
        }
        Some(b) => {
            // Replacing a year's settings is based on the version read, like every change.
            let expected = expected_version.ok_or(ServiceError::PreconditionRequired)?;
            if expected != b.version {
                return Err(ServiceError::VersionConflict);
            }
            let res = plan_year::Entity::update_many()
                .set(active(&p, expected + 1, now))
                .filter(plan_year::Column::Year.eq(p.year))
                .filter(plan_year::Column::Version.eq(expected))
                .exec(&txn)
                .await?;
            if res.rows_affected == 0 {
                return Err(ServiceError::VersionConflict);
            }
        }
    }
    let after = get(&txn, p.year).await?;
    let action = if before.is_some() {
        "plan_year.updated"
    } else {
        "plan_year.created"
    };
    let mut entry = audit::entry(Some(actor), action).target("plan_year", after.year);
    if let Some(b) = &before {
        entry = entry.before(serde_json::to_value(out(b)).unwrap_or_default());
    }
    entry
        .after(serde_json::to_value(out(&after)).unwrap_or_default())
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(out(&after))
}
