//! `GET /api/operator` and `PUT /api/operator`: 经办人信息 of the logged-in unit operator.

use actix_web::{get, put, web};
use api_types::{ApiErrorBody, OperatorIn, OperatorOut, Role};
use sea_orm::{ActiveModelTrait, IntoActiveModel, Set, TransactionTrait};

use crate::audit::{self, AuditEntry};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::services::forms::Checks;
use crate::state::AppState;

/// The operator's own name, mobile and email.
#[utoipa::path(
    tag = "units",
    security(("bearer" = [])),
    responses((status = 200, body = OperatorOut), (status = 403, body = ApiErrorBody))
)]
#[get("/operator")]
pub async fn get_operator(user: AuthUser) -> ApiResult<web::Json<OperatorOut>> {
    let me = user.require(&[Role::Unit])?;
    Ok(web::Json(OperatorOut {
        name: me.account.display_name.clone(),
        mobile: me.account.mobile.clone(),
        email: me.account.email.clone(),
    }))
}

/// Edits the operator's name, mobile and email (notifications go to the email).
#[utoipa::path(
    tag = "units",
    security(("bearer" = [])),
    request_body = OperatorIn,
    responses(
        (status = 200, body = OperatorOut),
        (status = 403, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)
    )
)]
#[put("/operator")]
pub async fn put_operator(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<OperatorIn>,
) -> ApiResult<web::Json<OperatorOut>> {
    let me = user.require(&[Role::Unit])?;
    let mut checks = Checks::default();
    let name = checks.parse("name", domain::PersonName::parse(&body.name));
    let mobile = checks.parse("mobile", domain::Mobile::parse(&body.mobile));
    let email = checks.parse("email", domain::Email::parse(&body.email));
    checks.finish()?;
    let (Some(name), Some(mobile), Some(email)) = (name, mobile, email) else {
        return Err(crate::error::ApiError::internal("checked fields missing"));
    };
    let now = state.clock.now();
    let txn = state.db.begin().await?;
    let mut active = me.account.clone().into_active_model();
    active.display_name = Set(name.as_str().to_string());
    active.mobile = Set(Some(mobile.as_str().to_string()));
    active.email = Set(Some(email.as_str().to_string()));
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    let masked = |m: &Option<String>| {
        m.as_deref()
            .map(crate::services::forms::mask_mobile)
            .unwrap_or_default()
    };
    audit::record(
        &txn,
        now,
        AuditEntry {
            actor: Some(me),
            action: "operator.updated",
            target_type: "account",
            target_id: Some(updated.id.to_string()),
            // Names and emails are personal data: record only that they changed.
            before: Some(serde_json::json!({ "mobile": masked(&me.account.mobile) })),
            after: Some(serde_json::json!({
                "mobile": masked(&updated.mobile),
                "name_changed": updated.display_name != me.account.display_name,
                "email_changed": updated.email != me.account.email,
            })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(web::Json(OperatorOut {
        name: updated.display_name,
        mobile: updated.mobile,
        email: updated.email,
    }))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_operator).service(put_operator);
}
