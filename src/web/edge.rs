//! What the server believes about where a request came from and how it is
//! reached: the client's address (a proxy's `X-Forwarded-For` only from the
//! proxies the operator named), the public address printed in links and QR
//! codes (the `public_url` setting, else a checked `Host`), request ids that
//! cannot forge log text, and the only paths a redirect may lead to.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, header};

use super::AppState;

/// The operator's word on proxies and the public address.
#[derive(Debug, Clone, Default)]
pub struct Edge {
    /// Peers whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Arc<[IpAddr]>,
    /// `https://linli.example.cn`, without a trailing slash.
    pub public_url: Option<Arc<str>>,
}

impl Edge {
    /// From the settings (already validated).
    pub fn from_settings(s: &crate::config::Settings) -> Edge {
        Edge {
            trusted_proxies: s.trusted_proxies().unwrap_or_default().into(),
            public_url: s.public_url.value.as_deref().map(|u| Arc::from(u.trim_end_matches('/'))),
        }
    }

    /// The client's address: the peer, or — when the peer is a trusted
    /// proxy — the nearest address in `X-Forwarded-For` that is not one.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusted_proxies.contains(&peer) {
            return peer;
        }
        let hops: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map_while(|h| h.trim().parse::<IpAddr>().ok())
            .collect();
        hops.into_iter().rev().find(|ip| !self.trusted_proxies.contains(ip)).unwrap_or(peer)
    }

    /// The address links and QR codes should carry: `public_url` when set,
    /// else this server as the browser reached it, if `Host` is a plain
    /// host name or address (anything else is not echoed).
    pub fn base_url(&self, headers: &HeaderMap) -> String {
        if let Some(u) = &self.public_url {
            return u.to_string();
        }
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).filter(|h| crate::config::plain_host(h));
        let host = host.unwrap_or("127.0.0.1");
        let scheme = if super::session::secure_cookies(headers) { "https" } else { "http" };
        format!("{scheme}://{host}")
    }
}

/// A request id as a client may send it: short, of letters, digits and `-_.`.
fn clean_request_id(v: &HeaderValue) -> bool {
    let b = v.as_bytes();
    (1..=64).contains(&b.len()) && b.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

/// First thing on the way in: the client's address from a trusted proxy,
/// and a client's request id dropped (a fresh one is made) unless clean.
pub async fn inbound(State(state): State<AppState>, mut req: Request) -> Request {
    if req.headers().get(super::REQUEST_ID).is_some_and(|v| !clean_request_id(v)) {
        req.headers_mut().remove(super::REQUEST_ID);
    }
    if let Some(ConnectInfo(peer)) = req.extensions().get::<ConnectInfo<SocketAddr>>().copied() {
        let client = state.edge.client(peer.ip(), req.headers());
        if client != peer.ip() {
            req.extensions_mut().insert(ConnectInfo(SocketAddr::new(client, 0)));
        }
    }
    req
}

/// Where to go after a form: a path on this site, or `fallback`. Browsers
/// drop tabs and newlines from a URL and read `\` as `/`, so `/\t/evil`
/// would leave the site: any control character, space or backslash, and
/// anything not starting with exactly one `/`, is refused.
pub fn local_path<'a>(next: Option<&'a str>, fallback: &'a str) -> &'a str {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\') =>
        {
            n
        }
        _ => fallback,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_of_this_site_are_followed() {
        for bad in [
            "/\t/evil.example/",
            "/\n/evil.example",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil",
            "https://evil.example",
            "evil",
            "/ /evil",
            "/\u{3000}/evil",
            "/\u{7f}/evil",
        ] {
            assert_eq!(local_path(Some(bad), "/account"), "/account", "{bad:?}");
        }
        for good in ["/", "/households?page=2", "/events/abc#x", "/%2F%2Fevil"] {
            assert_eq!(local_path(Some(good), "/account"), good);
        }
        assert_eq!(local_path(None, "/"), "/");
    }

    #[test]
    fn forwarded_for_counts_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let edge = Edge { trusted_proxies: vec![proxy].into(), public_url: None };
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", HeaderValue::from_static("203.0.113.9, 198.51.100.7"));
        let stranger: IpAddr = "192.0.2.1".parse().unwrap();
        assert_eq!(edge.client(stranger, &h), stranger, "a stranger's header is ignored");
        assert_eq!(edge.client(proxy, &h), "198.51.100.7".parse::<IpAddr>().unwrap(), "the hop the proxy saw");
        h.insert("x-forwarded-for", HeaderValue::from_static("<b>x</b>"));
        assert_eq!(edge.client(proxy, &h), proxy, "markup is not an address");
    }

    #[test]
    fn links_never_echo_a_forged_host() {
        let edge = Edge::default();
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("evil.example/\"><script>"));
        assert_eq!(edge.base_url(&h), "https://127.0.0.1");
        h.insert(header::HOST, HeaderValue::from_static("localhost:8080"));
        assert_eq!(edge.base_url(&h), "http://localhost:8080");
        let edge = Edge { public_url: Some("https://linli.example.cn".into()), ..Edge::default() };
        assert_eq!(edge.base_url(&h), "https://linli.example.cn");
    }

    #[test]
    fn request_ids_cannot_carry_log_text() {
        assert!(clean_request_id(&HeaderValue::from_static("a1b2-c3_d.4")));
        assert!(!clean_request_id(&HeaderValue::from_static("x\" level=error msg=forged")));
        assert!(!clean_request_id(&HeaderValue::from_str(&"a".repeat(65)).unwrap()));
    }
}
