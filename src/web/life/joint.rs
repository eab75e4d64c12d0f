//! The 三清单 and the 党建联席会议 on the web: the three lists with what
//! each reader may do, a meeting with its agenda, minutes and projects.
//! Pages and the API.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use linli_store::life::joint::{MeetingRow, NeedRow, ProjectRow, ResourceRow};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::invalid;
use super::typed::{Fields, date, number};
use super::wall::label;
use crate::app::life::joint::{Lists, MeetingView, NeedFrom, NewMeeting, NewProject, NewResource};
use crate::app::refusal::Reason;
use crate::domain::life::joint::{JointProblem, NeedStep};
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::{Caller, Refusal, Visitor};
use crate::web::error::WebError;
use crate::web::form::Problem;
use crate::web::shell::{Shell, own_page};

#[derive(Template)]
#[template(path = "joint.html")]
struct ListsPage {
    shell: Shell,
    l: Lists,
    problem: Problem,
    /// Which form came back refused (need, resource, meeting, or a need's or project's id).
    form: String,
    typed: Fields,
}

impl ListsPage {
    fn need_state(&self, n: &NeedRow) -> &'static str {
        label(&self.shell.t.wall.joint.need_states, &n.status)
    }
    fn kind(&self, r: &ResourceRow) -> &'static str {
        label(&self.shell.t.wall.joint.kinds, &r.kind)
    }
    fn member(&self) -> bool {
        self.l.party_member.is_some() || !self.l.my_units.is_empty()
    }
    fn owns(&self, p: &ProjectRow) -> bool {
        self.l.may_manage || self.l.my_units.iter().any(|u| u.id == p.owner_unit_id)
    }
    fn took(&self, n: &NeedRow) -> bool {
        n.taken_volunteer_id.is_some_and(|v| self.l.party_member.as_ref().is_some_and(|p| p.id == v))
            || n.taken_unit_id.is_some_and(|u| self.l.my_units.iter().any(|m| m.id == u))
    }
    fn failed(&self, form: &str) -> Option<&str> {
        if self.form == form { self.problem.general([].as_slice()) } else { None }
    }
}

/// `?community=`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CommunityQuery {
    /// The community (the first the caller sees when none).
    #[serde(default)]
    community: Option<String>,
    /// An event to word as a need (the page's form, pre-filled).
    #[serde(default)]
    #[param(ignore)]
    event: Option<Uuid>,
    /// A visit whose needs to word as a need (the page's form, pre-filled).
    #[serde(default)]
    #[param(ignore)]
    visit: Option<Uuid>,
}

async fn lists_page(
    state: &AppState,
    v: &Visitor,
    community: Option<&str>,
    status: StatusCode,
    problem: Problem,
    form: &str,
    typed: Fields,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let l = state.app.joint_lists(user, community).await?;
    own_page(status, ListsPage { shell: v.shell(), l, problem, form: form.to_owned(), typed })
}

/// `GET /joint`.
pub async fn page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<CommunityQuery>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    // From an event's page or a visit: the form holds their words for the
    // centre to rewrite (neither is public).
    let from = match (q.event, q.visit, q.community.as_deref()) {
        (Some(id), _, Some(c)) if crate::app::life::runs(user, c) => {
            Some(("event", id, state.app.event(user, id).await?.row.text))
        }
        (None, Some(id), Some(c)) if crate::app::life::runs(user, c) => {
            Some(("visit", id, state.app.visit_needs(user, c, id).await?))
        }
        _ => None,
    };
    let (form, typed) = match from {
        Some((key, id, text)) => {
            let text = crate::domain::life::wish::mask_phones(&text);
            let title: String = text.chars().take(40).collect();
            let fields =
                vec![("title".to_owned(), title), ("detail".to_owned(), text), (key.to_owned(), id.to_string())];
            ("need", Fields::from_pairs(fields))
        }
        None => ("", Fields::default()),
    };
    lists_page(&state, &v, q.community.as_deref(), StatusCode::OK, Problem::none(), form, typed).await
}

/// What came of a form: back to the lists, or the lists again with the refusal.
async fn answer(
    state: &AppState,
    v: &Visitor,
    community: String,
    form: &str,
    typed: Fields,
    done: Result<(), crate::app::Error>,
) -> Result<Response, Refusal> {
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/joint?community={community}")).into_response()),
        Err(e) => {
            let p = invalid(v, e)?;
            lists_page(state, v, Some(&community), StatusCode::UNPROCESSABLE_ENTITY, p, form, typed).await
        }
    }
}

/// `POST /joint/needs`: the centre adds a need (typed, or `wish`).
pub async fn need_submit(
    State(state): State<AppState>,
    v: Visitor,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let wish: Option<Uuid> = f.get("wish").parse().ok();
    let from = match (wish, f.get("event").parse().ok(), f.get("visit").parse().ok()) {
        (Some(w), _, _) => Some(NeedFrom::Wish(w)),
        (None, Some(e), _) => Some(NeedFrom::Event(e)),
        (None, None, Some(v)) => Some(NeedFrom::Visit(v)),
        _ => None,
    };
    let done = state.app.add_need(user, &v.ip, f.get("community"), f.get("title"), f.get("detail"), from).await;
    if let (Some(id), Err(crate::app::Error::Invalid { .. })) = (wish, &done) {
        // From a wish's page: back there (it is on the list already).
        return Ok(Redirect::to(&format!("/wall/{id}")).into_response());
    }
    let community = done.as_ref().map_or_else(|_| f.get("community").to_owned(), |n| n.community_id.clone());
    answer(&state, &v, community, "need", f, done.map(|_| ())).await
}

fn need_step_of(s: &str) -> Result<NeedStep, crate::app::Error> {
    match s {
        "take" => Ok(NeedStep::Take),
        "give_back" => Ok(NeedStep::GiveBack),
        "meet" => Ok(NeedStep::Meet),
        "drop" => Ok(NeedStep::Drop),
        _ => Err(crate::app::Error::invalid("do", Reason::Joint(JointProblem::NotNow))),
    }
}

/// `POST /joint/needs/{id}/step`: `do` (take, give_back, meet, drop), `unit`, `note`.
pub async fn need_step_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let unit: Option<Uuid> = f.get("unit").parse().ok();
    let done = match need_step_of(f.get("do")) {
        Ok(step) => state.app.need_step(user, &v.ip, id, step, f.get("note"), unit).await.map(|_| ()),
        Err(e) => Err(e),
    };
    answer(&state, &v, f.get("community").to_owned(), &id.to_string(), f, done).await
}

/// `POST /joint/resources`.
pub async fn resource_submit(
    State(state): State<AppState>,
    v: Visitor,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let unit: Option<Uuid> = f.get("unit").parse().ok();
    let n = NewResource {
        community: f.get("community").to_owned(),
        kind: f.get("kind").to_owned(),
        title: f.get("title").to_owned(),
        detail: f.get("detail").to_owned(),
        unit,
    };
    let done = state.app.add_resource(user, &v.ip, n).await.map(|_| ());
    answer(&state, &v, f.get("community").to_owned(), "resource", f, done).await
}

fn meeting_of(f: &Fields) -> Result<NewMeeting, crate::app::Error> {
    Ok(NewMeeting {
        community: f.get("community").to_owned(),
        held_on: Some(date("held_on", f.get("held_on"))?),
        place: f.get("place").to_owned(),
        chair: f.get("chair").parse().ok(),
        units: f.all("units").iter().filter_map(|u| u.parse().ok()).collect(),
    })
}

/// `POST /joint/meetings`: the centre calls a meeting.
pub async fn meeting_submit(
    State(state): State<AppState>,
    v: Visitor,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let done = match meeting_of(&f) {
        Ok(n) => state.app.call_meeting(user, &v.ip, n).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(m) => Ok(Redirect::to(&format!("/joint/meetings/{}", m.id)).into_response()),
        Err(e) => answer(&state, &v, f.get("community").to_owned(), "meeting", f, Err(e)).await,
    }
}

#[derive(Template)]
#[template(path = "joint_meeting.html")]
struct MeetingPage {
    shell: Shell,
    m: MeetingView,
    problem: Problem,
    typed: Fields,
}

impl MeetingPage {
    fn kind(&self, r: &ResourceRow) -> &'static str {
        label(&self.shell.t.wall.joint.kinds, &r.kind)
    }
    fn agenda(&self) -> Vec<&str> {
        self.m.row.agenda.lines().filter(|l| !l.trim().is_empty()).collect()
    }
    fn default_deadline(&self) -> String {
        let d = self.typed.get("deadline");
        if d.is_empty() {
            (crate::domain::time::day(chrono::Utc::now()) + chrono::Duration::days(90)).to_string()
        } else {
            d.to_owned()
        }
    }
}

async fn meeting_page_at(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    status: StatusCode,
    problem: Problem,
    typed: Fields,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let m = state.app.meeting(user, id).await?;
    own_page(status, MeetingPage { shell: v.shell(), m, problem, typed })
}

/// `GET /joint/meetings/{id}`.
pub async fn meeting_page(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
) -> Result<Response, Refusal> {
    meeting_page_at(&state, &v, id, StatusCode::OK, Problem::none(), Fields::default()).await
}

/// `POST /joint/meetings/{id}/minutes`.
pub async fn minutes_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    match state.app.write_minutes(user, &v.ip, id, f.get("minutes")).await {
        Ok(()) => Ok(Redirect::to(&format!("/joint/meetings/{id}")).into_response()),
        Err(e) => {
            let p = invalid(&v, e)?;
            meeting_page_at(&state, &v, id, StatusCode::UNPROCESSABLE_ENTITY, p, f).await
        }
    }
}

fn project_of(f: &Fields) -> Result<NewProject, crate::app::Error> {
    Ok(NewProject {
        need: f.get("need").parse().map_err(|_| crate::app::Error::NotFound("need"))?,
        meeting: f.get("meeting").parse().ok(),
        owner: f.get("owner").parse().ok(),
        plan: f.get("plan").to_owned(),
        deadline: Some(date("deadline", f.get("deadline"))?),
        resources: f.all("resources").iter().filter_map(|r| r.parse().ok()).collect(),
    })
}

/// `POST /joint/projects`: a project of a need (from a meeting's page or the lists).
pub async fn project_submit(
    State(state): State<AppState>,
    v: Visitor,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let meeting: Option<Uuid> = f.get("meeting").parse().ok();
    let done = match project_of(&f) {
        Ok(n) => state.app.make_project(user, &v.ip, n).await,
        Err(e) => Err(e),
    };
    match (done, meeting) {
        (Ok(_), Some(m)) => Ok(Redirect::to(&format!("/joint/meetings/{m}")).into_response()),
        (Ok(p), None) => Ok(Redirect::to(&format!("/joint?community={}", p.community_id)).into_response()),
        (Err(e), Some(m)) => {
            let p = invalid(&v, e)?;
            meeting_page_at(&state, &v, m, StatusCode::UNPROCESSABLE_ENTITY, p, f).await
        }
        (Err(e), None) => answer(&state, &v, f.get("community").to_owned(), "project", f, Err(e)).await,
    }
}

/// `POST /joint/projects/{id}/progress`: `progress`, `note`.
pub async fn progress_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let done = match number("progress", f.get("progress"), Reason::Joint(JointProblem::Progress)) {
        Ok(n) => state.app.project_progress(user, &v.ip, id, n, f.get("note")).await.map(|_| ()),
        Err(e) => Err(e),
    };
    answer(&state, &v, f.get("community").to_owned(), &id.to_string(), f, done).await
}

// The API.

/// A need.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NeedOut {
    /// Identifier.
    id: Uuid,
    /// What.
    title: String,
    /// More.
    detail: String,
    /// typed, or wish:ID.
    source: String,
    /// open, taken, project, met, dropped.
    status: String,
    /// Who took it on.
    taken_by: Option<String>,
    /// How it was met.
    done_note: Option<String>,
}

/// A resource.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ResourceOut {
    /// Identifier.
    id: Uuid,
    /// room, skill, money, people, goods.
    kind: String,
    /// What.
    title: String,
    /// More.
    detail: String,
    /// Who offers it.
    offered_by: String,
}

/// A project.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProjectOut {
    /// Identifier.
    id: Uuid,
    /// The need it meets.
    need: Uuid,
    /// The meeting that decided it.
    meeting: Option<Uuid>,
    /// What.
    title: String,
    /// The owner unit.
    owner: String,
    /// The plan.
    plan: String,
    /// By when.
    deadline: NaiveDate,
    /// 0–100.
    progress: i64,
    /// The latest word on it.
    progress_note: String,
}

/// A meeting.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MeetingOut {
    /// Identifier.
    id: Uuid,
    /// The day.
    held_on: NaiveDate,
    /// Where.
    place: String,
    /// The rotating chair.
    chair: String,
    /// The needs open when it was called.
    agenda: Vec<String>,
    /// The minutes.
    minutes: String,
}

/// A community's three lists and meetings.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ListsOut {
    /// The community.
    community: String,
    /// 需求清单.
    needs: Vec<NeedOut>,
    /// 资源清单.
    resources: Vec<ResourceOut>,
    /// 项目清单.
    projects: Vec<ProjectOut>,
    /// 党建联席会议.
    meetings: Vec<MeetingOut>,
}

fn need_out(n: NeedRow) -> NeedOut {
    NeedOut {
        id: n.id,
        title: n.title,
        detail: n.detail,
        source: n.source,
        status: n.status,
        taken_by: n.taken_by,
        done_note: n.done_note,
    }
}

fn resource_out(r: ResourceRow) -> ResourceOut {
    ResourceOut { id: r.id, kind: r.kind, title: r.title, detail: r.detail, offered_by: r.offered_by }
}

fn project_out(p: ProjectRow) -> ProjectOut {
    ProjectOut {
        id: p.id,
        need: p.need_id,
        meeting: p.meeting_id,
        title: p.title,
        owner: p.owner_name,
        plan: p.plan,
        deadline: p.deadline,
        progress: p.progress,
        progress_note: p.progress_note,
    }
}

fn meeting_out(m: MeetingRow) -> MeetingOut {
    MeetingOut {
        id: m.id,
        held_on: m.held_on,
        place: m.place,
        chair: m.chair_name,
        agenda: m.agenda.lines().map(str::to_owned).collect(),
        minutes: m.minutes,
    }
}

/// A community's three lists and meetings.
#[utoipa::path(get, operation_id = "joint_lists", path = "/api/v1/joint", tag = "wall", params(CommunityQuery),
    responses((status = 200, body = ListsOut), (status = 404)))]
pub async fn api_lists(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<CommunityQuery>,
) -> Result<axum::Json<ListsOut>, WebError> {
    let user = caller.into_user()?;
    let l = state.app.joint_lists(&user, q.community.as_deref()).await?;
    Ok(axum::Json(ListsOut {
        community: l.community,
        needs: l.needs.into_iter().map(need_out).collect(),
        resources: l.resources.into_iter().map(resource_out).collect(),
        projects: l.projects.into_iter().map(project_out).collect(),
        meetings: l.meetings.into_iter().map(meeting_out).collect(),
    }))
}

/// A need to add.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NeedJson {
    /// Community code.
    #[serde(default)]
    community: String,
    /// What (at most 40 characters).
    #[serde(default)]
    title: String,
    /// More.
    #[serde(default)]
    detail: String,
    /// A wish of the help wall to put on the list instead.
    #[serde(default)]
    wish: Option<Uuid>,
    /// An event reported that the need comes from (title and detail as the centre words them).
    #[serde(default)]
    event: Option<Uuid>,
    /// A visit (走访) whose needs it words (title and detail as the centre words them).
    #[serde(default)]
    visit: Option<Uuid>,
}

/// The centre puts a need on the list (typed, or a wish).
#[utoipa::path(post, operation_id = "add_need", path = "/api/v1/joint/needs", tag = "wall", request_body = NeedJson,
    responses((status = 201, body = NeedOut), (status = 400), (status = 403)))]
pub async fn api_add_need(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(j): ApiJson<NeedJson>,
) -> Result<Response, WebError> {
    let user = caller.into_user()?;
    let from = j.wish.map(NeedFrom::Wish).or(j.event.map(NeedFrom::Event)).or(j.visit.map(NeedFrom::Visit));
    let n = state.app.add_need(&user, &peer.ip().to_string(), &j.community, &j.title, &j.detail, from).await?;
    Ok((StatusCode::CREATED, axum::Json(need_out(n))).into_response())
}

/// A step on a need.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NeedStepJson {
    /// take, give_back, meet, drop.
    #[serde(rename = "do")]
    step: String,
    /// Taking on for this member unit (else as a working party member).
    #[serde(default)]
    unit: Option<Uuid>,
    /// How it was met (meet).
    #[serde(default)]
    note: String,
}

/// Takes a need on (领办), gives it back, says it is met, or drops it.
#[utoipa::path(post, operation_id = "need_step", path = "/api/v1/joint/needs/{id}/steps", tag = "wall", request_body = NeedStepJson,
    params(("id" = Uuid, Path, description = "Need id")), responses((status = 200, body = NeedOut), (status = 400), (status = 404)))]
pub async fn api_need_step(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(j): ApiJson<NeedStepJson>,
) -> Result<axum::Json<NeedOut>, WebError> {
    let user = caller.into_user()?;
    let step = need_step_of(&j.step)?;
    Ok(axum::Json(need_out(state.app.need_step(&user, &peer.ip().to_string(), id, step, &j.note, j.unit).await?)))
}

/// A resource offered.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ResourceJson {
    /// Community code.
    community: String,
    /// room, skill, money, people, goods.
    kind: String,
    /// What.
    title: String,
    /// More.
    #[serde(default)]
    detail: String,
    /// The member unit offering it (else the caller as a working party member).
    #[serde(default)]
    unit: Option<Uuid>,
}

/// Offers a resource.
#[utoipa::path(post, operation_id = "add_resource", path = "/api/v1/joint/resources", tag = "wall", request_body = ResourceJson,
    responses((status = 201, body = ResourceOut), (status = 400), (status = 404)))]
pub async fn api_add_resource(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(j): ApiJson<ResourceJson>,
) -> Result<Response, WebError> {
    let user = caller.into_user()?;
    let n = NewResource { community: j.community, kind: j.kind, title: j.title, detail: j.detail, unit: j.unit };
    let r = state.app.add_resource(&user, &peer.ip().to_string(), n).await?;
    Ok((StatusCode::CREATED, axum::Json(resource_out(r))).into_response())
}

/// A meeting to call.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MeetingJson {
    /// Community code.
    community: String,
    /// The day.
    held_on: NaiveDate,
    /// Where.
    place: String,
    /// The chair (the next in turn when none).
    #[serde(default)]
    chair: Option<Uuid>,
    /// The member units present.
    #[serde(default)]
    units: Vec<Uuid>,
}

/// Calls a joint meeting: its agenda is the needs open now.
#[utoipa::path(post, operation_id = "call_meeting", path = "/api/v1/joint/meetings", tag = "wall", request_body = MeetingJson,
    responses((status = 201, body = MeetingOut), (status = 400), (status = 403)))]
pub async fn api_call_meeting(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(j): ApiJson<MeetingJson>,
) -> Result<Response, WebError> {
    let user = caller.into_user()?;
    let n =
        NewMeeting { community: j.community, held_on: Some(j.held_on), place: j.place, chair: j.chair, units: j.units };
    let m = state.app.call_meeting(&user, &peer.ip().to_string(), n).await?;
    Ok((StatusCode::CREATED, axum::Json(meeting_out(m))).into_response())
}

/// A project to make.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ProjectJson {
    /// The need.
    need: Uuid,
    /// The meeting deciding it.
    #[serde(default)]
    meeting: Option<Uuid>,
    /// The owner unit.
    owner: Uuid,
    /// The plan.
    #[serde(default)]
    plan: String,
    /// By when.
    deadline: NaiveDate,
    /// The resources it draws on.
    #[serde(default)]
    resources: Vec<Uuid>,
}

/// Makes a project of a need.
#[utoipa::path(post, operation_id = "make_project", path = "/api/v1/joint/projects", tag = "wall", request_body = ProjectJson,
    responses((status = 201, body = ProjectOut), (status = 400), (status = 403)))]
pub async fn api_make_project(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(j): ApiJson<ProjectJson>,
) -> Result<Response, WebError> {
    let user = caller.into_user()?;
    let n = NewProject {
        need: j.need,
        meeting: j.meeting,
        owner: Some(j.owner),
        plan: j.plan,
        deadline: Some(j.deadline),
        resources: j.resources,
    };
    let p = state.app.make_project(&user, &peer.ip().to_string(), n).await?;
    Ok((StatusCode::CREATED, axum::Json(project_out(p))).into_response())
}

/// Progress on a project.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ProgressJson {
    /// 0–100, never less than now.
    progress: i64,
    /// What happened.
    note: String,
}

/// The owner unit moves a project forward (at 100 its need is met).
#[utoipa::path(post, operation_id = "project_progress", path = "/api/v1/joint/projects/{id}/progress", tag = "wall", request_body = ProgressJson,
    params(("id" = Uuid, Path, description = "Project id")), responses((status = 200, body = ProjectOut), (status = 400), (status = 404)))]
pub async fn api_progress(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(j): ApiJson<ProgressJson>,
) -> Result<axum::Json<ProjectOut>, WebError> {
    let user = caller.into_user()?;
    let p = state.app.project_progress(&user, &peer.ip().to_string(), id, j.progress, &j.note).await?;
    Ok(axum::Json(project_out(p)))
}
