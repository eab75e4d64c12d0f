//! The after-school class (四点半课堂) on the web: the term, a parent
//! enrolling a child with who may take them home, and the day's register
//! staff keep — arrived, taken home by whom. Pages and the API.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, NaiveDate, Utc};
use linli_store::life::class::ClassRow;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::typed::{self, Fields};
use crate::app::life::class::{ClassView, NewClass};
use crate::app::refusal::Reason;
use crate::domain::life::class::ClassProblem;
use crate::domain::time;
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::{Caller, Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};
use crate::web::form::Problem;
use crate::web::shell::{Shell, own_page};

fn hhmm(m: i64) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

fn when(shell: &Shell, c: &ClassRow) -> String {
    let names = shell.t.life.rooms.weekdays.map(|(_, l)| l);
    let days: Vec<&str> = (0..7).filter(|i| c.days & (1 << i) != 0).map(|i| names[i]).collect();
    format!("{} – {} · {} {}–{}", c.term_from, c.term_until, days.join(" "), hhmm(c.starts), hhmm(c.ends))
}

#[derive(Template)]
#[template(path = "classes.html")]
struct ListPage {
    shell: Shell,
    list: Vec<ClassRow>,
    may_add: bool,
}

impl ListPage {
    fn when(&self, c: &ClassRow) -> String {
        when(&self.shell, c)
    }
}

/// `GET /classes`.
pub async fn list_page(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let list = state.app.classes(user).await?;
    own_page(StatusCode::OK, ListPage { shell: v.shell(), list, may_add: crate::app::life::runs_somewhere(user) })
}

/// The class form as typed.
#[derive(Debug, Clone, Default)]
pub struct Typed {
    community: String,
    name: String,
    place: String,
    from: String,
    until: String,
    days: u8,
    starts: String,
    ends: String,
    min_age: String,
    max_age: String,
    capacity: String,
}

impl Typed {
    fn from_fields(f: &Fields) -> Typed {
        Typed {
            community: f.get("community").into(),
            name: f.get("name").into(),
            place: f.get("place").into(),
            from: f.get("from").into(),
            until: f.get("until").into(),
            days: typed::weekdays(&f.all("day")),
            starts: f.get("starts").into(),
            ends: f.get("ends").into(),
            min_age: f.get("min_age").into(),
            max_age: f.get("max_age").into(),
            capacity: f.get("capacity").into(),
        }
    }

    fn to_new(&self) -> Result<NewClass, crate::app::Error> {
        let (term, clock) = (typed::date, typed::clock);
        let age = |t: &str| typed::number("ages", t, Reason::Class(ClassProblem::Ages));
        Ok(NewClass {
            community: self.community.trim().into(),
            name: self.name.clone(),
            place: self.place.clone(),
            from: term("from", &self.from)?,
            until: term("until", &self.until)?,
            days: self.days,
            starts: clock("starts", &self.starts)?,
            ends: clock("ends", &self.ends)?,
            ages: (age(&self.min_age)?, age(&self.max_age)?),
            capacity: typed::number(
                "capacity",
                &self.capacity,
                Reason::Activity(crate::domain::life::activity::ActivityProblem::Capacity),
            )?,
        })
    }
}

#[derive(Template)]
#[template(path = "class_form.html")]
struct FormPage {
    shell: Shell,
    communities: Vec<(String, String)>,
    typed: Typed,
    problem: Problem,
}

impl FormPage {
    fn day_on(&self, i: &usize) -> bool {
        self.typed.days & (1 << i) != 0
    }

    fn day_names(&self) -> [&'static str; 7] {
        self.shell.t.life.rooms.weekdays.map(|(_, l)| l)
    }
}

async fn form_page(
    state: &AppState,
    v: &Visitor,
    status: StatusCode,
    typed: Typed,
    problem: Problem,
) -> Result<Response, Refusal> {
    v.signed_in()?;
    let communities = super::communities_run(state, v).await?;
    own_page(status, FormPage { shell: v.shell(), communities, typed, problem })
}

/// `GET /classes/new`.
pub async fn new_page(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    let typed = Typed {
        name: v.prefs.lang.texts().life.classes.title.into(),
        days: 0b1_1111,
        starts: "16:30".into(),
        ends: "18:00".into(),
        min_age: "6".into(),
        max_age: "12".into(),
        ..Typed::default()
    };
    form_page(&state, &v, StatusCode::OK, typed, Problem::none()).await
}

/// `POST /classes/new`.
pub async fn new_submit(State(state): State<AppState>, v: Visitor, RawForm(raw): RawForm) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let typed = Typed::from_fields(&Fields::from_body(&raw));
    let done = match typed.to_new() {
        Ok(n) => state.app.add_class(user, &v.ip, n).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(c) => Ok(Redirect::to(&format!("/classes/{}", c.id)).into_response()),
        Err(crate::app::Error::Invalid { field, reason }) => {
            let p = Problem::at_field(field, v.prefs.lang.refusal(&reason));
            form_page(&state, &v, StatusCode::UNPROCESSABLE_ENTITY, typed, p).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "class.html")]
struct ShowPage {
    shell: Shell,
    c: ClassView,
    problem: Problem,
    /// What the enrol form had typed.
    pickups: String,
}

impl ShowPage {
    fn when(&self) -> String {
        when(&self.shell, &self.c.row)
    }

    fn shown(&self, at: &DateTime<Utc>) -> String {
        time::zone().local(*at).format("%H:%M").to_string()
    }

    fn named<'a>(&self, pickups: &'a str) -> Vec<&'a str> {
        pickups.split(',').collect()
    }

    fn day_text(&self) -> String {
        self.c.day.format("%Y-%m-%d").to_string()
    }

    fn pickups_text(&self, pickups: &str) -> String {
        let t = &self.shell.t.life.classes;
        t.pickups_line
            .replace("{names}", &pickups.split(',').collect::<Vec<_>>().join(self.shell.t.refusals.list_separator))
    }

    fn no_child_text(&self) -> String {
        let t = &self.shell.t.life.classes;
        t.no_child_of_age
            .replace("{from}", &self.c.row.min_age.to_string())
            .replace("{to}", &self.c.row.max_age.to_string())
    }
}

/// `?day=YYYY-MM-DD`: the day shown (today when not given).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DayQuery {
    /// The day.
    #[serde(default)]
    day: Option<String>,
}

fn day_of(q: &DayQuery) -> NaiveDate {
    q.day.as_deref().and_then(|d| typed::date("day", d).ok()).unwrap_or_else(|| time::day(Utc::now()))
}

async fn show(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    day: NaiveDate,
    (problem, pickups): (Problem, String),
    status: StatusCode,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let c = state.app.class_day(user, id, day).await?;
    own_page(status, ShowPage { shell: v.shell(), c, problem, pickups })
}

/// `GET /classes/{id}?day=`.
pub async fn show_page(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    Query(q): Query<DayQuery>,
) -> Result<Response, Refusal> {
    show(&state, &v, id, day_of(&q), (Problem::none(), String::new()), StatusCode::OK).await
}

/// A child, and (to enrol) who may take them home, or (to sign out) who did.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ChildForm {
    /// The child (a person of the registry).
    person: Uuid,
    /// To enrol: the adults who may take the child home, separated by commas.
    #[serde(default)]
    pickups: String,
    /// To sign out: the adult who took the child home.
    #[serde(default)]
    picked_up_by: String,
}

async fn after(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    done: crate::app::Result<()>,
    pickups: String,
) -> Result<Response, Refusal> {
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/classes/{id}")).into_response()),
        Err(crate::app::Error::Invalid { field, reason }) => {
            let p = Problem::at_field(field, v.prefs.lang.refusal(&reason));
            show(state, v, id, time::day(Utc::now()), (p, pickups), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /classes/{id}/enrol`.
pub async fn enrol_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<ChildForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let done = state.app.enrol_child(user, &v.ip, id, f.person, &f.pickups).await;
    after(&state, &v, id, done, f.pickups).await
}

/// `POST /classes/{id}/withdraw`.
pub async fn withdraw_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<ChildForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let done = state.app.withdraw_child(user, &v.ip, id, f.person).await;
    after(&state, &v, id, done, String::new()).await
}

/// `POST /classes/{id}/arrive`.
pub async fn arrive_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<ChildForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let done = state.app.child_arrived(user, &v.ip, id, f.person).await;
    after(&state, &v, id, done, String::new()).await
}

/// `POST /classes/{id}/leave`.
pub async fn leave_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<ChildForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let done = state.app.child_left(user, &v.ip, id, f.person, &f.picked_up_by).await;
    after(&state, &v, id, done, String::new()).await
}

// The API.

/// A class.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ClassOut {
    /// Identifier.
    id: Uuid,
    /// Community code.
    community: String,
    /// Name.
    name: String,
    /// Where.
    place: String,
    /// First day.
    term_from: NaiveDate,
    /// Last day.
    term_until: NaiveDate,
    /// Weekdays, Monday is 1.
    days: Vec<u8>,
    /// Starts, `HH:MM`.
    starts: String,
    /// Ends.
    ends: String,
    /// Youngest age.
    min_age: i64,
    /// Oldest age.
    max_age: i64,
    /// Places.
    capacity: i64,
    /// Children enrolled.
    enrolled: i64,
}

fn out(c: ClassRow) -> ClassOut {
    ClassOut {
        id: c.id,
        days: (0..7u8).filter(|i| c.days & (1 << i) != 0).map(|i| i + 1).collect(),
        starts: hhmm(c.starts),
        ends: hhmm(c.ends),
        community: c.community_id,
        name: c.name,
        place: c.place,
        term_from: c.term_from,
        term_until: c.term_until,
        min_age: c.min_age,
        max_age: c.max_age,
        capacity: c.capacity,
        enrolled: c.enrolled,
    }
}

/// A class to set up.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ClassJson {
    /// Community code.
    community: String,
    /// Name.
    name: String,
    /// Where.
    place: String,
    /// First day, `YYYY-MM-DD`.
    term_from: String,
    /// Last day.
    term_until: String,
    /// Weekdays, Monday is 1.
    days: Vec<u8>,
    /// Starts, `HH:MM`.
    starts: String,
    /// Ends.
    ends: String,
    /// Youngest age.
    min_age: i64,
    /// Oldest age.
    max_age: i64,
    /// Places.
    capacity: i64,
}

/// A child on a day.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ChildOut {
    /// The child.
    person: Uuid,
    /// Their name.
    name: String,
    /// Adults who may take them home.
    pickups: Vec<String>,
    /// Arrived.
    arrived_at: Option<DateTime<Utc>>,
    /// Signed out.
    left_at: Option<DateTime<Utc>>,
    /// To whom.
    picked_up_by: Option<String>,
}

/// Lists the classes the caller sees.
#[utoipa::path(get, operation_id = "list_classes", path = "/api/v1/classes", tag = "activities", responses((status = 200, body = Vec<ClassOut>)))]
pub async fn api_list(State(state): State<AppState>, caller: Caller) -> Result<axum::Json<Vec<ClassOut>>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(state.app.classes(&user).await?.into_iter().map(out).collect()))
}

/// Sets up a class (staff of its community).
#[utoipa::path(post, operation_id = "add_class", path = "/api/v1/classes", tag = "activities", request_body = ClassJson,
    responses((status = 201, body = ClassOut), (status = 400)))]
pub async fn api_add(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(j): ApiJson<ClassJson>,
) -> Result<Response, WebError> {
    let user = caller.into_user()?;
    let days: Vec<String> = j.days.iter().map(u8::to_string).collect();
    let typed = Typed {
        community: j.community,
        name: j.name,
        place: j.place,
        from: j.term_from,
        until: j.term_until,
        days: typed::weekdays(&days.iter().map(String::as_str).collect::<Vec<_>>()),
        starts: j.starts,
        ends: j.ends,
        min_age: j.min_age.to_string(),
        max_age: j.max_age.to_string(),
        capacity: j.capacity.to_string(),
    };
    let c = state.app.add_class(&user, &peer.ip().to_string(), typed.to_new()?).await?;
    Ok((StatusCode::CREATED, axum::Json(out(c))).into_response())
}

/// A class's day: the children the caller may see, arrived and taken home by whom.
#[utoipa::path(get, operation_id = "class_day", path = "/api/v1/classes/{id}/day", tag = "activities",
    params(("id" = Uuid, Path, description = "Class id"), DayQuery), responses((status = 200, body = Vec<ChildOut>), (status = 404)))]
pub async fn api_day(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Query(q): Query<DayQuery>,
) -> Result<axum::Json<Vec<ChildOut>>, WebError> {
    let user = caller.into_user()?;
    let v = state.app.class_day(&user, id, day_of(&q)).await?;
    Ok(axum::Json(
        v.children
            .into_iter()
            .map(|(c, d)| ChildOut {
                person: c.person_id,
                name: c.child_name,
                pickups: c.pickups.split(',').map(str::to_owned).collect(),
                arrived_at: d.as_ref().map(|d| d.arrived_at),
                left_at: d.as_ref().and_then(|d| d.left_at),
                picked_up_by: d.and_then(|d| d.picked_up_by),
            })
            .collect(),
    ))
}

/// What a class action does.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ClassActionJson {
    /// enrol, withdraw, arrive or leave.
    action: String,
    /// The child.
    person: Uuid,
    /// enrol: the adults who may take the child home.
    #[serde(default)]
    pickups: String,
    /// leave: who took the child home.
    #[serde(default)]
    picked_up_by: String,
}

/// Enrols, withdraws, marks arrived or signs out a child.
#[utoipa::path(post, operation_id = "class_child", path = "/api/v1/classes/{id}/children", tag = "activities", request_body = ClassActionJson,
    params(("id" = Uuid, Path, description = "Class id")), responses((status = 204), (status = 400), (status = 403), (status = 404)))]
pub async fn api_child(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(j): ApiJson<ClassActionJson>,
) -> Result<StatusCode, WebError> {
    let user = caller.into_user()?;
    let ip = peer.ip().to_string();
    match j.action.as_str() {
        "enrol" => state.app.enrol_child(&user, &ip, id, j.person, &j.pickups).await?,
        "withdraw" => state.app.withdraw_child(&user, &ip, id, j.person).await?,
        "arrive" => state.app.child_arrived(&user, &ip, id, j.person).await?,
        "leave" => state.app.child_left(&user, &ip, id, j.person, &j.picked_up_by).await?,
        _ => return Err(WebError::new(ErrorCode::InvalidInput)),
    }
    Ok(StatusCode::NO_CONTENT)
}
