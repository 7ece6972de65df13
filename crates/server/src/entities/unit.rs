//! 参保单位: an employer unit.

use sea_orm::entity::prelude::*;

/// A row of `units`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "units")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub credit_code: Option<String>,
    pub enrollment_code: Option<String>,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub district_union: Option<String>,
    pub economic_type: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::account::Entity")]
    Account,
}

impl Related<super::account::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Account.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

/// A new unit with only its name, credit code and enrollment code known (version 1).
pub fn new_row(
    name: &str,
    credit_code: Option<String>,
    enrollment_code: Option<String>,
    now: DateTimeUtc,
) -> ActiveModel {
    use sea_orm::ActiveValue::Set;
    ActiveModel {
        id: Set(Uuid::new_v4()),
        name: Set(name.to_owned()),
        credit_code: Set(credit_code),
        enrollment_code: Set(enrollment_code),
        address: Set(None),
        postcode: Set(None),
        district_union: Set(None),
        economic_type: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
}
