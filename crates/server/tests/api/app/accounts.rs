//! Arranging accounts and units directly in the database, as if an admin (or an earlier
//! process) had created them.

use api_types::Role;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use server::entities::{account, unit};
use uuid::Uuid;

use super::TestApp;
use crate::fixtures::GOOD_PASSWORD;

/// An account to seed: `GOOD_PASSWORD`, already changed, enabled, unless told otherwise.
pub struct NewAccount {
    /// The login name.
    pub login: String,
    role: Role,
    password: String,
    must_change_password: bool,
    disabled: bool,
    enrollment_code: bool,
}

impl NewAccount {
    /// An account of `role`; a unit operator also gets a unit.
    pub fn new(login: &str, role: Role) -> Self {
        NewAccount {
            login: login.to_owned(),
            role,
            password: GOOD_PASSWORD.to_owned(),
            must_change_password: false,
            disabled: false,
            enrollment_code: true,
        }
    }

    /// A unit operator; its unit's enrollment code is the login without `tuixiu`.
    pub fn unit(login: &str) -> Self {
        NewAccount::new(login, Role::Unit)
    }

    /// Another password.
    pub fn password(mut self, password: &str) -> Self {
        self.password = password.to_owned();
        self
    }

    /// A system-issued password, to be changed at the first login.
    pub fn must_change_password(mut self) -> Self {
        self.must_change_password = true;
        self
    }

    /// Disabled by an admin.
    pub fn disabled(mut self) -> Self {
        self.disabled = true;
        self
    }

    /// The unit has applied for no enrollment code yet.
    pub fn without_enrollment_code(mut self) -> Self {
        self.enrollment_code = false;
        self
    }
}

fn role_key(role: Role) -> &'static str {
    match role {
        Role::Unit => "unit",
        Role::Reviewer => "reviewer",
        Role::Admin => "admin",
    }
}

impl TestApp {
    /// Stores the account (and a unit operator's unit); answers the account's id.
    pub async fn seed_account(&self, new: NewAccount) -> Uuid {
        let unit_id = match new.role {
            Role::Unit => Some(self.seed_unit(&new).await),
            _ => None,
        };
        let id = Uuid::new_v4();
        let hash = server::auth::password::hash_blocking(&new.password).expect("hash");
        account::ActiveModel {
            id: Set(id),
            account: Set(new.login.clone()),
            password_hash: Set(hash),
            role: Set(role_key(new.role).into()),
            unit_id: Set(unit_id),
            display_name: Set(format!("{} 用户", new.login)),
            email: Set(None),
            mobile: Set(None),
            must_change_password: Set(new.must_change_password),
            failed_attempts: Set(0),
            locked_until: Set(None),
            disabled: Set(new.disabled),
            token_version: Set(1),
            created_at: Set(Utc::now()),
            updated_at: Set(Utc::now()),
        }
        .insert(&self.db)
        .await
        .expect("insert account");
        id
    }

    async fn seed_unit(&self, new: &NewAccount) -> Uuid {
        let id = Uuid::new_v4();
        let code = new.login.trim_start_matches("tuixiu").to_owned();
        unit::ActiveModel {
            id: Set(id),
            name: Set(format!("测试单位{}", &id.simple().to_string()[..8])),
            credit_code: Set(None),
            enrollment_code: Set(new.enrollment_code.then_some(code)),
            address: Set(None),
            postcode: Set(None),
            district_union: Set(None),
            economic_type: Set(None),
            version: Set(1),
            created_at: Set(Utc::now()),
            updated_at: Set(Utc::now()),
        }
        .insert(&self.db)
        .await
        .expect("insert unit");
        id
    }

    /// Changes a unit's row behind the API's back (a name the registry does not know, a
    /// code assigned elsewhere).
    pub async fn update_unit(&self, unit_id: Uuid, change: impl FnOnce(&mut unit::ActiveModel)) {
        let row = unit::Entity::find_by_id(unit_id)
            .one(&self.db)
            .await
            .expect("query unit")
            .expect("unit exists");
        let mut active = row.into_active_model();
        change(&mut active);
        active.update(&self.db).await.expect("update unit");
    }
}
