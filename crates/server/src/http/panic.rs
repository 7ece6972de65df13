//! The last line under every handler: a panic becomes a logged 500 with the usual
//! `{ code, message, details }` body instead of a connection actix drops without an answer.
//!
//! actix-web 4.18 has no panic-catching middleware of its own (a panicking handler unwinds
//! through the connection's task, which closes the socket), so this one wraps the rest of
//! the chain in `catch_unwind`, as actix-web-lab's `CatchPanic` does. Like it, the 500 leaves
//! as the middleware's `Err`: the request cannot be kept for a response of our own, since
//! routing needs sole ownership of it while the inner service runs. actix renders that
//! `Err` with `ApiError`'s body; the body says `no-store` and `nosniff` itself because the
//! outer middlewares only decorate `Ok` answers.

use std::panic::AssertUnwindSafe;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse, ResponseError};
use api_types::{ApiErrorBody, ErrorCode};
use futures_util::FutureExt;

/// The answer to a panic: 500 `internal`, nothing of the cause.
#[derive(Debug, thiserror::Error)]
#[error("handler panicked")]
pub struct Panicked;

impl ResponseError for Panicked {
    fn status_code(&self) -> actix_web::http::StatusCode {
        actix_web::http::StatusCode::INTERNAL_SERVER_ERROR
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::InternalServerError().json(ApiErrorBody {
            code: ErrorCode::Internal,
            message: "系统内部错误，请稍后重试".into(),
            details: None,
        });
        let headers = res.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        res
    }
}

/// `from_fn` middleware: answers 500 `internal` when the inner service panics, while it is
/// called or while its future runs.
pub async fn catch_panic<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<B>, Error> {
    let (method, path) = (req.method().clone(), req.path().to_owned());
    let logged = |panic: Box<dyn std::any::Any + Send>| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "non-string panic payload".to_owned());
        tracing::error!(%method, %path, panic = %what, "handler panicked; answered 500");
        Error::from(Panicked)
    };
    let fut = match std::panic::catch_unwind(AssertUnwindSafe(|| next.call(req))) {
        Ok(fut) => fut,
        Err(panic) => return Err(logged(panic)),
    };
    // The inner service is not polled again after a panic: its half-run state is dropped
    // with the future and the request is answered here.
    match AssertUnwindSafe(fut).catch_unwind().await {
        Ok(result) => result,
        Err(panic) => Err(logged(panic)),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use actix_web::middleware::from_fn;
    use actix_web::{web, App, HttpResponse, HttpServer};

    use super::catch_panic;

    async fn boom() -> HttpResponse {
        let pages: Vec<u64> = Vec::new();
        // An out-of-bounds index, as a handler bug would.
        HttpResponse::Ok().body(pages[usize::MAX / 2].to_string())
    }

    async fn fine() -> HttpResponse {
        HttpResponse::Ok().body("ok")
    }

    /// A real server on port 0, with or without the middleware.
    fn serve(guarded: bool) -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = format!("http://{}", listener.local_addr().unwrap());
        let server = HttpServer::new(move || {
            App::new()
                .wrap(actix_web::middleware::Condition::new(
                    guarded,
                    from_fn(catch_panic),
                ))
                .route("/boom", web::get().to(boom))
                .route("/fine", web::get().to(fine))
        })
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
        actix_web::rt::spawn(server);
        address
    }

    #[actix_web::test]
    async fn a_panicking_handler_answers_500_with_the_error_body() {
        let address = serve(true);
        let http = reqwest::Client::new();
        let res = http.get(format!("{address}/boom")).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 500);
        assert_eq!(res.headers()["cache-control"], "no-store");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["code"], "internal");
        assert_eq!(body["message"], "系统内部错误，请稍后重试");
        // The server keeps serving after the panic.
        let res = http.get(format!("{address}/fine")).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 200);
    }

    /// What the middleware prevents: without it actix drops the connection unanswered.
    #[actix_web::test]
    async fn without_it_the_connection_is_dropped() {
        let address = serve(false);
        let res = reqwest::get(format!("{address}/boom")).await;
        assert!(res.is_err(), "{res:?}");
    }
}
