//! Signing in and out, the account page, and the session API.

use askama::Template;
use axum::Json;
use axum::extract::{Form, Query, State};
use axum::http::header::{SET_COOKIE, USER_AGENT};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::app::access::account::PasswordChange;
use crate::app::access::auth::{SessionCheck, SignInError, Step, User};
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::{Refusal, Visitor, next_query, see_other, unfinished};
use crate::web::error::{ErrorBody, ErrorCode, WebError};
use crate::web::i18n::Lang;
use crate::web::session::{clear_session_cookie, set_session_cookie};
use crate::web::shell::{Shell, own_page};

/// Only local paths after signing in.
fn safe_next(next: Option<&str>) -> String {
    crate::web::edge::local_path(next, "/workbench").to_owned()
}

#[derive(Template)]
#[template(path = "signin.html")]
struct SignInPage {
    shell: Shell,
    next: String,
    login: String,
    message: Option<String>,
    notice: Option<String>,
}

/// `?next=…&reason=…` of the sign-in page.
#[derive(Debug, Deserialize)]
pub struct SignInQuery {
    next: Option<String>,
    reason: Option<String>,
}

/// `GET /signin`.
pub async fn signin_form(v: Visitor, Query(q): Query<SignInQuery>) -> Result<Response, Refusal> {
    let t = v.prefs.lang.texts();
    let notice = match q.reason.as_deref() {
        Some("expired") => Some(t.signin_expired),
        Some("invalid") => Some(t.signin_invalid),
        Some("changed") => Some(t.signin_changed),
        _ => None,
    };
    let page = SignInPage {
        shell: v.shell(),
        next: safe_next(q.next.as_deref()),
        login: String::new(),
        message: None,
        notice: notice.map(str::to_owned),
    };
    own_page(StatusCode::OK, page)
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub struct SignInForm {
    login: String,
    password: String,
    next: Option<String>,
}

fn sign_in_refusal(e: &SignInError, lang: Lang) -> (StatusCode, ErrorCode, String) {
    let t = lang.texts();
    match e {
        SignInError::BadCredentials => (StatusCode::UNAUTHORIZED, ErrorCode::BadCredentials, t.signin_bad.into()),
        SignInError::Locked { minutes } => (
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::AccountLocked,
            t.signin_locked.replace("{minutes}", &minutes.to_string()),
        ),
        SignInError::AddressBlocked => {
            (StatusCode::TOO_MANY_REQUESTS, ErrorCode::TooManyAttempts, t.signin_address.into())
        }
        SignInError::Disabled => (StatusCode::FORBIDDEN, ErrorCode::AccountDisabled, t.signin_disabled.into()),
        SignInError::Registration(w) => {
            (StatusCode::FORBIDDEN, ErrorCode::RegistrationPending, crate::web::access::registration::waiting(*w, lang))
        }
        SignInError::Other(_) => (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal, t.error_next.into()),
    }
}

/// `POST /signin`.
pub async fn signin(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Result<Response, Refusal> {
    let agent = headers.get(USER_AGENT).and_then(|a| a.to_str().ok()).unwrap_or("");
    match state.app.sign_in(&form.login, &form.password, &v.ip, agent).await {
        Ok(done) => {
            let next = safe_next(form.next.as_deref());
            let to = if done.needs_second_factor {
                format!("/signin/code?{}", next_query(&next))
            } else if done.must_change_password {
                "/account/password".to_owned()
            } else {
                next
            };
            let mut res = see_other(&to);
            res.headers_mut().append(SET_COOKIE, set_session_cookie(&done.token, done.max_age_secs, v.secure));
            // A new form token with the new session: a planted one is useless.
            res.headers_mut()
                .append(SET_COOKIE, crate::web::csrf::cookie(&crate::app::system::keys::random_token(), v.secure));
            Ok(res)
        }
        Err(SignInError::Other(e)) => Err(e.into()),
        Err(e) => {
            let (status, _, message) = sign_in_refusal(&e, v.prefs.lang);
            // A registration waiting for staff is news, not a mistake.
            let waiting = matches!(e, SignInError::Registration(_));
            let page = SignInPage {
                shell: v.shell(),
                next: safe_next(form.next.as_deref()),
                login: form.login.chars().take(64).collect(),
                message: (!waiting).then(|| message.clone()),
                notice: waiting.then_some(message),
            };
            own_page(status, page)
        }
    }
}

/// `POST /signout`.
pub async fn signout(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    if let Some(u) = v.session_user() {
        state.app.sign_out(u, &v.ip).await?;
    }
    Ok(Refusal::Redirect { to: "/".into(), clear: true }.into_response())
}

/// `POST /signout/everywhere`.
pub async fn signout_everywhere(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    state.app.sign_out_everywhere(user, &v.ip).await?;
    Ok(Refusal::Redirect { to: "/".into(), clear: true }.into_response())
}

/// One grant as shown.
pub struct GrantLine {
    role: &'static str,
    region: String,
    code: String,
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    shell: Shell,
    display_name: String,
    login: String,
    phone: String,
    grants: Vec<GrantLine>,
    staff: bool,
}

/// `GET /account`.
pub async fn account(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let mut grants = Vec::new();
    for (role, code) in &user.account.grants {
        let name = match crate::domain::registry::region::RegionCode::parse(code) {
            Ok(parsed) => state.app.region_name(&parsed).await?,
            Err(_) => None,
        };
        let region = name.unwrap_or_else(|| code.clone());
        let role = if v.prefs.lang == Lang::En { role.en() } else { role.zh() };
        grants.push(GrantLine { role, region, code: code.clone() });
    }
    let page = AccountPage {
        shell: v.shell(),
        display_name: user.account.row.display_name.clone(),
        login: user.account.row.username.clone().unwrap_or_default(),
        phone: user.account.phone_masked.clone().unwrap_or_default(),
        grants,
        staff: user.account.is_staff(),
    };
    own_page(StatusCode::OK, page)
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    shell: Shell,
    forced: bool,
    message: Option<String>,
}

/// `GET /account/password`.
pub async fn password_form(v: Visitor) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let forced = user.account.row.must_change_password;
    own_page(StatusCode::OK, PasswordPage { shell: v.shell(), forced, message: None })
}

/// The password form.
#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    current: String,
    new: String,
    confirm: String,
}

/// `POST /account/password`.
pub async fn change_password(
    State(state): State<AppState>,
    v: Visitor,
    Form(form): Form<PasswordForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let t = v.prefs.lang.texts();
    let refused = |message: String| {
        own_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            PasswordPage { shell: v.shell(), forced: user.account.row.must_change_password, message: Some(message) },
        )
    };
    if form.new != form.confirm {
        return refused(t.password_mismatch.into());
    }
    match state.app.change_password(&user.actor(&v.ip), &user.account, &form.current, &form.new).await {
        Ok(()) => Ok(Refusal::Redirect { to: "/signin?reason=changed".into(), clear: true }.into_response()),
        Err(PasswordChange::WrongCurrent) => refused(t.password_wrong.into()),
        Err(PasswordChange::Unchanged) => refused(t.password_same.into()),
        Err(PasswordChange::Policy(p)) => refused(if v.prefs.lang == Lang::En { p.en() } else { p.zh() }.into()),
        Err(PasswordChange::Other(e)) => Err(e.into()),
    }
}

/// Credentials for `POST /api/v1/session`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    /// User name or mobile number.
    #[schema(example = "wangli")]
    pub login: String,
    /// Password.
    pub password: String,
}

/// A new session (its token is in the `linli_session` cookie).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SessionInfo {
    /// The password must be changed (at `/account/password`) before anything else.
    pub must_change_password: bool,
    /// Seconds until the session ends at the latest.
    pub max_age_secs: i64,
    /// Send the one-time code to `POST /api/v1/session/code` before anything else.
    pub second_factor_required: bool,
}

/// Signs in and sets the session cookie.
#[utoipa::path(post, path = "/api/v1/session", tag = "accounts", request_body = SignInRequest, responses(
    (status = 200, description = "Signed in; the cookie `linli_session` is set", body = SessionInfo),
    (status = 401, description = "`bad_credentials`", body = ErrorBody),
    (status = 403, description = "`account_disabled`, or `registration_pending` (no account yet: the registration with this phone and password waits for staff, or was not approved)", body = ErrorBody),
    (status = 429, description = "`account_locked` or `too_many_attempts`", body = ErrorBody)))]
pub async fn api_signin(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    ApiJson(req): ApiJson<SignInRequest>,
) -> Result<Response, WebError> {
    let agent = headers.get(USER_AGENT).and_then(|a| a.to_str().ok()).unwrap_or("");
    match state.app.sign_in(&req.login, &req.password, &v.ip, agent).await {
        Ok(done) => {
            let mut res = Json(SessionInfo {
                must_change_password: done.must_change_password,
                max_age_secs: done.max_age_secs,
                second_factor_required: done.needs_second_factor,
            })
            .into_response();
            res.headers_mut().append(SET_COOKIE, set_session_cookie(&done.token, done.max_age_secs, v.secure));
            Ok(res)
        }
        Err(SignInError::Other(e)) => Err(e.into()),
        Err(e) => {
            let (_, code, message) = sign_in_refusal(&e, v.prefs.lang);
            Err(WebError { code, field: None, detail: Some(message), reason: None })
        }
    }
}

/// Ends the current session.
#[utoipa::path(delete, path = "/api/v1/session", tag = "accounts", responses((status = 204, description = "Signed out")))]
pub async fn api_signout(State(state): State<AppState>, v: Visitor) -> Result<Response, WebError> {
    if let Some(u) = v.session_user() {
        state.app.sign_out(u, &v.ip).await?;
    }
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut().append(SET_COOKIE, clear_session_cookie());
    Ok(res)
}

/// A role on a region.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct GrantInfo {
    /// Role, e.g. `grid_worker`.
    pub role: &'static str,
    /// Region code the role covers (with everything below it).
    pub region: String,
}

/// The signed-in account.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Me {
    /// User name.
    pub username: Option<String>,
    /// Name shown to others.
    pub display_name: String,
    /// Phone number, masked.
    pub phone: Option<String>,
    /// Grants.
    pub grants: Vec<GrantInfo>,
    /// An initial password is still in use.
    pub must_change_password: bool,
    /// This session's form token: send it as `x-csrf-token` with uploads
    /// (CSV, XLSX, multipart) made with the session cookie.
    pub csrf_token: String,
}

/// The signed-in account, or 401.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", responses(
    (status = 200, body = Me),
    (status = 401, description = "`unauthenticated` or `session_expired`", body = ErrorBody)))]
pub async fn me(v: Visitor) -> Result<Json<Me>, WebError> {
    let user = match &v.session {
        Some(SessionCheck::Valid(u)) => u,
        Some(SessionCheck::Expired) => return Err(WebError::new(ErrorCode::SessionExpired)),
        Some(SessionCheck::Unfinished(_, step)) => return Err(WebError::new(unfinished(*step))),
        Some(SessionCheck::Unknown) | None => return Err(WebError::new(ErrorCode::Unauthenticated)),
    };
    let a = &user.account;
    Ok(Json(Me {
        username: a.row.username.clone(),
        display_name: a.row.display_name.clone(),
        phone: a.phone_masked.clone(),
        grants: a.grants.iter().map(|(r, c)| GrantInfo { role: r.as_str(), region: c.clone() }).collect(),
        must_change_password: a.row.must_change_password,
        csrf_token: v.csrf.clone(),
    }))
}

#[derive(Template)]
#[template(path = "code.html")]
struct CodePage {
    shell: Shell,
    next: String,
    message: Option<String>,
}

/// `GET /signin/code`: the second step of signing in.
pub async fn code_form(v: Visitor, Query(q): Query<SignInQuery>) -> Result<Response, Refusal> {
    match &v.session {
        Some(SessionCheck::Unfinished(_, Step::SecondFactor)) => {
            own_page(StatusCode::OK, CodePage { shell: v.shell(), next: safe_next(q.next.as_deref()), message: None })
        }
        _ => Ok(see_other("/signin")),
    }
}

/// The one-time code form.
#[derive(Debug, Deserialize)]
pub struct CodeForm {
    code: String,
    next: Option<String>,
}

/// `POST /signin/code`.
pub async fn code(State(state): State<AppState>, v: Visitor, Form(form): Form<CodeForm>) -> Result<Response, Refusal> {
    let Some(SessionCheck::Unfinished(user, Step::SecondFactor)) = &v.session else {
        return Ok(see_other("/signin"));
    };
    let t = v.prefs.lang.texts();
    match state.app.complete_sign_in(user, &form.code, &v.ip).await {
        Ok(()) => {
            let next = safe_next(form.next.as_deref());
            Ok(see_other(if user.account.row.must_change_password { "/account/password" } else { &next }))
        }
        Err(crate::app::access::second_factor::CodeRefusal::Wrong) => own_page(
            StatusCode::UNAUTHORIZED,
            CodePage {
                shell: v.shell(),
                next: safe_next(form.next.as_deref()),
                message: Some(ErrorCode::WrongCode.message(v.prefs.lang).into()),
            },
        ),
        Err(crate::app::access::second_factor::CodeRefusal::Locked) => {
            let mut res = own_page::<_, Refusal>(
                StatusCode::TOO_MANY_REQUESTS,
                SignInPage {
                    shell: v.shell(),
                    next: "/workbench".into(),
                    login: String::new(),
                    message: Some(t.signin_locked.replace("{minutes}", "15")),
                    notice: None,
                },
            )?;
            res.headers_mut().append(SET_COOKIE, clear_session_cookie());
            Ok(res)
        }
        Err(crate::app::access::second_factor::CodeRefusal::Other(e)) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "totp.html")]
struct TotpPage {
    shell: Shell,
    enabled: bool,
    required: bool,
    secret: String,
    uri: String,
    sealed: String,
    message: Option<String>,
}

async fn totp_page(state: &AppState, v: &Visitor, user: &User, message: Option<String>) -> Result<TotpPage, Refusal> {
    let enrolment = state.app.offer_enrolment(&user.account);
    Ok(TotpPage {
        shell: v.shell(),
        enabled: user.account.row.totp_sealed.is_some(),
        required: v.must_enrol,
        secret: enrolment
            .secret
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" "),
        uri: enrolment.uri,
        sealed: enrolment.sealed,
        message,
    })
}

/// `GET /account/totp`: turn on the second factor.
pub async fn totp_form(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let page = totp_page(&state, &v, user, None).await?;
    own_page(StatusCode::OK, page)
}

/// The enrolment form.
#[derive(Debug, Deserialize)]
pub struct TotpForm {
    sealed: String,
    code: String,
}

/// `POST /account/totp`.
pub async fn totp_enrol(
    State(state): State<AppState>,
    v: Visitor,
    Form(form): Form<TotpForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    if state.app.enrol(user, &form.sealed, &form.code, &v.ip).await? {
        return Ok(see_other("/account"));
    }
    let page = totp_page(&state, &v, user, Some(ErrorCode::WrongCode.message(v.prefs.lang).into())).await?;
    own_page(StatusCode::UNPROCESSABLE_ENTITY, page)
}

/// A one-time code.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeRequest {
    /// The 6 digits the authenticator app shows.
    #[schema(example = "123456")]
    pub code: String,
}

/// Completes a sign-in that needs a second factor.
#[utoipa::path(post, path = "/api/v1/session/code", tag = "accounts", request_body = CodeRequest, responses(
    (status = 204, description = "Signed in"),
    (status = 401, description = "`wrong_code`, or `unauthenticated` without a half-finished sign-in", body = ErrorBody),
    (status = 429, description = "`account_locked` after five wrong codes", body = ErrorBody)))]
pub async fn api_code(
    State(state): State<AppState>,
    v: Visitor,
    ApiJson(req): ApiJson<CodeRequest>,
) -> Result<Response, WebError> {
    let Some(SessionCheck::Unfinished(user, Step::SecondFactor)) = &v.session else {
        return Err(WebError::new(ErrorCode::Unauthenticated));
    };
    match state.app.complete_sign_in(user, &req.code, &v.ip).await {
        Ok(()) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(crate::app::access::second_factor::CodeRefusal::Wrong) => Err(WebError::new(ErrorCode::WrongCode)),
        Err(crate::app::access::second_factor::CodeRefusal::Locked) => Err(WebError::new(ErrorCode::AccountLocked)),
        Err(crate::app::access::second_factor::CodeRefusal::Other(e)) => Err(e.into()),
    }
}
