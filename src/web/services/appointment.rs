//! Door-to-door appointments (上门服务): a resident asks for a home visit,
//! staff schedule it and say who goes; pages and the API.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, Utc};
use linli_store::services::visit::AppointmentRow;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::visit::{Recorded, empty_as_none};
use crate::app::services::service::name_in;
use crate::app::services::visit::NewAppointment;
use crate::domain::services::service::Item;
use crate::domain::time;
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::{Caller, Refusal, Visitor};
use crate::web::error::WebError;
use crate::web::form::Problem;
use crate::web::shell::{Shell, own_page};

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

#[derive(askama::Template)]
#[template(path = "appointments.html")]
struct AppointmentsPage {
    shell: Shell,
    list: Vec<AppointmentRow>,
    today: NaiveDate,
    /// A refused scheduling: which appointment, what was typed, and why.
    typed: Option<Typed>,
    catalogue: Arc<Vec<Item>>,
}

/// What was typed into one appointment's form when it was refused.
struct Typed {
    id: Uuid,
    day: String,
    assignee: String,
    message: String,
}

impl AppointmentsPage {
    fn item_name(&self, code: &Option<String>) -> &str {
        code.as_deref().map_or("", |c| name_in(&self.catalogue, c))
    }

    /// The form's values for `a`: what was typed if it was refused, else what is stored.
    fn day_of(&self, a: &AppointmentRow) -> String {
        match &self.typed {
            Some(t) if t.id == a.id => t.day.clone(),
            _ => a.scheduled_for.map(|d| d.to_string()).unwrap_or_default(),
        }
    }

    fn assignee_of(&self, a: &AppointmentRow) -> String {
        match &self.typed {
            Some(t) if t.id == a.id => t.assignee.clone(),
            _ => a.assignee.clone().unwrap_or_default(),
        }
    }

    fn refused(&self, a: &AppointmentRow) -> Option<&str> {
        self.typed.as_ref().filter(|t| t.id == a.id).map(|t| t.message.as_str())
    }

    fn state_zh(&self, state: &str) -> &'static str {
        self.shell.t.visits.appointment_states.iter().find(|(k, _)| *k == state).map_or("", |(_, v)| *v)
    }
}

async fn appointments_page(
    state: &AppState,
    v: &Visitor,
    status: StatusCode,
    typed: Option<Typed>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let today = time::day(Utc::now());
    let list = state.app.appointments(user, today + chrono::Duration::days(366)).await?;
    let catalogue = state.app.catalogue().await?;
    own_page(status, AppointmentsPage { shell: v.shell(), list, today, typed, catalogue })
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
    let refuse = |message: String| Typed { id, day: f.day.clone(), assignee: f.assignee.clone(), message };
    let day = if f.cancel.is_some() {
        None
    } else {
        match NaiveDate::parse_from_str(f.day.trim(), "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                let typed = refuse(v.prefs.lang.texts().visits.schedule.day_missing.to_owned());
                return appointments_page(&state, &v, StatusCode::UNPROCESSABLE_ENTITY, Some(typed)).await;
            }
        }
    };
    match state.app.schedule_appointment(user, &v.ip, id, day, &f.assignee).await {
        Ok(_) => appointments_page(&state, &v, StatusCode::OK, None).await,
        Err(crate::app::Error::Invalid { reason, .. }) => {
            let typed = refuse(v.prefs.lang.refusal(&reason));
            appointments_page(&state, &v, StatusCode::UNPROCESSABLE_ENTITY, Some(typed)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(askama::Template)]
#[template(path = "appointment_new.html")]
struct AskPage {
    shell: Shell,
    items: Vec<Item>,
    /// What was typed, when the form comes back: (item, wish, note).
    typed: (String, String, String),
    mine: Vec<AppointmentRow>,
    problem: Problem,
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

/// `?item=` (and `sent=1` after a request went out).
#[derive(Debug, Default, Deserialize)]
pub struct ItemQuery {
    #[serde(default)]
    item: String,
    #[serde(default)]
    sent: Option<String>,
}

async fn ask_page(
    state: &AppState,
    v: &Visitor,
    typed: (String, String, String),
    status: StatusCode,
    problem: Problem,
    sent: bool,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let catalogue = state.app.catalogue().await?;
    let items = catalogue.iter().filter(|i| i.at_home && i.active).cloned().collect();
    let mine = state.app.my_appointments(user).await?;
    own_page(status, AskPage { shell: v.shell(), items, typed, mine, problem, sent, catalogue })
}

/// `GET /my/appointments`: a resident asks for a home visit, and sees theirs.
pub async fn ask(State(state): State<AppState>, v: Visitor, Query(q): Query<ItemQuery>) -> Result<Response, Refusal> {
    let typed = (q.item, String::new(), String::new());
    ask_page(&state, &v, typed, StatusCode::OK, Problem::none(), q.sent.is_some()).await
}

/// `POST /my/appointments`.
pub async fn ask_submit(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Form(a): axum::extract::Form<AppointmentJson>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let typed = (
        a.item.clone().unwrap_or_default().chars().take(16).collect(),
        a.wish.chars().take(100).collect(),
        a.note.chars().take(500).collect(),
    );
    match state.app.request_appointment(user, &v.ip, a.into_new()).await {
        Ok(_) => Ok(axum::response::Redirect::to("/my/appointments?sent=1").into_response()),
        Err(crate::app::Error::Invalid { field, reason }) => {
            let problem = Problem::at_field(field, v.prefs.lang.refusal(&reason));
            ask_page(&state, &v, typed, StatusCode::UNPROCESSABLE_ENTITY, problem, false).await
        }
        Err(e) => Err(e.into()),
    }
}
