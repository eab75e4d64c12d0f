//! Residents register; staff verify; residents see their own household.

use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::header::{SET_COOKIE, USER_AGENT};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use uuid::Uuid;

use crate::app::access::registration::{
    PendingRegistration, RegisterError, Registered, RegistrationForm, VERIFY_WORKING_DAYS, Waiting,
};
use crate::app::registry::household::HouseholdView;
use crate::domain::registry::region::CommunityCode;
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::{Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};
use crate::web::form::Problem;
use crate::web::i18n::Lang;
use crate::web::shell::{Shell, own_page};

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    shell: Shell,
    /// The communities offered: (code, name).
    communities: Vec<(String, String)>,
    name: String,
    phone: String,
    id_number: String,
    community: String,
    problem: Problem,
    done: bool,
}

impl RegisterPage {
    fn intro(&self) -> String {
        self.shell.t.resident.register_intro.replace("{days}", &VERIFY_WORKING_DAYS.to_string())
    }

    fn done_text(&self) -> String {
        self.shell.t.resident.register_done.replace("{days}", &VERIFY_WORKING_DAYS.to_string())
    }
}

/// What sign-in says to a resident whose registration has no account yet.
pub fn waiting(w: Waiting, lang: Lang) -> String {
    let t = &lang.texts().resident;
    match w {
        Waiting::Pending { since } => t
            .waiting_pending
            .replace("{date}", &crate::domain::time::zone().day(since).to_string())
            .replace("{days}", &VERIFY_WORKING_DAYS.to_string()),
        Waiting::Rejected => t.waiting_rejected.into(),
    }
}

/// The communities a resident may register in: those served, with registry data.
async fn offered(state: &AppState) -> Result<Vec<(String, String)>, WebError> {
    Ok(state.served().await?.communities.into_iter().map(|c| (c.code, c.short_name)).collect())
}

/// `GET /register`.
pub async fn form(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    let page = RegisterPage {
        shell: v.shell(),
        communities: offered(&state).await?,
        name: String::new(),
        phone: String::new(),
        id_number: String::new(),
        community: String::new(),
        problem: Problem::none(),
        done: false,
    };
    own_page(StatusCode::OK, page)
}

/// The registration form.
#[derive(Debug, Deserialize)]
pub struct RegisterFormData {
    name: String,
    phone: String,
    id_number: String,
    password: String,
    confirm: String,
    community: String,
}

fn say(e: &RegisterError, lang: Lang) -> String {
    let t = lang.texts();
    match (e, lang) {
        (RegisterError::Name, _) => t.register_name_needed.into(),
        (RegisterError::Phone, _) => t.register_phone_bad.into(),
        (RegisterError::IdNumber(p), Lang::Zh) => p.zh().into(),
        (RegisterError::IdNumber(p), Lang::En) => p.to_string(),
        (RegisterError::Password(p), Lang::Zh) => p.zh().into(),
        (RegisterError::Password(p), Lang::En) => p.en().into(),
        (RegisterError::PhoneTaken, _) => t.register_phone_taken.into(),
        (RegisterError::Community, _) => t.register_community_needed.into(),
        (RegisterError::TooMany, Lang::Zh) => "本地址近一小时注册次数过多，请稍后再试，或到社区服务中心办理。".into(),
        (RegisterError::TooMany, Lang::En) => {
            "Too many registrations from this address in the last hour; try later, or at the community centre.".into()
        }
        (RegisterError::Other(_), _) => t.error_next.into(),
    }
}

/// `POST /register`.
pub async fn submit(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Form(f): Form<RegisterFormData>,
) -> Result<Response, Refusal> {
    let mut page = RegisterPage {
        shell: v.shell(),
        communities: offered(&state).await?,
        name: f.name.chars().take(32).collect(),
        phone: f.phone.chars().take(20).collect(),
        id_number: f.id_number.chars().take(24).collect(),
        community: f.community.clone(),
        problem: Problem::none(),
        done: false,
    };
    if f.password != f.confirm {
        page.problem = Problem::at_field("confirm", v.prefs.lang.texts().password_mismatch);
        return own_page(StatusCode::UNPROCESSABLE_ENTITY, page);
    }
    let form = RegistrationForm {
        name: f.name,
        phone: f.phone,
        id_number: f.id_number,
        password: f.password,
        community: CommunityCode::parse(&f.community).ok(),
    };
    let agent = headers.get(USER_AGENT).and_then(|a| a.to_str().ok()).unwrap_or("");
    match state.app.register(&form, &v.ip, agent).await {
        Ok(Registered::Linked(done)) => {
            let mut res = StatusCode::SEE_OTHER.into_response();
            res.headers_mut().insert(axum::http::header::LOCATION, "/my/household".parse().expect("static path"));
            res.headers_mut().append(SET_COOKIE, crate::web::session::session_cookie_for(&done, &headers));
            Ok(res)
        }
        Ok(Registered::Pending) => {
            page.done = true;
            own_page(StatusCode::OK, page)
        }
        Err(RegisterError::Other(e)) => Err(e.into()),
        Err(e) => {
            let status = if matches!(e, RegisterError::TooMany) {
                StatusCode::TOO_MANY_REQUESTS
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            page.problem = Problem::at_field(field_of(&e), say(&e, v.prefs.lang));
            own_page(status, page)
        }
    }
}

#[derive(Template)]
#[template(path = "my_household.html")]
struct MinePage {
    shell: Shell,
    households: Vec<HouseholdView>,
}

/// `GET /my/household`: a resident's own household.
pub async fn mine(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let households = state.app.my_households(user).await?;
    own_page(StatusCode::OK, MinePage { shell: v.shell(), households })
}

#[derive(Template)]
#[template(path = "registrations.html")]
struct QueuePage {
    shell: Shell,
    pending: Vec<PendingRegistration>,
    /// A refused decision: the registration and why.
    refused: Option<(Uuid, String)>,
    /// The communities' names by code.
    communities: std::collections::HashMap<String, String>,
}

impl QueuePage {
    fn registry(&self, r: &PendingRegistration) -> Option<String> {
        let (p, _) = r.person.as_ref()?;
        Some(self.shell.t.resident.queue_match.replace("{name}", &p.name).replace("{place}", &r.place))
    }

    /// The community as people call it (交通路社区), its code if unknown.
    fn community<'a>(&'a self, code: &'a str) -> &'a str {
        self.communities.get(code).map_or(code, String::as_str)
    }

    fn refused_for(&self, id: &Uuid) -> Option<&str> {
        self.refused.as_ref().filter(|(r, _)| r == id).map(|(_, m)| m.as_str())
    }
}

async fn community_names(
    state: &AppState,
    pending: &[PendingRegistration],
) -> Result<std::collections::HashMap<String, String>, Refusal> {
    let codes: Vec<String> = pending.iter().map(|r| r.row.community_id.clone()).collect();
    Ok(state.app.short_names(&codes).await?)
}

/// `GET /admin/registrations`: what waits for this staff member.
pub async fn queue(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let pending = state.app.pending_registrations(user).await?;
    let communities = community_names(&state, &pending).await?;
    own_page(StatusCode::OK, QueuePage { shell: v.shell(), pending, refused: None, communities })
}

/// Approve or reject.
#[derive(Debug, Deserialize)]
pub struct Decision {
    decision: String,
}

/// `POST /admin/registrations/{id}`.
pub async fn decide(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(d): Form<Decision>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let id = Uuid::parse_str(&id).map_err(|_| WebError::new(ErrorCode::NotFound))?;
    let approve = match d.decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => {
            return Err(WebError {
                code: ErrorCode::InvalidInput,
                field: Some("decision"),
                detail: None,
                reason: None,
            }
            .into());
        }
    };
    match state.app.decide_registration(user, &v.ip, id, approve).await {
        Ok(()) => {}
        Err(crate::app::Error::Invalid { reason, .. }) => {
            let pending = state.app.pending_registrations(user).await?;
            let refused = Some((id, crate::web::i18n::refusals::words(&reason, v.prefs.lang)));
            let communities = community_names(&state, &pending).await?;
            let page = QueuePage { shell: v.shell(), pending, refused, communities };
            return own_page(StatusCode::UNPROCESSABLE_ENTITY, page);
        }
        Err(e) => return Err(e.into()),
    }
    Ok(Refusal::Redirect { to: "/admin/registrations".into(), clear: false }.into_response())
}

/// A resident's registration through the API.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    /// Name as on the ID card.
    pub name: String,
    /// Mobile number (the sign-in).
    pub phone: String,
    /// ID number.
    pub id_number: String,
    /// Chosen password.
    pub password: String,
    /// Community code, used when the registry has no match.
    pub community: String,
}

/// How a registration ended.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct RegisterResult {
    /// `linked` (signed in, a resident of their household; the cookie is set)
    /// or `pending` (community staff verify it first).
    pub status: &'static str,
}

fn field_of(e: &RegisterError) -> &'static str {
    match e {
        RegisterError::Name => "name",
        RegisterError::Phone | RegisterError::PhoneTaken => "phone",
        RegisterError::IdNumber(_) => "id_number",
        RegisterError::Password(_) => "password",
        RegisterError::Community => "community",
        RegisterError::TooMany | RegisterError::Other(_) => "body",
    }
}

/// Registers a resident.
#[utoipa::path(post, operation_id = "register", path = "/api/v1/registrations", tag = "accounts", request_body = RegisterRequest, responses(
    (status = 200, description = "`linked` or `pending`", body = RegisterResult),
    (status = 400, description = "`invalid_input` with the `field` and, in `detail`, what to fix in the request's language", body = crate::web::error::ErrorBody)))]
pub async fn api(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    ApiJson(r): ApiJson<RegisterRequest>,
) -> Result<Response, WebError> {
    let form = RegistrationForm {
        name: r.name,
        phone: r.phone,
        id_number: r.id_number,
        password: r.password,
        community: CommunityCode::parse(&r.community).ok(),
    };
    let agent = headers.get(USER_AGENT).and_then(|a| a.to_str().ok()).unwrap_or("");
    match state.app.register(&form, &v.ip, agent).await {
        Ok(Registered::Linked(done)) => {
            let mut res = axum::Json(RegisterResult { status: "linked" }).into_response();
            res.headers_mut().append(SET_COOKIE, crate::web::session::session_cookie_for(&done, &headers));
            Ok(res)
        }
        Ok(Registered::Pending) => Ok(axum::Json(RegisterResult { status: "pending" }).into_response()),
        Err(RegisterError::Other(e)) => Err(e.into()),
        Err(RegisterError::TooMany) => Err(WebError::new(ErrorCode::TooManyAttempts)),
        Err(e) => Err(WebError {
            code: ErrorCode::InvalidInput,
            field: Some(field_of(&e)),
            detail: Some(say(&e, v.prefs.lang)),
            reason: None,
        }),
    }
}
