//! 代扣申请: one batch's application, its acceptance, the bank request and its results.

use sea_orm::entity::prelude::*;

/// A row of `withholdings`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "withholdings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub batch_id: Uuid,
    /// Amount per person, fen.
    pub amount_fen: i64,
    /// People in the frozen list (申请代扣人数).
    pub people: i32,
    /// `applied`, `accepted`, `sent`, `done`.
    pub state: String,
    pub submitted_at: DateTimeUtc,
    pub submitted_by: Option<Uuid>,
    /// When the association accepts it by itself (one working day later).
    pub accept_due_at: DateTimeUtc,
    pub accepted_at: Option<DateTimeUtc>,
    /// The reviewer who accepted it early; `None` once accepted: automatically.
    pub accepted_by: Option<Uuid>,
    /// 校验码 printed on the acceptance slip.
    pub slip_code: String,
    /// Bank requests the list is sent in.
    pub chunks: i32,
    pub sent_at: Option<DateTimeUtc>,
    pub results_at: Option<DateTimeUtc>,
    /// 代扣成功 people, once the results are in.
    pub succeeded: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
