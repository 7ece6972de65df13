//! 账号: a login of a unit operator, a reviewer or an admin.

use sea_orm::entity::prelude::*;

/// A row of `accounts`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "accounts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub account: String,
    pub password_hash: String,
    pub role: String,
    pub unit_id: Option<Uuid>,
    pub display_name: String,
    pub email: Option<String>,
    pub mobile: Option<String>,
    pub must_change_password: bool,
    pub failed_attempts: i32,
    pub locked_until: Option<DateTimeUtc>,
    pub disabled: bool,
    pub token_version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::unit::Entity",
        from = "Column::UnitId",
        to = "super::unit::Column::Id"
    )]
    Unit,
}

impl Related<super::unit::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Unit.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

/// A new active account (token version 1, no failed logins, no email or mobile yet, the
/// password not to be changed); callers set what differs.
pub fn new_row(
    login: &str,
    password_hash: String,
    role: &str,
    unit_id: Option<Uuid>,
    display_name: &str,
    now: DateTimeUtc,
) -> ActiveModel {
    use sea_orm::ActiveValue::Set;
    ActiveModel {
        id: Set(Uuid::new_v4()),
        account: Set(login.to_owned()),
        password_hash: Set(password_hash),
        role: Set(role.to_owned()),
        unit_id: Set(unit_id),
        display_name: Set(display_name.to_owned()),
        email: Set(None),
        mobile: Set(None),
        must_change_password: Set(false),
        failed_attempts: Set(0),
        locked_until: Set(None),
        disabled: Set(false),
        token_version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
}
