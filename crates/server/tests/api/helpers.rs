//! `spawn_app()` and the small clients the tests share.

use std::sync::Arc;

use api_types::{ApiErrorBody, CaptchaOut, ErrorCode, LoginOut};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Database, EntityTrait, Set};
use server::app::clock::OffsetClock;
use server::app::config::Settings;
use server::app::Application;
use server::entities::{account, captcha, unit};
use uuid::Uuid;

/// A running application and what the tests need to drive it.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub clock: OffsetClock,
    pub db: sea_orm::DatabaseConnection,
    _dir: tempfile::TempDir,
}

/// Where the test database lives: a fresh PostgreSQL database or a temporary SQLite file.
async fn fresh_database_url(dir: &std::path::Path) -> String {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(base) if base.starts_with("postgres") => {
            let base = base.trim_end_matches('/');
            let admin = Database::connect(format!("{base}/postgres"))
                .await
                .expect("connect to PostgreSQL (is it running? see README)");
            let name = format!("rtp_test_{}", Uuid::new_v4().simple());
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            admin.close().await.ok();
            format!("{base}/{name}")
        }
        _ => format!("sqlite://{}/test.db?mode=rwc", dir.display()),
    }
}

/// Spawns the app with default test settings.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Spawns the app after letting the test adjust the settings.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    server::app::telemetry::init();
    let dir = tempfile::tempdir().expect("temp dir");
    let url = fresh_database_url(dir.path()).await;
    let mut settings = Settings::for_tests(url, dir.path().to_path_buf());
    adjust(&mut settings);
    let clock = OffsetClock::default();
    let app = Application::build(settings, Arc::new(clock.clone()))
        .await
        .expect("build application");
    let address = format!("http://127.0.0.1:{}", app.port());
    let db = app.state().db.clone();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        client: reqwest::Client::new(),
        clock,
        db,
        _dir: dir,
    }
}

/// A password that satisfies the policy.
pub const GOOD_PASSWORD: &str = "Abcd1234!";

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// Creates an account directly in the database; returns its id.
    pub async fn create_account(
        &self,
        login: &str,
        password: &str,
        role: &str,
        must_change: bool,
    ) -> Uuid {
        let unit_id = if role == "unit" {
            let id = Uuid::new_v4();
            unit::ActiveModel {
                id: Set(id),
                name: Set(format!("测试单位{}", &id.simple().to_string()[..8])),
                credit_code: Set(None),
                enrollment_code: Set(Some(login.trim_start_matches("tuixiu").to_string())),
                address: Set(None),
                postcode: Set(None),
                district_union: Set(None),
                economic_type: Set(None),
                version: Set(1),
                created_at: Set(Utc::now()),
                updated_at: Set(Utc::now()),
            }
            .insert(&self.db)
            .await
            .expect("insert unit");
            Some(id)
        } else {
            None
        };
        let id = Uuid::new_v4();
        account::ActiveModel {
            id: Set(id),
            account: Set(login.into()),
            password_hash: Set(server::auth::password::hash_blocking(password).expect("hash")),
            role: Set(role.into()),
            unit_id: Set(unit_id),
            display_name: Set(format!("{login} 用户")),
            email: Set(None),
            mobile: Set(None),
            must_change_password: Set(must_change),
            failed_attempts: Set(0),
            locked_until: Set(None),
            disabled: Set(false),
            token_version: Set(1),
            created_at: Set(Utc::now()),
            updated_at: Set(Utc::now()),
        }
        .insert(&self.db)
        .await
        .expect("insert account");
        id
    }

    /// Fetches a captcha and reads its answer from the database (as a person reads the image).
    pub async fn captcha(&self) -> (Uuid, String) {
        let out: CaptchaOut = self
            .client
            .post(self.url("/api/auth/captcha"))
            .send()
            .await
            .expect("captcha request")
            .json()
            .await
            .expect("captcha body");
        assert!(out.image_data_url.starts_with("data:image/png;base64,"));
        let row = captcha::Entity::find_by_id(out.captcha_id)
            .one(&self.db)
            .await
            .expect("query captcha")
            .expect("captcha stored");
        (out.captcha_id, row.answer)
    }

    /// Posts a login with a correctly answered captcha.
    pub async fn login_raw(&self, login: &str, password: &str) -> reqwest::Response {
        let (captcha_id, answer) = self.captcha().await;
        self.client
            .post(self.url("/api/auth/login"))
            .json(&serde_json::json!({
                "account": login,
                "password": password,
                "captcha_id": captcha_id,
                "captcha_answer": answer.to_lowercase(),
            }))
            .send()
            .await
            .expect("login request")
    }

    /// Logs in and returns the token body; panics unless 200.
    pub async fn login(&self, login: &str, password: &str) -> LoginOut {
        let res = self.login_raw(login, password).await;
        assert_eq!(res.status().as_u16(), 200, "login of {login} failed");
        res.json().await.expect("login body")
    }

    pub async fn get_me(&self, token: &str) -> reqwest::Response {
        self.client
            .get(self.url("/api/me"))
            .bearer_auth(token)
            .send()
            .await
            .expect("me request")
    }

    pub async fn change_password(&self, token: &str, old: &str, new: &str) -> reqwest::Response {
        self.client
            .put(self.url("/api/me/password"))
            .bearer_auth(token)
            .json(&serde_json::json!({ "old_password": old, "new_password": new }))
            .send()
            .await
            .expect("password request")
    }
}

/// Asserts status and error code, and that the message is Chinese; returns the body.
pub async fn assert_error(res: reqwest::Response, status: u16, code: ErrorCode) -> ApiErrorBody {
    assert_eq!(res.status().as_u16(), status);
    let body: ApiErrorBody = res.json().await.expect("error body in the common shape");
    assert_eq!(body.code, code, "message: {}", body.message);
    assert!(
        body.message
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "message should be Chinese: {}",
        body.message
    );
    body
}
