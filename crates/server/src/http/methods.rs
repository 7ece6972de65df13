//! 405 for a known path asked with a method it does not take (`TRACE /api/batches`,
//! `DELETE /healthz`), with `Allow` listing the methods it does take.
//!
//! Each `#[get]` / `#[post]` handler is its own actix resource guarded by its method, so a
//! method no handler takes falls through every resource to the default service, which on
//! its own could only answer 404. The table here is built once from the OpenAPI document,
//! which lists every route the server registers (a test keeps the two in step), and the
//! default service asks it.

use actix_web::dev::ResourceDef;
use actix_web::http::Method;

/// The documented paths and the methods each takes.
pub struct RouteTable {
    routes: Vec<(ResourceDef, Vec<Method>)>,
}

impl RouteTable {
    /// The table of `doc`, plus the docs page and the document itself.
    pub fn from_openapi(doc: &utoipa::openapi::OpenApi) -> Self {
        let mut routes: Vec<(ResourceDef, Vec<Method>)> = doc
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let methods = [
                    (Method::GET, item.get.is_some()),
                    (Method::POST, item.post.is_some()),
                    (Method::PUT, item.put.is_some()),
                    (Method::PATCH, item.patch.is_some()),
                    (Method::DELETE, item.delete.is_some()),
                ]
                .into_iter()
                .filter_map(|(m, present)| present.then_some(m))
                .collect();
                (ResourceDef::new(path.as_str()), methods)
            })
            .collect();
        for path in ["/api/openapi.json", "/api/docs/{_:.*}"] {
            routes.push((ResourceDef::new(path), vec![Method::GET]));
        }
        RouteTable { routes }
    }

    /// The methods `path` takes, `None` when no route has that path.
    pub fn allowed(&self, path: &str) -> Option<Vec<Method>> {
        let mut allowed: Vec<Method> = Vec::new();
        for (def, methods) in &self.routes {
            if def.is_match(path) {
                for m in methods {
                    if !allowed.contains(m) {
                        allowed.push(m.clone());
                    }
                }
            }
        }
        (!allowed.is_empty()).then_some(allowed)
    }
}

/// The `Allow` header's value: the methods, comma-separated.
pub fn allow_header(methods: &[Method]) -> String {
    methods
        .iter()
        .map(Method::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_product_routes_know_their_methods() {
        let table = RouteTable::from_openapi(&crate::app::openapi::document());
        assert_eq!(table.allowed("/healthz"), Some(vec![Method::GET]));
        let batch = table
            .allowed("/api/batches/7b0e7d3c-3b8f-4a52-9d1f-4a0e8f0d1c2b")
            .unwrap_or_default();
        assert!(
            batch.contains(&Method::GET) && batch.contains(&Method::DELETE),
            "{batch:?}"
        );
        assert!(table
            .allowed("/api/batches")
            .is_some_and(|m| m.contains(&Method::POST)));
        assert_eq!(table.allowed("/api/no-such-thing"), None);
        assert_eq!(
            table.allowed("/api/docs/index.html"),
            Some(vec![Method::GET])
        );
    }
}
