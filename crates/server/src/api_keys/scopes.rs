//! Which routes a key may call, and with which scope. A route not listed here is for
//! people only (accounts, settings, key management, the own inbox): a key gets 403 there
//! whatever its scopes. The OpenAPI document takes its `api_key` requirements from this
//! table, and a test holds every entry to a route that exists.

use api_types::ApiScope;

use super::KeyError;

use ApiScope::*;

/// `(method, route pattern, scope)` of every route a key may call.
pub const ROUTES: &[(&str, &str, ApiScope)] = &[
    ("GET", "/api/batches", BatchesRead),
    ("GET", "/api/batches/{id}", BatchesRead),
    ("GET", "/api/plan-years/current", BatchesRead),
    ("POST", "/api/batches", BatchesWrite),
    ("DELETE", "/api/batches/{id}", BatchesWrite),
    ("PUT", "/api/batches/{id}/payment-method", BatchesWrite),
    ("POST", "/api/batches/{id}/review-submission", BatchesWrite),
    ("GET", "/api/batches/{id}/roster", RosterRead),
    ("GET", "/api/batches/{id}/roster/export", RosterRead),
    ("GET", "/api/batches/{id}/roster/{entry_id}", RosterRead),
    ("POST", "/api/batches/{id}/roster", RosterWrite),
    ("POST", "/api/batches/{id}/roster/import", RosterWrite),
    ("POST", "/api/batches/{id}/roster/error-report", RosterWrite),
    ("POST", "/api/batches/{id}/roster/renewal", RosterWrite),
    ("POST", "/api/batches/{id}/roster/deletions", RosterWrite),
    ("DELETE", "/api/batches/{id}/roster", RosterWrite),
    ("DELETE", "/api/batches/{id}/roster/{entry_id}", RosterWrite),
    (
        "POST",
        "/api/batches/{id}/roster/{entry_id}/resolution",
        RosterWrite,
    ),
    ("GET", "/api/batches/{id}/verification", VerificationRead),
    (
        "GET",
        "/api/batches/{id}/verification/events",
        VerificationRead,
    ),
    (
        "GET",
        "/api/batches/{id}/verification/export",
        VerificationRead,
    ),
    ("GET", "/api/batches/{id}/ratios", VerificationRead),
    ("POST", "/api/batches/{id}/verification", VerificationWrite),
    (
        "POST",
        "/api/batches/{id}/verification/resume",
        VerificationWrite,
    ),
    ("GET", "/api/vouchers", VouchersRead),
    ("GET", "/api/batches/{id}/vouchers", VouchersRead),
    ("GET", "/api/batches/{id}/withholding", VouchersRead),
    ("GET", "/api/batches/{id}/confirmation", VouchersRead),
    ("PUT", "/api/batches/{id}/vouchers", VouchersWrite),
    (
        "POST",
        "/api/batches/{id}/voucher-submission",
        VouchersWrite,
    ),
    ("GET", "/api/reviews", Review),
    ("GET", "/api/reviews/counts", Review),
    ("POST", "/api/reviews/{id}/decision", Review),
    ("GET", "/api/batches/{id}/reviews", Review),
];

/// The scope a key needs for `method` on the route `pattern` (`None`: the request matched
/// no route, or the route is for people only).
pub fn required(method: &str, pattern: Option<&str>) -> Result<ApiScope, KeyError> {
    let pattern = pattern.ok_or(KeyError::PeopleOnly)?;
    ROUTES
        .iter()
        .find(|(m, p, _)| *m == method && *p == pattern)
        .map(|(_, _, s)| *s)
        .ok_or(KeyError::PeopleOnly)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listed_route_needs_its_scope_and_others_are_for_people() {
        assert_eq!(
            required("POST", Some("/api/batches/{id}/roster/import")).ok(),
            Some(RosterWrite)
        );
        assert!(matches!(
            required("GET", Some("/api/api-keys")),
            Err(KeyError::PeopleOnly)
        ));
        assert!(matches!(
            required("GET", Some("/api/batches/{id}/roster/import")),
            Err(KeyError::PeopleOnly)
        ));
        assert!(matches!(required("GET", None), Err(KeyError::PeopleOnly)));
    }

    #[test]
    fn each_route_is_listed_once() {
        let mut seen = std::collections::BTreeSet::new();
        for (m, p, _) in ROUTES {
            assert!(seen.insert((m, p)), "{m} {p} twice");
        }
    }
}
