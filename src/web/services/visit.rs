//! Visits (走访), proactive service (主动服务), door-to-door appointments and
//! a resident's own applications: the grid worker's day list on a phone,
//! the visit form, the rules admins keep, and the same through the API.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::Caller;
use crate::web::caller::{Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};
use crate::web::shell::{Shell, own_page};
use crate::web::upload::WithPhotos;
use std::sync::Arc;

use crate::app::services::service::{ApplicationView, name_in};
use crate::app::services::visit::{DueVisit, NewAppointment, NewVisit, Suggestion, VisitView};
use crate::domain::services::service::Item;
use crate::domain::time;
use linli_store::visit::{AppointmentRow, CareRuleRow, VisitRuleRow};

/// `?under=`: a region or grid code within the caller's scope.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnderQuery {
    /// Region or grid code; empty: everywhere the caller works.
    #[serde(default)]
    under: String,
}

impl UnderQuery {
    fn get(&self) -> Option<&str> {
        Some(self.under.trim()).filter(|u| !u.is_empty())
    }
}

fn local(at: DateTime<Utc>) -> String {
    time::zone().date(at)
}

/// A household due a visit.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DueJson {
    /// Household id.
    pub household_id: Uuid,
    /// Building, unit and room.
    pub address: String,
    /// Grid code.
    pub grid_code: String,
    /// People carrying a ruled tag: name and tags.
    pub people: Vec<(String, Vec<String>)>,
    /// The tags that bring it in.
    pub because: Vec<String>,
    /// The shortest interval that applies, days.
    pub every_days: u32,
    /// Last visit.
    pub last_visit: Option<DateTime<Utc>>,
    /// When it falls due (none: never visited).
    pub due_at: Option<DateTime<Utc>>,
    /// never, overdue or soon.
    pub standing: &'static str,
    /// In Chinese.
    pub standing_zh: String,
}

impl From<DueVisit> for DueJson {
    fn from(d: DueVisit) -> Self {
        DueJson {
            household_id: d.household.id,
            address: format!("{} {}-{}", d.household.building, d.household.unit, d.household.room),
            grid_code: d.household.grid_code,
            people: d.people,
            because: d.due.because,
            every_days: d.due.every_days,
            last_visit: d.last,
            due_at: d.due.due_at,
            standing: d.due.standing.as_str(),
            standing_zh: d.due.standing.zh(),
        }
    }
}

/// Households due or overdue for a visit under the rules.
#[utoipa::path(get, path = "/api/v1/visits/due", tag = "visits", params(UnderQuery),
    responses((status = 200, body = Vec<DueJson>)))]
pub async fn api_due(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<UnderQuery>,
) -> Result<axum::Json<Vec<DueJson>>, WebError> {
    let user = caller.into_user()?;
    let due = state.app.due_visits(&user, q.get(), Utc::now()).await?;
    Ok(axum::Json(due.into_iter().map(DueJson::from).collect()))
}

/// Someone probably eligible who has not applied.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SuggestionJson {
    /// Person id.
    pub person_id: Uuid,
    /// Name.
    pub name: String,
    /// Household id.
    pub household_id: Uuid,
    /// Building, unit and room.
    pub address: String,
    /// Item code.
    pub item: String,
    /// Item name.
    pub item_name: String,
    /// Why.
    pub reason: String,
}

impl From<Suggestion> for SuggestionJson {
    fn from(s: Suggestion) -> Self {
        let p = &s.person.place;
        SuggestionJson {
            person_id: s.person.person.id,
            name: s.person.person.name.clone(),
            household_id: p.id,
            address: format!("{} {}-{}", p.building, p.unit, p.room),
            item: s.item.code,
            item_name: s.item.name,
            reason: s.reason,
        }
    }
}

/// Proactive service: people the rules name who have not applied.
#[utoipa::path(get, path = "/api/v1/services/suggestions", tag = "visits", params(UnderQuery),
    responses((status = 200, body = Vec<SuggestionJson>)))]
pub async fn api_suggestions(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<UnderQuery>,
) -> Result<axum::Json<Vec<SuggestionJson>>, WebError> {
    let user = caller.into_user()?;
    if !user.account.is_staff() {
        return Err(WebError::new(ErrorCode::Forbidden));
    }
    let list = state.app.suggestions(&user, q.get(), time::day(Utc::now())).await?;
    Ok(axum::Json(list.into_iter().map(SuggestionJson::from).collect()))
}

/// A visit as recorded.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct VisitJson {
    /// Who was met.
    met: String,
    /// What was seen.
    situation: String,
    /// Needs found.
    #[serde(default)]
    needs: Option<String>,
    /// The appointment it keeps.
    #[serde(default, deserialize_with = "empty_as_none")]
    appointment: Option<Uuid>,
    /// When it took place, if not now: RFC 3339, or `YYYY-MM-DDTHH:MM`
    /// (local time, as a form sends it); within the last 7 days.
    #[serde(default)]
    at: Option<String>,
}

/// A visit's time as typed: RFC 3339, or a form's `YYYY-MM-DDTHH:MM` in
/// local time; empty is now.
fn when(text: Option<&str>) -> Result<Option<DateTime<Utc>>, crate::app::Error> {
    let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else { return Ok(None) };
    if let Ok(at) = DateTime::parse_from_rfc3339(t) {
        return Ok(Some(at.with_timezone(&Utc)));
    }
    let local = chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M").map_err(|_| crate::app::Error::Invalid {
        field: "at",
        reason: format!("走访时间应为“年-月-日 时:分”，如 2026-11-28T09:30（填的是 {t}）"),
    })?;
    Ok(Some(time::zone().instant(local)))
}

fn empty_as_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Uuid>, D::Error> {
    let s: Option<String> = Option::deserialize(d)?;
    match s.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => t.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

impl VisitJson {
    fn into_visit(self, photos: Vec<Vec<u8>>) -> Result<NewVisit, crate::app::Error> {
        Ok(NewVisit {
            at: when(self.at.as_deref())?,
            met: self.met,
            situation: self.situation,
            needs: self.needs,
            appointment: self.appointment,
            photos,
        })
    }
}

/// What recording returns.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Recorded {
    /// The new record's id.
    pub id: Uuid,
}

/// Records a visit to a household the caller works. With photos, send
/// `multipart/form-data`: this JSON as a `json` part and up to 3 `photo` parts.
#[utoipa::path(post, path = "/api/v1/households/{id}/visits", tag = "visits", request_body = VisitJson,
    params(("id" = Uuid, Path, description = "Household id")),
    responses((status = 201, body = Recorded), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn api_record(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    WithPhotos { body, photos }: WithPhotos<VisitJson>,
) -> Result<(StatusCode, axum::Json<Recorded>), WebError> {
    let user = caller.into_user()?;
    let id = state.app.record_visit(&user, &peer.ip().to_string(), id, body.into_visit(photos)?).await?;
    Ok((StatusCode::CREATED, axum::Json(Recorded { id })))
}

/// A recorded visit.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct VisitOut {
    /// Id.
    pub id: Uuid,
    /// When.
    pub at: DateTime<Utc>,
    /// The grid worker.
    pub worker: String,
    /// Who was met.
    pub met: String,
    /// What was seen.
    pub situation: String,
    /// Needs found.
    pub needs: Option<String>,
    /// The appointment it kept.
    pub appointment: Option<Uuid>,
    /// Its photos' addresses.
    pub photos: Vec<String>,
}

/// A household's visits, newest first.
#[utoipa::path(get, path = "/api/v1/households/{id}/visits", tag = "visits",
    params(("id" = Uuid, Path, description = "Household id")), responses((status = 200, body = Vec<VisitOut>)))]
pub async fn api_visits(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<Vec<VisitOut>>, WebError> {
    let user = caller.into_user()?;
    let visits = state.app.household_visits(&user, id).await?;
    Ok(axum::Json(
        visits
            .into_iter()
            .map(|v| VisitOut {
                id: v.row.id,
                at: v.row.at,
                worker: v.row.worker,
                met: v.row.met,
                situation: v.row.situation,
                needs: v.row.needs,
                appointment: v.row.appointment_id,
                photos: v.photos.iter().map(|p| format!("/households/{id}/visit-photos/{}", p.id)).collect(),
            })
            .collect(),
    ))
}

/// A visit rule.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct VisitRuleJson {
    /// A person's tag.
    pub tag: String,
    /// Interval, days (1–365).
    pub every_days: i64,
    /// In force.
    pub active: bool,
}

impl From<VisitRuleRow> for VisitRuleJson {
    fn from(r: VisitRuleRow) -> Self {
        VisitRuleJson { tag: r.tag, every_days: r.every_days, active: r.active }
    }
}

/// The visit rules.
#[utoipa::path(get, path = "/api/v1/visit-rules", tag = "visits", responses((status = 200, body = Vec<VisitRuleJson>)))]
pub async fn api_visit_rules(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::Json<Vec<VisitRuleJson>>, WebError> {
    caller.into_user()?;
    Ok(axum::Json(state.app.visit_rules().await?.into_iter().map(VisitRuleJson::from).collect()))
}

/// Adds or changes the rule of a tag (system and district admins).
#[utoipa::path(put, path = "/api/v1/visit-rules", tag = "visits", request_body = VisitRuleJson,
    responses((status = 200, body = Vec<VisitRuleJson>), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn api_put_visit_rule(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(r): ApiJson<VisitRuleJson>,
) -> Result<axum::Json<Vec<VisitRuleJson>>, WebError> {
    let user = caller.into_user()?;
    state.app.set_visit_rule(&user, &peer.ip().to_string(), &r.tag, r.every_days, r.active).await?;
    Ok(axum::Json(state.app.visit_rules().await?.into_iter().map(VisitRuleJson::from).collect()))
}

/// A proactive rule.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CareRuleJson {
    /// `item:kind:value` (set by linli).
    #[serde(default)]
    pub key: String,
    /// Catalogue item.
    pub item: String,
    /// `age` or `tag`.
    pub kind: String,
    /// Years, or the tag.
    pub value: String,
    /// Age rules: list people this many days before they reach the age.
    #[serde(default)]
    pub ahead_days: i64,
    /// In force.
    pub active: bool,
}

impl From<CareRuleRow> for CareRuleJson {
    fn from(r: CareRuleRow) -> Self {
        CareRuleJson {
            key: r.key,
            item: r.item_code,
            kind: r.kind,
            value: r.value,
            ahead_days: r.ahead_days,
            active: r.active,
        }
    }
}

/// The proactive rules.
#[utoipa::path(get, path = "/api/v1/care-rules", tag = "visits", responses((status = 200, body = Vec<CareRuleJson>)))]
pub async fn api_care_rules(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::Json<Vec<CareRuleJson>>, WebError> {
    caller.into_user()?;
    Ok(axum::Json(state.app.care_rules().await?.into_iter().map(CareRuleJson::from).collect()))
}

/// Adds a proactive rule, or changes the one that says the same (system
/// and district admins).
#[utoipa::path(put, path = "/api/v1/care-rules", tag = "visits", request_body = CareRuleJson,
    responses((status = 200, body = Vec<CareRuleJson>), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn api_put_care_rule(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(r): ApiJson<CareRuleJson>,
) -> Result<axum::Json<Vec<CareRuleJson>>, WebError> {
    let user = caller.into_user()?;
    let what = (r.item.as_str(), r.kind.as_str(), r.value.as_str());
    state.app.set_care_rule(&user, &peer.ip().to_string(), what, r.ahead_days, r.active).await?;
    Ok(axum::Json(state.app.care_rules().await?.into_iter().map(CareRuleJson::from).collect()))
}

/// A request for a home visit.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AppointmentJson {
    /// The household (staff: required; a resident: theirs by default).
    #[serde(default, deserialize_with = "empty_as_none")]
    household: Option<Uuid>,
    /// The service it is for (an item done at home).
    #[serde(default)]
    item: Option<String>,
    /// Contact name (a resident: their account's by default).
    #[serde(default)]
    name: String,
    /// Contact phone (a resident: their account's by default).
    #[serde(default)]
    phone: String,
    /// When suits them.
    wish: String,
    /// What they need.
    note: String,
}

impl AppointmentJson {
    fn into_new(self) -> NewAppointment {
        NewAppointment {
            household: self.household,
            item: self.item,
            name: self.name,
            phone: self.phone,
            wish: self.wish,
            note: self.note,
        }
    }
}

/// An appointment.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AppointmentOut {
    /// Id.
    pub id: Uuid,
    /// Household id.
    pub household_id: Uuid,
    /// Grid code.
    pub grid_code: String,
    /// Item code.
    pub item: Option<String>,
    /// Contact name.
    pub name: String,
    /// When suits them.
    pub wish: String,
    /// What they need.
    pub note: String,
    /// requested, scheduled, done, cancelled.
    pub state: String,
    /// The day set.
    pub day: Option<NaiveDate>,
    /// Who goes.
    pub assignee: Option<String>,
}

impl From<AppointmentRow> for AppointmentOut {
    fn from(a: AppointmentRow) -> Self {
        AppointmentOut {
            id: a.id,
            household_id: a.household_id,
            grid_code: a.grid_code,
            item: a.item_code,
            name: a.name,
            wish: a.wish,
            note: a.note,
            state: a.state,
            day: a.scheduled_for,
            assignee: a.assignee,
        }
    }
}

/// Asks for a home visit (a resident for their household; staff for one
/// they work).
#[utoipa::path(post, path = "/api/v1/appointments", tag = "visits", request_body = AppointmentJson,
    responses((status = 201, body = Recorded), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn api_request(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(a): ApiJson<AppointmentJson>,
) -> Result<(StatusCode, axum::Json<Recorded>), WebError> {
    let user = caller.into_user()?;
    let id = state.app.request_appointment(&user, &peer.ip().to_string(), a.into_new()).await?;
    Ok((StatusCode::CREATED, axum::Json(Recorded { id })))
}

/// `?until=`: scheduled appointments up to this day (default today).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UntilQuery {
    /// A day, `YYYY-MM-DD`.
    #[serde(default)]
    until: Option<NaiveDate>,
}

/// Open appointments in scope: waiting to be scheduled, and scheduled up to
/// `until`.
#[utoipa::path(get, path = "/api/v1/appointments", tag = "visits", params(UntilQuery),
    responses((status = 200, body = Vec<AppointmentOut>)))]
pub async fn api_appointments(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<UntilQuery>,
) -> Result<axum::Json<Vec<AppointmentOut>>, WebError> {
    let user = caller.into_user()?;
    let until = q.until.unwrap_or_else(|| time::day(Utc::now()));
    Ok(axum::Json(state.app.appointments(&user, until).await?.into_iter().map(AppointmentOut::from).collect()))
}

/// Scheduling: a day and who goes; no day cancels it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ScheduleJson {
    /// `YYYY-MM-DD`; none cancels.
    #[serde(default)]
    day: Option<NaiveDate>,
    /// Who goes.
    #[serde(default)]
    assignee: String,
}

/// Schedules (or cancels) an appointment; the resident is told by SMS.
#[utoipa::path(post, path = "/api/v1/appointments/{id}/schedule", tag = "visits", request_body = ScheduleJson,
    params(("id" = Uuid, Path, description = "Appointment id")),
    responses((status = 200, body = AppointmentOut), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn api_schedule(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(s): ApiJson<ScheduleJson>,
) -> Result<axum::Json<AppointmentOut>, WebError> {
    let user = caller.into_user()?;
    let a = state.app.schedule_appointment(&user, &peer.ip().to_string(), id, s.day, &s.assignee).await?;
    Ok(axum::Json(a.into()))
}

/// A resident's own appointments.
#[utoipa::path(get, path = "/api/v1/my/appointments", tag = "visits", responses((status = 200, body = Vec<AppointmentOut>)))]
pub async fn api_my_appointments(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::Json<Vec<AppointmentOut>>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(state.app.my_appointments(&user).await?.into_iter().map(AppointmentOut::from).collect()))
}

/// A resident's own applications (made signed in), newest first.
#[utoipa::path(get, path = "/api/v1/my/applications", tag = "services",
    responses((status = 200, body = Vec<crate::web::services::service::ApplicationJson>)))]
pub async fn api_my_applications(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::Json<Vec<crate::web::services::service::ApplicationJson>>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(state.app.my_applications(&user).await?.into_iter().map(Into::into).collect()))
}

// ---- pages ----

#[derive(askama::Template)]
#[template(path = "visits.html")]
struct DayPage {
    shell: Shell,
    today: NaiveDate,
    due: Vec<DueVisit>,
    appointments: Vec<AppointmentRow>,
    suggestions: Vec<Suggestion>,
    under: String,
    catalogue: Arc<Vec<Item>>,
}

impl DayPage {
    fn day(&self, at: &DateTime<Utc>) -> String {
        local(*at)
    }

    fn item_name(&self, code: &Option<String>) -> &str {
        code.as_deref().map_or("", |c| name_in(&self.catalogue, c))
    }

    fn state_zh(&self, state: &str) -> &'static str {
        self.shell.t.visits.appointment_states.iter().find(|(k, _)| *k == state).map_or("", |(_, v)| *v)
    }
}

/// `GET /visits`: the grid worker's day — due and overdue visits, today's
/// appointments and those waiting, proactive suggestions.
pub async fn day_page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<UnderQuery>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    if !user.account.is_staff() {
        return Err(WebError::new(ErrorCode::Forbidden).into());
    }
    let now = Utc::now();
    let today = time::day(now);
    let due = state.app.due_visits(user, q.get(), now).await?;
    let appointments = state.app.appointments(user, today).await?;
    let suggestions = state.app.suggestions(user, q.get(), today).await?;
    let catalogue = state.app.catalogue().await?;
    let page = DayPage { shell: v.shell(), today, due, appointments, suggestions, under: q.under, catalogue };
    own_page(StatusCode::OK, page)
}

#[derive(askama::Template)]
#[template(path = "visit.html")]
struct VisitPage {
    shell: Shell,
    h: crate::app::registry::household::HouseholdView,
    visits: Vec<VisitView>,
    appointments: Vec<AppointmentRow>,
    report_link: Option<String>,
    message: Option<String>,
    saved: bool,
}

impl VisitPage {
    fn when(&self, at: &DateTime<Utc>) -> String {
        time::zone().minute(*at)
    }
}

async fn visit_page(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    status: StatusCode,
    message: Option<String>,
    saved: bool,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let h = state.app.household(user, id).await?;
    let visits = state.app.household_visits(user, id).await?;
    let far = time::day(Utc::now()) + chrono::Duration::days(366);
    let appointments = state.app.appointments(user, far).await?.into_iter().filter(|a| a.household_id == id).collect();
    let report_link = state.app.building_report_link(&h.row).await?;
    own_page(status, VisitPage { shell: v.shell(), h, visits, appointments, report_link, message, saved })
}

/// `GET /households/{id}/visits`: the visit form and the household's visits.
pub async fn visit_form(State(state): State<AppState>, v: Visitor, Path(id): Path<Uuid>) -> Result<Response, Refusal> {
    visit_page(&state, &v, id, StatusCode::OK, None, false).await
}

/// `POST /households/{id}/visits`: records the visit (photos as `photo` parts).
pub async fn visit_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    WithPhotos { body, photos }: WithPhotos<VisitJson>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let visit = match body.into_visit(photos) {
        Ok(visit) => visit,
        Err(crate::app::Error::Invalid { reason, .. }) => {
            return visit_page(&state, &v, id, StatusCode::UNPROCESSABLE_ENTITY, Some(reason), false).await;
        }
        Err(e) => return Err(e.into()),
    };
    match state.app.record_visit(user, &v.ip, id, visit).await {
        Ok(_) => visit_page(&state, &v, id, StatusCode::CREATED, None, true).await,
        Err(crate::app::Error::Invalid { reason, .. }) => {
            visit_page(&state, &v, id, StatusCode::UNPROCESSABLE_ENTITY, Some(reason), false).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /households/{id}/visit-photos/{photo}[.thumb]`.
pub async fn visit_photo(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, file)): Path<(Uuid, String)>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let (photo, thumb) = crate::web::photo::photo_file(&file)?;
    Ok(crate::web::photo::picture(state.app.visit_photo(user, id, photo, thumb).await?))
}

#[derive(askama::Template)]
#[template(path = "suggestions.html")]
struct SuggestionsPage {
    shell: Shell,
    list: Vec<Suggestion>,
    under: String,
}

/// `GET /services/suggestions`: proactive service — who to reach.
pub async fn suggestions_page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<UnderQuery>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    if !user.account.is_staff() {
        return Err(WebError::new(ErrorCode::Forbidden).into());
    }
    let list = state.app.suggestions(user, q.get(), time::day(Utc::now())).await?;
    own_page(StatusCode::OK, SuggestionsPage { shell: v.shell(), list, under: q.under })
}

#[derive(askama::Template)]
#[template(path = "rules.html")]
struct RulesPage {
    shell: Shell,
    visit_rules: Vec<VisitRuleRow>,
    care_rules: Vec<CareRuleRow>,
    items: Arc<Vec<Item>>,
    message: Option<String>,
}

impl RulesPage {
    fn item_name(&self, code: &str) -> &str {
        name_in(&self.items, code)
    }

    fn kind_zh(&self, kind: &str) -> &'static str {
        self.shell.t.visits.care_kinds.iter().find(|(k, _)| *k == kind).map_or("", |(_, v)| *v)
    }
}

async fn rules_page(
    state: &AppState,
    v: &Visitor,
    status: StatusCode,
    message: Option<String>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    if !crate::app::events::category::may_edit(user) {
        return Err(WebError::new(ErrorCode::Forbidden).into());
    }
    let visit_rules = state.app.visit_rules().await?;
    let care_rules = state.app.care_rules().await?;
    let items = state.app.catalogue().await?;
    own_page(status, RulesPage { shell: v.shell(), visit_rules, care_rules, items, message })
}

/// `GET /admin/rules`: visit rules and proactive rules.
pub async fn rules(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    rules_page(&state, &v, StatusCode::OK, None).await
}

/// A rule from the page: a visit rule (`tag`, `every_days`) or a proactive
/// one (`item`, `kind`, `value`, `ahead_days`); `active` is a checkbox.
#[derive(Debug, Deserialize)]
pub struct RuleForm {
    #[serde(default)]
    tag: String,
    #[serde(default)]
    every_days: String,
    #[serde(default)]
    item: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    ahead_days: String,
    #[serde(default)]
    active: Option<String>,
}

fn number(s: &str) -> i64 {
    s.trim().parse().unwrap_or(-1)
}

/// `POST /admin/rules`: saves one rule.
pub async fn rules_submit(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Form(f): axum::extract::Form<RuleForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let active = f.active.is_some();
    let done = if f.item.trim().is_empty() {
        state.app.set_visit_rule(user, &v.ip, &f.tag, number(&f.every_days), active).await
    } else {
        let ahead = if f.ahead_days.trim().is_empty() { 0 } else { number(&f.ahead_days) };
        state.app.set_care_rule(user, &v.ip, (&f.item, &f.kind, &f.value), ahead, active).await.map(|_| ())
    };
    match done {
        Ok(()) => rules_page(&state, &v, StatusCode::OK, Some(v.prefs.lang.texts().common.saved.into())).await,
        Err(crate::app::Error::Invalid { reason, .. }) => {
            rules_page(&state, &v, StatusCode::UNPROCESSABLE_ENTITY, Some(reason)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(askama::Template)]
#[template(path = "appointments.html")]
struct AppointmentsPage {
    shell: Shell,
    list: Vec<AppointmentRow>,
    today: NaiveDate,
    message: Option<String>,
    catalogue: Arc<Vec<Item>>,
}

impl AppointmentsPage {
    fn item_name(&self, code: &Option<String>) -> &str {
        code.as_deref().map_or("", |c| name_in(&self.catalogue, c))
    }

    fn state_zh(&self, state: &str) -> &'static str {
        self.shell.t.visits.appointment_states.iter().find(|(k, _)| *k == state).map_or("", |(_, v)| *v)
    }
}

async fn appointments_page(
    state: &AppState,
    v: &Visitor,
    status: StatusCode,
    message: Option<String>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let today = time::day(Utc::now());
    let list = state.app.appointments(user, today + chrono::Duration::days(366)).await?;
    let catalogue = state.app.catalogue().await?;
    own_page(status, AppointmentsPage { shell: v.shell(), list, today, message, catalogue })
}

/// `GET /appointments`: home visits to schedule, and those scheduled.
pub async fn appointments(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    appointments_page(&state, &v, StatusCode::OK, None).await
}

/// The scheduling form: a day and who goes, or `cancel`.
#[derive(Debug, Deserialize)]
pub struct ScheduleForm {
    #[serde(default)]
    day: String,
    #[serde(default)]
    assignee: String,
    #[serde(default)]
    cancel: Option<String>,
}

/// `POST /appointments/{id}`: schedules or cancels.
pub async fn schedule(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    axum::extract::Form(f): axum::extract::Form<ScheduleForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let day = if f.cancel.is_some() {
        None
    } else {
        match NaiveDate::parse_from_str(f.day.trim(), "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                let m = Some("请选择上门日期".to_owned());
                return appointments_page(&state, &v, StatusCode::UNPROCESSABLE_ENTITY, m).await;
            }
        }
    };
    match state.app.schedule_appointment(user, &v.ip, id, day, &f.assignee).await {
        Ok(_) => appointments_page(&state, &v, StatusCode::OK, None).await,
        Err(crate::app::Error::Invalid { reason, .. }) => {
            appointments_page(&state, &v, StatusCode::UNPROCESSABLE_ENTITY, Some(reason)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(askama::Template)]
#[template(path = "appointment_new.html")]
struct AskPage {
    shell: Shell,
    items: Vec<Item>,
    chosen: String,
    mine: Vec<AppointmentRow>,
    message: Option<String>,
    sent: bool,
    catalogue: Arc<Vec<Item>>,
}

impl AskPage {
    fn item_name(&self, code: &Option<String>) -> &str {
        code.as_deref().map_or("", |c| name_in(&self.catalogue, c))
    }

    fn state_zh(&self, state: &str) -> &'static str {
        self.shell.t.visits.appointment_states.iter().find(|(k, _)| *k == state).map_or("", |(_, v)| *v)
    }
}

/// `?item=`.
#[derive(Debug, Default, Deserialize)]
pub struct ItemQuery {
    #[serde(default)]
    item: String,
}

async fn ask_page(
    state: &AppState,
    v: &Visitor,
    chosen: String,
    status: StatusCode,
    message: Option<String>,
    sent: bool,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let catalogue = state.app.catalogue().await?;
    let items = catalogue.iter().filter(|i| i.at_home && i.active).cloned().collect();
    let mine = state.app.my_appointments(user).await?;
    own_page(status, AskPage { shell: v.shell(), items, chosen, mine, message, sent, catalogue })
}

/// `GET /my/appointments`: a resident asks for a home visit, and sees theirs.
pub async fn ask(State(state): State<AppState>, v: Visitor, Query(q): Query<ItemQuery>) -> Result<Response, Refusal> {
    ask_page(&state, &v, q.item, StatusCode::OK, None, false).await
}

/// `POST /my/appointments`.
pub async fn ask_submit(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Form(a): axum::extract::Form<AppointmentJson>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let chosen = a.item.clone().unwrap_or_default();
    match state.app.request_appointment(user, &v.ip, a.into_new()).await {
        Ok(_) => ask_page(&state, &v, String::new(), StatusCode::CREATED, None, true).await,
        Err(crate::app::Error::Invalid { reason, .. }) => {
            ask_page(&state, &v, chosen, StatusCode::UNPROCESSABLE_ENTITY, Some(reason), false).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(askama::Template)]
#[template(path = "my_applications.html")]
struct MinePage {
    shell: Shell,
    list: Vec<ApplicationView>,
}

impl MinePage {
    fn day(&self, at: &DateTime<Utc>) -> String {
        local(*at)
    }
}

/// `GET /my/applications`: a resident's own applications.
pub async fn my_applications(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let list = state.app.my_applications(user).await?;
    own_page(StatusCode::OK, MinePage { shell: v.shell(), list })
}

/// `GET /my/applications/{id}`: one of them, with its steps.
pub async fn my_application(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let found = state.app.my_application(user, id).await?;
    crate::web::services::service::track_result(&v, found)
}
