//! A caller of the API: anonymous, or logged in as one account. The endpoint families
//! (`client.batches()`, `client.roster(&batch)`, …) live in their own modules; `get`,
//! `send` and `request` are the raw escape hatch for tests that walk paths.

use api_types::LoginOut;
use reqwest::{Method, RequestBuilder, Response};
use sea_orm::DatabaseConnection;
use serde::Serialize;
use uuid::Uuid;

/// One caller; cheap to clone.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    address: String,
    db: DatabaseConnection,
    session: Option<Session>,
    api_key: Option<String>,
}

#[derive(Clone)]
struct Session {
    token: String,
    account_id: Uuid,
    unit_id: Option<Uuid>,
}

impl Client {
    pub(super) fn anonymous(http: reqwest::Client, address: &str, db: DatabaseConnection) -> Self {
        Client {
            http,
            address: address.to_owned(),
            db,
            session: None,
            api_key: None,
        }
    }

    pub(super) fn signed_in(mut self, login: &LoginOut) -> Self {
        self.session = Some(Session {
            token: login.access_token.clone(),
            account_id: login.me.id,
            unit_id: login.me.unit.as_ref().map(|u| u.id),
        });
        self
    }

    fn session(&self) -> &Session {
        self.session
            .as_ref()
            .expect("an anonymous client has no account")
    }

    /// The account's id.
    pub fn account_id(&self) -> Uuid {
        self.session().account_id
    }

    /// The access token it sends.
    pub fn token(&self) -> &str {
        &self.session().token
    }

    /// The unit a unit operator acts for.
    pub fn unit_id(&self) -> Uuid {
        self.session().unit_id.expect("a unit operator")
    }

    /// The same account holding another token (a stale one, or a forged one).
    pub fn with_token(&self, token: &str) -> Client {
        let mut other = self.clone();
        let session = other.session.get_or_insert(Session {
            token: String::new(),
            account_id: Uuid::nil(),
            unit_id: None,
        });
        session.token = token.to_owned();
        other
    }

    pub(super) fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// The same caller sending `key` as `X-API-Key` (an integrator, when anonymous).
    pub fn with_api_key(&self, key: &str) -> Client {
        let mut other = self.clone();
        other.api_key = Some(key.to_owned());
        other
    }

    /// A request to `path` (under the app's address) carrying this caller's token or key.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let mut req = self.http.request(method, format!("{}{path}", self.address));
        if let Some(s) = &self.session {
            req = req.bearer_auth(&s.token);
        }
        if let Some(key) = &self.api_key {
            req = req.header("X-API-Key", key);
        }
        req
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> Response {
        send(self.request(Method::GET, path)).await
    }

    /// `method path` with a JSON body and no `If-Match`.
    pub async fn send(&self, method: Method, path: &str, body: &impl Serialize) -> Response {
        send(self.request(method, path).json(body)).await
    }

    /// A change based on `version` (sent as `If-Match`).
    pub(super) fn change(&self, method: Method, path: &str, version: i32) -> RequestBuilder {
        self.request(method, path)
            .header("If-Match", format!("\"{version}\""))
    }
}

/// Sends a built request; a transport failure fails the test.
pub(super) async fn send(req: RequestBuilder) -> Response {
    req.send().await.expect("the request reaches the app")
}
