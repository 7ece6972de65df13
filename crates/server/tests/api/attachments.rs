//! Attachments: type from the content, size limit, checksum, names, who may download.

use api_types::{AttachmentOut, ErrorCode};
use reqwest::multipart::Form;
use reqwest::Method;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::app::TestApp;
use crate::assertions::{assert_error, assert_json};
use crate::fixtures::{PDF, PNG};

#[tokio::test]
async fn a_unit_uploads_a_pdf_and_downloads_the_same_bytes() {
    let app = TestApp::spawn().await;
    let unit = app.unit("tuixiu100000001").await;
    let res = unit
        .attachments()
        .upload("code_application", "../../营业执照.exe", PDF)
        .await;
    let out: AttachmentOut = assert_json(res, 201).await;
    assert_eq!(out.content_type, "application/pdf");
    assert_eq!(out.file_name, "营业执照.pdf");
    assert_eq!(out.size_bytes, PDF.len() as i64);
    assert_eq!(out.sha256, hex::encode(Sha256::digest(PDF)));
    assert_eq!(out.unit_id, Some(unit.unit_id()));

    let res = unit.attachments().download(out.id).await;
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
    let res = unit.attachments().download(Uuid::nil()).await;
    assert_error(res, 404, ErrorCode::NotFound).await;
}

#[tokio::test]
async fn the_type_comes_from_the_content_not_the_name() {
    let app = TestApp::spawn().await;
    let unit = app.unit("tuixiu100000001").await;
    let not_a_pdf = b"MZ\x90\x00 not a pdf";
    let res = unit
        .attachments()
        .upload("code_application", "scan.pdf", not_a_pdf)
        .await;
    let body = assert_error(res, 422, ErrorCode::ValidationFailed).await;
    assert!(body.message.contains("PDF"));
    let res = unit
        .attachments()
        .upload("name_change", "photo.pdf", PNG)
        .await;
    let out: AttachmentOut = assert_json(res, 201).await;
    assert_eq!(out.content_type, "image/png");
    assert_eq!(out.file_name, "photo.png");
}

#[tokio::test]
async fn bad_purpose_missing_file_and_non_multipart_are_refused() {
    let app = TestApp::spawn().await;
    let unit = app.unit("tuixiu100000001").await;
    let res = unit
        .attachments()
        .upload("holiday_photos", "a.pdf", PDF)
        .await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;
    let form = Form::new().text("purpose", "other");
    let res = unit.attachments().upload_form(form).await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;
    let json = serde_json::json!({"purpose": "other"});
    let res = unit.send(Method::POST, "/api/attachments", &json).await;
    assert_error(res, 400, ErrorCode::BadRequest).await;
    // A part the documented form does not have (schemathesis sent one) is refused.
    let form = Form::new()
        .text("purpose", "other")
        .text("x-extra", "42")
        .part(
            "file",
            reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("a.pdf"),
        );
    let res = unit.attachments().upload_form(form).await;
    assert_error(res, 400, ErrorCode::BadRequest).await;
}

#[tokio::test]
async fn files_over_the_configured_limit_get_413() {
    let app = TestApp::builder()
        .settings(|s| s.attachment_max_bytes = 1024)
        .spawn()
        .await;
    let unit = app.unit("tuixiu100000001").await;
    let mut big = PDF.to_vec();
    big.resize(1025, b' ');
    let res = unit.attachments().upload("other", "big.pdf", &big).await;
    let body = assert_error(res, 413, ErrorCode::PayloadTooLarge).await;
    assert_eq!(body.details.expect("details")["max_bytes"], 1024);
    big.truncate(1024);
    let res = unit.attachments().upload("other", "ok.pdf", &big).await;
    assert_eq!(res.status().as_u16(), 201);
}

#[tokio::test]
async fn only_the_owning_unit_and_reviewers_may_download() {
    let app = TestApp::spawn().await;
    let owner = app.unit("tuixiu100000001").await;
    let other = app.unit("tuixiu100000002").await;
    let reviewer = app.reviewer("shenhe01").await;
    let admin = app.admin("admin").await;
    let id = owner.attachments().upload_pdf("code_application").await;
    let res = other.attachments().download(id).await;
    assert_error(res, 404, ErrorCode::NotFound).await;
    for allowed in [&reviewer, &admin] {
        let res = allowed.attachments().download(id).await;
        assert_eq!(res.status().as_u16(), 200);
    }
    let res = app.anonymous().attachments().download(id).await;
    assert_error(res, 401, ErrorCode::Unauthorized).await;
    // Reviewers do not upload on a unit's behalf.
    let res = reviewer.attachments().upload("other", "a.pdf", PDF).await;
    assert_error(res, 403, ErrorCode::Forbidden).await;
}
