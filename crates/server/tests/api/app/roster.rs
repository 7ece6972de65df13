//! `client.roster(&batch)`: one batch's 参保名单 (import, manual entry, views, deletions,
//! export), and `client.templates()`. Changes send `batch.version` as `If-Match`.

use api_types::{BatchOut, ImportOut, Page, PersonAddedOut, RosterEntryOut};
use reqwest::{Method, Response};
use uuid::Uuid;

use super::client::{send, Client};
use crate::assertions::assert_json;

/// `/api/batches/{id}/roster*`, based on the version of the batch it was made from.
pub struct Roster<'a> {
    client: &'a Client,
    path: String,
    version: i32,
}

impl Client {
    /// The roster of `batch`; changes are based on `batch.version`.
    pub fn roster(&self, batch: &BatchOut) -> Roster<'_> {
        Roster {
            client: self,
            path: format!("/api/batches/{}/roster", batch.id),
            version: batch.version,
        }
    }

    /// The downloadable templates.
    pub fn templates(&self) -> Templates<'_> {
        Templates(self)
    }
}

impl Roster<'_> {
    fn change(&self, method: Method, sub: &str) -> reqwest::RequestBuilder {
        let path = format!("{}{sub}", self.path);
        self.client.change(method, &path, self.version)
    }

    /// `GET …/roster` (the first page).
    pub async fn try_list(&self) -> Response {
        self.client.get(&self.path).await
    }

    /// One page of the masked list (`query`: `""` or `"?name=…"`); fails unless 200.
    pub async fn list(&self, query: &str) -> Page<RosterEntryOut> {
        let res = self.client.get(&format!("{}{query}", self.path)).await;
        assert_json(res, 200).await
    }

    /// `POST …/roster/import` of a workbook's bytes.
    pub async fn try_import(&self, bytes: Vec<u8>) -> Response {
        let req = self
            .change(Method::POST, "/import")
            .header("Content-Type", "application/octet-stream")
            .body(bytes);
        send(req).await
    }

    /// Imports a workbook; fails the test unless 200.
    pub async fn import(&self, bytes: Vec<u8>) -> ImportOut {
        assert_json(self.try_import(bytes).await, 200).await
    }

    /// `POST …/roster/renewal` (沿用上年度名单).
    pub async fn try_renew(&self) -> Response {
        send(self.change(Method::POST, "/renewal")).await
    }

    /// `POST …/roster/error-report`: the workbook back with a column of errors.
    pub async fn error_report(&self, bytes: Vec<u8>) -> Response {
        let path = format!("{}/error-report", self.path);
        send(self.client.request(Method::POST, &path).body(bytes)).await
    }

    /// `GET …/roster/export`.
    pub async fn export(&self) -> Response {
        self.client.get(&format!("{}/export", self.path)).await
    }

    /// `POST …/roster`: one person entered by hand.
    pub async fn try_add(&self, person: &serde_json::Value) -> Response {
        send(self.change(Method::POST, "").json(person)).await
    }

    /// Adds a person; fails the test unless 201.
    pub async fn add(&self, person: &serde_json::Value) -> PersonAddedOut {
        assert_json(self.try_add(person).await, 201).await
    }

    /// `GET …/roster/{id}`: the unmasked, audited view.
    pub async fn person(&self, id: Uuid) -> Response {
        self.client.get(&format!("{}/{id}", self.path)).await
    }

    /// `DELETE …/roster/{id}`.
    pub async fn delete_person(&self, id: Uuid) -> Response {
        send(self.change(Method::DELETE, &format!("/{id}"))).await
    }

    /// `POST …/roster/deletions` of `ids`.
    pub async fn delete_people(&self, ids: &[Uuid]) -> Response {
        let body = serde_json::json!({ "ids": ids });
        send(self.change(Method::POST, "/deletions").json(&body)).await
    }

    /// `DELETE …/roster`: the whole list.
    pub async fn clear(&self) -> Response {
        send(self.change(Method::DELETE, "")).await
    }
}

/// `/api/templates/*`.
pub struct Templates<'a>(&'a Client);

impl Templates<'_> {
    /// The roster workbook template.
    pub async fn roster(&self) -> Response {
        self.0.get("/api/templates/roster").await
    }

    /// The withholding application letter template.
    pub async fn withholding_letter(&self) -> Response {
        self.0.get("/api/templates/withholding-letter").await
    }
}
