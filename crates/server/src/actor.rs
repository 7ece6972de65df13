//! Who is acting (操作人): a logged-in person, an integrator's key (接口密钥), or the
//! platform itself doing background work. Services take an `Actor`, never an HTTP request, so a task calls exactly the code
//! a handler calls; who may do what is decided by the domain's rules on `Actor::kind`.

use api_types::{ApiScope, Role};
use uuid::Uuid;

use crate::error::ServiceError;

/// A logged-in account, as far as services need to know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserActor {
    /// The account's id.
    pub account_id: Uuid,
    /// The login (for the audit log).
    pub account: String,
    /// Its role.
    pub role: Role,
    /// The unit of a unit operator.
    pub unit_id: Option<Uuid>,
}

/// An integrator's key: it acts with the rights of its role and unit, as a person of them
/// would, and the request was already held to its scopes (`api_keys::scopes`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyActor {
    /// The key's id.
    pub key_id: Uuid,
    /// Its name (for the audit log).
    pub name: String,
    /// Its first characters (`rtpk_3fa9c1d2`).
    pub prefix: String,
    /// `Unit` (with `unit_id`) or `Reviewer` (the association).
    pub role: Role,
    /// The unit of a unit's key.
    pub unit_id: Option<Uuid>,
    /// What it may call.
    pub scopes: Vec<ApiScope>,
}

/// Who performs a service call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A person logged in with a token.
    User(UserActor),
    /// An integrator's system with a key.
    Key(KeyActor),
    /// The platform itself: background tasks, the bank's results, start-up seeding.
    System,
}

impl Actor {
    /// The domain's notion of who acts (for `BatchAction::permits` and the like).
    pub fn kind(&self) -> domain::Actor {
        match self {
            Actor::User(_) | Actor::Key(_) => match self.role() {
                Some(Role::Unit) => domain::Actor::Unit,
                Some(Role::Reviewer) => domain::Actor::Reviewer,
                Some(Role::Admin) => domain::Actor::Admin,
                None => domain::Actor::System,
            },
            Actor::System => domain::Actor::System,
        }
    }

    /// The role of a person or the rights of a key; `None` for the system.
    pub fn role(&self) -> Option<Role> {
        match self {
            Actor::User(u) => Some(u.role),
            Actor::Key(k) => Some(k.role),
            Actor::System => None,
        }
    }

    /// The acting account, if a person acts (a key is no account: the audit log names it).
    pub fn account_id(&self) -> Option<Uuid> {
        match self {
            Actor::User(u) => Some(u.account_id),
            Actor::Key(_) | Actor::System => None,
        }
    }

    /// The acting key, if an integrator's key acts.
    pub fn key_id(&self) -> Option<Uuid> {
        match self {
            Actor::Key(k) => Some(k.key_id),
            Actor::User(_) | Actor::System => None,
        }
    }

    /// The unit a unit operator or a unit's key acts for.
    pub fn unit_id(&self) -> Option<Uuid> {
        match self {
            Actor::User(u) => u.unit_id,
            Actor::Key(k) => k.unit_id,
            Actor::System => None,
        }
    }

    /// Refuses (403) unless a person or a key with one of `roles` acts.
    pub fn require(&self, roles: &[Role]) -> Result<(), ServiceError> {
        match self.role() {
            Some(role) if roles.contains(&role) && !matches!(self, Actor::System) => Ok(()),
            _ => Err(ServiceError::Forbidden),
        }
    }

    /// Refuses (403) unless a person with one of `roles` acts: for what only a person has
    /// (an own inbox, an own operator record), never a key.
    pub fn require_person(&self, roles: &[Role]) -> Result<&UserActor, ServiceError> {
        match self {
            Actor::User(u) if roles.contains(&u.role) => Ok(u),
            _ => Err(ServiceError::Forbidden),
        }
    }

    /// The unit of a unit operator; 403 for anyone else.
    pub fn own_unit(&self) -> Result<Uuid, ServiceError> {
        self.require(&[Role::Unit])?;
        self.unit_id().ok_or(ServiceError::Forbidden)
    }

    /// Whether the actor may see the records of `unit_id`: its own operator, reviewers,
    /// admins and the system; another unit may not (and must not learn they exist).
    pub fn sees_unit(&self, unit_id: Uuid) -> bool {
        match self {
            Actor::User(_) | Actor::Key(_) if self.role() == Some(Role::Unit) => {
                self.unit_id() == Some(unit_id)
            }
            _ => true,
        }
    }
}
