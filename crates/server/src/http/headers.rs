//! The headers every answer carries: what a browser may run and frame (CSP), how long it
//! and proxies may keep the answer (`Cache-Control`), and HSTS when the site is served over
//! HTTPS and the deployment says so.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::Error;

/// The SPA's policy: its own scripts plus WebAssembly compilation (`wasm-unsafe-eval`, not
/// `unsafe-eval`), its own styles, captcha images as `data:`, attachments previewed from
/// `blob:` URLs (the PDF viewer counts as a plugin, hence `object-src blob:`), fetch and
/// server-sent events to its own origin, never framed.
pub const SPA_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data: blob:; frame-src blob:; object-src blob:; \
connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; \
frame-ancestors 'none'";

/// Swagger UI (`/api/docs/`) styles some elements inline; nothing else is relaxed.
pub const DOCS_CSP: &str = "default-src 'self'; script-src 'self'; \
style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// One year: the hashed build directory never changes its content.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `Strict-Transport-Security` once the browser reached us over HTTPS.
pub const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Where the SPA's content-addressed files live (`/assets/<build hash>/…`).
pub const ASSETS_PREFIX: &str = "/assets/";

/// What the deployment decides about the headers.
#[derive(Debug, Clone, Copy, Default)]
pub struct HeaderPolicy {
    /// Send HSTS on answers to HTTPS requests (TLS in front of us, announced by the proxy's
    /// `X-Forwarded-Proto: https` / `Forwarded: proto=https`).
    pub hsts: bool,
}

/// `from_fn` middleware adding the headers below to every answer that has not set them.
pub async fn security_headers<B: MessageBody + 'static>(
    policy: HeaderPolicy,
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<B>, Error> {
    let https = req.connection_info().scheme() == "https";
    let mut res = next.call(req).await?;
    let path = res.request().path().to_owned();
    let ok = res.status().is_success();
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let headers = res.headers_mut();
    let mut set = |name: HeaderName, value: &'static str| {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    };
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::REFERRER_POLICY, "no-referrer");
    let docs = path.starts_with("/api/docs");
    set(
        header::CONTENT_SECURITY_POLICY,
        if docs { DOCS_CSP } else { SPA_CSP },
    );
    if policy.hsts && https {
        set(header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    set(header::CACHE_CONTROL, cache_control(&path, ok, html));
    Ok(res)
}

/// How long an answer may be kept when its handler said nothing: every API answer depends
/// on the caller's token and many carry personal data, so none is stored; the hashed
/// assets are kept for a year; `index.html` (and the SPA's routes that answer it) is
/// revalidated each time so that a new build is picked up at once. A hashed asset this
/// instance lacks is not stored at all: during a rolling deploy an older instance may be
/// asked for a newer build's file, and a proxy must not keep that 404 for the instance
/// that has it.
fn cache_control(path: &str, ok: bool, html: bool) -> &'static str {
    let api =
        path == "/api" || path.starts_with("/api/") || path == "/healthz" || path == "/readyz";
    let asset = path.starts_with(ASSETS_PREFIX);
    if api && !path.starts_with("/api/docs") {
        "no-store"
    } else if asset && ok && !html {
        IMMUTABLE
    } else if asset && !ok {
        "no-store"
    } else {
        "no-cache"
    }
}

#[cfg(test)]
mod tests {
    use super::cache_control;

    #[test]
    fn only_hashed_assets_are_kept() {
        assert_eq!(cache_control("/api/batches", true, false), "no-store");
        assert_eq!(cache_control("/healthz", true, false), "no-store");
        assert_eq!(
            cache_control("/assets/0123456789ab/frontend_bg.wasm", true, false),
            super::IMMUTABLE
        );
        assert_eq!(
            cache_control("/assets/0123456789ab/x.js", false, false),
            "no-store"
        );
        assert_eq!(cache_control("/", true, true), "no-cache");
        assert_eq!(cache_control("/unit/batches", true, true), "no-cache");
        assert_eq!(cache_control("/api/docs/", true, true), "no-cache");
    }
}
