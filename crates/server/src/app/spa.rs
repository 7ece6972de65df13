//! The SPA host: the built files at `/`, `index.html` for every client-side route, a JSON
//! 404 for unknown `/api/…` paths and a 405 with `Allow` for a known path asked with a
//! method it does not take.
//!
//! `scripts/build-spa.sh` puts the app's files under `/assets/<build hash>/`, which the
//! headers middleware marks immutable; a missing file there is a 404, never `index.html`
//! (which would then be cached for a year under an asset's name).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use actix_files::{Files, NamedFile};
use actix_web::body::MessageBody;
use actix_web::dev::{fn_service, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::{guard, App, Error, HttpResponse, ResponseError};

use crate::http::headers::ASSETS_PREFIX;
use crate::http::methods::{allow_header, RouteTable};
use crate::http::ApiError;

/// Adds the static files and the fallback to `app`.
pub fn serve<T, B>(app: App<T>, static_dir: &Path, routes: Arc<RouteTable>) -> App<T>
where
    B: MessageBody,
    T: ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<B>,
        Error = Error,
        InitError = (),
    >,
{
    let fallback = fallback(static_dir.to_path_buf(), routes);
    if static_dir.is_dir() {
        app.service(
            Files::new("/", static_dir)
                .index_file("index.html")
                // Other methods go on to the fallback, which answers them 405 with `Allow`.
                .guard(guard::Any(guard::Get()).or(guard::Head()))
                .default_handler(fallback.clone()),
        )
        .default_service(fallback)
    } else {
        app.default_service(fallback)
    }
}

/// A 405 in the common error shape, with `Allow`.
fn method_not_allowed(allowed: &[Method]) -> HttpResponse {
    let mut res = ApiError::method_not_allowed().error_response();
    if let Ok(value) = header::HeaderValue::from_str(&allow_header(allowed)) {
        res.headers_mut().insert(header::ALLOW, value);
    }
    res
}

/// What a request no route took gets.
fn fallback(
    static_dir: PathBuf,
    routes: Arc<RouteTable>,
) -> impl ServiceFactory<
    ServiceRequest,
    Config = (),
    Response = ServiceResponse,
    Error = Error,
    InitError = (),
> + Clone {
    fn_service(move |req: ServiceRequest| {
        let index = static_dir.join("index.html");
        let routes = routes.clone();
        async move {
            let (req, _) = req.into_parts();
            let path = req.path();
            if let Some(allowed) = routes.allowed(path) {
                let res = method_not_allowed(&allowed);
                return Ok(ServiceResponse::new(req, res));
            }
            if path == "/api" || path.starts_with("/api/") {
                let res = ApiError::no_route().error_response();
                return Ok(ServiceResponse::new(req, res));
            }
            if !matches!(*req.method(), Method::GET | Method::HEAD) {
                let res = method_not_allowed(&[Method::GET, Method::HEAD]);
                return Ok(ServiceResponse::new(req, res));
            }
            if path.starts_with(ASSETS_PREFIX) {
                let res = HttpResponse::NotFound()
                    .content_type("text/plain; charset=utf-8")
                    .body("文件不存在");
                return Ok(ServiceResponse::new(req, res));
            }
            let res = match NamedFile::open_async(&index).await {
                Ok(file) => file.use_last_modified(false).into_response(&req),
                Err(_) => HttpResponse::NotFound()
                    .content_type("text/plain; charset=utf-8")
                    .body("前端尚未构建：请先运行 scripts/build-spa.sh"),
            };
            Ok(ServiceResponse::new(req, res))
        }
    })
}
