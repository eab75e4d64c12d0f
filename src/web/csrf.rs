//! Cross-site request forgery protection for forms: every visitor gets a
//! random token in an HttpOnly cookie, every form echoes it in `_csrf`, and
//! every state-changing page request must match. The JSON API needs no token:
//! it accepts only `application/json`, which other sites cannot send without
//! a CORS preflight that linli never grants.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::header::{CONTENT_TYPE, COOKIE};
use axum::http::{HeaderValue, Method};

use super::error::{ErrorCode, WebError};

/// The cookie holding the visitor's token.
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

/// The token from the cookie, if it has the right shape.
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

/// The `Set-Cookie` value for a new token.
pub fn cookie(token: &str, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Lax{secure}"))
        .expect("token is URL-safe base64")
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Checks a state-changing page request; returns it (body restored) or the refusal.
pub async fn check(req: Request, expected: Option<&str>, max_body: usize) -> Result<Request, WebError> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) || !is_page_path(req.uri().path()) {
        return Ok(req);
    }
    let refuse =
        |detail: &str| WebError { code: ErrorCode::CsrfFailed, field: Some(FIELD), detail: Some(detail.into()) };
    let Some(expected) = expected else { return Err(refuse("no token cookie: reload the page")) };
    if let Some(h) = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()) {
        return if same(h, expected) { Ok(req) } else { Err(refuse("token does not match")) };
    }
    // Multipart forms (file uploads) carry the token in the action's query.
    let is_multipart = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if is_multipart {
        let sent = req.uri().query().and_then(|q| {
            serde_urlencoded::from_str::<Vec<(String, String)>>(q)
                .ok()?
                .into_iter()
                .find(|(k, _)| k == FIELD)
                .map(|(_, v)| v)
        });
        return match sent {
            Some(t) if same(&t, expected) => Ok(req),
            Some(_) => Err(refuse("token does not match")),
            None => Err(refuse("no token")),
        };
    }
    let is_form = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths_and_token_shape() {
        assert!(is_page_path("/signin") && is_page_path("/") && is_page_path("/api/docs"));
        assert!(!is_page_path("/api/v1/session") && !is_page_path("/healthz") && !is_page_path("/assets/a.css"));
        assert!(well_formed(&crate::app::keys::random_token()));
        assert!(!well_formed("short") && !well_formed(&"x;".repeat(22)));
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("abc", "ab"));
    }
}
