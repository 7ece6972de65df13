//! `GET /api/audit-logs`: the audit log, newest first (reviewers and admins).

use actix_web::{get, web};
use api_types::{AuditLogOut, AuditLogQuery, Page, PageQuery, Role};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::labels::{action_label, target_label};
use crate::auth::{parse_role, Caller};
use crate::entities::audit_log;
use crate::http::docs::ListErrors;
use crate::http::ApiResult;
use crate::paging::{fetch_page, non_empty};
use crate::time::shanghai;

/// Browses the audit log, newest first (reviewers and admins).
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(AuditLogQuery),
    responses((status = 200, body = Page<AuditLogOut>), ListErrors)
)]
#[get("/audit-logs")]
pub async fn list_audit_logs(
    c: Caller,
    query: web::Query<AuditLogQuery>,
) -> ApiResult<web::Json<Page<AuditLogOut>>> {
    c.actor.require(&[Role::Reviewer, Role::Admin])?;
    let query = query.into_inner();
    let mut select = audit_log::Entity::find();
    if let Some(action) = non_empty(&query.action) {
        select = select.filter(audit_log::Column::Action.eq(action));
    }
    if let Some(target_type) = non_empty(&query.target_type) {
        select = select.filter(audit_log::Column::TargetType.eq(target_type));
    }
    if let Some(target_id) = non_empty(&query.target_id) {
        select = select.filter(audit_log::Column::TargetId.eq(target_id));
    }
    let select = select
        .order_by_desc(audit_log::Column::At)
        .order_by_desc(audit_log::Column::Id);
    let paging = PageQuery {
        page: query.page,
        page_size: query.page_size,
    };
    let page = fetch_page(&c.db, select, paging)
        .await
        .map_err(crate::error::ServiceError::from)?;
    Ok(web::Json(page.map(entry_out)))
}

fn entry_out(e: audit_log::Model) -> AuditLogOut {
    let role = e.actor_role.as_deref().and_then(parse_role);
    let actor_label = match (&e.actor_account, role, e.actor_role.as_deref()) {
        (Some(key), Some(role), _) if e.api_key_id.is_some() => {
            format!("{key}（接口密钥，{}权限）", role_label(role))
        }
        (Some(account), Some(role), _) => format!("{account}（{}）", role_label(role)),
        (_, _, Some("system")) => "系统".to_owned(),
        _ => "匿名".to_owned(),
    };
    AuditLogOut {
        id: e.id,
        at: shanghai(e.at),
        actor_id: e.actor_id,
        actor_account: e.actor_account,
        actor_role: role,
        api_key_id: e.api_key_id,
        actor_label,
        action_label: action_label(&e.action).to_owned(),
        action: e.action,
        target_label: target_label(&e.target_type).to_owned(),
        target_type: e.target_type,
        target_id: e.target_id,
        before: e.before,
        after: e.after,
    }
}

fn role_label(role: Role) -> &'static str {
    match role {
        Role::Unit => "单位经办人",
        Role::Reviewer => "职保会审核员",
        Role::Admin => "管理员",
    }
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_audit_logs);
}
