//! Batches (参保批次): create, list, view, delete, choose the payment method.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// 参保类型.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BatchKindKey {
    /// 集中参保
    Centralized,
    /// 即时参保
    Instant,
}

/// 参保缴费方式.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethodKey {
    /// 委托代扣款缴费参保
    Withholding,
    /// 缴费凭证参保
    Voucher,
}

/// `POST /api/batches`: open a batch of a type in the current plan year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchIn {
    /// 参保类型.
    pub kind: BatchKindKey,
}

/// A batch as the list and the wizard show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchOut {
    /// Id.
    pub id: Uuid,
    /// 批次号, e.g. `TXZY202504300001`.
    pub batch_no: String,
    /// The unit's id.
    pub unit_id: Uuid,
    /// 单位名称.
    pub unit_name: String,
    /// 参保编码.
    pub enrollment_code: Option<String>,
    /// 参保类型.
    pub kind: BatchKindKey,
    /// 参保类型 in Chinese.
    pub kind_label: String,
    /// 保障年度.
    pub plan_year: i32,
    /// Status key (`roster_pending`, `verification_pending`, …).
    pub status: String,
    /// 状态 in the manual's wording.
    pub status_label: String,
    /// Wizard step of the status (3 = 参保名单梳理 … 7 = payment vouchers).
    pub wizard_step: u8,
    /// Chosen payment method, once chosen.
    pub payment_method: Option<PaymentMethodKey>,
    /// Withholding amount per person, fen (withholding only).
    pub withholding_amount_fen: Option<i64>,
    /// The stamped withholding application letter (an attachment id), once uploaded.
    pub withholding_letter_id: Option<Uuid>,
    /// People in the roster.
    pub roster_size: u64,
    /// 需单位缴纳参保费用 (fen), fixed by 参保名单确定.
    pub unit_due_fen: Option<i64>,
    /// 代扣成功 people counted in `unit_due_fen`.
    pub withheld_people: Option<u32>,
    /// What may be done now, from the domain state machine: `choose_withholding`,
    /// `choose_voucher`, `import_roster`, `add_person`, `delete_person`, `clear_roster`,
    /// `start_verification`, `prepare_review`, `confirm_roster`, `delete_batch`, … Steps
    /// that depend on the roster's figures are answered by their own reads: 提交职保会审核
    /// by `GET …/ratios` (`can_submit`), 提交代扣申请 by `GET …/withholding` (`can_apply`);
    /// this list never holds `submit_for_review` or `apply_for_withholding`, and holds
    /// `confirm_roster` of a withholding batch at 职保会审核通过 only once the application
    /// has closed (whether nobody is 可代扣 is for `GET …/withholding` to say).
    pub allowed_actions: Vec<String>,
    /// 继续办理参保 is offered (the unit has something to do).
    pub can_continue: bool,
    /// 修改参保名单 is offered.
    pub can_edit_roster: bool,
    /// 批次删除 is offered.
    pub can_delete: bool,
    /// While 名单校验中: how many people of the run are checked.
    pub progress: Option<ProgressOut>,
    /// Optimistic-concurrency version: send it as `If-Match` with every change.
    pub version: i32,
    /// Created at.
    pub created_at: DateTime<FixedOffset>,
    /// 最后更新时间.
    pub updated_at: DateTime<FixedOffset>,
}

/// Progress of a batch's background work (e.g. 名单校验中 12/30).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgressOut {
    /// Done so far.
    pub done: u64,
    /// In all.
    pub total: u64,
}

/// Filters of the batch list (参保批次列表).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct BatchQuery {
    /// 批次号 (contains).
    pub batch_no: Option<String>,
    /// 单位名称 (contains).
    pub unit_name: Option<String>,
    /// 批次状态 key.
    pub status: Option<String>,
    /// Keyset paging: the rows after the one this cursor (a previous page's `next`) names.
    /// With `after`, `page` only numbers the answer; the rows never shift when others are
    /// added or deleted before them, and every page costs the same.
    pub after: Option<String>,
    /// Page number, from 1.
    #[serde(default, deserialize_with = "crate::page::bounded::page")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1_000_000))]
    pub page: Option<u64>,
    /// Rows per page (default 10, at most 100).
    #[serde(default, deserialize_with = "crate::page::bounded::page_size")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub page_size: Option<u64>,
}

/// `PUT /api/batches/{id}/payment-method`: chosen once, never changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentMethodIn {
    /// The method.
    pub method: PaymentMethodKey,
    /// Withholding only: the amount per person, fen (0 < amount ≤ the plan year's cap).
    pub withholding_amount_fen: Option<i64>,
    /// Withholding only, and required for it: the uploaded stamped application letter
    /// (`POST /api/attachments`, `purpose=withholding_letter`); the choice never changes, so it
    /// is not saved without the letter.
    pub withholding_letter_id: Option<Uuid>,
}

/// `PUT /api/batches/{id}/withholding-letter`: the stamped withholding application letter
/// (委托代扣款申请书), uploaded first with `POST /api/attachments`
/// (`purpose = withholding_letter`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WithholdingLetterIn {
    /// The attachment's id.
    pub attachment_id: Uuid,
}
