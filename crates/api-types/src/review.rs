//! 提交职保会审核 (wizard step ⑤) and the reviewer's console (参保批次审核): the ratio table
//! per social-security code, materials, the reasons of people without a social-security
//! match, submissions and decisions.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::attachments::AttachmentOut;
use crate::batch::{BatchKindKey, BatchOut, PaymentMethodKey};

/// Where a code stands against the ratio threshold (附件上传状态).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CodeStandingKey {
    /// 参保比例 reaches the threshold.
    Meets,
    /// Below it, but every person of the batch on the code is a new retiree.
    NewlyRetiredOnly,
    /// Below it, materials uploaded.
    MaterialsUploaded,
    /// Below it, nothing uploaded: blocks submission.
    MaterialsMissing,
}

/// 社保类型 of a person without a social-security match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoSsReasonKey {
    /// (新退休) 上年度7月1至本年度6月30号办理退休.
    NewlyRetired,
    /// 干保.
    CadreInsurance,
    /// 出国.
    Abroad,
    /// 其他(如：社保封存等): remark and attachment required.
    Other,
}

/// A review's state (审核状态).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatusKey {
    /// 待审核.
    Pending,
    /// 审核通过.
    Approved,
    /// 审核不通过.
    Rejected,
}

/// One row of 参保清册校验结果：参保比例情况.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatioRowOut {
    /// 社保编号; `None` for the 未匹配到单位社保编码 group.
    pub ss_code: Option<String>,
    /// 社保编号 as shown (the code, or 未匹配到单位社保编码).
    pub code_label: String,
    /// 单位名称 as the social-security interface knows it.
    pub unit_name: Option<String>,
    /// 社保人数 (0 for the unmatched group or a code the interface did not answer).
    pub ss_headcount: u32,
    /// 参保人数: people of this batch.
    pub insured_here: u32,
    /// 已参保人数: people of the unit's other batches of the plan year that the reviewer
    /// approved.
    pub insured_elsewhere: u32,
    /// People of this batch on the code who retired in the 新退休 window.
    pub newly_retired_here: u32,
    /// 参保比例 as shown (`3.0%`, `0%`).
    pub ratio: String,
    /// Standing against the threshold. For the 未匹配到单位社保编码 group (`ss_code: null`)
    /// it only says whether materials were uploaded (optional there): the group never
    /// blocks submission, its people's reasons do.
    pub standing: CodeStandingKey,
    /// 附件上传状态 (已达标 / 新退休人员无需上传材料 / 已上传 / 未上传).
    pub standing_label: String,
    /// 相关材料 uploaded for the row.
    pub materials: Vec<AttachmentOut>,
    /// 审核状态 of the row in the latest review, once submitted.
    pub review_status: Option<ReviewStatusKey>,
    /// 审核状态 as shown (待审核 / 审核通过 / 审核不通过), empty before any submission.
    pub review_status_label: String,
    /// 不通过原因 of the row in the latest decided review.
    pub reject_reasons: Vec<String>,
}

/// A person without a social-security match and the reason given (社保人员情况).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnmatchedPersonOut {
    /// Roster entry id.
    pub entry_id: Uuid,
    /// 序号 in the roster.
    pub row_no: i32,
    /// 姓名.
    pub name: String,
    /// 身份证号, masked.
    pub id_number_masked: String,
    /// 退休年月 entered by the operator, if any (`YYYY-MM`).
    pub retirement_month: Option<String>,
    /// 社保类型 chosen.
    pub reason: Option<NoSsReasonKey>,
    /// 社保类型 as shown.
    pub reason_label: String,
    /// 备注 (其它类型说明).
    pub remark: Option<String>,
    /// 附件.
    pub attachment: Option<AttachmentOut>,
    /// What is still missing for this person, if anything.
    pub problem: Option<String>,
}

/// `GET /api/batches/{id}/ratios`: everything step ⑤ shows and whether 提交职保会审核 is
/// possible. The figures are the inputs of the domain's `review::assess`, so the SPA can
/// recompute the answer while the operator edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatiosOut {
    /// The batch (its `version` for `If-Match`).
    pub batch: BatchOut,
    /// 参保比例 threshold of the plan year, in percent (75).
    pub threshold_percent: u32,
    /// One row per 社保编号 (ascending), then the 未匹配到单位社保编码 group if anyone is in it.
    pub rows: Vec<RatioRowOut>,
    /// The people of the unmatched group, in roster order.
    pub unmatched: Vec<UnmatchedPersonOut>,
    /// People changed since the last verification run.
    pub unchecked: u64,
    /// People whose verification outcome still blocks submission.
    pub blocking_anomalies: u64,
    /// Every gap, one Chinese sentence each (codes first, then people).
    pub missing: Vec<String>,
    /// True when 提交职保会审核 would be accepted now.
    pub can_submit: bool,
    /// The stamped withholding application letter (withholding batches).
    pub withholding_letter: Option<AttachmentOut>,
    /// The latest submission, if any.
    pub latest_review: Option<ReviewOut>,
    /// The unit's 经办人 (name, mobile, email), for the reviewer.
    pub operator: Option<crate::units::OperatorOut>,
}

/// `PUT /api/batches/{id}/roster/{entry_id}/no-ss-reason` (编辑 / 保存).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoSsReasonIn {
    /// 社保类型.
    pub reason: NoSsReasonKey,
    /// 备注 (required for 其他; at most 200 characters).
    pub remark: Option<String>,
    /// 附件 (`POST /api/attachments`, purpose `ratio_material`; required for 其他).
    pub attachment_id: Option<Uuid>,
}

/// `POST /api/batches/{id}/materials` (上传相关材料): attaches an uploaded file to a code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MaterialIn {
    /// 社保编号 of the batch; `None` for the 未匹配到单位社保编码 group.
    pub ss_code: Option<String>,
    /// The uploaded file (`POST /api/attachments`, purpose `ratio_material`).
    pub attachment_id: Uuid,
}

/// 不通过原因 of one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeReasonsOut {
    /// 社保编号; `None` for the 未匹配到单位社保编码 group.
    pub ss_code: Option<String>,
    /// 社保编号 as shown.
    pub code_label: String,
    /// The reasons.
    pub reasons: Vec<String>,
}

/// What a review decides on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewStageKey {
    /// 职保会审核 (the roster, ratios and materials).
    #[default]
    Enrollment,
    /// 缴费凭证审核.
    Vouchers,
}

/// One submission to the reviewer and its decision (审核记录).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewOut {
    /// Id (the decision is made on it).
    pub id: Uuid,
    /// The batch.
    pub batch_id: Uuid,
    /// 职保会审核 or 缴费凭证审核.
    pub stage: ReviewStageKey,
    /// 1 for the first submission, then one more per resubmission.
    pub round: i32,
    /// When submitted.
    pub submitted_at: DateTime<FixedOffset>,
    /// Who submitted (经办人).
    pub submitted_by: Option<String>,
    /// State.
    pub status: ReviewStatusKey,
    /// 待审核 / 审核通过 / 审核不通过.
    pub status_label: String,
    /// When decided.
    pub decided_at: Option<DateTime<FixedOffset>>,
    /// Who decided.
    pub decided_by: Option<String>,
    /// Overall 不通过原因.
    pub overall_reasons: Vec<String>,
    /// 不通过原因 per code.
    pub code_reasons: Vec<CodeReasonsOut>,
}

/// The reviewer's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DecisionKey {
    /// 审核通过.
    Approve,
    /// 审核不通过 (with reasons).
    Reject,
}

/// 不通过原因 for one row of the ratio table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeReasonsIn {
    /// 社保编号 of the batch; `None` for the 未匹配到单位社保编码 group.
    pub ss_code: Option<String>,
    /// The reasons (dictionary values or free text, each at most 500 characters).
    pub reasons: Vec<String>,
}

/// `POST /api/reviews/{id}/decision`. For a voucher review, a rejection's reasons are
/// `overall_reasons` only (职保中心反馈, e.g. 退多余款账户信息错误).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionIn {
    /// Approve or reject.
    pub decision: DecisionKey,
    /// Overall 不通过原因 (reject only).
    #[serde(default)]
    pub overall_reasons: Vec<String>,
    /// 不通过原因 per code (reject only); a rejection needs at least one reason in all.
    #[serde(default)]
    pub code_reasons: Vec<CodeReasonsIn>,
}

/// Which reviews the queue lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewQueueStatus {
    /// 待审核 (the default).
    #[default]
    Pending,
    /// Decided ones.
    Decided,
    /// Both.
    All,
}

/// Filters of 参保批次审核 (oldest submission first).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct ReviewQueueQuery {
    /// 职保会审核 (default) or 缴费凭证审核.
    pub stage: Option<ReviewStageKey>,
    /// 待审核 (default), decided or all.
    pub status: Option<ReviewQueueStatus>,
    /// 单位名称 (contains).
    pub unit_name: Option<String>,
    /// 参保编码 (exact).
    pub enrollment_code: Option<String>,
    /// 所属区局工会 (exact).
    pub district_union: Option<String>,
    /// 参保类型.
    pub kind: Option<BatchKindKey>,
    /// 参保缴费方式.
    pub payment_method: Option<PaymentMethodKey>,
    /// Submitted on or after this day (Shanghai time).
    pub submitted_from: Option<NaiveDate>,
    /// Submitted on or before this day (Shanghai time).
    pub submitted_to: Option<NaiveDate>,
    /// Page number, from 1.
    #[serde(default, deserialize_with = "crate::page::bounded::page")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1_000_000))]
    pub page: Option<u64>,
    /// Rows per page (default 10, at most 100).
    #[serde(default, deserialize_with = "crate::page::bounded::page_size")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub page_size: Option<u64>,
}

/// One row of 参保批次审核.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewQueueItemOut {
    /// The submission.
    pub review: ReviewOut,
    /// 批次号.
    pub batch_no: String,
    /// 单位名称.
    pub unit_name: String,
    /// 参保编码.
    pub enrollment_code: Option<String>,
    /// 所属区局工会.
    pub district_union: Option<String>,
    /// 参保类型.
    pub kind: BatchKindKey,
    /// 参保类型 as shown.
    pub kind_label: String,
    /// 参保缴费方式.
    pub payment_method: Option<PaymentMethodKey>,
    /// 参保人数.
    pub roster_size: u64,
}

/// `GET /api/reviews/counts`: the numbers of the reviewer's menu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewCountsOut {
    /// Batches 职保会审核中 awaiting a decision.
    pub pending: u64,
    /// Batches 凭证审核中 awaiting a decision.
    pub vouchers_pending: u64,
}
