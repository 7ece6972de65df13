//! Helpers for the unit and account tests: logged-in clients, uploads, the simulator.
#![allow(dead_code)] // shared by several test modules; not each uses every helper

use std::net::TcpListener;

use reqwest::multipart::{Form, Part};
use sea_orm::EntityTrait;
use server::entities::account;
use uuid::Uuid;

use crate::helpers::{spawn_app_with, TestApp, GOOD_PASSWORD};

/// A small valid PDF.
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
/// A PNG header followed by padding.
pub const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

/// A logged-in account.
pub struct Session {
    pub token: String,
    pub account_id: Uuid,
    pub unit_id: Option<Uuid>,
}

/// Starts the real simulator on a free port; answers its base URL.
pub fn start_simulator(faults: simulator::Faults) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind simulator");
    let port = listener.local_addr().expect("addr").port();
    let server = simulator::run(listener, faults).expect("simulator");
    tokio::spawn(server);
    format!("http://127.0.0.1:{port}")
}

/// The app, talking to a real simulator with no faults.
pub async fn spawn_with_registry() -> TestApp {
    let url = start_simulator(simulator::Faults::default());
    spawn_app_with(move |s| s.simulator_url = url).await
}

impl TestApp {
    /// Creates an account of `role` (a unit role also creates its unit) and logs it in.
    pub async fn session(&self, login: &str, role: &str) -> Session {
        let account_id = self.create_account(login, GOOD_PASSWORD, role, false).await;
        let out = self.login(login, GOOD_PASSWORD).await;
        let unit_id = account::Entity::find_by_id(account_id)
            .one(&self.db)
            .await
            .expect("query")
            .and_then(|a| a.unit_id);
        Session {
            token: out.access_token,
            account_id,
            unit_id,
        }
    }

    /// Uploads bytes as an attachment.
    pub async fn upload(
        &self,
        token: &str,
        purpose: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> reqwest::Response {
        let form = Form::new().text("purpose", purpose.to_string()).part(
            "file",
            Part::bytes(bytes.to_vec()).file_name(file_name.to_string()),
        );
        self.client
            .post(self.url("/api/attachments"))
            .bearer_auth(token)
            .multipart(form)
            .send()
            .await
            .expect("upload request")
    }

    /// Uploads a PDF and answers its id.
    pub async fn upload_pdf(&self, token: &str, purpose: &str) -> Uuid {
        let res = self.upload(token, purpose, "材料.pdf", PDF).await;
        assert_eq!(res.status().as_u16(), 201);
        let out: api_types::AttachmentOut = res.json().await.expect("attachment body");
        out.id
    }

    /// A GET with a token.
    pub async fn get_as(&self, token: &str, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("GET")
    }

    /// A JSON request with a token.
    pub async fn send_as(
        &self,
        method: reqwest::Method,
        token: &str,
        path: &str,
        body: serde_json::Value,
    ) -> reqwest::Response {
        self.client
            .request(method, self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .expect("request")
    }
}

impl TestApp {
    /// `PUT /api/units/{id}` based on `version` (sent as `If-Match`).
    pub async fn put_unit(
        &self,
        token: &str,
        path: &str,
        version: i32,
        body: serde_json::Value,
    ) -> reqwest::Response {
        self.client
            .put(self.url(path))
            .bearer_auth(token)
            .header("If-Match", format!("\"{version}\""))
            .json(&body)
            .send()
            .await
            .expect("request")
    }

    /// A unit operator whose unit has no enrollment code yet (as after 企业注册).
    pub async fn session_without_code(&self, login: &str) -> Session {
        use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
        let session = self.session(login, "unit").await;
        let unit_id = session.unit_id.expect("unit");
        let row = server::entities::unit::Entity::find_by_id(unit_id)
            .one(&self.db)
            .await
            .expect("query")
            .expect("unit");
        let mut active = row.into_active_model();
        active.enrollment_code = Set(None);
        active.update(&self.db).await.expect("clear code");
        session
    }
}

/// A complete applicant part with the given attachments.
pub fn applicant_json(attachment_ids: &[Uuid]) -> serde_json::Value {
    serde_json::json!({
        "operator_name": "张三",
        "operator_mobile": "13312346961",
        "operator_email": "zhangsan@example.com",
        "district_union": "浦东新区总工会",
        "economic_type": "有限责任公司",
        "address": "上海市浦东新区世纪大道100号",
        "postcode": "200120",
        "principal": "李四",
        "phone": "021-12345678",
        "attachment_ids": attachment_ids,
    })
}

/// A complete enrollment-code application for `unit_name`.
pub fn code_application_json(unit_name: &str, attachment_ids: &[Uuid]) -> serde_json::Value {
    let mut body = applicant_json(attachment_ids);
    body["unit_name"] = unit_name.into();
    body["credit_code"] = simulator::credit_code_for(unit_name)
        .expect("registered name")
        .into();
    body
}

/// A complete name change to `new_name`.
pub fn name_change_json(new_name: &str, attachment_ids: &[Uuid]) -> serde_json::Value {
    let mut body = applicant_json(attachment_ids);
    body["new_name"] = new_name.into();
    body["credit_code"] = simulator::credit_code_for(new_name)
        .map(serde_json::Value::from)
        .unwrap_or_else(|| "91310115MA1H3XYZ8K".into());
    body
}
