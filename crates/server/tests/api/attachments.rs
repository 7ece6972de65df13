//! Attachments: type from the content, size limit, checksum, names, who may download.

use api_types::{AttachmentOut, ErrorCode};
use sha2::{Digest, Sha256};

use crate::helpers::{assert_error, spawn_app, spawn_app_with};
use crate::support::{PDF, PNG};

#[tokio::test]
async fn a_unit_uploads_a_pdf_and_downloads_the_same_bytes() {
    let app = spawn_app().await;
    let unit = app.session("tuixiu100000001", "unit").await;
    let res = app
        .upload(&unit.token, "code_application", "../../营业执照.exe", PDF)
        .await;
    assert_eq!(res.status().as_u16(), 201);
    let out: AttachmentOut = res.json().await.expect("body");
    assert_eq!(out.content_type, "application/pdf");
    assert_eq!(out.file_name, "营业执照.pdf");
    assert_eq!(out.size_bytes, PDF.len() as i64);
    assert_eq!(out.sha256, hex::encode(Sha256::digest(PDF)));
    assert_eq!(out.unit_id, unit.unit_id);

    let res = app
        .get_as(&unit.token, &format!("/api/attachments/{}", out.id))
        .await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        res.headers()["content-type"].to_str().expect("ascii"),
        "application/pdf"
    );
    assert!(res.headers()["content-disposition"]
        .to_str()
        .expect("ascii")
        .starts_with("attachment"));
    assert_eq!(res.bytes().await.expect("bytes").as_ref(), PDF);

    // Stored under the data dir, checksummed: the audit log has the upload.
    let res = app
        .get_as(
            &unit.token,
            "/api/attachments/00000000-0000-0000-0000-000000000000",
        )
        .await;
    assert_error(res, 404, ErrorCode::NotFound).await;
}

#[tokio::test]
async fn the_type_comes_from_the_content_not_the_name() {
    let app = spawn_app().await;
    let unit = app.session("tuixiu100000001", "unit").await;
    let res = app
        .upload(
            &unit.token,
            "code_application",
            "scan.pdf",
            b"MZ\x90\x00 not a pdf",
        )
        .await;
    let body = assert_error(res, 422, ErrorCode::ValidationFailed).await;
    assert!(body.message.contains("PDF"));
    let res = app
        .upload(&unit.token, "name_change", "photo.pdf", PNG)
        .await;
    assert_eq!(res.status().as_u16(), 201);
    let out: AttachmentOut = res.json().await.expect("body");
    assert_eq!(out.content_type, "image/png");
    assert_eq!(out.file_name, "photo.png");
}

#[tokio::test]
async fn bad_purpose_missing_file_and_non_multipart_are_refused() {
    let app = spawn_app().await;
    let unit = app.session("tuixiu100000001", "unit").await;
    let res = app
        .upload(&unit.token, "holiday_photos", "a.pdf", PDF)
        .await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;
    let form = reqwest::multipart::Form::new().text("purpose", "other");
    let res = app
        .client
        .post(app.url("/api/attachments"))
        .bearer_auth(&unit.token)
        .multipart(form)
        .send()
        .await
        .expect("request");
    assert_error(res, 422, ErrorCode::ValidationFailed).await;
    let res = app
        .client
        .post(app.url("/api/attachments"))
        .bearer_auth(&unit.token)
        .json(&serde_json::json!({"purpose": "other"}))
        .send()
        .await
        .expect("request");
    assert_error(res, 400, ErrorCode::BadRequest).await;
}

#[tokio::test]
async fn files_over_the_configured_limit_get_413() {
    let app = spawn_app_with(|s| s.attachment_max_bytes = 1024).await;
    let unit = app.session("tuixiu100000001", "unit").await;
    let mut big = PDF.to_vec();
    big.resize(1025, b' ');
    let res = app.upload(&unit.token, "other", "big.pdf", &big).await;
    let body = assert_error(res, 413, ErrorCode::PayloadTooLarge).await;
    assert_eq!(body.details.expect("details")["max_bytes"], 1024);
    big.truncate(1024);
    let res = app.upload(&unit.token, "other", "ok.pdf", &big).await;
    assert_eq!(res.status().as_u16(), 201);
}

#[tokio::test]
async fn only_the_owning_unit_and_reviewers_may_download() {
    let app = spawn_app().await;
    let owner = app.session("tuixiu100000001", "unit").await;
    let other = app.session("tuixiu100000002", "unit").await;
    let reviewer = app.session("shenhe01", "reviewer").await;
    let admin = app.session("admin", "admin").await;
    let id = app.upload_pdf(&owner.token, "code_application").await;
    let path = format!("/api/attachments/{id}");
    let res = app.get_as(&other.token, &path).await;
    assert_error(res, 404, ErrorCode::NotFound).await;
    assert_eq!(
        app.get_as(&reviewer.token, &path).await.status().as_u16(),
        200
    );
    assert_eq!(app.get_as(&admin.token, &path).await.status().as_u16(), 200);
    let res = app.client.get(app.url(&path)).send().await.expect("anon");
    assert_error(res, 401, ErrorCode::Unauthorized).await;
    // Reviewers do not upload on a unit's behalf.
    let res = app.upload(&reviewer.token, "other", "a.pdf", PDF).await;
    assert_error(res, 403, ErrorCode::Forbidden).await;
}
