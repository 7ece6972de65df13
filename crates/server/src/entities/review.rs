//! 审核记录: one submission of a batch to the reviewer and, once made, the decision.

use sea_orm::entity::prelude::*;

/// A row of `reviews`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "reviews")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub batch_id: Uuid,
    /// `enrollment` (职保会审核).
    pub stage: String,
    /// 1 for the first submission, then one more per resubmission.
    pub round: i32,
    pub submitted_at: DateTimeUtc,
    pub submitted_by: Option<Uuid>,
    /// The integrator key that submitted, when a key did (then `submitted_by` is empty).
    pub submitted_by_key: Option<Uuid>,
    /// The ratio table as submitted.
    pub snapshot: Option<Json>,
    /// `None` while 待审核; `approved` or `rejected`.
    pub decision: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    pub decided_by: Option<Uuid>,
    /// The integrator key that decided, when a key did.
    pub decided_by_key: Option<Uuid>,
    /// Overall 不通过原因 (a JSON list of strings).
    pub overall_reasons: Option<Json>,
    /// 不通过原因 per code (a JSON list of `{ss_code, reasons}`).
    pub code_reasons: Option<Json>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
