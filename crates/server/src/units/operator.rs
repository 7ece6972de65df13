//! 经办人信息: the logged-in unit operator's own name, mobile and email (notifications go
//! to the email).

use api_types::{OperatorIn, OperatorOut, Role};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, EntityTrait, IntoActiveModel, Set, TransactionTrait,
};

use crate::actor::Actor;
use crate::audit;
use crate::entities::account;
use crate::error::{ServiceError, ServiceResult};
use crate::validation::Checks;

async fn own_account(db: &impl ConnectionTrait, actor: &Actor) -> ServiceResult<account::Model> {
    let me = actor.require_person(&[Role::Unit])?;
    account::Entity::find_by_id(me.account_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("账号"))
}

fn out(a: account::Model) -> OperatorOut {
    OperatorOut {
        name: a.display_name,
        mobile: a.mobile,
        email: a.email,
    }
}

/// The 经办人 of unit `unit_id` (its first operator account), for the reviewers' pages.
pub async fn of_unit(
    db: &impl ConnectionTrait,
    unit_id: uuid::Uuid,
) -> ServiceResult<Option<OperatorOut>> {
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    Ok(account::Entity::find()
        .filter(account::Column::UnitId.eq(unit_id))
        .filter(account::Column::Role.eq("unit"))
        .order_by_asc(account::Column::CreatedAt)
        .one(db)
        .await?
        .map(out))
}

/// The operator's own information.
pub async fn show(db: &impl ConnectionTrait, actor: &Actor) -> ServiceResult<OperatorOut> {
    Ok(out(own_account(db, actor).await?))
}

/// Edits the operator's name, mobile and email.
pub async fn update<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    input: &OperatorIn,
    now: DateTime<Utc>,
) -> ServiceResult<OperatorOut> {
    let mut checks = Checks::default();
    let name = checks.parse("name", domain::PersonName::parse(&input.name));
    let mobile = checks.parse("mobile", domain::Mobile::parse(&input.mobile));
    let email = checks.parse("email", domain::Email::parse(&input.email));
    let txn = crate::db::begin(db).await?;
    let before = own_account(&txn, actor).await?;
    checks.finish()?;
    let (Some(name), Some(mobile), Some(email)) = (name, mobile, email) else {
        return Err(ServiceError::internal("checked fields missing"));
    };
    let mut active = before.clone().into_active_model();
    active.display_name = Set(name.as_str().to_string());
    active.mobile = Set(Some(mobile.as_str().to_string()));
    active.email = Set(Some(email.as_str().to_string()));
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    let masked = |m: &Option<String>| {
        m.as_deref()
            .map(domain::mobile::mask_raw)
            .unwrap_or_default()
    };
    // Names and emails are personal data: record only that they changed.
    audit::entry(Some(actor), "operator.updated")
        .target("account", updated.id)
        .before(serde_json::json!({ "mobile": masked(&before.mobile) }))
        .after(serde_json::json!({
            "mobile": masked(&updated.mobile),
            "name_changed": updated.display_name != before.display_name,
            "email_changed": updated.email != before.email,
        }))
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(out(updated))
}
