//! Who is acting (操作人): a logged-in person, or the platform itself doing background
//! work. Services take an `Actor`, never an HTTP request, so a task calls exactly the code
//! a handler calls; who may do what is decided by the domain's rules on `Actor::kind`.

use api_types::Role;
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

/// Who performs a service call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A person logged in with a token.
    User(UserActor),
    /// The platform itself: background tasks, the bank's results, start-up seeding.
    System,
}

impl Actor {
    /// The domain's notion of who acts (for `BatchAction::permits` and the like).
    pub fn kind(&self) -> domain::Actor {
        match self {
            Actor::User(u) => match u.role {
                Role::Unit => domain::Actor::Unit,
                Role::Reviewer => domain::Actor::Reviewer,
                Role::Admin => domain::Actor::Admin,
            },
            Actor::System => domain::Actor::System,
        }
    }

    /// The role of a person; `None` for the system.
    pub fn role(&self) -> Option<Role> {
        match self {
            Actor::User(u) => Some(u.role),
            Actor::System => None,
        }
    }

    /// The acting account, if a person acts.
    pub fn account_id(&self) -> Option<Uuid> {
        match self {
            Actor::User(u) => Some(u.account_id),
            Actor::System => None,
        }
    }

    /// The unit a unit operator acts for.
    pub fn unit_id(&self) -> Option<Uuid> {
        match self {
            Actor::User(u) => u.unit_id,
            Actor::System => None,
        }
    }

    /// Refuses (403) unless a person with one of `roles` acts.
    pub fn require(&self, roles: &[Role]) -> Result<&UserActor, ServiceError> {
        match self {
            Actor::User(u) if roles.contains(&u.role) => Ok(u),
            _ => Err(ServiceError::Forbidden),
        }
    }

    /// The unit of a unit operator; 403 for anyone else.
    pub fn own_unit(&self) -> Result<Uuid, ServiceError> {
        self.require(&[Role::Unit])?
            .unit_id
            .ok_or(ServiceError::Forbidden)
    }

    /// Whether the actor may see the records of `unit_id`: its own operator, reviewers,
    /// admins and the system; another unit may not (and must not learn they exist).
    pub fn sees_unit(&self, unit_id: Uuid) -> bool {
        match self {
            Actor::User(u) if u.role == Role::Unit => u.unit_id == Some(unit_id),
            _ => true,
        }
    }
}
