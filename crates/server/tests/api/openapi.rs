//! The committed `openapi/openapi.json` must equal what the server serves.

use crate::app::TestApp;

#[tokio::test]
async fn the_committed_openapi_document_matches_the_served_one() {
    let app = TestApp::spawn().await;
    let res = app.anonymous().get("/api/openapi.json").await;
    let served: serde_json::Value = res.json().await.expect("json");
    let generated: serde_json::Value =
        serde_json::from_str(&server::app::openapi::document_json()).expect("generated json");
    assert_eq!(
        served, generated,
        "the served document differs from the generated one"
    );

    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../openapi/openapi.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != server::app::openapi::document_json() {
        panic!(
            "openapi/openapi.json is out of date with the code.\n\
             Regenerate it with:  cargo run -p server -- openapi > openapi/openapi.json\n\
             (or `just openapi`), review the diff and commit it."
        );
    }
}

#[test]
fn every_operation_documents_its_error_shape_and_tag() {
    let doc: serde_json::Value =
        serde_json::from_str(&server::app::openapi::document_json()).expect("json");
    let paths = doc["paths"].as_object().expect("paths");
    assert!(paths.contains_key("/api/auth/login"));
    assert!(paths.contains_key("/api/me"));
    for (path, item) in paths {
        for (method, op) in item.as_object().expect("path item") {
            assert!(
                op["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{method} {path}"
            );
        }
    }
    assert!(doc["components"]["schemas"]["ApiErrorBody"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}
