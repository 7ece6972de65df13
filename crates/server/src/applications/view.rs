//! The applications as the API shows them: the lists and each kind in full.

use api_types::{
    ApplicationListItem, ApplicationQuery, CodeApplicationOut, NameChangeOut, Page, PageQuery, Role,
};
use domain::{ApplicationKind, ApplicationStatus};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::applicant;
use super::service::status_of;
use crate::actor::Actor;
use crate::attachments::service::load_many;
use crate::entities::{application as app, unit};
use crate::error::{key, ServiceResult};
use crate::paging::{fetch_page, non_empty};
use crate::search::contains;
use crate::time::shanghai;

fn api_status(s: ApplicationStatus) -> api_types::ApplicationStatus {
    match s {
        ApplicationStatus::Pending => api_types::ApplicationStatus::Pending,
        ApplicationStatus::Approved => api_types::ApplicationStatus::Approved,
        ApplicationStatus::Rejected => api_types::ApplicationStatus::Rejected,
    }
}

/// A page of applications of `kind`: a unit sees its own, reviewers and admins all.
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
    kind: ApplicationKind,
    query: &ApplicationQuery,
) -> ServiceResult<Page<ApplicationListItem>> {
    let mut select = app::Entity::find().filter(app::Column::Kind.eq(key(&kind)));
    if actor.role() == Some(Role::Unit) {
        select = select.filter(app::Column::UnitId.eq(actor.own_unit()?));
    }
    if let Some(code) = non_empty(&query.enrollment_code) {
        let units_with_code = Query::select()
            .column(unit::Column::Id)
            .from(unit::Entity)
            .and_where(unit::Column::EnrollmentCode.eq(code))
            .to_owned();
        select = select.filter(
            Condition::any()
                .add(app::Column::EnrollmentCode.eq(code))
                .add(app::Column::UnitId.in_subquery(units_with_code)),
        );
    }
    if let Some(name) = non_empty(&query.unit_name) {
        select = select.filter(
            Condition::any()
                .add(contains(app::Column::UnitName, name))
                .add(contains(app::Column::OldName, name)),
        );
    }
    if let Some(status) = query.status {
        select = select.filter(app::Column::Status.eq(status.as_str()));
    }
    let select = select
        .order_by_desc(app::Column::SubmittedAt)
        .order_by_desc(app::Column::Id);
    let paging = PageQuery {
        page: query.page,
        page_size: query.page_size,
    };
    let page = fetch_page(db, select, paging).await?;
    let unit_ids: Vec<Uuid> = page.items.iter().map(|r| r.unit_id).collect();
    let units = unit::Entity::find()
        .filter(unit::Column::Id.is_in(unit_ids))
        .all(db)
        .await?;
    page.try_map(|row| {
        let unit_code = units
            .iter()
            .find(|u| u.id == row.unit_id)
            .and_then(|u| u.enrollment_code.clone());
        Ok(ApplicationListItem {
            id: row.id,
            unit_id: row.unit_id,
            status: api_status(status_of(&row)?),
            operator_mobile_masked: domain::mobile::mask_raw(&row.operator_mobile),
            enrollment_code: row.enrollment_code.or(unit_code),
            unit_name: row.unit_name,
            old_name: row.old_name,
            credit_code: row.credit_code,
            operator_name: row.operator_name,
            reject_reason: row.reject_reason,
            submitted_at: shanghai(row.submitted_at),
            reviewed_at: row.reviewed_at.map(shanghai),
        })
    })
}

/// A code application in full, attachments included.
pub async fn code_out(
    db: &impl ConnectionTrait,
    row: app::Model,
) -> ServiceResult<CodeApplicationOut> {
    let applicant = applicant::fields(&row);
    let attachments = load_many(db, &applicant.attachment_ids).await?;
    Ok(CodeApplicationOut {
        id: row.id,
        unit_id: row.unit_id,
        status: api_status(status_of(&row)?),
        enrollment_code: row.enrollment_code,
        reject_reason: row.reject_reason,
        unit_name: row.unit_name,
        credit_code: row.credit_code,
        applicant,
        attachments,
        submitted_at: shanghai(row.submitted_at),
        reviewed_at: row.reviewed_at.map(shanghai),
    })
}

/// A name change in full, attachments included.
pub async fn name_change_out(
    db: &impl ConnectionTrait,
    row: app::Model,
) -> ServiceResult<NameChangeOut> {
    let applicant = applicant::fields(&row);
    let attachments = load_many(db, &applicant.attachment_ids).await?;
    Ok(NameChangeOut {
        id: row.id,
        unit_id: row.unit_id,
        status: api_status(status_of(&row)?),
        reject_reason: row.reject_reason,
        old_name: row.old_name.unwrap_or_default(),
        new_name: row.unit_name,
        credit_code: row.credit_code,
        applicant,
        attachments,
        submitted_at: shanghai(row.submitted_at),
        reviewed_at: row.reviewed_at.map(shanghai),
    })
}
