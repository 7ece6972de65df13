//! Extractors: a handler that takes `AuthUser` requires a valid token of an active account
//! whose password is not pending a forced change; `SessionUser` allows that pending state
//! (for `GET /api/me` and the password change itself).

use std::future::Future;
use std::pin::Pin;

use actix_web::http::StatusCode;
use actix_web::{web, FromRequest, HttpRequest};
use api_types::{ErrorCode, Role};
use sea_orm::EntityTrait;

use crate::auth::token::TokenError;
use crate::entities::account;
use crate::error::ApiError;
use crate::state::AppState;

/// A logged-in account, possibly still required to change its password.
#[derive(Debug, Clone)]
pub struct SessionUser {
    /// The account row as read for this request.
    pub account: account::Model,
    /// Its role.
    pub role: Role,
}

/// A logged-in account that may use the whole API (password already changed).
#[derive(Debug, Clone)]
pub struct AuthUser(pub SessionUser);

impl AuthUser {
    /// Refuses with 403 unless the account has one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<&SessionUser, ApiError> {
        if roles.contains(&self.0.role) {
            Ok(&self.0)
        } else {
            Err(ApiError::forbidden())
        }
    }
}

/// Parses the role column.
pub fn parse_role(raw: &str) -> Option<Role> {
    match raw {
        "unit" => Some(Role::Unit),
        "reviewer" => Some(Role::Reviewer),
        "admin" => Some(Role::Admin),
        _ => None,
    }
}

/// The role column's value.
pub fn role_str(role: Role) -> &'static str {
    match role {
        Role::Unit => "unit",
        Role::Reviewer => "reviewer",
        Role::Admin => "admin",
    }
}

async fn authenticate(req: HttpRequest) -> Result<SessionUser, ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::internal("application state missing"))?;
    let header = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| ApiError::unauthorized("请先登录"))?;
    let token = header
        .strip_prefix("Bearer ")
        .ok_or_else(|| ApiError::unauthorized("登录凭证格式错误"))?;
    let claims = state
        .jwt
        .verify(token.trim(), state.clock.now())
        .map_err(|e| match e {
            TokenError::Expired => ApiError::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::TokenExpired,
                "登录已过期，请重新登录",
            ),
            TokenError::Invalid => ApiError::unauthorized("登录凭证无效，请重新登录"),
        })?;
    let account = account::Entity::find_by_id(claims.sub)
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::unauthorized("账号不存在，请重新登录"))?;
    if account.token_version != claims.tv {
        return Err(ApiError::unauthorized("密码已变更，请重新登录"));
    }
    if account.disabled {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::AccountDisabled,
            "账号已停用，请联系管理员",
        ));
    }
    let role = parse_role(&account.role)
        .ok_or_else(|| ApiError::internal(format!("unknown role in account {}", account.id)))?;
    Ok(SessionUser { account, role })
}

impl FromRequest for SessionUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        Box::pin(authenticate(req.clone()))
    }
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let user = authenticate(req).await?;
            if user.account.must_change_password {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    ErrorCode::PasswordChangeRequired,
                    "首次登录或密码已重置，请先修改密码",
                ));
            }
            Ok(AuthUser(user))
        })
    }
}
