//! The body of every error response: linli's JSON error under `/api` (and
//! for clients asking for JSON), the error page in the visitor's language
//! elsewhere. Above [`crate::web::error`] and the page shell, which it uses.

use askama::Template;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};

use crate::web::error::{ErrorBody, ErrorCode, OwnBody, WebError};
use crate::web::prefs::Prefs;
use crate::web::shell::Shell;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    shell: Shell,
    status: u16,
    message: &'a str,
    request_id: &'a str,
}

fn wants_json(path: &str, accept: Option<&HeaderValue>) -> bool {
    path.starts_with("/api/")
        || path.starts_with("/open311/")
        || accept.and_then(|a| a.to_str().ok()).is_some_and(|a| a.starts_with("application/json"))
}

/// What [`render`] needs from the request, kept as cheap clones (shared
/// buffers): almost every response is a success and needs none of it.
pub struct Asked {
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
    csrf: String,
}

impl Asked {
    /// Takes what an error page would need from the request.
    pub fn of(req: &Request, csrf: &str) -> Asked {
        let mut headers = axum::http::HeaderMap::new();
        for name in [header::ACCEPT, header::ACCEPT_LANGUAGE, header::COOKIE, HeaderName::from_static("x-request-id")] {
            for v in req.headers().get_all(&name) {
                headers.append(name.clone(), v.clone());
            }
        }
        Asked { uri: req.uri().clone(), headers, csrf: csrf.to_owned() }
    }
}

/// Gives an error response linli's body: JSON under `/api`, a page
/// elsewhere, in the visitor's language, with the signed-in user's name and
/// navigation (a refusal is no reason to lose one's way). Other responses
/// pass unchanged.
pub async fn render(app: &crate::app::App, asked: Asked, res: Response) -> Response {
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) || res.extensions().get::<OwnBody>().is_some() {
        return res;
    }
    let prefs = Prefs::from_headers(&asked.headers);
    let path = asked.uri.path();
    let json = wants_json(path, asked.headers.get(header::ACCEPT));
    let request_id = asked.headers.get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let err =
        res.extensions().get::<WebError>().cloned().unwrap_or_else(|| WebError::new(ErrorCode::for_status(status)));
    let mut keep = res.headers().clone();
    // The body is new: what described the old one goes with it (a
    // `content-encoding: gzip` kept on a plain body is what browsers
    // cannot show).
    for name in [header::CONTENT_TYPE, header::CONTENT_LENGTH, header::CONTENT_ENCODING, header::TRANSFER_ENCODING] {
        keep.remove(name);
    }
    let mut out = if json {
        let body = ErrorBody {
            code: err.code.as_str(),
            message: err.code.message(prefs.lang),
            field: err.field,
            detail: err.detail_in(prefs.lang),
        };
        (status, axum::Json(body)).into_response()
    } else {
        let session = match crate::web::session::session_cookie(&asked.headers).filter(|s| !s.is_empty()) {
            Some(token) => app.session(&token).await.ok(),
            None => None,
        };
        let user = match &session {
            Some(crate::app::access::auth::SessionCheck::Valid(u)) => Some(&**u),
            _ => None,
        };
        let page = ErrorPage {
            shell: Shell::new(prefs, path, &asked.csrf).signed_in(user),
            status: status.as_u16(),
            message: err.code.message(prefs.lang),
            request_id,
        };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (status, err.code.message(prefs.lang)).into_response(),
        }
    };
    // Keep headers such as Allow (405) and Retry-After.
    for (name, value) in keep.iter() {
        out.headers_mut().entry(name).or_insert(value.clone());
    }
    out
}
