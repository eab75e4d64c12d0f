//! Visits (走访) and proactive service (主动服务): the grid worker's day list
//! on a phone, the visit form and its photos, who to reach, and the same
//! through the API.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use linli_store::services::visit::AppointmentRow;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::app::services::service::name_in;
use crate::app::services::visit::{DueVisit, NewVisit, Suggestion, VisitView};
use crate::domain::registry::region::RegionCode;
use crate::domain::services::service::Item;
use crate::domain::time;
use crate::web::AppState;
use crate::web::caller::{Caller, Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};
use crate::web::form::Problem;
use crate::web::shell::{Shell, own_page};
use crate::web::upload::{Kept, WithPhotos};

/// `?under=`: a region or grid code within the caller's scope.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnderQuery {
    /// Region or grid code; empty: everywhere the caller works.
    #[serde(default)]
    under: String,
}

impl UnderQuery {
    /// The region asked for, if any; one that is no code is refused by the field.
    fn get(&self) -> Result<Option<RegionCode>, crate::app::Error> {
        crate::web::codes::filter("under", Some(&self.under), crate::app::refusal::Reason::RegionDigits)
    }
}

pub(crate) fn local(at: DateTime<Utc>) -> String {
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
    let due = state.app.due_visits(&user, q.get()?.as_ref(), Utc::now()).await?;
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
    let list = state.app.suggestions(&user, q.get()?.as_ref(), time::day(Utc::now())).await?;
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
    let local = chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M").map_err(|_| {
        crate::app::Error::invalid("at", crate::app::refusal::Reason::VisitTime { typed: t.to_owned() })
    })?;
    Ok(Some(time::zone().instant(local)))
}

pub(crate) fn empty_as_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Uuid>, D::Error> {
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
    WithPhotos { body, photos, .. }: WithPhotos<VisitJson>,
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
    /// The grid worker, by name.
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

// ---- pages ----

#[derive(askama::Template)]
#[template(path = "visits.html")]
struct DayPage {
    shell: Shell,
    today: NaiveDate,
    /// This page of the households due, of `due_total`.
    due: Vec<DueVisit>,
    due_total: usize,
    page: usize,
    pages: usize,
    /// The grids the user may choose among: (code, name).
    grids: Vec<(String, String)>,
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

/// Households due a visit shown on one page of the day: a morning's walk
/// and then some.
const DUE_PER_PAGE: usize = 30;

/// `GET /visits?under=&page=`: a grid of the user's, and a page of the
/// households due.
#[derive(Debug, Deserialize)]
pub struct DayQuery {
    #[serde(default)]
    under: String,
    #[serde(default = "first_page")]
    page: usize,
}

fn first_page() -> usize {
    1
}

/// `GET /visits`: the grid worker's day — due and overdue visits, today's
/// appointments and those waiting, proactive suggestions.
pub async fn day_page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<DayQuery>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    if !user.account.is_staff() {
        return Err(WebError::new(ErrorCode::Forbidden).into());
    }
    let now = Utc::now();
    let today = time::day(now);
    let under = UnderQuery { under: q.under.clone() }.get()?;
    let mut due = state.app.due_visits(user, under.as_ref(), now).await?;
    let due_total = due.len();
    let pages = due_total.div_ceil(DUE_PER_PAGE).max(1);
    let page = q.page.clamp(1, pages);
    due = due.into_iter().skip((page - 1) * DUE_PER_PAGE).take(DUE_PER_PAGE).collect();
    let appointments = state.app.appointments(user, today).await?;
    let suggestions = state.app.suggestions(user, under.as_ref(), today).await?;
    let catalogue = state.app.catalogue().await?;
    let grids = state.app.my_grids(user).await?;
    let page = DayPage {
        shell: v.shell(),
        today,
        due,
        due_total,
        page,
        pages,
        grids,
        appointments,
        suggestions,
        under: q.under,
        catalogue,
    };
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
    /// What was typed, when the form comes back.
    typed: VisitForm,
    kept: Kept,
    problem: Problem,
    saved: bool,
    /// The viewer runs the centre: needs found may go on the 三清单.
    may_list: bool,
}

impl VisitPage {
    fn when(&self, at: &DateTime<Utc>) -> String {
        time::zone().minute(*at)
    }

    fn kept_text(&self) -> String {
        self.shell.t.resident.photos_kept.replace("{n}", &self.kept.count.to_string())
    }
}

/// The visit form as a page sends it.
#[derive(Debug, Default, Deserialize)]
pub struct VisitForm {
    #[serde(default)]
    met: String,
    #[serde(default)]
    situation: String,
    #[serde(default)]
    needs: String,
    #[serde(default)]
    appointment: String,
    #[serde(default)]
    at: String,
    /// Photos kept from the form's last refusal.
    #[serde(default)]
    upload: String,
}

impl VisitForm {
    fn bounded(&self) -> VisitForm {
        VisitForm {
            met: self.met.chars().take(100).collect(),
            situation: self.situation.chars().take(2000).collect(),
            needs: self.needs.chars().take(2000).collect(),
            appointment: self.appointment.chars().take(36).collect(),
            at: self.at.chars().take(32).collect(),
            upload: String::new(),
        }
    }

    fn into_visit(self, photos: Vec<Vec<u8>>) -> Result<NewVisit, crate::app::Error> {
        let appointment = match self.appointment.trim() {
            "" => None,
            a => Some(a.parse().map_err(|_| crate::app::Error::NotFound("appointment"))?),
        };
        Ok(NewVisit {
            at: when(Some(&self.at))?,
            met: self.met,
            situation: self.situation,
            needs: Some(self.needs).filter(|n| !n.trim().is_empty()),
            appointment,
            photos,
        })
    }
}

/// `?saved=1` after a visit was recorded.
#[derive(Debug, Default, Deserialize)]
pub struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

async fn visit_page(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    status: StatusCode,
    (typed, kept, problem): (VisitForm, Kept, Problem),
    saved: bool,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let h = state.app.household(user, id).await?;
    let visits = state.app.household_visits(user, id).await?;
    let far = time::day(Utc::now()) + chrono::Duration::days(366);
    let appointments = state.app.appointments(user, far).await?.into_iter().filter(|a| a.household_id == id).collect();
    let report_link = state.app.building_report_link(&h.row).await?;
    let may_list = crate::app::life::runs(user, &h.row.community_id);
    let page =
        VisitPage { shell: v.shell(), h, visits, appointments, report_link, typed, kept, problem, saved, may_list };
    own_page(status, page)
}

/// `GET /households/{id}/visits`: the visit form and the household's visits.
pub async fn visit_form(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    Query(q): Query<SavedQuery>,
) -> Result<Response, Refusal> {
    let blank = (VisitForm::default(), Kept::none(), Problem::none());
    visit_page(&state, &v, id, StatusCode::OK, blank, q.saved.is_some()).await
}

/// `POST /households/{id}/visits`: records the visit (photos as `photo`
/// parts), then shows the page again by GET; refused, the form comes back
/// as typed with the message by its field.
pub async fn visit_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    WithPhotos { body, photos, .. }: WithPhotos<VisitForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let photos = Kept::with_sent(&state, &body.upload, photos).await?;
    let typed = body.bounded();
    let recorded = match body.into_visit(photos.clone()) {
        Ok(visit) => state.app.record_visit(user, &v.ip, id, visit).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match recorded {
        Ok(()) => Ok(axum::response::Redirect::to(&format!("/households/{id}/visits?saved=1")).into_response()),
        Err(crate::app::Error::Invalid { field, reason }) => {
            let kept = Kept::keep(&state, &photos, Some(field)).await?;
            let problem = Problem::at_field(field, v.prefs.lang.refusal(&reason));
            visit_page(&state, &v, id, StatusCode::UNPROCESSABLE_ENTITY, (typed, kept, problem), false).await
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
    let list = state.app.suggestions(user, q.get()?.as_ref(), time::day(Utc::now())).await?;
    own_page(StatusCode::OK, SuggestionsPage { shell: v.shell(), list, under: q.under })
}
