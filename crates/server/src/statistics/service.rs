//! Loads a plan year's batches and units and hands them to `domain::statistics`.

use std::collections::HashMap;

use api_types::{
    FiguresOut, FiguresRowOut, LapsedUnitOut, Role, StatisticsOut, StatisticsQuery, StatusCountOut,
};
use chrono::{DateTime, Utc};
use domain::statistics::{
    aggregate, duration_label_zh, lapsed_units, BatchFact, Figures, StatusChange,
};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::actor::Actor;
use crate::batches::access::{kind_of, method_of, status_of};
use crate::entities::{batch, batch_status_change, plan_year, unit};
use crate::error::{key, stored, ServiceError, ServiceResult};
use crate::time::shanghai;

fn figures_out(f: Figures) -> FiguresOut {
    FiguresOut {
        units: f.units,
        people: f.people,
        premium_fen: f.premium_fen,
    }
}

fn row(label: String, f: Figures) -> FiguresRowOut {
    FiguresRowOut {
        label,
        figures: figures_out(f),
    }
}

/// The plan year's status changes, by batch.
async fn changes(
    db: &impl ConnectionTrait,
    year: i32,
) -> ServiceResult<HashMap<Uuid, Vec<StatusChange>>> {
    let rows = batch_status_change::Entity::find()
        .filter(
            batch_status_change::Column::BatchId.in_subquery(
                Query::select()
                    .column(batch::Column::Id)
                    .from(batch::Entity)
                    .and_where(batch::Column::PlanYear.eq(year))
                    .to_owned(),
            ),
        )
        .all(db)
        .await?;
    let mut by_batch: HashMap<Uuid, Vec<StatusChange>> = HashMap::new();
    for c in rows {
        by_batch.entry(c.batch_id).or_default().push(StatusChange {
            from: stored("batch status change", c.id, &c.from_status)?,
            to: stored("batch status change", c.id, &c.to_status)?,
            at: c.changed_at,
        });
    }
    Ok(by_batch)
}

/// The plan year's batches; their status changes too when `with_changes` (the funnel's
/// stays: last year's batches only tell which units enrolled).
async fn facts(
    db: &impl ConnectionTrait,
    year: i32,
    with_changes: bool,
) -> ServiceResult<Vec<BatchFact>> {
    let rows = batch::Entity::find()
        .filter(batch::Column::PlanYear.eq(year))
        .all(db)
        .await?;
    let mut changes = if with_changes {
        changes(db, year).await?
    } else {
        HashMap::new()
    };
    let mut facts = Vec::with_capacity(rows.len());
    for b in &rows {
        facts.push(BatchFact {
            unit: b.unit_id.to_string(),
            status: status_of(b)?,
            kind: kind_of(b)?,
            method: method_of(b)?,
            people: u64::try_from(b.roster_size).unwrap_or(0),
            completed_on: b.completed_at.map(|at| shanghai(at).date_naive()),
            created_at: b.created_at,
            changes: changes.remove(&b.id).unwrap_or_default(),
        });
    }
    Ok(facts)
}

/// `GET /api/statistics`: reviewers and admins.
pub async fn statistics(
    db: &impl ConnectionTrait,
    actor: &Actor,
    q: &StatisticsQuery,
    now: DateTime<Utc>,
) -> ServiceResult<StatisticsOut> {
    actor.require(&[Role::Reviewer, Role::Admin])?;
    let year = match q.plan_year {
        Some(y) => y,
        None => {
            crate::plan_years::service::current(db, now)
                .await?
                .plan_year
                .year
        }
    };
    let plan = plan_year::Entity::find_by_id(year)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("保障年度"))?;
    let this_year = facts(db, year, true).await?;
    let last_year = facts(db, year - 1, false).await?;
    let units: HashMap<String, unit::Model> = unit::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id.to_string(), u))
        .collect();
    let today = shanghai(now).date_naive();
    let s = aggregate(
        &this_year,
        |u| units.get(u).and_then(|u| u.district_union.clone()),
        plan.premium_fen,
        today,
    );
    let lapsed = lapsed_units(&last_year, &this_year)
        .into_iter()
        .filter_map(|(key, people_last_year)| {
            let u = units.get(key)?;
            Some(LapsedUnitOut {
                unit_id: u.id,
                unit_name: u.name.clone(),
                enrollment_code: u.enrollment_code.clone(),
                district_union: u.district_union.clone(),
                people_last_year,
            })
        })
        .collect();
    Ok(StatisticsOut {
        plan_year: year,
        today,
        total: figures_out(s.total),
        enrolled_today: figures_out(s.today),
        enrolled_this_week: figures_out(s.this_week),
        enrolled_this_month: figures_out(s.this_month),
        by_district: s.by_district.into_iter().map(|(d, f)| row(d, f)).collect(),
        by_day: s
            .by_day
            .into_iter()
            .map(|(d, f)| row(d.to_string(), f))
            .collect(),
        by_kind_and_method: s
            .by_kind_and_method
            .into_iter()
            .map(|(k, m, f)| {
                let method = m.map_or("未选择缴费方式", |m| m.label_zh());
                row(format!("{} · {method}", k.label_zh()), f)
            })
            .collect(),
        funnel: s
            .funnel
            .into_iter()
            .map(|f| StatusCountOut {
                status: key(&f.status),
                status_label: f.status.label_zh().into(),
                batches: f.batches,
                stays: f.stays,
                mean_seconds: f.mean_seconds,
                median_seconds: f.median_seconds,
                mean_label: f.mean_seconds.map(duration_label_zh).unwrap_or_default(),
                median_label: f.median_seconds.map(duration_label_zh).unwrap_or_default(),
            })
            .collect(),
        mean_days_to_complete: s.mean_days_to_complete,
        lapsed_units: lapsed,
    })
}
