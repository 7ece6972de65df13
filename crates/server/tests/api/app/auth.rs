//! `client.auth()`: captcha, login, the current account and its password.

use api_types::{CaptchaOut, LoginOut};
use reqwest::{Method, Response};
use sea_orm::EntityTrait;
use server::entities::captcha;
use uuid::Uuid;

use super::client::{send, Client};
use crate::assertions::assert_json;

/// `/api/auth/*` and `/api/me*`.
pub struct Auth<'a>(&'a Client);

impl Client {
    /// Captcha, login, `me`, password change.
    pub fn auth(&self) -> Auth<'_> {
        Auth(self)
    }
}

impl Auth<'_> {
    /// Fetches a captcha and reads its answer from the database (as a person reads the
    /// image).
    pub async fn captcha(&self) -> (Uuid, String) {
        let res = send(self.0.request(Method::POST, "/api/auth/captcha")).await;
        let out: CaptchaOut = assert_json(res, 200).await;
        assert!(out.image_data_url.starts_with("data:image/png;base64,"));
        let row = captcha::Entity::find_by_id(out.captcha_id)
            .one(self.0.db())
            .await
            .expect("query captcha")
            .expect("captcha stored");
        (out.captcha_id, row.answer)
    }

    /// Logs in answering `captcha` as given.
    pub async fn login_with_captcha(
        &self,
        account: &str,
        password: &str,
        (captcha_id, answer): (Uuid, &str),
    ) -> Response {
        let body = serde_json::json!({
            "account": account,
            "password": password,
            "captcha_id": captcha_id,
            "captcha_answer": answer,
        });
        self.0.send(Method::POST, "/api/auth/login", &body).await
    }

    /// Logs in with a fresh captcha answered right (in lower case: case does not matter).
    pub async fn try_login(&self, account: &str, password: &str) -> Response {
        let (id, answer) = self.captcha().await;
        self.login_with_captcha(account, password, (id, &answer.to_lowercase()))
            .await
    }

    /// Logs in; fails the test unless 200.
    pub async fn login(&self, account: &str, password: &str) -> LoginOut {
        let res = self.try_login(account, password).await;
        assert_eq!(res.status().as_u16(), 200, "login of {account} failed");
        res.json().await.expect("login body")
    }

    /// `GET /api/me`.
    pub async fn me(&self) -> Response {
        self.0.get("/api/me").await
    }

    /// `PUT /api/me/password`.
    pub async fn change_password(&self, old: &str, new: &str) -> Response {
        let body = serde_json::json!({ "old_password": old, "new_password": new });
        self.0.send(Method::PUT, "/api/me/password", &body).await
    }
}
