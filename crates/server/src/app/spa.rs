//! The SPA host: the built files at `/`, `index.html` for every client-side route, and a
//! JSON 404 for unknown `/api/…` paths.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::body::MessageBody;
use actix_web::dev::{fn_service, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{App, Error, HttpResponse};

use crate::http::ApiError;

/// Adds the static files and the fallback to `app`.
pub fn serve<T, B>(app: App<T>, static_dir: &Path) -> App<T>
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
    let fallback = fallback(static_dir.to_path_buf());
    if static_dir.is_dir() {
        app.service(
            Files::new("/", static_dir)
                .index_file("index.html")
                .default_handler(fallback.clone()),
        )
        .default_service(fallback)
    } else {
        app.default_service(fallback)
    }
}

/// Unknown `/api/…` paths answer a JSON 404; every other path gets the SPA's `index.html`
/// so that client-side routes survive a reload.
fn fallback(
    static_dir: PathBuf,
) -> impl ServiceFactory<
    ServiceRequest,
    Config = (),
    Response = ServiceResponse,
    Error = Error,
    InitError = (),
> + Clone {
    fn_service(move |req: ServiceRequest| {
        let index = static_dir.join("index.html");
        async move {
            let (req, _) = req.into_parts();
            if req.path() == "/api" || req.path().starts_with("/api/") {
                let res = actix_web::ResponseError::error_response(&ApiError::no_route());
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
