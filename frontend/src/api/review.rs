//! 提交职保会审核 (wizard step ⑤) and 参保批次审核 (the reviewer's console): the ratio table,
//! 上传相关材料, the reasons of people without a social-security match, the submission, the
//! history (审核记录), the reviewer's queue, its menu count and the decision.

use api_types::{
    BatchOut, DecisionIn, MaterialIn, NoSsReasonIn, Page, RatiosOut, ReviewCountsOut, ReviewOut,
    ReviewQueueItemOut, ReviewQueueQuery,
};
use uuid::Uuid;

use super::{Api, ApiError, Call};

/// The calls of `/api/batches/{id}/ratios|materials|review-submission|reviews`,
/// `…/roster/{entry}/no-ss-reason` and `/api/reviews…`.
#[derive(Debug, Clone, Copy)]
pub struct ReviewApi(Api);

impl Api {
    /// Step ⑤ and the enrollment review.
    pub fn review(self) -> ReviewApi {
        ReviewApi(self)
    }
}

impl ReviewApi {
    /// `GET /api/batches/{id}/ratios`: the ratio table, the unmatched people, every gap and
    /// whether 提交职保会审核 would be accepted now.
    pub async fn ratios(self, batch: Uuid) -> Result<RatiosOut, ApiError> {
        self.0
            .json(Call::get(format!("/batches/{batch}/ratios")))
            .await
    }

    /// `POST /api/batches/{id}/materials` (上传相关材料): attaches an uploaded file to a code
    /// (`None`: the 未匹配到单位社保编码 group).
    pub async fn add_material(
        self,
        batch: &BatchOut,
        ss_code: Option<String>,
        attachment_id: Uuid,
    ) -> Result<RatiosOut, ApiError> {
        let call = Call::post(format!("/batches/{}/materials", batch.id))
            .if_match(batch.version)
            .json(&MaterialIn {
                ss_code,
                attachment_id,
            });
        self.0.json(call).await
    }

    /// `DELETE /api/batches/{id}/materials/{attachment}` (删除 a material).
    pub async fn remove_material(
        self,
        batch: &BatchOut,
        attachment_id: Uuid,
    ) -> Result<RatiosOut, ApiError> {
        let call = Call::delete(format!("/batches/{}/materials/{attachment_id}", batch.id))
            .if_match(batch.version);
        self.0.json(call).await
    }

    /// `PUT /api/batches/{id}/roster/{entry}/no-ss-reason` (保存 the 社保类型 of a person
    /// without a social-security match); saved as given, what is left shows in `missing`.
    pub async fn set_reason(
        self,
        batch: &BatchOut,
        entry: Uuid,
        body: &NoSsReasonIn,
    ) -> Result<RatiosOut, ApiError> {
        let call = Call::put(format!("/batches/{}/roster/{entry}/no-ss-reason", batch.id))
            .if_match(batch.version)
            .json(body);
        self.0.json(call).await
    }

    /// `POST /api/batches/{id}/review-submission` (信息确认无误，提交职保会审核): the batch
    /// comes back 职保会审核中. A refusal names every gap (see [`ApiError::missing`]).
    pub async fn submit(self, batch: &BatchOut) -> Result<RatiosOut, ApiError> {
        let call =
            Call::post(format!("/batches/{}/review-submission", batch.id)).if_match(batch.version);
        self.0.json(call).await
    }

    /// `GET /api/batches/{id}/reviews` (审核记录), oldest first.
    pub async fn history(self, batch: Uuid) -> Result<Vec<ReviewOut>, ApiError> {
        self.0
            .json(Call::get(format!("/batches/{batch}/reviews")))
            .await
    }

    /// `GET /api/reviews` (参保批次审核), oldest submission first.
    pub async fn queue(
        self,
        query: &ReviewQueueQuery,
    ) -> Result<Page<ReviewQueueItemOut>, ApiError> {
        self.0.json(Call::get("/reviews").query(query)).await
    }

    /// `GET /api/reviews/counts`: batches awaiting a decision (the menu's number).
    pub async fn counts(self) -> Result<ReviewCountsOut, ApiError> {
        self.0.json(Call::get("/reviews/counts")).await
    }

    /// `POST /api/reviews/{id}/decision` (审核通过 / 审核不通过); a second decision is 409.
    pub async fn decide(self, review: Uuid, body: &DecisionIn) -> Result<ReviewOut, ApiError> {
        self.0
            .json(Call::post(format!("/reviews/{review}/decision")).json(body))
            .await
    }
}
