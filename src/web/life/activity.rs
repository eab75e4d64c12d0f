//! Activities (活动) on the web: what is on, putting one on, registering
//! and the waitlist, the door's QR code and checking in by it, the list
//! staff tick, and calendar feeds. Pages and the API.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, RawForm, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use linli_store::life::activity::{ActivityRow, RegistrationRow};
use linli_store::life::association::AssociationRow;
use linli_store::life::room::RoomRow;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::typed::{self, Fields};
use crate::app::life::activity::{ActivityView, NewActivity};
use crate::app::refusal::Reason;
use crate::domain::life::activity::{ActivityProblem, OpenTo, Standing};
use crate::domain::time;
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::{Caller, Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};
use crate::web::form::Problem;
use crate::web::shell::{Shell, own_page};

fn refused(v: &Visitor, e: crate::app::Error) -> Result<Problem, Refusal> {
    match e {
        crate::app::Error::Invalid { field, reason } => Ok(Problem::at_field(field, v.prefs.lang.refusal(&reason))),
        e => Err(e.into()),
    }
}

/// When an activity runs, as a line.
fn span(a: &ActivityRow) -> String {
    format!("{}–{}", time::shown_minute(a.starts_at), time::zone().local(a.ends_at).format("%H:%M"))
}

/// Who may register, in the page's language.
fn open_to_text(shell: &Shell, stored: &str) -> String {
    let t = &shell.t.life.activities;
    match OpenTo::from_stored(stored) {
        OpenTo::All => t.open_all.to_owned(),
        OpenTo::Tag(tag) => t.open_tag.replace("{tag}", &tag),
        OpenTo::Ages(a, b) => t.open_ages.replace("{from}", &a.to_string()).replace("{to}", &b.to_string()),
        OpenTo::Members => t.open_members.to_owned(),
    }
}

fn standing_text(shell: &Shell, s: &str) -> &'static str {
    let t = &shell.t.life.activities;
    match s {
        "confirmed" => t.confirmed,
        "waitlisted" => t.waitlisted,
        _ => t.cancelled,
    }
}

#[derive(Template)]
#[template(path = "activities.html")]
struct ListPage {
    shell: Shell,
    list: Vec<ActivityRow>,
    mine: Vec<(ActivityRow, RegistrationRow)>,
    may_add: bool,
    calendar: Option<String>,
}

impl ListPage {
    fn span(&self, a: &ActivityRow) -> String {
        span(a)
    }

    fn places(&self, a: &ActivityRow) -> String {
        self.shell
            .t
            .life
            .activities
            .places
            .replace("{taken}", &a.confirmed.to_string())
            .replace("{capacity}", &a.capacity.to_string())
    }

    fn standing(&self, r: &RegistrationRow) -> &'static str {
        standing_text(&self.shell, &r.standing)
    }

    fn open_to(&self, a: &ActivityRow) -> String {
        open_to_text(&self.shell, &a.open_to)
    }

    /// "Full, join the waitlist" is for those not registered.
    fn full_for_me(&self, a: &ActivityRow) -> bool {
        a.confirmed >= a.capacity && !self.mine.iter().any(|(m, _)| m.id == a.id)
    }
}

/// `GET /activities`: what is on, the user's registrations, their calendar.
pub async fn list_page(State(state): State<AppState>, v: Visitor, headers: HeaderMap) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let list = state.app.activities(user).await?;
    let mine = state.app.my_activities(user).await?;
    let may_add = crate::app::life::runs_somewhere(user) || !state.app.associations_led(user).await?.is_empty();
    let calendar = if user.account.is_staff() {
        None
    } else {
        Some(format!("{}/calendar/{}.ics", state.edge.base_url(&headers), state.app.calendar_token(user).await?))
    };
    own_page(StatusCode::OK, ListPage { shell: v.shell(), list, mine, may_add, calendar })
}

/// The activity form as typed.
#[derive(Debug, Clone, Default)]
pub struct Typed {
    community: String,
    association: String,
    title: String,
    body: String,
    room: String,
    place: String,
    day: String,
    start: String,
    end: String,
    deadline: String,
    capacity: String,
    open_kind: String,
    open_value: String,
    public: bool,
    weeks: String,
}

impl Typed {
    fn from_fields(f: &Fields) -> Typed {
        Typed {
            community: f.get("community").to_owned(),
            association: f.get("association").to_owned(),
            title: f.get("title").to_owned(),
            body: f.get("body").to_owned(),
            room: f.get("room").to_owned(),
            place: f.get("place").to_owned(),
            day: f.get("day").to_owned(),
            start: f.get("start").to_owned(),
            end: f.get("end").to_owned(),
            deadline: f.get("deadline").to_owned(),
            capacity: f.get("capacity").to_owned(),
            open_kind: f.get("open_kind").to_owned(),
            open_value: f.get("open_value").to_owned(),
            public: f.ticked("public"),
            weeks: f.get("weeks").to_owned(),
        }
    }

    fn to_new(&self) -> Result<NewActivity, crate::app::Error> {
        let deadline = match self.deadline.trim() {
            "" => None,
            t => Some(
                chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M")
                    .map(|l| time::zone().instant(l))
                    .map_err(|_| crate::app::Error::invalid("deadline", Reason::BadTime))?,
            ),
        };
        let open_to = OpenTo::new(&self.open_kind, &self.open_value)
            .map_err(|p| crate::app::Error::invalid("open_to", Reason::Activity(p)))?;
        Ok(NewActivity {
            community: self.community.trim().to_owned(),
            association: self.association.trim().parse().ok(),
            title: self.title.clone(),
            body: self.body.clone(),
            room: self.room.trim().parse().ok(),
            place: self.place.clone(),
            day: typed::date("day", &self.day)?,
            start: typed::clock("start", &self.start)?,
            end: typed::clock("end", &self.end)?,
            deadline,
            capacity: typed::number("capacity", &self.capacity, Reason::Activity(ActivityProblem::Capacity))?,
            open_to,
            public: self.public,
            weeks: match self.weeks.trim() {
                "" => 1,
                w => w
                    .parse()
                    .map_err(|_| crate::app::Error::invalid("weeks", Reason::Activity(ActivityProblem::Weeks)))?,
            },
        })
    }
}

#[derive(Template)]
#[template(path = "activity_form.html")]
struct FormPage {
    shell: Shell,
    communities: Vec<(String, String)>,
    associations: Vec<AssociationRow>,
    rooms: Vec<RoomRow>,
    typed: Typed,
    problem: Problem,
}

impl FormPage {
    fn weeks_text(&self, w: &u8) -> String {
        self.shell.t.life.activities.weekly.replace("{n}", &w.to_string())
    }
}

async fn form_page(
    state: &AppState,
    v: &Visitor,
    status: StatusCode,
    typed: Typed,
    problem: Problem,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let centres = crate::app::life::centres(user);
    let mut codes: Vec<String> = state
        .app
        .community_codes_under(&centres)
        .await?
        .into_iter()
        .filter(|c| crate::app::life::runs(user, c))
        .collect();
    let led = state.app.associations_led(user).await?;
    codes.extend(led.iter().map(|a| a.community_id.clone()));
    codes.sort();
    codes.dedup();
    if codes.is_empty() {
        return Err(WebError::new(ErrorCode::Forbidden).into());
    }
    let names = state.app.short_names(&codes).await?;
    let communities = codes.iter().map(|c| (c.clone(), names.get(c).cloned().unwrap_or_else(|| c.clone()))).collect();
    let associations = if centres.is_empty() { led } else { state.app.associations(user).await? };
    let rooms =
        state.app.rooms(user).await?.into_iter().filter(|r| r.active && codes.contains(&r.community_id)).collect();
    own_page(status, FormPage { shell: v.shell(), communities, associations, rooms, typed, problem })
}

/// `GET /activities/new`.
pub async fn new_page(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    let typed = Typed { public: true, open_kind: "all".into(), weeks: "1".into(), ..Typed::default() };
    form_page(&state, &v, StatusCode::OK, typed, Problem::none()).await
}

/// `POST /activities/new`: puts it on; a refusal comes back with what was typed.
pub async fn new_submit(State(state): State<AppState>, v: Visitor, RawForm(raw): RawForm) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let typed = Typed::from_fields(&Fields::from_body(&raw));
    let mut new = typed.to_new();
    // The association decides the community.
    if let Ok(n) = &mut new
        && let Some(a) = n.association
        && let Some(row) =
            linli_store::life::association::by_id(state.app.db(), a).await.map_err(crate::app::Error::from)?
    {
        n.community = row.community_id;
    }
    let done = match new {
        Ok(n) => state.app.add_activity(user, &v.ip, n).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(a) => Ok(Redirect::to(&format!("/activities/{}", a.id)).into_response()),
        Err(e) => {
            let p = refused(&v, e)?;
            form_page(&state, &v, StatusCode::UNPROCESSABLE_ENTITY, typed, p).await
        }
    }
}

#[derive(Template)]
#[template(path = "activity.html")]
struct ShowPage {
    shell: Shell,
    a: ActivityView,
    message: Option<String>,
    problem: Problem,
    now: DateTime<Utc>,
}

impl ShowPage {
    fn span(&self) -> String {
        span(&self.a.row)
    }

    fn open_to(&self) -> String {
        open_to_text(&self.shell, &self.a.row.open_to)
    }

    fn places(&self) -> String {
        let t = &self.shell.t.life.activities;
        let text = t
            .places
            .replace("{taken}", &self.a.row.confirmed.to_string())
            .replace("{capacity}", &self.a.row.capacity.to_string());
        if self.a.waiting > 0 {
            format!("{text} · {}", t.waiting_count.replace("{n}", &self.a.waiting.to_string()))
        } else {
            text
        }
    }

    fn standing(&self, s: &str) -> &'static str {
        standing_text(&self.shell, s)
    }

    fn place_text(&self) -> String {
        self.shell.t.life.activities.waiting_place.replace("{n}", &self.a.waiting_place.unwrap_or(0).to_string())
    }

    fn door_open(&self) -> bool {
        crate::domain::life::activity::check_in_open(self.a.row.starts_at, self.a.row.ends_at, self.now)
    }

    fn deadline(&self) -> String {
        time::shown_minute(self.a.row.deadline)
    }
}

async fn show(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    message: Option<String>,
    problem: Problem,
    status: StatusCode,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let a = state.app.activity(user, id).await?;
    own_page(status, ShowPage { shell: v.shell(), a, message, problem, now: Utc::now() })
}

/// `GET /activities/{id}`.
pub async fn show_page(State(state): State<AppState>, v: Visitor, Path(id): Path<Uuid>) -> Result<Response, Refusal> {
    show(&state, &v, id, None, Problem::none(), StatusCode::OK).await
}

/// `POST /activities/{id}/register`: confirmed or waitlisted, said on the page.
pub async fn register_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let t = &v.prefs.lang.texts().life.activities;
    match state.app.register_for_activity(user, &v.ip, id).await {
        Ok(Standing::Confirmed) => {
            show(&state, &v, id, Some(t.registered.into()), Problem::none(), StatusCode::OK).await
        }
        Ok(_) => show(&state, &v, id, Some(t.waitlisted_now.into()), Problem::none(), StatusCode::OK).await,
        Err(e) => {
            let p = refused(&v, e)?;
            show(&state, &v, id, None, p, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// `POST /activities/{id}/cancel`: gives the place up.
pub async fn cancel_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let t = &v.prefs.lang.texts().life.activities;
    match state.app.cancel_registration(user, &v.ip, id).await {
        Ok(()) => show(&state, &v, id, Some(t.cancelled_now.into()), Problem::none(), StatusCode::OK).await,
        Err(e) => {
            let p = refused(&v, e)?;
            show(&state, &v, id, None, p, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// Calling an activity off.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CallOffForm {
    /// Why (2–200 characters); everyone registered is told.
    reason: String,
}

/// `POST /activities/{id}/call-off`.
pub async fn call_off_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<CallOffForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    match state.app.call_off_activity(user, &v.ip, id, &f.reason).await {
        Ok(()) => Ok(Redirect::to(&format!("/activities/{id}")).into_response()),
        Err(e) => {
            let p = refused(&v, e)?;
            show(&state, &v, id, None, p, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// Someone ticked as arrived.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AttendForm {
    /// Their account.
    account: Uuid,
}

/// `POST /activities/{id}/attend`: staff tick someone on the list.
pub async fn attend_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<AttendForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    match state.app.check_in_person(user, &v.ip, id, f.account).await {
        Ok(()) => Ok(Redirect::to(&format!("/activities/{id}#registrations")).into_response()),
        Err(e) => {
            let p = refused(&v, e)?;
            show(&state, &v, id, None, p, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

#[derive(Template)]
#[template(path = "activity_door.html")]
struct DoorPage {
    shell: Shell,
    a: ActivityRow,
    url: String,
    svg: String,
}

impl DoorPage {
    fn span(&self) -> String {
        span(&self.a)
    }
}

/// `GET /activities/{id}/door`: the QR code residents scan at the door (organisers only).
pub async fn door_page(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let view = state.app.activity(user, id).await?;
    if !view.may_manage {
        return Err(WebError::new(ErrorCode::Forbidden).into());
    }
    let url = format!("{}/activities/{id}/checkin?k={}", state.edge.base_url(&headers), view.row.check_token);
    let svg = crate::web::registry::building::qr_svg(&url).unwrap_or_default();
    own_page(StatusCode::OK, DoorPage { shell: v.shell(), a: view.row, url, svg })
}

/// `?k=`: the door's secret.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct CodeQuery {
    /// The code the door's QR carries.
    #[serde(default)]
    k: String,
}

#[derive(Template)]
#[template(path = "activity_checkin.html")]
struct CheckInPage {
    shell: Shell,
    a: ActivityView,
    k: String,
    done: bool,
    problem: Problem,
}

impl CheckInPage {
    fn span(&self) -> String {
        span(&self.a.row)
    }
}

/// `GET /activities/{id}/checkin?k=`: what a resident's phone opens from
/// the door's QR code (signing in first when needed): one button.
pub async fn checkin_page(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    Query(q): Query<CodeQuery>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let a = state.app.activity(user, id).await?;
    let done = a.mine.as_ref().is_some_and(|m| m.checked_in_at.is_some());
    own_page(StatusCode::OK, CheckInPage { shell: v.shell(), a, k: q.k, done, problem: Problem::none() })
}

/// `POST /activities/{id}/checkin`: checks the resident in by the door's code.
pub async fn checkin_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<CodeQuery>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let (done, problem, status) = match state.app.check_in_by_code(user, &v.ip, id, &f.k).await {
        Ok(()) => (true, Problem::none(), StatusCode::OK),
        Err(e) => (false, refused(&v, e)?, StatusCode::UNPROCESSABLE_ENTITY),
    };
    let a = state.app.activity(user, id).await?;
    own_page(status, CheckInPage { shell: v.shell(), a, k: f.k, done, problem })
}

fn calendar_response(body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/calendar; charset=utf-8"), (header::CACHE_CONTROL, "private, max-age=300")], body)
        .into_response()
}

/// `GET /calendar/{token}.ics`: a resident's activities, for calendar apps
/// (the address is the secret; no sign-in).
pub async fn my_calendar(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Result<Response, WebError> {
    let token = file.strip_suffix(".ics").ok_or(WebError::new(ErrorCode::NotFound))?;
    let body = state.app.calendar_of(token, &state.edge.base_url(&headers)).await?;
    Ok(calendar_response(body))
}

/// `GET /regions/{code}/activities.ics`: a community's public activities.
pub async fn community_calendar(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let code =
        crate::domain::registry::region::RegionCode::parse(&code).map_err(|_| WebError::new(ErrorCode::NotFound))?;
    let body = state.app.community_calendar(code.as_str(), &state.edge.base_url(&headers)).await?;
    Ok(calendar_response(body))
}

// The API.

/// An activity.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ActivityOut {
    /// Identifier.
    id: Uuid,
    /// Community code.
    community: String,
    /// Organising association.
    association: Option<Uuid>,
    /// Who organises it.
    organiser: String,
    /// Title.
    title: String,
    /// Description.
    body: String,
    /// Where.
    place: String,
    /// The room it holds.
    room: Option<Uuid>,
    /// Start.
    starts_at: DateTime<Utc>,
    /// End.
    ends_at: DateTime<Utc>,
    /// Registration closes.
    deadline: DateTime<Utc>,
    /// Places.
    capacity: i64,
    /// Places taken.
    confirmed: i64,
    /// Who may register: all, tag:X, ages:A-B, members.
    open_to: String,
    /// On the public page and calendar.
    public: bool,
    /// Called off.
    cancelled: bool,
    /// The caller's standing: confirmed, waitlisted.
    mine: Option<String>,
    /// The caller's place on the waitlist (1 is next).
    waiting_place: Option<usize>,
}

fn out(a: ActivityRow, mine: Option<String>, waiting_place: Option<usize>) -> ActivityOut {
    ActivityOut {
        id: a.id,
        community: a.community_id,
        association: a.association_id,
        organiser: a.organiser,
        title: a.title,
        body: a.body,
        place: a.place,
        room: a.room_id,
        starts_at: a.starts_at,
        ends_at: a.ends_at,
        deadline: a.deadline,
        capacity: a.capacity,
        confirmed: a.confirmed,
        open_to: a.open_to,
        public: a.public,
        cancelled: a.cancelled_at.is_some(),
        mine,
        waiting_place,
    }
}

/// An activity to put on.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ActivityJson {
    /// Community code.
    community: String,
    /// Organising association (its leader may put it on).
    #[serde(default)]
    association: Option<Uuid>,
    /// Title.
    title: String,
    /// Description.
    #[serde(default)]
    body: String,
    /// A room of the community (booked for it).
    #[serde(default)]
    room: Option<Uuid>,
    /// Where, without a room.
    #[serde(default)]
    place: String,
    /// The day, `YYYY-MM-DD`.
    day: String,
    /// Starts, `HH:MM`.
    start: String,
    /// Ends, `HH:MM`.
    end: String,
    /// Registration closes (RFC 3339; the start when not given).
    #[serde(default)]
    deadline: Option<DateTime<Utc>>,
    /// Places.
    capacity: i64,
    /// all, tag, ages or members.
    #[serde(default)]
    open_kind: String,
    /// The tag, or the ages as `6-12`.
    #[serde(default)]
    open_value: String,
    /// On the public page and calendar.
    #[serde(default)]
    public: bool,
    /// Weekly for this many weeks (1–12; once when not given).
    #[serde(default = "once")]
    weeks: u8,
}

fn once() -> u8 {
    1
}

/// Lists the activities the caller sees that have not ended.
#[utoipa::path(get, operation_id = "list_activities", path = "/api/v1/activities", tag = "activities", responses((status = 200, body = Vec<ActivityOut>)))]
pub async fn api_list(State(state): State<AppState>, caller: Caller) -> Result<axum::Json<Vec<ActivityOut>>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(state.app.activities(&user).await?.into_iter().map(|a| out(a, None, None)).collect()))
}

/// Puts an activity on (staff, or an association's leader).
#[utoipa::path(post, operation_id = "add_activity", path = "/api/v1/activities", tag = "activities", request_body = ActivityJson,
    responses((status = 201, body = ActivityOut), (status = 400)))]
pub async fn api_add(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(j): ApiJson<ActivityJson>,
) -> Result<Response, WebError> {
    let user = caller.into_user()?;
    let n = NewActivity {
        community: j.community,
        association: j.association,
        title: j.title,
        body: j.body,
        room: j.room,
        place: j.place,
        day: typed::date("day", &j.day)?,
        start: typed::clock("start", &j.start)?,
        end: typed::clock("end", &j.end)?,
        deadline: j.deadline,
        capacity: j.capacity,
        open_to: OpenTo::new(&j.open_kind, &j.open_value)
            .map_err(|p| crate::app::Error::invalid("open_to", Reason::Activity(p)))?,
        public: j.public,
        weeks: j.weeks,
    };
    let a = state.app.add_activity(&user, &peer.ip().to_string(), n).await?;
    Ok((StatusCode::CREATED, axum::Json(out(a, None, None))).into_response())
}

/// One activity, with the caller's standing.
#[utoipa::path(get, operation_id = "show_activity", path = "/api/v1/activities/{id}", tag = "activities", params(("id" = Uuid, Path, description = "Activity id")),
    responses((status = 200, body = ActivityOut), (status = 404)))]
pub async fn api_show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<ActivityOut>, WebError> {
    let user = caller.into_user()?;
    let v = state.app.activity(&user, id).await?;
    Ok(axum::Json(out(v.row, v.mine.map(|m| m.standing), v.waiting_place)))
}

/// The caller's standing after registering or cancelling.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StandingOut {
    /// confirmed, waitlisted or cancelled.
    standing: &'static str,
}

/// Registers the caller: confirmed while places last, waitlisted after.
#[utoipa::path(post, operation_id = "register_for_activity", path = "/api/v1/activities/{id}/registration", tag = "activities",
    params(("id" = Uuid, Path, description = "Activity id")), responses((status = 200, body = StandingOut), (status = 400)))]
pub async fn api_register(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<StandingOut>, WebError> {
    let user = caller.into_user()?;
    let s = state.app.register_for_activity(&user, &peer.ip().to_string(), id).await?;
    Ok(axum::Json(StandingOut { standing: s.as_str() }))
}

/// Gives the caller's place up; the first waiting moves up.
#[utoipa::path(delete, operation_id = "cancel_registration", path = "/api/v1/activities/{id}/registration", tag = "activities",
    params(("id" = Uuid, Path, description = "Activity id")), responses((status = 200, body = StandingOut), (status = 400)))]
pub async fn api_cancel(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<StandingOut>, WebError> {
    let user = caller.into_user()?;
    state.app.cancel_registration(&user, &peer.ip().to_string(), id).await?;
    Ok(axum::Json(StandingOut { standing: Standing::Cancelled.as_str() }))
}

/// Checks the caller in by the door's code.
#[utoipa::path(post, operation_id = "check_in", path = "/api/v1/activities/{id}/checkin", tag = "activities", request_body = CodeQuery,
    params(("id" = Uuid, Path, description = "Activity id")), responses((status = 204), (status = 400)))]
pub async fn api_checkin(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(f): ApiJson<CodeQuery>,
) -> Result<StatusCode, WebError> {
    let user = caller.into_user()?;
    state.app.check_in_by_code(&user, &peer.ip().to_string(), id, &f.k).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Someone registered, for the organisers.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RegistrationOut {
    /// Their account.
    account: Uuid,
    /// Their name.
    name: String,
    /// confirmed, waitlisted, cancelled.
    standing: String,
    /// Their number in the order of registering.
    seq: i64,
    /// When they checked in.
    checked_in_at: Option<DateTime<Utc>>,
}

/// Everyone registered (organisers only).
#[utoipa::path(get, operation_id = "activity_registrations", path = "/api/v1/activities/{id}/registrations", tag = "activities",
    params(("id" = Uuid, Path, description = "Activity id")), responses((status = 200, body = Vec<RegistrationOut>), (status = 403)))]
pub async fn api_registrations(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<Vec<RegistrationOut>>, WebError> {
    let user = caller.into_user()?;
    let v = state.app.activity(&user, id).await?;
    if !v.may_manage {
        return Err(WebError::new(ErrorCode::Forbidden));
    }
    Ok(axum::Json(
        v.list
            .into_iter()
            .map(|r| RegistrationOut {
                account: r.account_id,
                name: r.name,
                standing: r.standing,
                seq: r.seq,
                checked_in_at: r.checked_in_at,
            })
            .collect(),
    ))
}
