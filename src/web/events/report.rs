//! Reporting an event (诉求): a resident's form (from a building's QR code
//! or not), a kiosk's or the API's report, following it by tracking code
//! without signing in, and a resident's own reports.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::event::state_name;
use crate::app::access::audit::Actor;
use crate::app::access::auth::SessionCheck;
use crate::app::events::address::Place;
use crate::app::events::public::Tracked;
use crate::app::events::report::NewReport;
use crate::domain::events::event::State as EventState;
use crate::domain::registry::phone::Phone;
use crate::domain::registry::region::CommunityCode;
use crate::web::AppState;
use crate::web::caller::{Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};
use crate::web::form::Problem;
use crate::web::photo::{photo_file, picture};
use crate::web::shell::{Shell, own_page};
use crate::web::upload::{Kept, WithPhotos};

/// A report.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ReportJson {
    /// Category code (see the categories).
    category: String,
    /// What happened.
    text: String,
    /// Community code.
    community: String,
    /// A building's QR token, when reported from its code.
    #[serde(default)]
    building_token: Option<String>,
    /// A building of the community by id (see `/api/v1/report/buildings`),
    /// when not reported from its code.
    #[serde(default)]
    building: Option<Uuid>,
    /// The house in that building (see `/api/v1/report/houses`).
    #[serde(default)]
    house: Option<Uuid>,
    /// Reporter's name; empty for 匿名.
    #[serde(default)]
    name: String,
    /// Reporter's mobile; required when not signed in.
    #[serde(default)]
    phone: Option<String>,
    /// Values of the category's extra fields by code: a string, or a list
    /// of strings for a `choices` field.
    #[serde(default)]
    #[schema(value_type = Object)]
    attributes: std::collections::BTreeMap<String, AttributeValue>,
}

/// One value, or several (a `choices` field).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum AttributeValue {
    /// One value.
    One(String),
    /// Several values.
    Many(Vec<String>),
    /// A number, as JSON writes one.
    Number(serde_json::Number),
}

/// The values as the app checks them.
fn given(attributes: std::collections::BTreeMap<String, AttributeValue>) -> crate::domain::events::field::Given {
    attributes
        .into_iter()
        .map(|(k, v)| match v {
            AttributeValue::One(one) => (k, vec![one]),
            AttributeValue::Many(many) => (k, many),
            AttributeValue::Number(n) => (k, vec![n.to_string()]),
        })
        .collect()
}

/// What a report returns.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Reported {
    /// The event's id.
    pub id: Uuid,
    /// The code its reporter follows it by.
    pub code: String,
}

/// Reports an event, signed in or with a phone number. With photos, send
/// `multipart/form-data`: this JSON as a `json` part and up to 3 `photo`
/// parts (JPEG, PNG or WebP, 10 MB each).
#[utoipa::path(post, path = "/api/v1/events", tag = "events", request_body = ReportJson,
    responses((status = 201, body = Reported), (status = 400, description = "`invalid_input` with the field", body = crate::web::error::ErrorBody)))]
pub async fn api_report(
    State(state): State<AppState>,
    v: Visitor,
    headers: axum::http::HeaderMap,
    WithPhotos { body: r, photos, .. }: WithPhotos<ReportJson>,
) -> Result<(StatusCode, axum::Json<Reported>), WebError> {
    let phone = match r.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Some(Phone::parse(p).map_err(|_| WebError::refused("phone", crate::app::refusal::Reason::Mobile))?),
        None => None,
    };
    let community = crate::web::codes::community(&r.community)?;
    let (actor, account, source) = match kiosk(&state, &headers).await? {
        Some(client) => (client.actor(&v.ip), None, "kiosk"),
        None => channel(&v, phone.as_ref(), r.building_token.is_some()),
    };
    let report = NewReport {
        category: r.category,
        text: r.text,
        building_token: r.building_token,
        building_id: r.building,
        house_id: r.house,
        reporter_name: r.name,
        reporter_phone: phone,
        source: source.into(),
        photos,
        attributes: given(r.attributes),
        ..NewReport::in_community(community)
    };
    let (id, code) = state.app.report_event(&actor, account, report).await?;
    Ok((StatusCode::CREATED, axum::Json(Reported { id, code })))
}

/// `?community=`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BuildingsQuery {
    /// Community code.
    community: String,
}

/// The buildings of a community, to say where a report is (names only).
#[utoipa::path(get, path = "/api/v1/report/buildings", tag = "events", params(BuildingsQuery),
    responses((status = 200, body = [Place]), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn api_buildings(
    State(state): State<AppState>,
    Query(q): Query<BuildingsQuery>,
) -> Result<axum::Json<Vec<Place>>, WebError> {
    let community = crate::web::codes::community(&q.community)?;
    Ok(axum::Json(state.app.report_buildings(&community).await?))
}

/// `?community=&building=`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HousesQuery {
    /// Community code.
    community: String,
    /// A building of it.
    building: Uuid,
}

/// The houses of a building, unit-room, to say where a report is.
#[utoipa::path(get, path = "/api/v1/report/houses", tag = "events", params(HousesQuery),
    responses((status = 200, body = [Place]), (status = 400, body = crate::web::error::ErrorBody),
        (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_houses(
    State(state): State<AppState>,
    Query(q): Query<HousesQuery>,
) -> Result<axum::Json<Vec<Place>>, WebError> {
    let community = crate::web::codes::community(&q.community)?;
    Ok(axum::Json(state.app.report_houses(&community, q.building).await?))
}

/// Who reports, and so through which channel: a grid worker on patrol,
/// staff at the counter for a resident (代报: the resident's phone, not the
/// staff's account, hears of it), a signed-in resident, or anyone with a
/// phone — from a building's QR code or not.
fn channel(v: &Visitor, phone: Option<&Phone>, from_building: bool) -> (Actor, Option<Uuid>, &'static str) {
    match &v.session {
        Some(SessionCheck::Valid(u)) if u.account.is_staff() => {
            let patrol = u.account.grants.iter().all(|(r, _)| *r == crate::domain::access::role::Role::GridWorker);
            (u.actor(&v.ip), None, if patrol { "patrol" } else { "counter" })
        }
        Some(SessionCheck::Valid(u)) => (u.actor(&v.ip), Some(u.account.row.id), "phone"),
        _ => {
            let actor = Actor::anonymous(&phone.map(|p| p.masked()).unwrap_or_default(), &v.ip);
            (actor, None, if from_building { "qr" } else { "phone" })
        }
    }
}

/// A kiosk (智慧货架) reports with its device token (scope `kiosk`).
async fn kiosk(
    state: &AppState,
    headers: &axum::http::HeaderMap,
) -> Result<Option<crate::app::access::token::Client>, WebError> {
    let Some(token) = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return Ok(None);
    };
    match state.app.authenticate_token(token.trim()).await? {
        Ok(c) if c.may(crate::app::access::token::Scope::Kiosk) => Ok(Some(c)),
        Ok(_) => Err(WebError::new(ErrorCode::InsufficientScope)),
        Err(_) => Err(WebError::new(ErrorCode::InvalidToken)),
    }
}

/// Follows an event by its tracking code, without signing in: the public steps only.
#[utoipa::path(get, path = "/api/v1/track/{code}", tag = "events",
    params(("code" = String, Path, description = "Tracking code")),
    responses((status = 200, body = Tracked), (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_track(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<axum::Json<Tracked>, WebError> {
    Ok(axum::Json(state.app.track_event(&code).await?))
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    shell: Shell,
    categories: Vec<crate::app::events::category::Category>,
    communities: Vec<(String, String)>,
    /// (community/token, building name) when reported from a QR code.
    building: Option<(String, String)>,
    /// The buildings to pick from (the chosen community's), without a QR code.
    buildings: Vec<Place>,
    /// The community those buildings are of.
    buildings_of: String,
    /// The houses of the building, once it is known.
    houses: Vec<Place>,
    signed_in: bool,
    /// What was typed, when the form comes back.
    typed: ReportForm,
    /// Photos already sent, kept.
    kept: Kept,
    problem: Problem,
}

impl ReportPage {
    fn kept_text(&self) -> String {
        self.shell.t.resident.photos_kept.replace("{n}", &self.kept.count.to_string())
    }

    /// What was typed in a field of a category (the chosen one's only).
    fn typed_value(&self, category: &str, code: &str) -> &str {
        if category != self.typed.category {
            return "";
        }
        self.typed.extra.get(&format!("a:{code}")).map_or("", String::as_str)
    }

    /// Whether a choice of a `choices` field was ticked.
    fn ticked(&self, category: &str, code: &str, choice: &str) -> bool {
        category == self.typed.category
            && self.typed.extra.iter().any(|(k, v)| k.starts_with(&format!("a:{code}:")) && v == choice)
    }

    fn asset(&self, name: &str) -> &'static str {
        crate::web::assets::url(name)
    }
}

/// The chosen category's values from the form, by field code: fields of
/// other categories (all sent when scripts are off) are left out.
fn form_values(
    form: &ReportForm,
    fields: &[crate::domain::events::field::Field],
) -> crate::domain::events::field::Given {
    let mut given = crate::domain::events::field::Given::new();
    for (k, v) in &form.extra {
        let Some(rest) = k.strip_prefix("a:") else { continue };
        let code = rest.split(':').next().unwrap_or("");
        if fields.iter().any(|f| f.code == code) {
            given.entry(code.to_owned()).or_default().push(v.clone());
        }
    }
    given
}

/// `?b=community/token`.
#[derive(Debug, Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    b: Option<String>,
}

async fn report_page(
    state: &AppState,
    v: &Visitor,
    typed: ReportForm,
    status: StatusCode,
    (kept, problem): (Kept, Problem),
) -> Result<Response, Refusal> {
    let communities = state.app.communities_served().await?;
    let mut buildings_of = String::new();
    let (building, buildings, houses) = match typed.building.as_deref().and_then(|b| b.split_once('/')) {
        Some((community, token)) => {
            let code = CommunityCode::parse(community).map_err(|_| WebError::new(ErrorCode::NotFound))?;
            let page = state.app.building_page(&code, token).await?;
            let houses = state.app.report_houses(&code, page.card.id).await?;
            (Some((format!("{community}/{token}"), page.card.name)), Vec::new(), houses)
        }
        None => {
            // The buildings of the community chosen (or shown first), and the
            // houses of the building chosen: the page works without scripts.
            let chosen = Some(typed.community.as_str())
                .filter(|c| !c.is_empty())
                .or(communities.first().map(|(c, _)| c.as_str()))
                .and_then(|c| CommunityCode::parse(c).ok());
            let mut buildings = Vec::new();
            let mut houses = Vec::new();
            if let Some(c) = chosen {
                buildings_of = c.as_str().to_owned();
                buildings = state.app.report_buildings(&c).await.unwrap_or_default();
                if let Some(b) = buildings.iter().find(|b| b.id.to_string() == typed.building_id) {
                    houses = state.app.report_houses(&c, b.id).await?;
                }
            }
            (None, buildings, houses)
        }
    };
    let categories = state.app.categories().await?.into_iter().filter(|c| c.active).collect();
    let signed_in = matches!(v.session, Some(SessionCheck::Valid(_)));
    let page = ReportPage {
        shell: v.shell(),
        categories,
        communities,
        building,
        buildings,
        buildings_of,
        houses,
        signed_in,
        typed,
        kept,
        problem,
    };
    own_page(status, page)
}

/// `GET /report`: a resident's report form (from a building's QR code, `?b=`).
pub async fn report_form(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<ReportQuery>,
) -> Result<Response, Refusal> {
    // A resident signed in is named as she is known; she may still clear
    // it (she hears back in her inbox: the form asks no phone).
    let name = match &v.session {
        Some(SessionCheck::Valid(u)) => state.app.own_contact(u).0,
        _ => String::new(),
    };
    let typed = ReportForm { building: q.b, name, ..ReportForm::default() };
    report_page(&state, &v, typed, StatusCode::OK, (Kept::none(), Problem::none())).await
}

/// The report form.
#[derive(Debug, Default, Deserialize)]
pub struct ReportForm {
    #[serde(default)]
    category: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    community: String,
    #[serde(default)]
    building: Option<String>,
    /// A building picked from the list (without a QR code).
    #[serde(default)]
    building_id: String,
    /// A house of the building.
    #[serde(default)]
    house: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone: String,
    /// Photos kept from the form's last refusal.
    #[serde(default)]
    upload: String,
    /// The extra fields: `a:{code}` for one value, `a:{code}:{n}` for each
    /// ticked choice of a `choices` field (and the CSRF token, read before).
    #[serde(flatten)]
    extra: std::collections::BTreeMap<String, String>,
}

impl ReportForm {
    /// What goes back into the form: bounded as the fields are.
    fn bounded(&self) -> ReportForm {
        ReportForm {
            category: self.category.chars().take(32).collect(),
            text: self.text.chars().take(2000).collect(),
            community: self.community.chars().take(12).collect(),
            building: self.building.as_ref().map(|b| b.chars().take(80).collect()),
            building_id: self.building_id.chars().take(36).collect(),
            house: self.house.chars().take(36).collect(),
            name: self.name.chars().take(32).collect(),
            phone: self.phone.chars().take(20).collect(),
            upload: String::new(),
            extra: self
                .extra
                .iter()
                .filter(|(k, _)| k.starts_with("a:"))
                .take(50)
                .map(|(k, v)| (k.chars().take(40).collect(), v.chars().take(200).collect()))
                .collect(),
        }
    }
}

/// `POST /report`: takes the report, then shows its progress page.
pub async fn report_submit(
    State(state): State<AppState>,
    v: Visitor,
    WithPhotos { body: f, photos, .. }: WithPhotos<ReportForm>,
) -> Result<Response, Refusal> {
    let photos = Kept::with_sent(&state, &f.upload, photos).await?;
    let typed = f.bounded();
    let lang = v.prefs.lang;
    let (community, token) = match f.building.as_deref().and_then(|b| b.split_once('/')) {
        Some((c, t)) => (c.to_owned(), Some(t.to_owned())),
        None => (f.community.clone(), None),
    };
    let phone = match f.phone.trim() {
        "" => None,
        p => match Phone::parse(p) {
            Ok(p) => Some(p),
            Err(_) => {
                let kept = Kept::keep(&state, &photos, None).await?;
                let problem = Problem::at_field("phone", lang.refusal(&crate::app::refusal::Reason::Mobile));
                return report_page(&state, &v, typed, StatusCode::UNPROCESSABLE_ENTITY, (kept, problem)).await;
            }
        },
    };
    let Ok(community) = CommunityCode::parse(&community) else {
        let kept = Kept::keep(&state, &photos, Some("community")).await?;
        let problem = Problem::at_field("community", lang.refusal(&crate::app::refusal::Reason::ChooseCommunity));
        return report_page(&state, &v, typed, StatusCode::UNPROCESSABLE_ENTITY, (kept, problem)).await;
    };
    // A building and house as picked: ids, or nothing when left blank.
    let picked = |field: &'static str, text: &str| match text.trim() {
        "" => Ok(None),
        t => Uuid::parse_str(t).map(Some).map_err(|_| field),
    };
    let building_id = if token.is_some() { Ok(None) } else { picked("building_id", &f.building_id) };
    let (building_id, house_id) = match (building_id, picked("house", &f.house)) {
        (Ok(b), Ok(h)) => (b, h),
        (Err(field), _) | (_, Err(field)) => {
            let kept = Kept::keep(&state, &photos, Some(field)).await?;
            let reason = if field == "house" {
                crate::app::refusal::Reason::HouseNotInBuilding
            } else {
                crate::app::refusal::Reason::BuildingNotInCommunity
            };
            let problem = Problem::at_field(field, lang.refusal(&reason));
            return report_page(&state, &v, typed, StatusCode::UNPROCESSABLE_ENTITY, (kept, problem)).await;
        }
    };
    let (actor, account, source) = channel(&v, phone.as_ref(), token.is_some());
    let fields = state.app.categories().await?.into_iter().find(|c| c.code == f.category).map(|c| c.fields);
    let attributes = form_values(&f, fields.as_deref().unwrap_or(&[]));
    let report = NewReport {
        category: f.category,
        text: f.text,
        building_token: token,
        building_id,
        house_id,
        reporter_name: f.name,
        reporter_phone: phone,
        source: source.into(),
        photos: photos.clone(),
        attributes,
        ..NewReport::in_community(community)
    };
    let (status, field, message) = match state.app.report_event(&actor, account, report).await {
        Ok((_, code)) => return Ok(Redirect::to(&format!("/track/{code}")).into_response()),
        Err(crate::app::Error::Invalid { field, reason }) => {
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field), lang.refusal(&reason))
        }
        Err(crate::app::Error::TooMany) => (StatusCode::TOO_MANY_REQUESTS, None, lang.texts().events.too_many.into()),
        // The form comes back as typed, with when to try again.
        Err(crate::app::Error::Busy(_)) => {
            (StatusCode::SERVICE_UNAVAILABLE, None, ErrorCode::Busy.message(lang).into())
        }
        Err(e) => return Err(e.into()),
    };
    let kept = Kept::keep(&state, &photos, field).await?;
    let problem = match field {
        Some(f) => Problem::at_field(f, message),
        None => Problem::general_message(message),
    };
    let page = report_page(&state, &v, typed, status, (kept, problem)).await;
    if status == StatusCode::SERVICE_UNAVAILABLE { page.map(crate::web::error::retry_after) } else { page }
}

#[derive(Template)]
#[template(path = "track.html")]
struct TrackPage {
    shell: Shell,
    tracked: Option<Tracked>,
    /// The code typed, when no report has it (said on the page).
    unknown: Option<String>,
}

impl TrackPage {
    fn unknown_text(&self, code: &str) -> String {
        self.shell.t.resident.track_unknown.replace("{code}", code)
    }

    fn not_found(v: &Visitor, code: &str) -> Result<Response, Refusal> {
        let code: String = code.trim().chars().take(32).collect();
        own_page(StatusCode::NOT_FOUND, TrackPage { shell: v.shell(), tracked: None, unknown: Some(code) })
    }
}

/// `?code=`.
#[derive(Debug, Deserialize)]
pub struct TrackQuery {
    #[serde(default)]
    code: String,
}

/// `GET /track?code=`: the lookup form, or straight to the report.
pub async fn track_form(v: Visitor, Query(q): Query<TrackQuery>) -> Result<Response, Refusal> {
    let code = crate::app::events::public::tracking_code(&q.code);
    if code.is_empty() {
        return own_page(StatusCode::OK, TrackPage { shell: v.shell(), tracked: None, unknown: None });
    }
    if code.len() <= 32 && code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Ok(Redirect::to(&format!("/track/{code}")).into_response());
    }
    TrackPage::not_found(&v, &q.code)
}

/// `GET /track/{code}`: a report's public progress, without signing in; a
/// code no report has is said on the tracking page, with its form.
pub async fn track(State(state): State<AppState>, v: Visitor, Path(code): Path<String>) -> Result<Response, Refusal> {
    match state.app.track_event(&code.to_ascii_uppercase()).await {
        Ok(tracked) => own_page(StatusCode::OK, TrackPage { shell: v.shell(), tracked: Some(tracked), unknown: None }),
        Err(crate::app::Error::NotFound(_) | crate::app::Error::Invalid { .. }) => TrackPage::not_found(&v, &code),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "my_reports.html")]
struct MyReportsPage {
    shell: Shell,
    events: Vec<linli_store::events::event::EventRow>,
}

impl MyReportsPage {
    fn state_zh(&self, stored: &str) -> &'static str {
        state_name(&self.shell, stored)
    }
}

/// `GET /my/reports`: what the signed-in resident reported, each to follow.
pub async fn my_reports(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let events = state.app.my_reports(user).await?;
    own_page(StatusCode::OK, MyReportsPage { shell: v.shell(), events })
}

/// One of the caller's own reports.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MyReportJson {
    /// Tracking code (follow it at `/api/v1/track/{code}`).
    pub code: String,
    /// Stored state.
    pub state: String,
    /// The state in Chinese.
    pub state_zh: &'static str,
    /// What was reported.
    pub text: String,
    /// When.
    pub at: chrono::DateTime<chrono::Utc>,
}

/// The events the signed-in caller reported, newest first.
#[utoipa::path(get, path = "/api/v1/my/events", tag = "events", responses((status = 200, body = Vec<MyReportJson>)))]
pub async fn api_my_reports(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
) -> Result<axum::Json<Vec<MyReportJson>>, WebError> {
    let user = caller.into_user()?;
    let rows = state.app.my_reports(&user).await?;
    Ok(axum::Json(
        rows.into_iter()
            .map(|r| MyReportJson {
                state_zh: EventState::parse(&r.state).map_or("", EventState::zh),
                code: r.code,
                state: r.state,
                text: r.text,
                at: r.created_at,
            })
            .collect(),
    ))
}

/// `GET /track/{code}/photos/{photo}[.thumb]`: a photo of a public step, by tracking code.
pub async fn tracked_photo(
    State(state): State<AppState>,
    Path((code, file)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (photo, thumb) = photo_file(&file)?;
    Ok(picture(state.app.tracked_photo(&code, photo, thumb).await?))
}

#[derive(Template)]
#[template(path = "rate.html")]
struct RatePage {
    shell: Shell,
    code: String,
    token: String,
    /// The link still works: the form is offered.
    open: bool,
    /// What was said, after sending.
    done: Option<&'static str>,
    message: Option<String>,
    /// The comment typed, kept when the form comes back.
    comment: String,
    /// What the handler reported doing (their note and photos), so the
    /// reporter rates the work, not blind.
    work: Option<crate::app::events::public::TrackedStep>,
}

/// The last 处置反馈 the reporter may see, if any.
async fn work_done(state: &AppState, code: &str) -> Option<crate::app::events::public::TrackedStep> {
    let tracked = state.app.track_event(code).await.ok()?;
    let resolved = EventState::Resolved.zh();
    tracked.steps.into_iter().rev().find(|s| s.1 == resolved)
}

/// `?t=`: the one-time token of a 回访 link.
#[derive(Debug, Default, Deserialize)]
pub struct RateQuery {
    #[serde(default)]
    t: String,
}

/// `GET /track/{code}/rate?t=`: the reporter's own 回访, without signing in.
pub async fn rate_form(
    State(state): State<AppState>,
    v: Visitor,
    Path(code): Path<String>,
    Query(q): Query<RateQuery>,
) -> Result<Response, Refusal> {
    let open = state.app.rating_link_open(&code, &q.t).await?;
    let code: String = code.trim().to_ascii_uppercase().chars().take(32).collect();
    let work = if open { work_done(&state, &code).await } else { None };
    let page =
        RatePage { shell: v.shell(), code, token: q.t, open, done: None, message: None, comment: String::new(), work };
    own_page(StatusCode::OK, page)
}

/// The rating form.
#[derive(Debug, Default, Deserialize)]
pub struct RateForm {
    #[serde(default)]
    t: String,
    #[serde(default)]
    satisfaction: String,
    #[serde(default)]
    comment: String,
}

/// `POST /track/{code}/rate`: the reporter's rating; 不满意 sends it back to work.
pub async fn rate(
    State(state): State<AppState>,
    v: Visitor,
    Path(code): Path<String>,
    axum::extract::Form(f): axum::extract::Form<RateForm>,
) -> Result<Response, Refusal> {
    use crate::domain::events::event::Satisfaction;
    let t = &v.prefs.lang.texts().units;
    let code_shown: String = code.trim().to_ascii_uppercase().chars().take(32).collect();
    let work = work_done(&state, &code_shown).await;
    let page = |open, done, message| RatePage {
        shell: v.shell(),
        code: code_shown.clone(),
        token: f.t.clone(),
        open,
        done,
        message,
        comment: f.comment.chars().take(500).collect(),
        work: if open { work.clone() } else { None },
    };
    let satisfaction = match f.satisfaction.as_str() {
        "satisfied" => Satisfaction::Satisfied,
        "fair" => Satisfaction::Fair,
        "unsatisfied" => Satisfaction::Unsatisfied,
        _ => {
            let open = state.app.rating_link_open(&code, &f.t).await?;
            let m = v.prefs.lang.refusal(&crate::app::refusal::Reason::ChooseSatisfaction);
            return own_page(StatusCode::UNPROCESSABLE_ENTITY, page(open, None, Some(m)));
        }
    };
    match state.app.rate_by_link(&v.ip, &code, &f.t, satisfaction, &f.comment).await {
        Ok(()) => {
            let done = if satisfaction == Satisfaction::Unsatisfied { t.reopened } else { t.rated };
            own_page(StatusCode::OK, page(false, Some(done), None))
        }
        Err(crate::app::Error::NotFound(_)) => own_page(StatusCode::NOT_FOUND, page(false, None, None)),
        Err(crate::app::Error::Invalid { reason, .. }) => {
            own_page(StatusCode::CONFLICT, page(false, None, Some(v.prefs.lang.refusal(&reason))))
        }
        Err(e) => Err(e.into()),
    }
}
