//! `GET /api/accounts` (admins) and `GET /api/audit-logs` (reviewers and admins).

use actix_web::{get, web};
use api_types::{
    AccountOut, AccountQuery, ApiErrorBody, AuditLogOut, AuditLogQuery, Page, PageQuery, Role,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::auth::extractor::{parse_role, role_str};
use crate::auth::AuthUser;
use crate::entities::{account, audit_log};
use crate::error::{ApiError, ApiResult};
use crate::services::paging::fetch_page;
use crate::state::AppState;

/// Lists accounts (admins only), filtered by login, role, status or unit.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(AccountQuery),
    responses(
        (status = 200, body = Page<AccountOut>),
        (status = 403, description = "非管理员", body = ApiErrorBody)
    )
)]
#[get("/accounts")]
pub async fn list_accounts(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<AccountQuery>,
) -> ApiResult<web::Json<Page<AccountOut>>> {
    user.require(&[Role::Admin])?;
    let query = query.into_inner();
    let mut select = account::Entity::find();
    if let Some(login) = query
        .account
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        select = select.filter(account::Column::Account.contains(login));
    }
    if let Some(role) = query.role {
        select = select.filter(account::Column::Role.eq(role_str(role)));
    }
    if let Some(disabled) = query.disabled {
        select = select.filter(account::Column::Disabled.eq(disabled));
    }
    if let Some(unit_id) = query.unit_id {
        select = select.filter(account::Column::UnitId.eq(unit_id));
    }
    let select = select.order_by_asc(account::Column::Account);
    let paging = PageQuery {
        page: query.page,
        page_size: query.page_size,
    };
    let page = fetch_page(&state.db, select, paging).await?;
    Ok(web::Json(page.try_map(account_out)?))
}

/// An account as admins see it.
pub fn account_out(a: account::Model) -> Result<AccountOut, ApiError> {
    Ok(AccountOut {
        id: a.id,
        role: parse_role(&a.role)
            .ok_or_else(|| ApiError::internal(format!("unknown role in account {}", a.id)))?,
        account: a.account,
        display_name: a.display_name,
        unit_id: a.unit_id,
        disabled: a.disabled,
        locked_until: a.locked_until.map(|t| t.fixed_offset()),
        must_change_password: a.must_change_password,
        created_at: a.created_at.fixed_offset(),
    })
}

/// Browses the audit log, newest first (reviewers and admins).
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(AuditLogQuery),
    responses(
        (status = 200, body = Page<AuditLogOut>),
        (status = 403, description = "单位经办人无权查看", body = ApiErrorBody)
    )
)]
#[get("/audit-logs")]
pub async fn list_audit_logs(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<AuditLogQuery>,
) -> ApiResult<web::Json<Page<AuditLogOut>>> {
    user.require(&[Role::Reviewer, Role::Admin])?;
    let query = query.into_inner();
    let paging = PageQuery {
        page: query.page,
        page_size: query.page_size,
    };
    let mut select = audit_log::Entity::find();
    if let Some(action) = query.action.filter(|s| !s.is_empty()) {
        select = select.filter(audit_log::Column::Action.eq(action));
    }
    if let Some(target_type) = query.target_type.filter(|s| !s.is_empty()) {
        select = select.filter(audit_log::Column::TargetType.eq(target_type));
    }
    if let Some(target_id) = query.target_id.filter(|s| !s.is_empty()) {
        select = select.filter(audit_log::Column::TargetId.eq(target_id));
    }
    let select = select
        .order_by_desc(audit_log::Column::At)
        .order_by_desc(audit_log::Column::Id);
    let page = fetch_page(&state.db, select, paging).await?;
    Ok(web::Json(page.map(|e| AuditLogOut {
        id: e.id,
        at: e.at.fixed_offset(),
        actor_id: e.actor_id,
        actor_role: e.actor_role.as_deref().and_then(parse_role),
        action: e.action,
        target_type: e.target_type,
        target_id: e.target_id,
        before: e.before,
        after: e.after,
    })))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_accounts).service(list_audit_logs);
}
