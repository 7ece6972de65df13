//! 405 for a known path asked with a method it does not take (`TRACE /api/batches`,
//! `DELETE /healthz`), with `Allow` listing the methods it does take.
//!
//! Each `#[get]` / `#[post]` handler is its own actix resource guarded by its method, so a
//! method no handler takes falls through every resource to the default service, which on
//! its own could only answer 404. The table here is built once from the OpenAPI document,
//! which lists every route the server registers (a test keeps the two in step), and the
//! default service asks it. A path parameter that does not parse (`PUT /api/plan-years/current`
//! reaching the `{year}` route) asks it too, so that a path only another method takes gets
//! 405 rather than 400.

use actix_web::dev::ResourceDef;
use actix_web::http::Method;

/// The documented paths and the methods each takes.
pub struct RouteTable {
    routes: Vec<(ResourceDef, Method)>,
}

/// The path pattern of one operation, its parameters narrowed to what they parse as (an
/// integer, a UUID), so that `/api/plan-years/current` is not taken for
/// `/api/plan-years/{year}` nor `…/roster/export` for `…/roster/{entry_id}`.
fn typed_pattern(path: &str, operation: &serde_json::Value) -> String {
    let mut pattern = path.to_owned();
    let params = operation["parameters"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for param in params.iter().filter(|p| p["in"] == "path") {
        let Some(name) = param["name"].as_str() else {
            continue;
        };
        let schema = &param["schema"];
        let regex = if schema["format"] == "uuid" {
            "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
        } else if schema["type"] == "integer" {
            "-?[0-9]+"
        } else {
            continue;
        };
        pattern = pattern.replace(&format!("{{{name}}}"), &format!("{{{name}:{regex}}}"));
    }
    pattern
}

impl RouteTable {
    /// The table of `doc`, plus the docs page and the document itself.
    pub fn from_openapi(doc: &utoipa::openapi::OpenApi) -> Self {
        let json = serde_json::to_value(doc).unwrap_or_default();
        let mut routes = Vec::new();
        if let Some(paths) = json["paths"].as_object() {
            for (path, item) in paths {
                for (name, method) in [
                    ("get", Method::GET),
                    ("post", Method::POST),
                    ("put", Method::PUT),
                    ("patch", Method::PATCH),
                    ("delete", Method::DELETE),
                ] {
                    if let Some(operation) = item.get(name) {
                        let def = ResourceDef::new(typed_pattern(path, operation));
                        routes.push((def, method));
                    }
                }
            }
        }
        for path in ["/api/openapi.json", "/api/docs/{_:.*}"] {
            routes.push((ResourceDef::new(path), Method::GET));
        }
        RouteTable { routes }
    }

    /// The methods `path` takes, `None` when no route has that path.
    pub fn allowed(&self, path: &str) -> Option<Vec<Method>> {
        let mut allowed: Vec<Method> = Vec::new();
        for (def, method) in &self.routes {
            if def.is_match(path) && !allowed.contains(method) {
                allowed.push(method.clone());
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
        // Typed parameters: a word is no plan year, `export` no roster entry.
        assert_eq!(
            table.allowed("/api/plan-years/current"),
            Some(vec![Method::GET])
        );
        assert!(table
            .allowed("/api/plan-years/2026")
            .is_some_and(|m| m.contains(&Method::PUT)));
        let export = table
            .allowed("/api/batches/7b0e7d3c-3b8f-4a52-9d1f-4a0e8f0d1c2b/roster/export")
            .unwrap_or_default();
        assert_eq!(export, vec![Method::GET]);
        assert_eq!(
            table.allowed("/api/docs/index.html"),
            Some(vec![Method::GET])
        );
    }
}
