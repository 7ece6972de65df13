//! `client.withholding(&batch)`: step ⑥ of one batch (the application, acceptance, the
//! slip, 参保名单确定) and the bank's callback. Changes send the version of the `BatchOut`
//! passed in as `If-Match`.

use api_types::{BatchOut, WithholdingOut};
use reqwest::{Method, Response};

use super::client::{send, Client};
use crate::assertions::assert_json;

/// `/api/batches/{id}/withholding…`, based on one version of the batch.
pub struct Withholding<'a> {
    client: &'a Client,
    path: String,
    version: i32,
}

impl Client {
    /// Step ⑥ of `batch`; changes are based on `batch.version`.
    pub fn withholding(&self, batch: &BatchOut) -> Withholding<'_> {
        Withholding {
            client: self,
            path: format!("/api/batches/{}", batch.id),
            version: batch.version,
        }
    }

    /// `POST /api/callbacks/bank` with `X-Bank-Request-Id` (none when `None`).
    pub async fn bank_callback(&self, request_id: Option<&str>) -> Response {
        let req = self.request(Method::POST, "/api/callbacks/bank");
        let req = match request_id {
            Some(id) => req.header("X-Bank-Request-Id", id),
            None => req,
        };
        send(req).await
    }
}

impl Withholding<'_> {
    /// `GET …/withholding`.
    pub async fn try_get(&self) -> Response {
        self.client.get(&format!("{}/withholding", self.path)).await
    }

    /// Step ⑥; fails the test unless 200.
    pub async fn get(&self) -> WithholdingOut {
        assert_json(self.try_get().await, 200).await
    }

    /// `POST …/withholding-application` with `agreed`.
    pub async fn apply(&self, agreed: bool) -> Response {
        let path = format!("{}/withholding-application", self.path);
        let body = serde_json::json!({ "agreed": agreed });
        send(
            self.client
                .change(Method::POST, &path, self.version)
                .json(&body),
        )
        .await
    }

    /// `POST …/withholding/acceptance` (受理).
    pub async fn accept(&self) -> Response {
        let path = format!("{}/withholding/acceptance", self.path);
        send(self.client.request(Method::POST, &path)).await
    }

    /// `GET …/withholding/slip`.
    pub async fn slip(&self) -> Response {
        self.client
            .get(&format!("{}/withholding/slip", self.path))
            .await
    }

    /// `POST …/roster-confirmation` (参保名单确定).
    pub async fn confirm_roster(&self) -> Response {
        let path = format!("{}/roster-confirmation", self.path);
        send(self.client.change(Method::POST, &path, self.version)).await
    }
}
