//! Extractors: a handler that takes `AuthUser` requires a valid token of an active account
//! whose password is not pending a forced change; `SessionUser` allows that pending state
//! (for `GET /api/me` and the password change itself). Both give the handler its `Actor`.
//! `Caller` also takes an integrator key (`X-API-Key`), held to the route's scope.

use std::future::Future;
use std::pin::Pin;

use actix_web::{web, FromRequest, HttpRequest};
use api_types::Role;
use sea_orm::EntityTrait;

use super::token::TokenError;
use super::{parse_role, AuthError};
use crate::actor::{Actor, UserActor};
use crate::api_keys::{self, KeyError};
use crate::app::state::AppState;
use crate::entities::account;
use crate::error::ServiceError;
use crate::http::ApiError;

/// A logged-in account, possibly still required to change its password.
#[derive(Debug, Clone)]
pub struct SessionUser {
    /// The account row as read for this request.
    pub account: account::Model,
    /// Its role.
    pub role: Role,
}

impl SessionUser {
    /// The account as the actor of a service call.
    pub fn actor(&self) -> Actor {
        Actor::User(UserActor {
            account_id: self.account.id,
            account: self.account.account.clone(),
            role: self.role,
            unit_id: self.account.unit_id,
        })
    }
}

/// A logged-in account that may use the whole API (password already changed).
#[derive(Debug, Clone)]
pub struct AuthUser(pub SessionUser);

impl AuthUser {
    /// The account as the actor of a service call.
    pub fn actor(&self) -> Actor {
        self.0.actor()
    }
}

async fn authenticate(req: HttpRequest) -> Result<SessionUser, AuthError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ServiceError::internal("application state missing"))?;
    let header = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let token = match header {
        Some(h) => h
            .strip_prefix("Bearer ")
            .ok_or(AuthError::Unauthorized("登录凭证格式错误"))?
            .to_owned(),
        None => event_stream_token(&req).ok_or(AuthError::Unauthorized("请先登录"))?,
    };
    let claims = state
        .jwt
        .verify(token.trim(), state.clock.now())
        .map_err(|e| match e {
            TokenError::Expired => AuthError::TokenExpired,
            TokenError::Invalid => AuthError::Unauthorized("登录凭证无效，请重新登录"),
        })?;
    let account = account::Entity::find_by_id(claims.sub)
        .one(&state.db)
        .await?
        .ok_or(AuthError::Unauthorized("账号不存在，请重新登录"))?;
    if account.token_version != claims.tv {
        return Err(AuthError::Unauthorized("密码已变更，请重新登录"));
    }
    if account.disabled {
        return Err(AuthError::Disabled);
    }
    let role = parse_role(&account.role)
        .ok_or_else(|| ServiceError::corrupt("role", account.id, &account.role))?;
    Ok(SessionUser { account, role })
}

/// Browsers' `EventSource` cannot send an `Authorization` header: a server-sent event
/// stream (a GET of a path ending in `/events`) may carry the token as `?access_token=`.
/// Query strings never reach the access log.
fn event_stream_token(req: &HttpRequest) -> Option<String> {
    if req.method() != actix_web::http::Method::GET || !req.path().ends_with("/events") {
        return None;
    }
    web::Query::<std::collections::HashMap<String, String>>::from_query(req.query_string())
        .ok()?
        .get("access_token")
        .cloned()
}

impl FromRequest for SessionUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Ok(authenticate(req).await?) })
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
                return Err(AuthError::PasswordChangeRequired.into());
            }
            Ok(AuthUser(user))
        })
    }
}

/// A logged-in caller with what a handler passes to a service: the application's state
/// (through `Deref`), who acts, and the request's instant. Taking it in a handler's
/// signature makes the route require login, with the password already changed.
pub struct Caller {
    state: web::Data<AppState>,
    /// Who acts.
    pub actor: Actor,
    /// "Now" for every rule of the request.
    pub now: chrono::DateTime<chrono::Utc>,
}

impl std::ops::Deref for Caller {
    type Target = AppState;

    fn deref(&self) -> &AppState {
        &self.state
    }
}

/// The caller of a request that sent an integrator key: the key verified (and counted
/// against its rate limit), then held to the scope the route needs.
async fn key_caller(req: HttpRequest) -> Result<Caller, ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ServiceError::internal("application state missing"))?;
    let presented = req
        .headers()
        .get(api_keys::HEADER)
        .and_then(|v| v.to_str().ok())
        .ok_or(KeyError::Unknown)?;
    let now = state.clock.now();
    let limit = state.settings.rate_limits.api_key;
    let key = api_keys::verify(&state.db, presented, limit, now).await?;
    let pattern = req.match_pattern();
    let needed = api_keys::scopes::required(req.method().as_str(), pattern.as_deref())?;
    if !key.scopes.contains(&needed) {
        return Err(KeyError::MissingScope(needed).into());
    }
    Ok(Caller {
        actor: Actor::Key(key),
        state,
        now,
    })
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        if req.headers().contains_key(api_keys::HEADER) {
            return Box::pin(key_caller(req.clone()));
        }
        let user = AuthUser::from_request(req, payload);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let user = user.await?;
            let state = state.ok_or_else(|| ServiceError::internal("application state missing"))?;
            let now = state.clock.now();
            Ok(Caller {
                actor: user.actor(),
                state,
                now,
            })
        })
    }
}
