//! 单位信息维护 (wizard step ②): show with the registry's credit code, edit, confirm.

use actix_web::http::StatusCode;
use api_types::{ErrorCode, Page, PageQuery, Role, UnitIn, UnitOut, UnitQuery};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use uuid::Uuid;

use crate::audit::{self, AuditEntry};
use crate::auth::SessionUser;
use crate::entities::unit;
use crate::error::ApiError;
use crate::services::code_applications::non_empty;
use crate::services::forms::Checks;
use crate::services::paging::fetch_page;
use crate::services::{dictionaries, registry};

/// Takes the unit row's write lock for the rest of the transaction (a no-op update), so
/// that one unit's "check, then insert" steps (a batch number, a pending application)
/// run one at a time even across server instances.
pub async fn lock(db: &impl ConnectionTrait, unit_id: Uuid) -> Result<(), ApiError> {
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

/// The unit if `user` may see it: its own operator, reviewers, admins (others: 404).
pub async fn find_visible(
    db: &impl ConnectionTrait,
    user: &SessionUser,
    id: Uuid,
) -> Result<unit::Model, ApiError> {
    if user.role == Role::Unit && user.account.unit_id != Some(id) {
        return Err(ApiError::not_found("单位"));
    }
    unit::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("单位"))
}

/// What the registry says about the unit's current name.
pub enum RegistryMatch {
    /// Registered, with this code.
    Matched(String),
    /// Not registered: the unit must apply for a name change.
    NotFound,
    /// The registry could not be asked.
    Unavailable(ApiError),
}

/// Asks the registry about `name`.
pub async fn registry_match(base_url: &str, name: &str) -> RegistryMatch {
    match registry::lookup_credit_code(base_url, name).await {
        Ok(Some(code)) => RegistryMatch::Matched(code),
        Ok(None) => RegistryMatch::NotFound,
        Err(err) => RegistryMatch::Unavailable(err),
    }
}

/// The DTO, with the registry's answer.
pub fn to_out(row: unit::Model, found: &RegistryMatch) -> UnitOut {
    let (registry_credit_code, registry_status) = match found {
        RegistryMatch::Matched(code) => (Some(code.clone()), "matched"),
        RegistryMatch::NotFound => (None, "not_found"),
        RegistryMatch::Unavailable(_) => (None, "unavailable"),
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
        updated_at: row.updated_at.fixed_offset(),
    }
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

/// 修改并保存: the unit's operator edits address, postcode, district union, economic type.
pub async fn update(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    user: &SessionUser,
    id: Uuid,
    expected_version: Option<i32>,
    input: &UnitIn,
) -> Result<unit::Model, ApiError> {
    let row = find_visible(db, user, id).await?;
    let expected_version =
        expected_version.ok_or_else(crate::services::refusal::precondition_required)?;
    let mut checks = Checks::default();
    let address = checks.text("address", "单位地址", &input.address, 300);
    let postcode = checks
        .parse("postcode", domain::Postcode::parse(&input.postcode))
        .map(|p| p.as_str().to_string());
    let district_union = input.district_union.trim().to_string();
    if !dictionaries::is_active(db, dictionaries::DISTRICT_UNION, &district_union).await? {
        checks.fail("district_union", "请从列表中选择所属区局");
    }
    let economic_type = input.economic_type.trim().to_string();
    if !dictionaries::is_active(db, dictionaries::ECONOMIC_TYPE, &economic_type).await? {
        checks.fail("economic_type", "请从列表中选择经济类型");
    }
    checks.finish()?;
    if expected_version != row.version {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::VersionConflict,
            "单位信息已被修改，请刷新后重试",
        ));
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
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::VersionConflict,
            "单位信息已被修改，请刷新后重试",
        ));
    }
    let row = unit::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("单位"))?;
    audit::record(
        db,
        now,
        AuditEntry {
            actor: Some(user),
            action: "unit.updated",
            target_type: "unit",
            target_id: Some(id.to_string()),
            before: Some(before),
            after: Some(snapshot(&row)),
        },
    )
    .await?;
    Ok(row)
}

/// 信息确认无误: every field filled and the name matched by the registry; keeps the code.
pub async fn confirm(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    user: &SessionUser,
    row: unit::Model,
    found: &RegistryMatch,
) -> Result<unit::Model, ApiError> {
    let code = match found {
        RegistryMatch::Matched(code) => code.clone(),
        RegistryMatch::NotFound => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::RuleRefused,
                "该单位名称无法匹配到统一社会信用代码，请先申请修改单位名称",
            ))
        }
        RegistryMatch::Unavailable(_) => {
            return Err(registry::registry_down(
                "registry unavailable at confirmation",
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
    let before = snapshot(&row);
    let mut active = row.clone().into_active_model();
    if row.credit_code.as_deref() != Some(code.as_str()) {
        active.credit_code = Set(Some(code));
        active.version = Set(row.version + 1);
        active.updated_at = Set(now);
    }
    let row = active.update(db).await?;
    audit::record(
        db,
        now,
        AuditEntry {
            actor: Some(user),
            action: "unit.info_confirmed",
            target_type: "unit",
            target_id: Some(row.id.to_string()),
            before: Some(before),
            after: Some(snapshot(&row)),
        },
    )
    .await?;
    Ok(row)
}

/// A page of units (reviewers and admins), by name or code.
pub async fn list(db: &impl ConnectionTrait, query: &UnitQuery) -> Result<Page<UnitOut>, ApiError> {
    let paging = PageQuery {
        page: query.page,
        page_size: query.page_size,
    };
    let mut select = unit::Entity::find();
    if let Some(name) = non_empty(&query.name) {
        select = select.filter(unit::Column::Name.contains(name));
    }
    if let Some(code) = non_empty(&query.enrollment_code) {
        select = select.filter(unit::Column::EnrollmentCode.eq(code));
    }
    let page = fetch_page(db, select.order_by_asc(unit::Column::Name), paging).await?;
    // Lists do not call the registry for every row.
    Ok(page.map(|row| {
        let mut out = to_out(row, &RegistryMatch::NotFound);
        out.registry_status = "not_checked".into();
        out
    }))
}
