//! The address a request comes from, as the rate limits count it.

use std::future::{ready, Ready};
use std::net::{IpAddr, Ipv6Addr};

use actix_web::{web, FromRequest, HttpRequest};

use crate::app::state::AppState;
use crate::http::ApiError;

/// The client's address: the connection's peer, or — with `rate_limits.trust_forwarded_for`
/// — the last `X-Forwarded-For` entry, the one our reverse proxy appended (earlier entries
/// are whatever the client sent). An IPv6 address counts as its /64 network: one
/// subscriber usually holds a whole /64.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientIp(pub String);

impl ClientIp {
    /// Reads the address of `req`.
    pub fn of(req: &HttpRequest, trust_forwarded_for: bool) -> ClientIp {
        let forwarded = trust_forwarded_for
            .then(|| req.headers().get("x-forwarded-for"))
            .flatten()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .and_then(|v| v.parse::<IpAddr>().ok());
        let ip = forwarded.or_else(|| req.peer_addr().map(|a| a.ip()));
        ClientIp(ip.map_or_else(|| "unknown".to_owned(), |ip| network(ip).to_string()))
    }
}

/// An IPv4 address as it is; an IPv6 address as its /64 (IPv4-mapped ones as IPv4).
fn network(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
        v4 => v4,
    }
}

impl FromRequest for ClientIp {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let trust = req
            .app_data::<web::Data<AppState>>()
            .is_some_and(|s| s.settings.rate_limits.trust_forwarded_for);
        ready(Ok(ClientIp::of(req, trust)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn req(xff: Option<&str>) -> HttpRequest {
        let mut r =
            TestRequest::default().peer_addr(std::net::SocketAddr::from(([10, 0, 0, 1], 5000)));
        if let Some(v) = xff {
            r = r.insert_header(("X-Forwarded-For", v));
        }
        r.to_http_request()
    }

    #[test]
    fn the_header_counts_only_when_trusted_and_then_its_last_entry() {
        let spoofed = req(Some("1.2.3.4, 192.0.2.7"));
        assert_eq!(ClientIp::of(&spoofed, false).0, "10.0.0.1");
        assert_eq!(ClientIp::of(&spoofed, true).0, "192.0.2.7");
        assert_eq!(ClientIp::of(&req(Some("garbage")), true).0, "10.0.0.1");
        assert_eq!(ClientIp::of(&req(None), true).0, "10.0.0.1");
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("an address")
    }

    #[test]
    fn an_ipv6_client_counts_as_its_network() {
        let (a, b) = (ip("2001:db8:1:2:aaaa::1"), ip("2001:db8:1:2:bbbb::9"));
        assert_eq!(network(a), network(b));
        assert_eq!(network(a).to_string(), "2001:db8:1:2::");
        let mapped = ip("::ffff:192.0.2.1");
        assert_eq!(network(mapped).to_string(), "192.0.2.1");
    }
}
