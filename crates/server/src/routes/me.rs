//! `GET /api/me` and `PUT /api/me/password`.

use actix_web::{get, put, web};
use api_types::{ApiErrorBody, ChangePasswordIn, LoginOut, MeOut};

use crate::audit::{self, AuditEntry};
use crate::auth::SessionUser;
use crate::error::ApiResult;
use crate::services::accounts;
use crate::state::AppState;

/// The logged-in account. Works while a password change is pending.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses((status = 200, body = MeOut), (status = 401, body = ApiErrorBody))
)]
#[get("/me")]
pub async fn me(state: web::Data<AppState>, user: SessionUser) -> ApiResult<web::Json<MeOut>> {
    Ok(web::Json(accounts::me_out(&state.db, &user.account).await?))
}

/// Changes one's own password (8–20 characters with a letter, a digit and a special
/// character). Answers a new token: tokens issued before stop working.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body = ChangePasswordIn,
    responses(
        (status = 200, body = LoginOut),
        (status = 401, description = "原密码错误 (`invalid_credentials`) 或未登录", body = ApiErrorBody),
        (status = 422, description = "新密码不符合规则 (`validation_failed`)", body = ApiErrorBody)
    )
)]
#[put("/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    user: SessionUser,
    body: web::Json<ChangePasswordIn>,
) -> ApiResult<web::Json<LoginOut>> {
    let body = body.into_inner();
    let updated =
        accounts::change_password(&state, &user, body.old_password, body.new_password).await?;
    audit::record(
        &state.db,
        state.clock.now(),
        AuditEntry {
            actor: Some(&user),
            action: "account.password_changed",
            target_type: "account",
            target_id: Some(updated.id.to_string()),
            before: Some(
                serde_json::json!({ "must_change_password": user.account.must_change_password }),
            ),
            after: Some(serde_json::json!({ "must_change_password": false })),
        },
    )
    .await?;
    Ok(web::Json(accounts::login_out(&state, &updated).await?))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(me).service(change_password);
}
