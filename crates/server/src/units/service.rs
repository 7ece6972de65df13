//! 单位信息维护 (wizard step ②): show with the registry's credit code, edit, confirm; the
//! unit list for reviewers and admins; the unit row lock other features take.

use api_types::{Page, PageQuery, Role, UnitIn, UnitNameHistoryOut, UnitOut, UnitQuery};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::actor::Actor;
use crate::audit;
use crate::dictionaries::service::{self as dictionaries, DISTRICT_UNION, ECONOMIC_TYPE};
use crate::entities::{unit, unit_name_history};
use crate::error::{ServiceError, ServiceResult};
use crate::interfaces::{registry, EnterpriseRegistry};
use crate::paging::{fetch_page, non_empty};
use crate::search::contains;
use crate::time::shanghai;
use crate::validation::Checks;

/// Takes the unit row's write lock for the rest of the transaction (a no-op update), so
/// that one unit's "check, then insert" steps (a batch number, a pending application)
/// run one at a time even across server instances.
pub async fn lock(db: &impl ConnectionTrait, unit_id: Uuid) -> ServiceResult<()> {
    unit::Entity::update_many()
        .col_expr(
            unit::Column::Version,
            Expr::col(unit::Column::Version).into(),
        )
        .filter(unit::Column::Id.eq(unit_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The unit if `actor` may see it: its own operator, reviewers, admins (others: 404).
pub async fn find_visible(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> ServiceResult<unit::Model> {
    if !actor.sees_unit(id) {
        return Err(ServiceError::NotFound("单位"));
    }
    unit::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("单位"))
}

/// What the registry says about the unit's current name.
pub enum RegistryMatch {
    /// Registered, with this code.
    Matched(String),
    /// Not registered: the unit must apply for a name change.
    NotFound,
    /// The registry could not be asked.
    Unavailable(ServiceError),
    /// Not asked (lists do not call the registry for every row).
    NotChecked,
}

/// Asks the registry about `name`.
pub async fn registry_match(registry: &dyn EnterpriseRegistry, name: &str) -> RegistryMatch {
    match registry.credit_code(name).await {
        Ok(Some(code)) => RegistryMatch::Matched(code),
        Ok(None) => RegistryMatch::NotFound,
        Err(err) => RegistryMatch::Unavailable(registry::unavailable(err)),
    }
}

/// The DTO, with the registry's answer.
pub fn to_out(row: unit::Model, found: &RegistryMatch) -> UnitOut {
    let (registry_credit_code, registry_status) = match found {
        RegistryMatch::Matched(code) => (Some(code.clone()), "matched"),
        RegistryMatch::NotFound => (None, "not_found"),
        RegistryMatch::Unavailable(_) => (None, "unavailable"),
        RegistryMatch::NotChecked => (None, "not_checked"),
    };
    UnitOut {
        id: row.id,
        name: row.name,
        enrollment_code: row.enrollment_code,
        credit_code: row.credit_code,
        registry_credit_code,
        registry_status: registry_status.into(),
        address: row.address,
        postcode: row.postcode,
        district_union: row.district_union,
        economic_type: row.economic_type,
        version: row.version,
        updated_at: shanghai(row.updated_at),
    }
}

/// A unit with the registry's answer for its name.
pub async fn show(
    db: &impl ConnectionTrait,
    registry: &dyn EnterpriseRegistry,
    actor: &Actor,
    id: Uuid,
) -> ServiceResult<UnitOut> {
    let row = find_visible(db, actor, id).await?;
    let found = registry_match(registry, &row.name).await;
    Ok(to_out(row, &found))
}

fn snapshot(row: &unit::Model) -> serde_json::Value {
    serde_json::json!({
        "name": row.name,
        "credit_code": row.credit_code,
        "address": row.address,
        "postcode": row.postcode,
        "district_union": row.district_union,
        "economic_type": row.economic_type,
        "version": row.version,
    })
}

/// 修改并保存: the unit's operator edits address, postcode, district union, economic type,
/// based on the version read (`expected_version`; 428 without it, 409 when stale).
pub async fn update<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    id: Uuid,
    expected_version: Option<i32>,
    input: &UnitIn,
    now: DateTime<Utc>,
) -> ServiceResult<unit::Model> {
    actor.require(&[Role::Unit])?;
    let txn = crate::db::begin(db).await?;
    let row = find_visible(&txn, actor, id).await?;
    let expected_version = expected_version.ok_or(ServiceError::PreconditionRequired)?;
    let mut checks = Checks::default();
    let address = checks.text("address", "单位地址", &input.address, 300);
    let postcode = checks
        .parse("postcode", domain::Postcode::parse(&input.postcode))
        .map(|p| p.as_str().to_string());
    let district_union = input.district_union.trim().to_string();
    if !dictionaries::is_active(&txn, DISTRICT_UNION, &district_union).await? {
        checks.fail("district_union", "请从列表中选择所属区局");
    }
    let economic_type = input.economic_type.trim().to_string();
    if !dictionaries::is_active(&txn, ECONOMIC_TYPE, &economic_type).await? {
        checks.fail("economic_type", "请从列表中选择经济类型");
    }
    checks.finish()?;
    if expected_version != row.version {
        return Err(ServiceError::VersionConflict);
    }
    let before = snapshot(&row);
    let version = row.version;
    let mut active = row.into_active_model();
    active.address = Set(Some(address));
    active.postcode = Set(postcode);
    active.district_union = Set(Some(district_union));
    active.economic_type = Set(Some(economic_type));
    active.version = Set(version + 1);
    active.updated_at = Set(now);
    // The version in the WHERE clause makes a concurrent save fail instead of overwriting.
    let result = unit::Entity::update_many()
        .set(active)
        .filter(unit::Column::Id.eq(id))
        .filter(unit::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if result.rows_affected == 0 {
        return Err(ServiceError::VersionConflict);
    }
    let row = unit::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("单位"))?;
    audit::entry(Some(actor), "unit.updated")
        .target("unit", id)
        .before(before)
        .after(snapshot(&row))
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(row)
}

/// 信息确认无误: every field filled and the name matched by the registry (asked before the
/// transaction, so no transaction waits on it); keeps the registry's code.
pub async fn confirm<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    registry: &dyn EnterpriseRegistry,
    actor: &Actor,
    id: Uuid,
    now: DateTime<Utc>,
) -> ServiceResult<UnitOut> {
    actor.require(&[Role::Unit])?;
    let row = find_visible(db, actor, id).await?;
    let code = match registry_match(registry, &row.name).await {
        RegistryMatch::Matched(code) => code,
        RegistryMatch::Unavailable(err) => return Err(err),
        RegistryMatch::NotFound | RegistryMatch::NotChecked => {
            return Err(ServiceError::rule(
                "该单位名称无法匹配到统一社会信用代码，请先申请修改单位名称",
            ))
        }
    };
    let mut checks = Checks::default();
    for (field, label, value) in [
        ("address", "单位地址", &row.address),
        ("postcode", "邮政编码", &row.postcode),
        ("district_union", "所属区局", &row.district_union),
        ("economic_type", "经济类型", &row.economic_type),
    ] {
        if value.as_deref().unwrap_or_default().is_empty() {
            checks.fail(field, format!("请先填写{label}并点击“修改并保存”"));
        }
    }
    checks.finish()?;
    let txn = crate::db::begin(db).await?;
    let before = snapshot(&row);
    let mut active = row.clone().into_active_model();
    if row.credit_code.as_deref() != Some(code.as_str()) {
        active.credit_code = Set(Some(code.clone()));
        active.version = Set(row.version + 1);
        active.updated_at = Set(now);
    }
    let row = active.update(&txn).await?;
    audit::entry(Some(actor), "unit.info_confirmed")
        .target("unit", row.id)
        .before(before)
        .after(snapshot(&row))
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(to_out(row, &RegistryMatch::Matched(code)))
}

/// A page of units (reviewers and admins), by name or code.
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
    query: &UnitQuery,
) -> ServiceResult<Page<UnitOut>> {
    actor.require(&[Role::Reviewer, Role::Admin])?;
    let paging = PageQuery {
        page: query.page,
        page_size: query.page_size,
    };
    let mut select = unit::Entity::find();
    if let Some(name) = non_empty(&query.name) {
        select = select.filter(contains(unit::Column::Name, name));
    }
    if let Some(code) = non_empty(&query.enrollment_code) {
        select = select.filter(unit::Column::EnrollmentCode.eq(code));
    }
    let page = fetch_page(db, select.order_by_asc(unit::Column::Name), paging).await?;
    Ok(page.map(|row| to_out(row, &RegistryMatch::NotChecked)))
}

/// The unit's approved name changes, newest first.
pub async fn name_history(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> ServiceResult<Vec<UnitNameHistoryOut>> {
    let row = find_visible(db, actor, id).await?;
    Ok(unit_name_history::Entity::find()
        .filter(unit_name_history::Column::UnitId.eq(row.id))
        .order_by_desc(unit_name_history::Column::ChangedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|h| UnitNameHistoryOut {
            old_name: h.old_name,
            new_name: h.new_name,
            name_change_id: h.name_change_id,
            changed_at: shanghai(h.changed_at),
        })
        .collect())
}
