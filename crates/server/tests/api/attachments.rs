//! Attachments: type from the content, size limit, checksum, names, who may download — on
//! the local disk and on a real S3-compatible server (`TEST_S3_URL`), and across instances.

use api_types::{AttachmentOut, ErrorCode};
use reqwest::multipart::Form;
use reqwest::Method;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::app::{Store, TestApp};
use crate::assertions::{assert_error, assert_json};
use crate::fixtures::{GOOD_PASSWORD, PDF, PNG};

/// Runs each `async fn name(store: Store)` twice, as `name::file` and `name::s3` (which says
/// it skipped when no S3 server is configured).
macro_rules! on_every_store {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn file() {
                super::$name(super::Store::File).await;
            }

            #[tokio::test]
            async fn s3() {
                if let Some(store) = super::Store::s3(stringify!($name)) {
                    super::$name(store).await;
                }
            }
        }
    )*};
}

on_every_store!(
    a_unit_uploads_a_pdf_and_downloads_the_same_bytes,
    the_type_comes_from_the_content_not_the_name,
    bad_purpose_missing_file_and_non_multipart_are_refused,
    files_over_the_configured_limit_get_413,
    only_the_owning_unit_and_reviewers_may_download,
    changed_or_missing_bytes_are_never_served,
);

async fn spawn(store: &Store) -> TestApp {
    TestApp::builder().store(store).spawn().await
}

async fn a_unit_uploads_a_pdf_and_downloads_the_same_bytes(store: Store) {
    let app = spawn(&store).await;
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

async fn the_type_comes_from_the_content_not_the_name(store: Store) {
    let app = spawn(&store).await;
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

async fn bad_purpose_missing_file_and_non_multipart_are_refused(store: Store) {
    let app = spawn(&store).await;
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

async fn files_over_the_configured_limit_get_413(store: Store) {
    let app = TestApp::builder()
        .store(&store)
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

async fn only_the_owning_unit_and_reviewers_may_download(store: Store) {
    let app = spawn(&store).await;
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

/// The key the bytes of attachment `id` are stored under.
async fn storage_key(app: &TestApp, id: Uuid) -> String {
    use sea_orm::EntityTrait;
    server::entities::attachment::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("the attachment's row")
        .storage_key
}

/// The SHA-256 recorded at upload is checked on every download: bytes the store changed
/// (or lost) answer 500, never the wrong file.
async fn changed_or_missing_bytes_are_never_served(store: Store) {
    let app = spawn(&store).await;
    let unit = app.unit("tuixiu100000001").await;
    let id = unit.attachments().upload_pdf("other").await;
    let key = storage_key(&app, id).await;
    let storage = app.state().storage.clone();
    let mut tampered = PDF.to_vec();
    tampered.extend_from_slice(b"% appended by someone with access to the store");
    storage.put(&key, tampered).await.unwrap();
    let res = unit.attachments().download(id).await;
    assert_error(res, 500, ErrorCode::Internal).await;
    storage.put(&key, PDF.to_vec()).await.unwrap();
    let res = unit.attachments().download(id).await;
    assert_eq!(
        res.bytes().await.unwrap().as_ref(),
        PDF,
        "the original again"
    );
    storage.delete(&key).await.unwrap();
    let res = unit.attachments().download(id).await;
    assert_error(res, 500, ErrorCode::Internal).await;
}

/// Two instances on one database and one bucket: whichever instance took the upload, the
/// other serves it (the reason for S3 storage), its checksum checked there too.
#[tokio::test]
async fn an_upload_through_one_instance_downloads_through_another_on_s3() {
    let Some(store) = Store::s3("an_upload_through_one_instance_downloads_through_another") else {
        return;
    };
    let first = spawn(&store).await;
    let second = TestApp::builder().instance_of(&first).spawn().await;
    let owner = first.unit("tuixiu100000001").await;
    let id = owner.attachments().upload_pdf("withholding_letter").await;
    let on_second = second.log_in("tuixiu100000001", GOOD_PASSWORD).await;
    let res = on_second.attachments().download(id).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);
    let reviewer = second.reviewer("shenhe01").await;
    assert_eq!(
        reviewer.attachments().download(id).await.status().as_u16(),
        200
    );
    // And the other way round.
    let id = on_second.attachments().upload_pdf("other").await;
    let res = owner.attachments().download(id).await;
    assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);
    // A changed object is refused by the instance that did not write it.
    let key = storage_key(&first, id).await;
    first.state().storage.put(&key, PNG.to_vec()).await.unwrap();
    let res = on_second.attachments().download(id).await;
    assert_error(res, 500, ErrorCode::Internal).await;
}

/// What S3 storage fixes: on `file://` each instance has its own disk, so the second
/// instance of a deployment cannot serve what the first one received.
#[tokio::test]
async fn on_local_disks_another_instance_cannot_serve_an_upload() {
    let first = spawn(&Store::File).await;
    let second = TestApp::builder().instance_of(&first).spawn().await;
    let owner = first.unit("tuixiu100000001").await;
    let id = owner.attachments().upload_pdf("other").await;
    let on_second = second.log_in("tuixiu100000001", GOOD_PASSWORD).await;
    let res = on_second.attachments().download(id).await;
    assert_error(res, 500, ErrorCode::Internal).await;
    assert_eq!(
        owner.attachments().download(id).await.status().as_u16(),
        200
    );
}

/// The store checks the request's signature: a wrong secret stores nothing (and says 500,
/// never that the upload worked).
#[tokio::test]
async fn a_wrong_secret_is_refused_by_the_s3_store() {
    let Some(Store::S3(mut settings)) = Store::s3("a_wrong_secret_is_refused_by_the_s3_store")
    else {
        return;
    };
    settings.secret_access_key = Some(secrecy::SecretString::from("not-the-secret"));
    settings.attempts = 1;
    let app = spawn(&Store::S3(settings)).await;
    let unit = app.unit("tuixiu100000001").await;
    let res = unit.attachments().upload("other", "a.pdf", PDF).await;
    assert_error(res, 500, ErrorCode::Internal).await;
    use sea_orm::{EntityTrait, PaginatorTrait};
    let rows = server::entities::attachment::Entity::find()
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(rows, 0, "no row without its bytes");
}
