//! The probes.

use crate::app::TestApp;

#[tokio::test]
async fn healthz_and_readyz_answer_ok() {
    let app = TestApp::spawn().await;
    for path in ["/healthz", "/readyz"] {
        let res = app.anonymous().get(path).await;
        assert_eq!(res.status().as_u16(), 200, "{path}");
        let body: serde_json::Value = res.json().await.expect("json");
        assert_eq!(body["status"], "ok");
    }
}

#[tokio::test]
async fn readyz_reports_a_closed_database() {
    let app = TestApp::spawn().await;
    app.db.clone().close().await.expect("close pool");
    let res = app.anonymous().get("/readyz").await;
    assert_eq!(res.status().as_u16(), 503);
}

#[tokio::test]
async fn the_docs_page_is_served_without_internet() {
    let app = TestApp::spawn().await;
    let res = app.anonymous().get("/api/docs/").await;
    assert_eq!(res.status().as_u16(), 200);
    let html = res.text().await.expect("html");
    assert!(html.contains("swagger-ui"), "{html}");
    for external in ["src=\"http", "href=\"http"] {
        assert!(
            !html.contains(external),
            "the docs page must not load from a CDN"
        );
    }
}
