//! The session cookie: reading it, setting it after a sign-in, clearing it,
//! and whether cookies are `Secure`.

use axum::http::header::{COOKIE, HOST};
use axum::http::{HeaderMap, HeaderValue};

use crate::app::access::auth::SignedIn;

/// The session cookie.
pub const SESSION_COOKIE: &str = "linli_session";

/// Cookies are `Secure` everywhere but on this machine's own addresses,
/// where browsers are reached over plain HTTP during development and demos.
pub fn secure_cookies(headers: &HeaderMap) -> bool {
    let host = headers.get(HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    let name = host.rsplit_once(':').map_or(host, |(h, _)| h);
    !matches!(name, "localhost" | "127.0.0.1" | "[::1]")
}

/// The session cookie's value, if the request has one.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|p| p.trim().strip_prefix("linli_session="))
        .map(str::to_owned)
        .next()
}

/// The cookie that carries a new session.
pub fn set_session_cookie(token: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .expect("token is URL-safe base64")
}

/// The session cookie for a sign-in that happened elsewhere (registration).
pub fn session_cookie_for(done: &SignedIn, headers: &HeaderMap) -> HeaderValue {
    set_session_cookie(&done.token, done.max_age_secs, secure_cookies(headers))
}

/// The cookie that ends the session in the browser.
pub fn clear_session_cookie() -> HeaderValue {
    HeaderValue::from_static("linli_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}
