//! 参保批次: one unit's enrollment of one plan year and type.

use sea_orm::entity::prelude::*;

/// A row of `batches`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "batches")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub batch_no: String,
    pub unit_id: Uuid,
    pub plan_year: i32,
    pub kind: String,
    pub status: String,
    pub payment_method: Option<String>,
    pub withholding_amount_fen: Option<i64>,
    pub withholding_letter_id: Option<Uuid>,
    pub roster_size: i32,
    /// 需单位缴纳参保费用, fixed by 参保名单确定 (fen).
    pub unit_due_fen: Option<i64>,
    /// 代扣成功 people counted in `unit_due_fen`.
    pub withheld_people: Option<i32>,
    /// 投保成功: when the reviewer approved the vouchers.
    pub completed_at: Option<DateTimeUtc>,
    /// 起保时间.
    pub coverage_start: Option<DateTimeUtc>,
    /// 终保时间 (exclusive).
    pub coverage_end: Option<DateTimeUtc>,
    /// 免责期 end (exclusive), 即时参保 only.
    pub waiting_period_end: Option<DateTimeUtc>,
    pub version: i32,
    pub created_by: Option<Uuid>,
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
