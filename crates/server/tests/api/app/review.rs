//! `client.review(&batch)`: step ⑤ of one batch (ratios, materials, no-social-security
//! reasons, 提交职保会审核, history), and `client.reviews()`: the reviewer's queue, count
//! and decision. Changes send the version of the `BatchOut` passed in as `If-Match`.

use api_types::{BatchOut, Page, RatiosOut, ReviewCountsOut, ReviewOut, ReviewQueueItemOut};
use reqwest::{Method, Response};
use uuid::Uuid;

use super::client::{send, Client};
use crate::assertions::assert_json;

/// `/api/batches/{id}/…` of step ⑤, based on one version of the batch.
pub struct Review<'a> {
    client: &'a Client,
    path: String,
    version: i32,
}

/// `/api/reviews…`.
pub struct Reviews<'a>(&'a Client);

impl Client {
    /// Step ⑤ of `batch`; changes are based on `batch.version`.
    pub fn review(&self, batch: &BatchOut) -> Review<'_> {
        Review {
            client: self,
            path: format!("/api/batches/{}", batch.id),
            version: batch.version,
        }
    }

    /// 参保批次审核.
    pub fn reviews(&self) -> Reviews<'_> {
        Reviews(self)
    }
}

impl Review<'_> {
    fn change(&self, method: Method, sub: &str) -> reqwest::RequestBuilder {
        self.client
            .change(method, &format!("{}{sub}", self.path), self.version)
    }

    /// `GET …/ratios`.
    pub async fn try_ratios(&self) -> Response {
        self.client.get(&format!("{}/ratios", self.path)).await
    }

    /// The ratio table; fails the test unless 200.
    pub async fn ratios(&self) -> RatiosOut {
        assert_json(self.try_ratios().await, 200).await
    }

    /// `POST …/materials`.
    pub async fn add_material(&self, ss_code: Option<&str>, attachment_id: Uuid) -> Response {
        let body = serde_json::json!({ "ss_code": ss_code, "attachment_id": attachment_id });
        send(self.change(Method::POST, "/materials").json(&body)).await
    }

    /// `DELETE …/materials/{attachment_id}`.
    pub async fn remove_material(&self, attachment_id: Uuid) -> Response {
        let sub = format!("/materials/{attachment_id}");
        send(self.change(Method::DELETE, &sub)).await
    }

    /// `PUT …/roster/{entry_id}/no-ss-reason`.
    pub async fn set_reason(&self, entry_id: Uuid, body: &serde_json::Value) -> Response {
        let sub = format!("/roster/{entry_id}/no-ss-reason");
        send(self.change(Method::PUT, &sub).json(body)).await
    }

    /// `POST …/review-submission`.
    pub async fn submit(&self) -> Response {
        send(self.change(Method::POST, "/review-submission")).await
    }

    /// `GET …/reviews`; fails the test unless 200.
    pub async fn history(&self) -> Vec<ReviewOut> {
        let res = self.client.get(&format!("{}/reviews", self.path)).await;
        assert_json(res, 200).await
    }
}

impl Reviews<'_> {
    /// `GET /api/reviews{query}`.
    pub async fn try_queue(&self, query: &str) -> Response {
        self.0.get(&format!("/api/reviews{query}")).await
    }

    /// One page of the queue; fails the test unless 200.
    pub async fn queue(&self, query: &str) -> Page<ReviewQueueItemOut> {
        assert_json(self.try_queue(query).await, 200).await
    }

    /// `GET /api/reviews/counts`; fails the test unless 200.
    pub async fn counts(&self) -> ReviewCountsOut {
        assert_json(self.0.get("/api/reviews/counts").await, 200).await
    }

    /// `POST /api/reviews/{id}/decision`.
    pub async fn decide(&self, review_id: Uuid, body: &serde_json::Value) -> Response {
        let path = format!("/api/reviews/{review_id}/decision");
        self.0.send(Method::POST, &path, body).await
    }

    /// 审核通过.
    pub async fn approve(&self, review_id: Uuid) -> Response {
        self.decide(review_id, &serde_json::json!({ "decision": "approve" }))
            .await
    }
}
