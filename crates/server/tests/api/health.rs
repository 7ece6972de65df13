//! The probes.

use crate::helpers::spawn_app;

#[tokio::test]
async fn healthz_and_readyz_answer_ok() {
    let app = spawn_app().await;
    for path in ["/healthz", "/readyz"] {
        let res = app.client.get(app.url(path)).send().await.expect("request");
        assert_eq!(res.status().as_u16(), 200, "{path}");
        let body: serde_json::Value = res.json().await.expect("json");
        assert_eq!(body["status"], "ok");
    }
}

#[tokio::test]
async fn readyz_reports_a_closed_database() {
    let app = spawn_app().await;
    app.db.clone().close().await.expect("close pool");
    let res = app
        .client
        .get(app.url("/readyz"))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status().as_u16(), 503);
}

#[tokio::test]
async fn the_docs_page_is_served_without_internet() {
    let app = spawn_app().await;
    let res = app
        .client
        .get(app.url("/api/docs/"))
        .send()
        .await
        .expect("request");
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
