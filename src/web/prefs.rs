//! Display preferences (language, large text) kept in cookies, so they work
//! without JavaScript and without signing in.

use axum::extract::{Form, FromRequestParts};
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE, LOCATION, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::i18n::Lang;

const LANG_COOKIE: &str = "linli_lang";
const TEXT_COOKIE: &str = "linli_text";
const ONE_YEAR: u32 = 365 * 24 * 3600;

/// The visitor's display preferences.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prefs {
    /// Page language.
    pub lang: Lang,
    /// Large-text, high-contrast mode (适老化).
    pub large: bool,
}

impl Prefs {
    /// Reads the cookies, falling back to `Accept-Language`.
    pub fn from_headers(headers: &HeaderMap) -> Prefs {
        let mut lang = None;
        let mut large = false;
        for value in headers.get_all(COOKIE).iter().filter_map(|v| v.to_str().ok()) {
            for pair in value.split(';') {
                match pair.trim().split_once('=') {
                    Some((LANG_COOKIE, v)) => lang = Lang::from_code(v),
                    Some((TEXT_COOKIE, v)) => large = v == "large",
                    _ => {}
                }
            }
        }
        let lang = lang.unwrap_or_else(|| {
            headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map_or(Lang::Zh, Lang::from_accept_language)
        });
        Prefs { lang, large }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Prefs {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Prefs::from_headers(&parts.headers))
    }
}

/// The preferences form: one button sends `lang`, the other `text`.
#[derive(Debug, Deserialize)]
pub struct PrefsForm {
    lang: Option<String>,
    text: Option<String>,
    next: Option<String>,
}

/// Only local paths, so the form cannot be used to redirect elsewhere.
fn safe_next(next: Option<&str>) -> &str {
    super::edge::local_path(next, "/")
}

fn cookie(name: &str, value: &str) -> HeaderValue {
    HeaderValue::from_str(&format!("{name}={value}; Path=/; Max-Age={ONE_YEAR}; SameSite=Lax; HttpOnly"))
        .expect("cookie text is ASCII")
}

/// `POST /prefs`: stores the choice and goes back to the page it came from.
pub async fn set(Form(form): Form<PrefsForm>) -> Response {
    let mut headers = HeaderMap::new();
    if let Some(lang) = form.lang.as_deref().and_then(Lang::from_code) {
        headers.append(SET_COOKIE, cookie(LANG_COOKIE, lang.code()));
    }
    match form.text.as_deref() {
        Some("large") => headers.append(SET_COOKIE, cookie(TEXT_COOKIE, "large")),
        Some("normal") => headers.append(SET_COOKIE, cookie(TEXT_COOKIE, "normal")),
        _ => false,
    };
    let next = safe_next(form.next.as_deref());
    headers.insert(LOCATION, HeaderValue::from_str(next).unwrap_or(HeaderValue::from_static("/")));
    (StatusCode::SEE_OTHER, headers).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_beat_accept_language() {
        let mut h = HeaderMap::new();
        h.insert(ACCEPT_LANGUAGE, HeaderValue::from_static("en"));
        assert_eq!(Prefs::from_headers(&h), Prefs { lang: Lang::En, large: false });
        h.insert(COOKIE, HeaderValue::from_static("a=b; linli_lang=zh; linli_text=large"));
        assert_eq!(Prefs::from_headers(&h), Prefs { lang: Lang::Zh, large: true });
    }

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/regions/14")), "/regions/14");
        for bad in ["//evil.example", "https://evil.example", "/\\evil", "", "x"] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
