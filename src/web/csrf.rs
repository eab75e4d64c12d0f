//! Cross-site request forgery protection.
//!
//! Forms: every form echoes a token in `_csrf`, and every state-changing
//! page request must carry the right one. The token is not a cookie's value
//! (a cookie can be planted from a sibling subdomain — "cookie tossing" — and
//! a planted cookie with a matching field would pass a double-submit check):
//! it is an HMAC, under linli's key, of what the request is bound to:
//! - signed in: the session (the hash of the session cookie), so a token is
//!   good for that session only and nobody without the key can make one;
//! - not yet signed in (sign-in, registration, anonymous reports): a random
//!   pre-session id in the `linli_csrf` cookie. Someone who plants that
//!   cookie can also plant a token they fetched for it, so these forms rely
//!   as well on the browser's word about where a request comes from
//!   (`Sec-Fetch-Site`, else `Origin`): a request from another site — a
//!   sibling subdomain included — is refused whatever it carries.
//!
//! The JSON API: a write on a session cookie must come from this site and be
//! `application/json` (which another site cannot send without a CORS
//! preflight that linli never grants), or carry the token in `x-csrf-token`
//! (or `_csrf` in the query) — the way CSV, XLSX and multipart uploads are
//! sent. Clients with a bearer token are not affected.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE, HOST, ORIGIN};
use axum::http::{HeaderMap, HeaderValue, Method};

use super::error::{ErrorCode, WebError};

/// The cookie holding the visitor's pre-session id.
pub const COOKIE_NAME: &str = "linli_csrf";
/// The form field (or `x-csrf-token` header) that must echo it.
pub const FIELD: &str = "_csrf";

/// The token for this request, put in the request's extensions.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// Whether a path serves pages (rather than the API, probes or assets).
pub fn is_page_path(path: &str) -> bool {
    !(path.starts_with("/api/v1/")
        || path == "/api/openapi.json"
        || path.starts_with("/assets/")
        || path.starts_with("/open311/")
        || matches!(path, "/healthz" | "/readyz" | "/metrics"))
}

fn well_formed(token: &str) -> bool {
    token.len() == 43 && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The pre-session id from the cookie, if it has the right shape.
pub fn from_cookie(req: &Request) -> Option<String> {
    req.headers()
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|p| p.trim().strip_prefix("linli_csrf="))
        .find(|t| well_formed(t))
        .map(str::to_owned)
}

/// The `Set-Cookie` value for a new pre-session id.
pub fn cookie(token: &str, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Lax{secure}"))
        .expect("token is URL-safe base64")
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The form token of a request: bound to its session when it has a
/// session cookie, else to its pre-session id. `None` when it has neither.
pub fn bound_token(app: &crate::app::App, session_cookie: Option<&str>, pre_session: Option<&str>) -> Option<String> {
    match (session_cookie, pre_session) {
        (Some(s), _) => Some(app.form_token("session", &crate::app::system::keys::sha256_hex(s))),
        (None, Some(id)) => Some(app.form_token("pre-session", id)),
        (None, None) => None,
    }
}

fn unsafe_method(m: &Method) -> bool {
    !matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether the browser says the request comes from another site:
/// `Sec-Fetch-Site` when it sends one (a sibling subdomain is another site
/// too), else an `Origin` that is not this host.
pub fn from_elsewhere(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(ORIGIN) else { return false };
    let host = headers.get(HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    let authority = origin.to_str().ok().and_then(|o| o.split_once("://")).map(|(_, a)| a);
    !authority.is_some_and(|a| !host.is_empty() && a.eq_ignore_ascii_case(host))
}

fn content_type(req: &Request) -> &str {
    req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("")
}

fn query_token(req: &Request) -> Option<String> {
    req.uri().query().and_then(|q| {
        serde_urlencoded::from_str::<Vec<(String, String)>>(q)
            .ok()?
            .into_iter()
            .find(|(k, _)| k == FIELD)
            .map(|(_, v)| v)
    })
}

/// Checks a state-changing request; returns it (body restored) or the
/// refusal. `expected` is the form token bound to the request's session or
/// pre-session id; `signed_in` whether it carries a session cookie.
pub async fn check(
    req: Request,
    expected: Option<&str>,
    signed_in: bool,
    max_body: usize,
) -> Result<Request, WebError> {
    if !unsafe_method(req.method()) {
        return Ok(req);
    }
    let path = req.uri().path();
    if path.starts_with("/api/v1/") {
        return check_api(req, expected, signed_in);
    }
    if !is_page_path(path) {
        return Ok(req);
    }
    let refuse = |detail: &str| WebError {
        code: ErrorCode::CsrfFailed,
        field: Some(FIELD),
        detail: Some(detail.into()),
        reason: None,
    };
    if from_elsewhere(req.headers()) {
        return Err(refuse("the form was sent from another site"));
    }
    let Some(expected) = expected else { return Err(refuse("no token cookie: reload the page")) };
    if let Some(h) = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()) {
        return if same(h, expected) { Ok(req) } else { Err(refuse("token does not match")) };
    }
    // Multipart forms (file uploads) carry the token in the action's query.
    if content_type(&req).starts_with("multipart/form-data") {
        // The token in the address (older forms, API clients), or — so that
        // it never shows in the address bar — as the form's `_csrf` part.
        let (req, sent) = match query_token(&req) {
            Some(t) => (req, Some(t)),
            None => multipart_token(req, max_body).await?,
        };
        return match sent {
            Some(t) if same(&t, expected) => Ok(req),
            Some(_) => Err(refuse("token does not match")),
            None => Err(refuse("no token")),
        };
    }
    if !content_type(&req).starts_with("application/x-www-form-urlencoded") {
        return Err(refuse("no token"));
    }
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, max_body).await.map_err(|_| WebError::new(ErrorCode::BodyTooLarge))?;
    let sent = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .ok()
        .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == FIELD).map(|(_, v)| v));
    match sent {
        Some(t) if same(&t, expected) => Ok(Request::from_parts(parts, Body::from(bytes))),
        Some(_) => Err(refuse("token does not match")),
        None => Err(refuse("no token")),
    }
}

/// A write to the JSON API. With a bearer token, or without a session
/// cookie, there is nothing a browser could be tricked into: it passes.
/// On a session cookie it must come from this site, and be JSON or carry
/// the form token.
/// Reads a multipart form's `_csrf` part and gives the request back whole.
async fn multipart_token(req: Request, max_body: usize) -> Result<(Request, Option<String>), WebError> {
    let boundary = content_type(&req)
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))
        .map(|b| b.trim_matches('"').to_owned());
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, max_body).await.map_err(|_| WebError::new(ErrorCode::BodyTooLarge))?;
    let sent = boundary.and_then(|b| multipart_field(&bytes, &b, FIELD));
    Ok((Request::from_parts(parts, Body::from(bytes)), sent))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A text part of a multipart body, by name (the first with that name).
/// Forms put `_csrf` first, so this reads only the body's beginning.
fn multipart_field(body: &[u8], boundary: &str, name: &str) -> Option<String> {
    let delimiter = format!("--{boundary}");
    let wanted = format!("name=\"{name}\"");
    let mut rest = &body[find(body, delimiter.as_bytes())? + delimiter.len()..];
    loop {
        let head_end = find(rest, b"\r\n\r\n")?;
        let head = std::str::from_utf8(&rest[..head_end]).ok()?;
        let content = &rest[head_end + 4..];
        let end = find(content, format!("\r\n{delimiter}").as_bytes())?;
        let is_it = head.lines().any(|l| {
            l.to_ascii_lowercase().starts_with("content-disposition:") && l.split(';').any(|p| p.trim() == wanted)
        });
        if is_it {
            return std::str::from_utf8(&content[..end]).ok().map(str::to_owned);
        }
        rest = &content[end + 2 + delimiter.len()..];
    }
}

fn check_api(req: Request, expected: Option<&str>, signed_in: bool) -> Result<Request, WebError> {
    let bearer =
        req.headers().get(AUTHORIZATION).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("Bearer "));
    if bearer || !signed_in {
        return Ok(req);
    }
    let cross = |detail: &str| WebError {
        code: ErrorCode::CrossSiteRequest,
        field: None,
        detail: Some(detail.into()),
        reason: None,
    };
    if from_elsewhere(req.headers()) {
        return Err(cross("a signed-in API write must come from this site"));
    }
    let sent = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| query_token(&req));
    if let Some(t) = sent {
        return match expected {
            Some(e) if same(&t, e) => Ok(req),
            _ => Err(cross("the form token does not match this session")),
        };
    }
    // Another site's form or `fetch` without a preflight can only POST, and
    // only as a form, multipart or plain text; PUT and DELETE always ask first.
    let kind = content_type(&req);
    let json = kind.split(';').next().is_some_and(|k| k.trim().eq_ignore_ascii_case("application/json"));
    if json || *req.method() != Method::POST {
        return Ok(req);
    }
    Err(cross("a signed-in API write is application/json, or carries the form token in x-csrf-token"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths_and_token_shape() {
        assert!(is_page_path("/signin") && is_page_path("/") && is_page_path("/api/docs"));
        assert!(!is_page_path("/api/v1/session") && !is_page_path("/healthz") && !is_page_path("/assets/a.css"));
        assert!(well_formed(&crate::app::system::keys::random_token()));
        assert!(!well_formed("short") && !well_formed(&"x;".repeat(22)));
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("abc", "ab"));
    }
}

#[cfg(test)]
mod multipart_tests {
    use super::multipart_field;

    #[test]
    fn a_multipart_forms_token_is_found_among_its_parts() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nhello\r\n--XyZ\r\n\
Content-Disposition: form-data; name=\"_csrf\"\r\n\r\ntok123\r\n--XyZ\r\n\
Content-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\n\r\n\xff\xd8\r\n--XyZ--\r\n";
        assert_eq!(multipart_field(body, "XyZ", "_csrf").as_deref(), Some("tok123"));
        assert_eq!(multipart_field(body, "XyZ", "text").as_deref(), Some("hello"));
        assert_eq!(multipart_field(body, "XyZ", "missing"), None);
        assert_eq!(multipart_field(b"garbage", "XyZ", "_csrf"), None);
    }
}
