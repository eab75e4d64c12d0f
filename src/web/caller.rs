//! Who is asking: a [`Visitor`] of the pages (signed in or not), a
//! [`Caller`] of the API (a session or a token), and a page's [`Refusal`]
//! (an error page, or a redirect to sign in).

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::{AUTHORIZATION, LOCATION, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::app::access::auth::{SessionCheck, Step, User};
use crate::app::access::token::{Client, TokenRefusal};
use crate::web::AppState;
use crate::web::csrf::CsrfToken;
use crate::web::error::{ErrorCode, WebError};
use crate::web::prefs::Prefs;
use crate::web::session::{clear_session_cookie, secure_cookies, session_cookie};
use crate::web::shell::Shell;

/// The API's answer to a session part-way through signing in.
pub fn unfinished(step: Step) -> ErrorCode {
    match step {
        Step::SecondFactor => ErrorCode::SecondFactorRequired,
        Step::ChangePassword => ErrorCode::PasswordChangeRequired,
        Step::EnrolSecondFactor => ErrorCode::SecondFactorEnrolmentRequired,
    }
}

/// Where a request comes from.
pub fn client_ip(parts: &Parts) -> String {
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map_or_else(|| "unknown".into(), |c| c.0.ip().to_string())
}

/// Who is asking: the session (if any) and the request's context.
pub struct Visitor {
    /// Display preferences.
    pub prefs: Prefs,
    /// The path asked for.
    pub path: String,
    /// The form token.
    pub csrf: String,
    /// Client address.
    pub ip: String,
    /// The session cookie's verdict; `None` without a cookie.
    pub session: Option<SessionCheck>,
    /// Staff without a second factor while it is mandatory: enrol first.
    pub must_enrol: bool,
    /// Whether cookies set for this visitor are `Secure`.
    pub secure: bool,
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let session = match session_cookie(&parts.headers) {
            Some(token) if !token.is_empty() => Some(state.app.session(&token).await?),
            _ => None,
        };
        let must_enrol = matches!(session, Some(SessionCheck::Unfinished(_, Step::EnrolSecondFactor)));
        Ok(Visitor {
            must_enrol,
            prefs: Prefs::from_headers(&parts.headers),
            path: parts.uri.path().to_owned(),
            csrf: parts.extensions.get::<CsrfToken>().map(|t| t.0.clone()).unwrap_or_default(),
            ip: client_ip(parts),
            session,
            secure: secure_cookies(&parts.headers),
        })
    }
}

/// A refusal on a page: an error page, or a redirect (to sign in, say).
pub enum Refusal {
    /// An error page.
    Error(WebError),
    /// Go elsewhere, clearing the session cookie if it was bad.
    Redirect {
        /// Where.
        to: String,
        /// Clear the session cookie.
        clear: bool,
    },
}

impl<E: Into<WebError>> From<E> for Refusal {
    fn from(e: E) -> Self {
        Refusal::Error(e.into())
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::Error(e) => e.into_response(),
            Refusal::Redirect { to, clear } => {
                let mut res = see_other(&to);
                if clear {
                    res.headers_mut().append(SET_COOKIE, clear_session_cookie());
                }
                res
            }
        }
    }
}

/// A `303 See Other` to a local path.
pub fn see_other(to: &str) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    res.headers_mut().insert(LOCATION, HeaderValue::from_str(to).unwrap_or(HeaderValue::from_static("/")));
    res
}

/// `next=<path>`, for the sign-in pages to come back to.
pub fn next_query(path: &str) -> String {
    serde_urlencoded::to_string([("next", path)]).unwrap_or_default()
}

impl Visitor {
    /// The page frame for this visitor.
    pub fn shell(&self) -> Shell {
        Shell::new(self.prefs, &self.path, &self.csrf).signed_in(self.user())
    }

    /// The signed-in user, if any.
    pub fn user(&self) -> Option<&User> {
        match &self.session {
            Some(SessionCheck::Valid(u)) => Some(u),
            _ => None,
        }
    }

    /// The user of a session, finished or not: only for signing out.
    pub fn session_user(&self) -> Option<&User> {
        match &self.session {
            Some(SessionCheck::Valid(u) | SessionCheck::Unfinished(u, _)) => Some(u),
            _ => None,
        }
    }

    /// The signed-in user, or a redirect to sign in (saying why) — or, for
    /// a session part-way through signing in, to the step it must finish
    /// (the one-time code, the initial password, enrolment), which is the
    /// only page such a session gets.
    pub fn signed_in(&self) -> Result<&User, Refusal> {
        match &self.session {
            Some(SessionCheck::Valid(u)) => Ok(u),
            Some(SessionCheck::Unfinished(u, step)) if *step != Step::SecondFactor && self.path == step.path() => Ok(u),
            Some(SessionCheck::Unfinished(_, Step::SecondFactor)) => {
                Err(Refusal::Redirect { to: format!("/signin/code?{}", next_query(&self.path)), clear: false })
            }
            Some(SessionCheck::Unfinished(_, step)) => Err(Refusal::Redirect { to: step.path().into(), clear: false }),
            Some(SessionCheck::Expired) => {
                Err(Refusal::Redirect { to: format!("/signin?reason=expired&{}", next_query(&self.path)), clear: true })
            }
            Some(SessionCheck::Unknown) => {
                Err(Refusal::Redirect { to: format!("/signin?reason=invalid&{}", next_query(&self.path)), clear: true })
            }
            None => Err(Refusal::Redirect { to: format!("/signin?{}", next_query(&self.path)), clear: false }),
        }
    }
}

/// Who calls the API: a signed-in person or a machine with a token.
pub enum Caller {
    /// A session cookie.
    User(Box<User>),
    /// `Authorization: Bearer linli_…` (or Open311's `api_key`).
    Client(Client),
}

impl Caller {
    /// The signed-in person behind a call; machine tokens have no scope
    /// over the registry (yet), so they are refused.
    pub fn into_user(self) -> Result<Box<User>, WebError> {
        match self {
            Caller::User(u) => Ok(u),
            Caller::Client(_) => Err(WebError::new(ErrorCode::InsufficientScope)),
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let bearer = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").map(str::trim).map(str::to_owned));
        let api_key = parts.uri.query().and_then(|q| {
            serde_urlencoded::from_str::<Vec<(String, String)>>(q)
                .ok()?
                .into_iter()
                .find(|(k, _)| k == "api_key")
                .map(|(_, v)| v)
        });
        if let Some(token) = bearer.or(api_key) {
            return match state.app.authenticate_token(&token).await? {
                Ok(client) => Ok(Caller::Client(client)),
                Err(TokenRefusal::Invalid) => Err(WebError::new(ErrorCode::InvalidToken)),
            };
        }
        let visitor = Visitor::from_request_parts(parts, state).await?;
        match visitor.session {
            Some(SessionCheck::Valid(u)) => Ok(Caller::User(u)),
            Some(SessionCheck::Expired) => Err(WebError::new(ErrorCode::SessionExpired)),
            // Part-way through signing in: nothing but finishing it.
            Some(SessionCheck::Unfinished(_, step)) => Err(WebError::new(unfinished(step))),
            _ => Err(WebError::new(ErrorCode::Unauthenticated)),
        }
    }
}
