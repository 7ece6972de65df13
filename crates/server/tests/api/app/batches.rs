//! `client.batches()`: open, read, list, delete a batch and choose how it pays. Changes send
//! the version of the `BatchOut` passed in as `If-Match`.

use api_types::{BatchOut, Page};
use reqwest::{Method, Response};
use uuid::Uuid;

use super::client::{send, Client};
use crate::assertions::assert_json;

/// `/api/batches` and `/api/batches/{id}`.
pub struct Batches<'a>(&'a Client);

impl Client {
    /// 参保批次.
    pub fn batches(&self) -> Batches<'_> {
        Batches(self)
    }
}

fn path(id: Uuid) -> String {
    format!("/api/batches/{id}")
}

impl Batches<'_> {
    /// `POST /api/batches` of `kind` (`instant` / `centralized`).
    pub async fn try_create(&self, kind: &str) -> Response {
        let body = serde_json::json!({ "kind": kind });
        self.0.send(Method::POST, "/api/batches", &body).await
    }

    /// Opens a batch; fails the test unless 201.
    pub async fn create(&self, kind: &str) -> BatchOut {
        assert_json(self.try_create(kind).await, 201).await
    }

    /// An instant batch paying by voucher, ready for a roster.
    pub async fn create_voucher_batch(&self) -> BatchOut {
        let b = self.create("instant").await;
        let voucher = serde_json::json!({ "method": "voucher" });
        assert_json(self.choose_payment(&b, &voucher).await, 200).await
    }

    /// `GET /api/batches/{id}`.
    pub async fn get(&self, id: Uuid) -> Response {
        self.0.get(&path(id)).await
    }

    /// The batch as it is now (its current version); fails the test unless 200.
    pub async fn fetch(&self, id: Uuid) -> BatchOut {
        assert_json(self.get(id).await, 200).await
    }

    /// `GET /api/batches{query}` (query: `""` or `"?status=…"`).
    pub async fn try_list(&self, query: &str) -> Response {
        self.0.get(&format!("/api/batches{query}")).await
    }

    /// One page of the list; fails the test unless 200.
    pub async fn list(&self, query: &str) -> Page<BatchOut> {
        assert_json(self.try_list(query).await, 200).await
    }

    /// `DELETE /api/batches/{id}` based on `b.version`.
    pub async fn delete(&self, b: &BatchOut) -> Response {
        send(self.0.change(Method::DELETE, &path(b.id), b.version)).await
    }

    /// `PUT /api/batches/{id}/payment-method` based on `b.version`.
    pub async fn choose_payment(&self, b: &BatchOut, body: &serde_json::Value) -> Response {
        let path = format!("{}/payment-method", path(b.id));
        send(self.0.change(Method::PUT, &path, b.version).json(body)).await
    }

    /// `PUT /api/batches/{id}/withholding-letter` based on `b.version`.
    pub async fn set_withholding_letter(&self, b: &BatchOut, attachment_id: Uuid) -> Response {
        let path = format!("{}/withholding-letter", path(b.id));
        let body = serde_json::json!({ "attachment_id": attachment_id });
        send(self.0.change(Method::PUT, &path, b.version).json(&body)).await
    }
}
