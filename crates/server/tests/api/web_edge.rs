//! The web's basics at the edge: compression, how long each answer may be cached (no answer
//! with personal data is ever stored), the security headers the SPA passes, HSTS behind an
//! HTTPS proxy when configured, and 405 with `Allow` for a method a path does not take.

use reqwest::Method;

use crate::app::TestApp;
use crate::fixtures::{valid_rows, workbook};

/// A built SPA as `scripts/build-spa.sh` lays it out, in a directory of its own.
fn spa_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let assets = dir.path().join("assets").join("0123456789ab");
    std::fs::create_dir_all(&assets).unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><script type=\"module\" src=\"/assets/0123456789ab/boot.js\"></script>",
    )
    .unwrap();
    std::fs::write(
        assets.join("boot.js"),
        "import init from './frontend.js';\n".repeat(200),
    )
    .unwrap();
    std::fs::write(assets.join("frontend_bg.wasm"), vec![0u8; 64 * 1024]).unwrap();
    dir
}

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_spa_is_served_compressed_with_immutable_assets_and_a_fresh_index() {
    let spa = spa_dir();
    let static_dir = spa.path().to_path_buf();
    let app = TestApp::builder()
        .settings(move |s| s.static_dir = static_dir)
        .spawn()
        .await;
    let client = app.anonymous();
    let get = |path: &str, encoding: &str| {
        client
            .request(Method::GET, path)
            .header("Accept-Encoding", encoding)
            .send()
    };

    let wasm = get("/assets/0123456789ab/frontend_bg.wasm", "br, gzip")
        .await
        .unwrap();
    assert_eq!(wasm.status().as_u16(), 200);
    assert_eq!(header(&wasm, "content-encoding"), "br");
    assert_eq!(
        header(&wasm, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert!(
        wasm.bytes().await.unwrap().len() < 64 * 1024 / 10,
        "compressed"
    );
    let js = get("/assets/0123456789ab/boot.js", "gzip").await.unwrap();
    assert_eq!(header(&js, "content-encoding"), "gzip");
    assert_eq!(
        header(&js, "cache-control"),
        "public, max-age=31536000, immutable"
    );

    // A file missing from a build is a 404, never index.html cached for a year; nor is the
    // 404 stored: in a rolling deploy an older instance is asked for a newer build's files
    // (a build directory it does not have), and the instance that has them must be asked next.
    for path in [
        "/assets/0123456789ab/gone.js",
        "/assets/fedcba987654/frontend_bg.wasm",
        "/assets/fedcba987654/boot.js",
    ] {
        let missing = get(path, "gzip").await.unwrap();
        assert_eq!(missing.status().as_u16(), 404, "{path}");
        assert_eq!(header(&missing, "cache-control"), "no-store", "{path}");
        assert!(
            !missing.text().await.unwrap().contains("<script"),
            "{path}: not index.html"
        );
    }

    for path in ["/", "/index.html", "/unit/batches/42"] {
        let res = get(path, "identity").await.unwrap();
        assert_eq!(res.status().as_u16(), 200, "{path}");
        assert_eq!(header(&res, "cache-control"), "no-cache", "{path}");
        let csp = header(&res, "content-security-policy");
        for part in [
            "script-src 'self' 'wasm-unsafe-eval'",
            "frame-ancestors 'none'",
            "object-src blob:",
            "base-uri 'none'",
        ] {
            assert!(csp.contains(part), "{path}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(header(&res, "x-content-type-options"), "nosniff");
        assert_eq!(header(&res, "referrer-policy"), "no-referrer");
        assert_eq!(
            header(&res, "strict-transport-security"),
            "",
            "HSTS is off by default"
        );
    }

    // The API is compressed too when asked.
    let doc = get("/api/openapi.json", "gzip").await.unwrap();
    assert_eq!(header(&doc, "content-encoding"), "gzip");
}

#[tokio::test]
async fn no_answer_carrying_personal_data_is_stored() {
    let (_app, unit, b) = TestApp::with_voucher_batch("tuixiu100000302").await;
    let imported = unit.roster(&b).import(workbook(&valid_rows(302, 2))).await;
    let roster = unit.roster(&imported.batch);
    let first = roster.list("").await.items[0].id;
    let masked_list = unit.get(&format!("/api/batches/{}/roster", b.id)).await;
    assert_eq!(header(&masked_list, "cache-control"), "no-store");
    for res in [
        roster.person(first).await,
        roster.export().await,
        roster.error_report(workbook(&valid_rows(302, 2))).await,
    ] {
        assert_eq!(res.status().as_u16(), 200, "{}", res.url());
        let cache = header(&res, "cache-control");
        assert!(cache.contains("no-store"), "{}: {cache}", res.url());
    }
    // An empty upload is a refusal like a missing field (schema-valid, so not a 400).
    let empty = roster.try_import(Vec::new()).await;
    assert_eq!(empty.status().as_u16(), 422);
    // Errors are not kept either.
    let refused = unit.get("/api/batches/not-a-uuid").await;
    assert_eq!(refused.status().as_u16(), 400);
    assert_eq!(header(&refused, "cache-control"), "no-store");
}

#[tokio::test]
async fn hsts_is_sent_over_https_when_configured() {
    let app = TestApp::builder()
        .settings(|s| s.http.hsts = true)
        .spawn()
        .await;
    let client = app.anonymous();
    let over_https = client
        .request(Method::GET, "/healthz")
        .header("X-Forwarded-Proto", "https")
        .send()
        .await
        .unwrap();
    assert_eq!(
        header(&over_https, "strict-transport-security"),
        "max-age=31536000; includeSubDomains"
    );
    let plain = client.get("/healthz").await;
    assert_eq!(
        header(&plain, "strict-transport-security"),
        "",
        "never over plain HTTP"
    );
}

#[tokio::test]
async fn a_method_a_path_does_not_take_answers_405_with_allow() {
    let spa = spa_dir();
    let static_dir = spa.path().to_path_buf();
    let app = TestApp::builder()
        .settings(move |s| s.static_dir = static_dir)
        .spawn()
        .await;
    let client = app.anonymous();
    let cases = [
        (Method::TRACE, "/api/batches", "GET, POST"),
        (Method::PATCH, "/api/batches", "GET, POST"),
        (Method::TRACE, "/api/auth/login", "POST"),
        (Method::DELETE, "/healthz", "GET"),
        (Method::POST, "/api/openapi.json", "GET"),
        (Method::PUT, "/", "GET, HEAD"),
        (Method::TRACE, "/unit/batches", "GET, HEAD"),
        (Method::DELETE, "/assets/0123456789ab/boot.js", "GET, HEAD"),
    ];
    for (method, path, allow) in cases {
        let res = client.request(method.clone(), path).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 405, "{method} {path}");
        assert_eq!(header(&res, "allow"), allow, "{method} {path}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["code"], "method_not_allowed", "{method} {path}");
    }
    let unknown = client
        .request(Method::TRACE, "/api/no-such-thing")
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status().as_u16(), 404);
}
