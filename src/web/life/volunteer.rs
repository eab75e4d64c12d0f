//! Volunteers on the web: registering, the centre's list and the hours it
//! confirms, a volunteer's record, the certificate (志愿服务证明) with its
//! check code, and the record as a sheet. Pages and the API.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, RawForm, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use linli_store::life::activity::ActivityRow;
use linli_store::life::wish::{HoursRow, VolunteerRow};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::typed::{Fields, date, number};
use super::wall::label;
use crate::app::life::wish::{Certificate, NewHours, NewVolunteer, VolunteerView};
use crate::app::refusal::Reason;
use crate::domain::life::points::{HoursProblem, hours};
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::{Caller, Refusal, Visitor};
use crate::web::error::WebError;
use crate::web::form::Problem;
use crate::web::shell::{Shell, own_page};

#[derive(Template)]
#[template(path = "volunteers.html")]
struct ListPage {
    shell: Shell,
    mine: Vec<VolunteerRow>,
    list: Vec<(VolunteerRow, i64)>,
    waiting: Vec<HoursRow>,
    may_manage: bool,
}

impl ListPage {
    fn kind(&self, v: &VolunteerRow) -> &'static str {
        label(&self.shell.t.wall.volunteers.kinds, &v.kind)
    }
    fn hours(&self, m: &i64) -> String {
        hours(*m)
    }
    fn name_of(&self, h: &HoursRow) -> String {
        self.list.iter().find(|(v, _)| v.id == h.volunteer_id).map(|(v, _)| v.name.clone()).unwrap_or_default()
    }
}

/// `GET /volunteers`.
pub async fn list_page(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let mine = state.app.my_volunteering(user).await?;
    let list = state.app.volunteers(user).await?;
    let waiting = state.app.hours_waiting(user).await?;
    let may_manage = crate::app::life::runs_somewhere(user);
    own_page(StatusCode::OK, ListPage { shell: v.shell(), mine, list, waiting, may_manage })
}

/// Registering as typed.
#[derive(Debug, Clone, Default)]
pub struct Typed {
    community: String,
    kind: String,
    org_name: String,
    /// The registry's organisation chosen (its id), or "".
    org: String,
    skills: Vec<String>,
    available: String,
}

impl Typed {
    fn from_fields(f: &Fields) -> Typed {
        Typed {
            community: f.get("community").to_owned(),
            kind: f.get("kind").to_owned(),
            org_name: f.get("org_name").to_owned(),
            org: f.get("org").to_owned(),
            skills: f.all("skills").into_iter().map(str::to_owned).collect(),
            available: f.get("available").to_owned(),
        }
    }

    fn to_new(&self) -> NewVolunteer {
        NewVolunteer {
            community: self.community.trim().to_owned(),
            kind: self.kind.trim().to_owned(),
            org_name: self.org_name.clone(),
            org: self.org.trim().parse().ok(),
            skills: self.skills.clone(),
            available: self.available.clone(),
        }
    }

    fn has(&self, skill: &str) -> bool {
        self.skills.iter().any(|s| s == skill)
    }
}

#[derive(Template)]
#[template(path = "volunteer_form.html")]
struct FormPage {
    shell: Shell,
    communities: Vec<(String, String)>,
    /// Each community's registered organisations (实有单位): (community name, [(id, name)]).
    orgs: Vec<(String, Vec<(String, String)>)>,
    typed: Typed,
    problem: Problem,
}

async fn form_page(
    state: &AppState,
    v: &Visitor,
    status: StatusCode,
    typed: Typed,
    problem: Problem,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let mut codes: Vec<String> = state.app.own_people_communities(user).await?;
    codes.sort();
    codes.dedup();
    let names = state.app.short_names(&codes).await?;
    let mut orgs = Vec::new();
    for c in &codes {
        let list: Vec<(String, String)> =
            state.app.community_orgs(c).await?.into_iter().map(|o| (o.id.to_string(), o.name)).collect();
        if !list.is_empty() {
            orgs.push((names.get(c).cloned().unwrap_or_else(|| c.clone()), list));
        }
    }
    let communities = codes.into_iter().map(|c| (c.clone(), names.get(&c).cloned().unwrap_or(c))).collect();
    own_page(status, FormPage { shell: v.shell(), communities, orgs, typed, problem })
}

/// `GET /volunteers/join`.
pub async fn join_page(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let typed = match state.app.my_volunteering(user).await?.into_iter().next() {
        Some(r) => Typed {
            community: r.community_id,
            kind: r.kind,
            org_name: r.org_name,
            org: r.org_id.map(|o| o.to_string()).unwrap_or_default(),
            skills: r.skills.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
            available: r.available,
        },
        None => Typed { kind: "volunteer".into(), ..Typed::default() },
    };
    form_page(&state, &v, StatusCode::OK, typed, Problem::none()).await
}

/// `POST /volunteers/join`.
pub async fn join_submit(
    State(state): State<AppState>,
    v: Visitor,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let typed = Typed::from_fields(&Fields::from_body(&raw));
    match state.app.register_volunteer(user, &v.ip, typed.to_new()).await {
        Ok(row) => Ok(Redirect::to(&format!("/volunteers/{}", row.id)).into_response()),
        Err(crate::app::Error::Invalid { field, reason }) => {
            let p = Problem::at_field(field, v.prefs.lang.refusal(&reason));
            form_page(&state, &v, StatusCode::UNPROCESSABLE_ENTITY, typed, p).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Hours as typed.
#[derive(Debug, Clone, Default)]
pub struct TypedHours {
    activity: String,
    what: String,
    day: String,
    minutes: String,
}

#[derive(Template)]
#[template(path = "volunteer.html")]
struct ShowPage {
    shell: Shell,
    r: VolunteerView,
    activities: Vec<ActivityRow>,
    typed: TypedHours,
    problem: Problem,
    mine: bool,
}

impl ShowPage {
    fn kind(&self) -> &'static str {
        label(&self.shell.t.wall.volunteers.kinds, &self.r.row.kind)
    }
    fn hours(&self, m: &i64) -> String {
        hours(*m)
    }
    fn state(&self, s: &str) -> &'static str {
        label(&self.shell.t.wall.volunteers.hours_states, s)
    }
    fn need_state(&self, s: &str) -> &'static str {
        label(&self.shell.t.wall.joint.need_states, s)
    }
    fn wish_state(&self, s: &str) -> &'static str {
        label(&self.shell.t.wall.wishes.states, s)
    }
    fn skills(&self) -> String {
        let sep = self.shell.t.refusals.list_separator;
        self.r
            .row
            .skills
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| label(&self.shell.t.wall.wishes.categories, s))
            .collect::<Vec<_>>()
            .join(sep)
    }
}

async fn show(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    status: StatusCode,
    typed: TypedHours,
    problem: Problem,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let r = state.app.volunteer(user, id).await?;
    let now = chrono::Utc::now();
    let activities = state
        .app
        .activities(user)
        .await?
        .into_iter()
        .filter(|a| {
            a.community_id == r.row.community_id && a.starts_at <= now && a.starts_at > now - chrono::Duration::days(60)
        })
        .collect();
    let mine = r.row.account_id == user.account.row.id;
    let typed = if typed.day.is_empty() {
        TypedHours { day: crate::domain::time::day(now).to_string(), ..typed }
    } else {
        typed
    };
    own_page(status, ShowPage { shell: v.shell(), r, activities, typed, problem, mine })
}

/// `GET /volunteers/{id}`.
pub async fn show_page(State(state): State<AppState>, v: Visitor, Path(id): Path<Uuid>) -> Result<Response, Refusal> {
    show(&state, &v, id, StatusCode::OK, TypedHours::default(), Problem::none()).await
}

fn hours_of(t: &TypedHours) -> Result<NewHours, crate::app::Error> {
    Ok(NewHours {
        activity: t.activity.trim().parse().ok(),
        what: t.what.clone(),
        day: Some(date("day", &t.day)?),
        minutes: number("minutes", &t.minutes, Reason::Hours(HoursProblem::Minutes))?,
    })
}

/// `POST /volunteers/{id}/hours`.
pub async fn hours_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let typed = TypedHours {
        activity: f.get("activity").to_owned(),
        what: f.get("what").to_owned(),
        day: f.get("day").to_owned(),
        minutes: f.get("minutes").to_owned(),
    };
    let done = match hours_of(&typed) {
        Ok(n) => state.app.record_hours(user, &v.ip, id, n).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/volunteers/{id}")).into_response()),
        Err(crate::app::Error::Invalid { field, reason }) => {
            let p = Problem::at_field(field, v.prefs.lang.refusal(&reason));
            show(&state, &v, id, StatusCode::UNPROCESSABLE_ENTITY, typed, p).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The centre's answer about hours.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct HoursDecision {
    /// confirm or refuse.
    #[serde(rename = "do")]
    action: String,
}

fn confirm_of(action: &str) -> Result<bool, crate::app::Error> {
    match action {
        "confirm" => Ok(true),
        "refuse" => Ok(false),
        _ => Err(crate::app::Error::invalid("do", Reason::HoursDecided)),
    }
}

/// `POST /hours/{id}/decide`.
pub async fn decide_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<HoursDecision>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    state.app.decide_hours(user, &v.ip, id, confirm_of(&f.action)?).await?;
    Ok(Redirect::to("/volunteers#waiting").into_response())
}

#[derive(Template)]
#[template(path = "volunteer_certificate.html")]
struct CertificatePage {
    shell: Shell,
    c: Certificate,
    svg: String,
    url: String,
}

impl CertificatePage {
    fn body(&self) -> String {
        self.shell
            .t
            .wall
            .volunteers
            .certificate_body
            .replace("{name}", &self.c.record.row.name)
            .replace("{id}", &self.c.id_masked)
            .replace("{community}", &self.c.record.community_name)
            .replace("{hours}", &hours(self.c.record.confirmed))
    }
    fn note(&self) -> String {
        self.shell.t.wall.volunteers.certificate_note.replace("{community}", &self.c.record.community_name)
    }
    fn hours(&self, m: &i64) -> String {
        hours(*m)
    }
    fn confirmed(&self) -> Vec<&HoursRow> {
        self.c.record.hours.iter().filter(|h| h.status == "confirmed").collect()
    }
}

fn verify_url(base: &str, c: &Certificate) -> String {
    format!("{base}/verify/volunteer/{}?m={}&d={}&c={}", c.record.row.id, c.record.confirmed, c.issued, c.code)
}

/// `GET /volunteers/{id}/certificate`: the printable certificate.
pub async fn certificate_page(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let c = state.app.volunteer_certificate(user, &v.ip, id).await?;
    let url = verify_url(&state.edge.base_url(&headers), &c);
    let svg = crate::web::registry::building::qr_svg(&url).unwrap_or_default();
    own_page(StatusCode::OK, CertificatePage { shell: v.shell(), c, svg, url })
}

/// The columns of a volunteer's record as the national volunteer system
/// (全国志愿服务信息系统) imports service hours.
const RECORD_COLUMNS: [&str; 9] =
    ["姓名", "证件号码", "服务日期", "服务内容", "服务时长（小时）", "记录单位", "证明出具日期", "核验码", "核验网址"];

/// `GET /volunteers/{id}/record.xlsx`: the confirmed hours as a sheet.
pub async fn record_sheet(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let c = state.app.volunteer_certificate(user, &v.ip, id).await?;
    let url = verify_url(&state.edge.base_url(&headers), &c);
    let rows: Vec<Vec<String>> = c
        .record
        .hours
        .iter()
        .filter(|h| h.status == "confirmed")
        .map(|h| {
            vec![
                c.record.row.name.clone(),
                c.id_masked.clone(),
                h.day.to_string(),
                h.what.clone(),
                hours(h.minutes),
                c.record.community_name.clone(),
                c.issued.to_string(),
                c.code.clone(),
                url.clone(),
            ]
        })
        .collect();
    let body = crate::domain::export::xlsx("志愿服务记录", &RECORD_COLUMNS, &rows)
        .map_err(|_| WebError::new(crate::web::error::ErrorCode::Internal))?;
    Ok(crate::web::download::attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "volunteer-record",
        "xlsx",
        body,
    ))
}

/// `?m=&d=&c=`: what the certificate's QR code carries.
#[derive(Debug, Default, Deserialize)]
pub struct VerifyQuery {
    #[serde(default)]
    m: i64,
    #[serde(default)]
    d: String,
    #[serde(default)]
    c: String,
}

#[derive(Template)]
#[template(path = "volunteer_verify.html")]
struct VerifyPage {
    shell: Shell,
    found: Option<(String, String)>,
    hours: String,
    issued: String,
}

/// `GET /verify/volunteer/{id}`: anyone checks a certificate, no sign-in.
pub async fn verify_page(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    Query(q): Query<VerifyQuery>,
) -> Result<Response, Refusal> {
    let found = match NaiveDate::parse_from_str(&q.d, "%Y-%m-%d") {
        Ok(d) => state.app.verify_certificate(id, q.m, d, &q.c).await?,
        Err(_) => None,
    };
    let status = if found.is_some() { StatusCode::OK } else { StatusCode::NOT_FOUND };
    own_page(
        status,
        VerifyPage {
            shell: v.shell(),
            found,
            hours: hours(q.m.clamp(0, i64::from(u32::MAX))),
            issued: q.d.chars().take(10).collect(),
        },
    )
}

// The API.

/// A volunteer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct VolunteerOut {
    /// Identifier.
    id: Uuid,
    /// Community code.
    community: String,
    /// Name.
    name: String,
    /// volunteer, party_member, team, organisation.
    kind: String,
    /// Employer or team.
    org_name: String,
    /// The registry's organisation (实有单位) a team or organisation is.
    org: Option<Uuid>,
    /// Wish categories they help with.
    skills: Vec<String>,
    /// When they can help.
    available: String,
    /// active, left.
    status: String,
}

fn out(v: VolunteerRow) -> VolunteerOut {
    VolunteerOut {
        id: v.id,
        community: v.community_id,
        name: v.name,
        kind: v.kind,
        org_name: v.org_name,
        org: v.org_id,
        skills: v.skills.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
        available: v.available,
        status: v.status,
    }
}

/// Registering as a volunteer.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct VolunteerJson {
    /// Community code (where the caller lives).
    community: String,
    /// volunteer, party_member, team, organisation.
    kind: String,
    /// Employer (party_member) or name (team, organisation).
    #[serde(default)]
    org_name: String,
    /// A team or organisation registered in the community (实有单位): its
    /// id; its registered name is then the name.
    #[serde(default)]
    org: Option<Uuid>,
    /// company, errand, repair, tutoring, outing, other.
    #[serde(default)]
    skills: Vec<String>,
    /// When they can help.
    #[serde(default)]
    available: String,
}

/// Hours to record.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct HoursJson {
    /// The activity they were for.
    #[serde(default)]
    activity: Option<Uuid>,
    /// What was done (without an activity).
    #[serde(default)]
    what: String,
    /// The day.
    day: NaiveDate,
    /// How long, in minutes.
    minutes: i64,
}

/// Hours recorded.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HoursOut {
    /// Identifier.
    id: Uuid,
    /// The volunteer.
    volunteer: Uuid,
    /// What was done.
    what: String,
    /// The day.
    day: NaiveDate,
    /// Minutes.
    minutes: i64,
    /// pending, confirmed, refused.
    status: String,
}

fn hours_out(h: HoursRow) -> HoursOut {
    HoursOut { id: h.id, volunteer: h.volunteer_id, what: h.what, day: h.day, minutes: h.minutes, status: h.status }
}

/// The volunteers the caller is, and those of the area they work.
#[utoipa::path(get, operation_id = "list_volunteers", path = "/api/v1/volunteers", tag = "wall", responses((status = 200, body = Vec<VolunteerOut>)))]
pub async fn api_list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::Json<Vec<VolunteerOut>>, WebError> {
    let user = caller.into_user()?;
    let mut all = state.app.my_volunteering(&user).await?;
    for (v, _) in state.app.volunteers(&user).await? {
        if !all.iter().any(|m| m.id == v.id) {
            all.push(v);
        }
    }
    Ok(axum::Json(all.into_iter().map(out).collect()))
}

/// Registers the caller as a volunteer of their community.
#[utoipa::path(post, operation_id = "register_volunteer", path = "/api/v1/volunteers", tag = "wall", request_body = VolunteerJson,
    responses((status = 201, body = VolunteerOut), (status = 400)))]
pub async fn api_register(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(j): ApiJson<VolunteerJson>,
) -> Result<Response, WebError> {
    let user = caller.into_user()?;
    let n = NewVolunteer {
        community: j.community,
        kind: j.kind,
        org_name: j.org_name,
        org: j.org,
        skills: j.skills,
        available: j.available,
    };
    let v = state.app.register_volunteer(&user, &peer.ip().to_string(), n).await?;
    Ok((StatusCode::CREATED, axum::Json(out(v))).into_response())
}

/// Records hours: the centre for a volunteer (confirmed at once) or a
/// volunteer for an activity (waiting for the centre).
#[utoipa::path(post, operation_id = "record_hours", path = "/api/v1/volunteers/{id}/hours", tag = "wall", request_body = HoursJson,
    params(("id" = Uuid, Path, description = "Volunteer id")), responses((status = 201, body = HoursOut), (status = 400), (status = 404)))]
pub async fn api_hours(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(j): ApiJson<HoursJson>,
) -> Result<Response, WebError> {
    let user = caller.into_user()?;
    let n = NewHours { activity: j.activity, what: j.what, day: Some(j.day), minutes: j.minutes };
    let h = state.app.record_hours(&user, &peer.ip().to_string(), id, n).await?;
    Ok((StatusCode::CREATED, axum::Json(hours_out(h))).into_response())
}

/// The centre confirms (points follow) or refuses hours.
#[utoipa::path(post, operation_id = "decide_hours", path = "/api/v1/hours/{id}/decide", tag = "wall", request_body = HoursDecision,
    params(("id" = Uuid, Path, description = "Hours id")), responses((status = 204), (status = 400), (status = 404)))]
pub async fn api_decide(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(f): ApiJson<HoursDecision>,
) -> Result<StatusCode, WebError> {
    let user = caller.into_user()?;
    state.app.decide_hours(&user, &peer.ip().to_string(), id, confirm_of(&f.action)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
