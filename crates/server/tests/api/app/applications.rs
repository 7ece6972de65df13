//! `client.code_applications()` (参保编码申请) and `client.name_changes()` (修改单位名称):
//! the same submit / list / resubmit / review flow on two paths.

use std::marker::PhantomData;

use api_types::{ApplicationListItem, CodeApplicationOut, NameChangeOut, Page};
use reqwest::{Method, Response};
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::client::Client;
use crate::assertions::assert_json;

/// One kind of application; `Out` is what its endpoints answer.
pub struct Applications<'a, Out> {
    client: &'a Client,
    base: &'static str,
    out: PhantomData<Out>,
}

impl Client {
    /// 参保编码申请.
    pub fn code_applications(&self) -> Applications<'_, CodeApplicationOut> {
        Applications {
            client: self,
            base: "/api/code-applications",
            out: PhantomData,
        }
    }

    /// 修改单位名称.
    pub fn name_changes(&self) -> Applications<'_, NameChangeOut> {
        Applications {
            client: self,
            base: "/api/name-changes",
            out: PhantomData,
        }
    }
}

impl<Out: DeserializeOwned> Applications<'_, Out> {
    /// The path of one application.
    pub fn path(&self, id: Uuid) -> String {
        format!("{}/{id}", self.base)
    }

    /// The path of its review.
    pub fn review_path(&self, id: Uuid) -> String {
        format!("{}/review", self.path(id))
    }

    /// Submits an application.
    pub async fn try_submit(&self, body: &serde_json::Value) -> Response {
        self.client.send(Method::POST, self.base, body).await
    }

    /// Submits; fails the test unless 201.
    pub async fn submit(&self, body: &serde_json::Value) -> Out {
        assert_json(self.try_submit(body).await, 201).await
    }

    /// One page of the list (`query`: `""` or `"?status=…"`); fails unless 200.
    pub async fn list(&self, query: &str) -> Page<ApplicationListItem> {
        let res = self.client.get(&format!("{}{query}", self.base)).await;
        assert_json(res, 200).await
    }

    /// `GET …/{id}`.
    pub async fn get(&self, id: Uuid) -> Response {
        self.client.get(&self.path(id)).await
    }

    /// `PUT …/{id}`: edit and resubmit after a rejection.
    pub async fn resubmit(&self, id: Uuid, body: &serde_json::Value) -> Response {
        self.client.send(Method::PUT, &self.path(id), body).await
    }

    /// `POST …/{id}/review` with a decision.
    pub async fn review(&self, id: Uuid, decision: &serde_json::Value) -> Response {
        let path = self.review_path(id);
        self.client.send(Method::POST, &path, decision).await
    }

    /// Approves (a code application gets the next free code).
    pub async fn approve(&self, id: Uuid) -> Response {
        self.review(id, &serde_json::json!({"approved": true}))
            .await
    }

    /// Rejects with `reason`.
    pub async fn reject(&self, id: Uuid, reason: &str) -> Response {
        let decision = serde_json::json!({"approved": false, "reason": reason});
        self.review(id, &decision).await
    }
}
