//! Cases on the web: the list (what a grid worker may only know exists),
//! registering one (from an event, with its parties), the case file with
//! the actions its state allows, sessions and the reveal of the parties'
//! numbers, and the printable 人民调解协议书. Pages and the API.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use linli_store::mediation::case::{SessionRow, StepRow};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{kept_communities, word};
use crate::app::mediation::case::{CaseFile, Listed, NewCase, NewParty, NewSession};
use crate::app::refusal::Reason;
use crate::domain::mediation::case::{Action, Risk};
use crate::domain::time;
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::{Caller, Refusal, Visitor};
use crate::web::error::WebError;
use crate::web::form::Sent;
use crate::web::i18n::mediation::MediationTexts;
use crate::web::life::invalid;
use crate::web::life::typed::Fields;
use crate::web::shell::{Shell, own_page};

/// The party slots of the form: (prefix, respondent).
const SLOTS: [(&str, bool); 4] = [("a1", false), ("a2", false), ("r1", true), ("r2", true)];

fn local(at: &DateTime<Utc>) -> String {
    time::zone().local(*at).format("%Y-%m-%d %H:%M").to_string()
}

/// The words of a case's codes.
pub(crate) struct Words(&'static MediationTexts);

impl Words {
    pub(crate) fn kind(&self, c: &str) -> &'static str {
        word(&self.0.kinds, c)
    }
    pub(crate) fn matter(&self, c: &str) -> &'static str {
        word(&self.0.matters, c)
    }
    pub(crate) fn risk(&self, c: &str) -> &'static str {
        word(&self.0.risks, c)
    }
    pub(crate) fn state(&self, c: &str) -> &'static str {
        word(&self.0.states, c)
    }
    pub(crate) fn origin(&self, c: &str) -> &'static str {
        word(&self.0.origins, c)
    }
    pub(crate) fn button(&self, c: &str) -> &'static str {
        word(&self.0.buttons, c)
    }
    pub(crate) fn bodies(&self, stored: &str) -> String {
        stored.split(',').map(|b| word(&self.0.bodies_names, b)).collect::<Vec<_>>().join(self.0.sep)
    }
}

// The list.

/// Query of the list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Closed and declined cases too (`true`, `1`).
    #[serde(default)]
    pub all: Option<String>,
}

impl ListQuery {
    fn all(&self) -> bool {
        matches!(self.all.as_deref(), Some("true" | "1" | "on" | "yes"))
    }
}

#[derive(Template)]
#[template(path = "mediation.html")]
struct ListPage {
    shell: Shell,
    cases: Vec<Listed>,
    /// The grids' names: (code, name).
    grids: Vec<(String, String)>,
    all: bool,
    may_register: bool,
}

impl ListPage {
    fn w(&self) -> Words {
        Words(&self.shell.t.mediation)
    }
    fn grid(&self, code: &str) -> String {
        self.grids.iter().find(|(c, _)| c == code).map_or_else(|| code.to_owned(), |(_, n)| n.clone())
    }
}

/// `GET /mediation`.
pub async fn list_page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<ListQuery>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    if !crate::app::mediation::sees_cases(user) {
        return Err(crate::app::Error::Forbidden.into());
    }
    let cases = state.app.cases(user, !q.all()).await?;
    let may_register = !kept_communities(&state, &v).await?.is_empty();
    let mut codes: Vec<&str> = cases.iter().filter_map(|l| l.row.grid_code.as_deref()).collect();
    codes.sort_unstable();
    codes.dedup();
    let grids = state.app.region_names(&codes).await?;
    own_page(StatusCode::OK, ListPage { shell: v.shell(), cases, grids, all: q.all(), may_register })
}

/// `GET /mediation/cases`: the list.
pub async fn to_list() -> Redirect {
    Redirect::to("/mediation")
}

// Registering.

/// Query of the register form.
#[derive(Debug, Default, Deserialize)]
pub struct NewQuery {
    /// The event it comes from.
    pub event: Option<Uuid>,
    /// The community.
    pub community: Option<String>,
}

#[derive(Template)]
#[template(path = "mediation_new.html")]
struct NewPage {
    shell: Shell,
    communities: Vec<(String, String)>,
    /// The grids of those communities: (code, name).
    grids: Vec<(String, String)>,
    /// The event it comes from: (id, tracking code).
    event: Option<(Uuid, String)>,
    sent: Sent,
}

impl NewPage {
    fn t(&self) -> &'static MediationTexts {
        &self.shell.t.mediation
    }
    fn value(&self, key: &str) -> String {
        self.sent.typed.get(key).to_owned()
    }
    fn checked(&self, key: &str, code: &str) -> bool {
        self.sent.typed.all(key).contains(&code)
    }
    fn error(&self, field: &str) -> Option<&str> {
        self.sent.problem.at(field)
    }
    fn general(&self) -> Option<&str> {
        self.sent.problem.general(&["kind", "matter", "event", "summary", "parties", "received", "grid"])
    }
    fn slots(&self) -> Vec<(&'static str, &'static str)> {
        let t = self.t();
        SLOTS.iter().map(|(p, r)| (*p, if *r { t.respondent } else { t.applicant })).collect()
    }
    fn slot_hint(&self, respondent: bool) -> String {
        let t = self.t();
        if respondent {
            format!("{} / {}", t.respondent, t.reported)
        } else {
            format!("{} / {}", t.applicant, t.petitioner)
        }
    }
    fn today(&self) -> String {
        time::day(Utc::now()).to_string()
    }
    fn event_note(&self, code: &str) -> String {
        self.t().from_event_note.replace("{code}", code)
    }
}

/// `GET /mediation/new`: the register form, filled from an event when it
/// comes from one.
pub async fn new_page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<NewQuery>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let communities = kept_communities(&state, &v).await?;
    if communities.is_empty() {
        return Err(crate::app::Error::Forbidden.into());
    }
    let mut typed = vec![
        ("community".to_owned(), crate::web::life::chosen(&communities, q.community.as_deref())),
        ("kind".into(), "dispute".into()),
        ("matter".into(), "neighbours".into()),
        ("risk".into(), "low".into()),
        ("origin".into(), "walk_in".into()),
    ];
    let mut event = None;
    if let Some(id) = q.event {
        let e = state.app.event(user, id).await?;
        typed = vec![
            ("community".to_owned(), e.row.community_id.clone()),
            ("kind".into(), "dispute".into()),
            // 邻里纠纷 and its children are between neighbours.
            ("matter".into(), if e.row.category_code.starts_with("04") { "neighbours" } else { "other" }.into()),
            ("risk".into(), "low".into()),
            ("origin".into(), "event".into()),
            ("event".into(), id.to_string()),
            ("summary".into(), e.row.text.clone()),
            ("bodies".into(), "committee".into()),
        ];
        if e.row.category_code.starts_with("03") {
            typed.push(("bodies".into(), "police".into()));
        }
        if e.row.reporter_name != "匿名" {
            typed.push(("a1_name".into(), e.row.reporter_name.clone()));
            if let Some(a) = &e.row.address {
                typed.push(("a1_address".into(), a.clone()));
            }
        }
        event = Some((id, e.row.code.clone()));
    }
    let sent = Sent { typed: Fields::from_pairs(typed), ..Sent::default() };
    let grids = grids_of(&state, &communities).await?;
    own_page(StatusCode::OK, NewPage { shell: v.shell(), communities, grids, event, sent })
}

async fn grids_of(state: &AppState, communities: &[(String, String)]) -> Result<Vec<(String, String)>, Refusal> {
    let codes: Vec<String> = communities.iter().map(|(c, _)| c.clone()).collect();
    let rows =
        linli_store::registry::region::grids_in(state.app.db(), &codes).await.map_err(crate::app::Error::from)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let community = communities.iter().find(|(c, _)| r.code.starts_with(c.as_str())).map_or("", |(_, n)| n);
            (r.code, format!("{community} {}", r.name))
        })
        .collect())
}

fn case_from(f: &Fields) -> NewCase {
    NewCase {
        community: f.get("community").to_owned(),
        kind: f.get("kind").to_owned(),
        matter: f.get("matter").to_owned(),
        risk: f.get("risk").to_owned(),
        origin: f.get("origin").to_owned(),
        event: Uuid::parse_str(f.get("event").trim()).ok(),
        summary: f.get("summary").to_owned(),
        above: f.ticked("above"),
        bodies: f.all("bodies").into_iter().map(str::to_owned).collect(),
        parties: SLOTS
            .iter()
            .map(|(p, respondent)| NewParty {
                respondent: *respondent,
                name: f.get(&format!("{p}_name")).to_owned(),
                id_number: f.get(&format!("{p}_id")).to_owned(),
                phone: f.get(&format!("{p}_phone")).to_owned(),
                address: f.get(&format!("{p}_address")).to_owned(),
            })
            .collect(),
        received: NaiveDate::parse_from_str(f.get("received").trim(), "%Y-%m-%d").ok(),
        grid: Some(f.get("grid").to_owned()),
    }
}

/// `POST /mediation/cases`: registers a case.
pub async fn new_submit(State(state): State<AppState>, v: Visitor, RawForm(raw): RawForm) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let received = f.get("received").trim();
    let done = if !received.is_empty() && NaiveDate::parse_from_str(received, "%Y-%m-%d").is_err() {
        Err(crate::app::Error::invalid("received", Reason::MediationWhen))
    } else {
        state.app.register_case(user, &v.ip, case_from(&f)).await
    };
    match done {
        Ok(row) => Ok(Redirect::to(&format!("/mediation/{}", row.id)).into_response()),
        Err(e) => {
            let problem = invalid(&v, e)?;
            let communities = kept_communities(&state, &v).await?;
            let event = match Uuid::parse_str(f.get("event").trim()) {
                Ok(id) => state.app.event(user, id).await.ok().map(|e| (id, e.row.code)),
                Err(_) => None,
            };
            let sent = Sent { form: "new".into(), problem, typed: f };
            let grids = grids_of(&state, &communities).await?;
            own_page(StatusCode::UNPROCESSABLE_ENTITY, NewPage { shell: v.shell(), communities, grids, event, sent })
        }
    }
}

// The case file.

#[derive(Template)]
#[template(path = "mediation_case.html")]
struct CasePage {
    shell: Shell,
    c: CaseFile,
    sent: Sent,
    /// The community's name.
    community: String,
    /// The event's tracking code, when it came from one.
    event_code: Option<String>,
    /// The centre's rooms: (id, name).
    rooms: Vec<(Uuid, String)>,
    /// The parties' grid, by name.
    grid: Option<String>,
}

impl CasePage {
    fn t(&self) -> &'static MediationTexts {
        &self.shell.t.mediation
    }
    fn w(&self) -> Words {
        Words(&self.shell.t.mediation)
    }
    fn can(&self, action: &str) -> bool {
        self.c.actions.contains(&action)
    }
    fn local(&self, at: &DateTime<Utc>) -> String {
        local(at)
    }
    fn side(&self, side: &str) -> &'static str {
        side_words(self.t(), self.c.kind, side)
    }
    fn due_label(&self) -> &'static str {
        if self.c.state == crate::domain::mediation::case::State::Registered {
            self.t().due_accept
        } else {
            self.t().due
        }
    }
    fn confirm_words(&self, day: &NaiveDate) -> String {
        self.t().confirm_by.replace("{day}", &day.to_string())
    }
    fn step_words(&self, s: &StepRow) -> String {
        format!("{} → {}", self.w().button(&s.action), self.w().state(&s.state))
    }
    fn value(&self, form: &str, key: &str) -> String {
        self.sent.typed_if(form, key)
    }
    fn now_local(&self) -> String {
        time::zone().local(Utc::now()).format("%Y-%m-%dT%H:%M").to_string()
    }
    fn session_fields(&self) -> [(&'static str, &'static str, usize); 3] {
        let t = self.t();
        [("held_at", t.held_at, 16), ("place", t.place, 60), ("participants", t.participants, 300)]
    }
    fn planned(&self) -> Vec<&SessionRow> {
        self.c.sessions.iter().filter(|s| s.minutes.is_empty()).collect()
    }
    fn may_schedule(&self) -> bool {
        use crate::domain::mediation::case::State;
        !self.c.actions.is_empty() && matches!(self.c.state, State::Accepted | State::Mediating)
    }
    fn tomorrow(&self) -> String {
        (time::day(Utc::now()) + chrono::Duration::days(1)).to_string()
    }
    fn high(&self) -> bool {
        Risk::parse(&self.c.row.risk).is_some_and(Risk::alerts)
    }
}

async fn show_case(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    status: StatusCode,
    sent: Sent,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let c = state.app.case_file(user, &v.ip, id, None).await?;
    render_case(state, v, c, status, sent).await
}

async fn render_case(
    state: &AppState,
    v: &Visitor,
    c: CaseFile,
    status: StatusCode,
    sent: Sent,
) -> Result<Response, Refusal> {
    let names = state.app.short_names(std::slice::from_ref(&c.row.community_id)).await?;
    let community = names.get(&c.row.community_id).cloned().unwrap_or_else(|| c.row.community_id.clone());
    let event_code = match c.row.event_id {
        Some(e) => linli_store::events::event::by_id(state.app.db(), &c.row.community_id, e)
            .await
            .map_err(crate::app::Error::from)?
            .map(|e| e.code),
        None => None,
    };
    let rooms = linli_store::life::room::in_communities(state.app.db(), std::slice::from_ref(&c.row.community_id))
        .await
        .map_err(crate::app::Error::from)?
        .into_iter()
        .filter(|r| r.active)
        .map(|r| (r.id, r.name))
        .collect();
    let grid = match &c.row.grid_code {
        Some(g) => state.app.region_names(&[g.as_str()]).await?.into_iter().next().map(|(_, n)| n),
        None => None,
    };
    own_page(status, CasePage { shell: v.shell(), c, sent, community, event_code, rooms, grid })
}

/// `GET /mediation/{id}`: the case file (audited).
pub async fn case_page(State(state): State<AppState>, v: Visitor, Path(id): Path<Uuid>) -> Result<Response, Refusal> {
    show_case(&state, &v, id, StatusCode::OK, Sent::default()).await
}

/// A form address reloaded goes back to the case.
pub async fn to_case(Path(id): Path<Uuid>) -> Redirect {
    Redirect::to(&format!("/mediation/{id}"))
}

async fn done_on_case(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    done: Result<(), crate::app::Error>,
    (typed, form): (Fields, String),
) -> Result<Response, Refusal> {
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/mediation/{id}#timeline")).into_response()),
        Err(e) => {
            let problem = invalid(v, e)?;
            let sent = Sent { form, problem, typed };
            show_case(state, v, id, StatusCode::UNPROCESSABLE_ENTITY, sent).await
        }
    }
}

/// An action as a form or a JSON body names it.
fn action_from(name: &str, text: &str, consent: bool) -> Result<Action, crate::app::Error> {
    let t = || text.to_owned();
    Ok(match name {
        "accept" => Action::Accept,
        "decline" => Action::Decline { reason: t() },
        "mediate" => Action::StartMediation { consent },
        "agree" => Action::Agree { terms: t() },
        "fail" => Action::Fail { reason: t() },
        "to_court" => Action::ToCourt,
        "to_petition" => Action::ToPetition,
        "follow_up" => Action::FollowUp { note: t() },
        "close" => Action::Close { note: t() },
        _ => {
            let known =
                ["accept", "decline", "mediate", "agree", "fail", "to_court", "to_petition", "follow_up", "close"];
            return Err(crate::app::Error::invalid("action", Reason::MediationCode { known: known.join(", ") }));
        }
    })
}

/// `POST /mediation/{id}/act`: an action of the workflow (a session has
/// its own form).
pub async fn act_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let name = f.get("action").to_owned();
    // A ticked box sends "on"; anything else (an API client's "off") is no consent.
    let consent = matches!(f.get("consent"), "on" | "true" | "1" | "yes");
    let done = match action_from(&name, f.get("text"), consent) {
        Ok(a) => state.app.act_on_case(user, &v.ip, id, a).await.map(|_| ()),
        Err(e) => Err(e),
    };
    done_on_case(&state, &v, id, done, (f, format!("act:{name}"))).await
}

fn when_from(text: &str) -> Option<DateTime<Utc>> {
    let t = text.trim();
    let naive = NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M"))
        .ok()?;
    Some(time::zone().instant(naive))
}

fn session_from(f: &Fields) -> NewSession {
    NewSession {
        held_at: when_from(f.get("held_at")),
        place: f.get("place").to_owned(),
        participants: f.get("participants").to_owned(),
        minutes: f.get("minutes").to_owned(),
        court: f.get("court").to_owned(),
        judge: f.get("judge").to_owned(),
        video: f.get("video").to_owned(),
        planned: Uuid::parse_str(f.get("planned").trim()).ok(),
    }
}

/// `POST /mediation/{id}/schedule`: a session booked ahead in a room.
pub async fn schedule_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    use crate::web::life::typed::{clock, date};
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let done = async {
        let s = crate::app::mediation::case::NewSchedule {
            room: Uuid::parse_str(f.get("room").trim()).ok(),
            day: date("day", f.get("day"))?,
            start: clock("start", f.get("start"))?,
            end: clock("end", f.get("end"))?,
            participants: f.get("participants").to_owned(),
        };
        state.app.schedule_session(user, &v.ip, id, s).await.map(|_| ())
    }
    .await;
    done_on_case(&state, &v, id, done, (f, "schedule".into())).await
}

/// `POST /mediation/{id}/sessions`: records a session.
pub async fn session_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let done = state.app.hold_session(user, &v.ip, id, session_from(&f)).await.map(|_| ());
    done_on_case(&state, &v, id, done, (f, "session".into())).await
}

/// `POST /mediation/{id}/reveal`: the parties' numbers in full, for a
/// stated reason (audited).
pub async fn reveal_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let reason = f.get("reason").to_owned();
    match state.app.case_file(user, &v.ip, id, Some(&reason)).await {
        Ok(c) => render_case(&state, &v, c, StatusCode::OK, Sent::default()).await,
        Err(e @ crate::app::Error::Invalid { .. }) => {
            let problem = invalid(&v, e)?;
            let sent = Sent { form: "reveal".into(), problem, typed: f };
            show_case(&state, &v, id, StatusCode::UNPROCESSABLE_ENTITY, sent).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "mediation_agreement.html")]
struct AgreementPage {
    shell: Shell,
    c: CaseFile,
    community: String,
    /// Why the reveal was refused.
    problem: Option<crate::web::form::Problem>,
}

impl AgreementPage {
    fn t(&self) -> &'static MediationTexts {
        &self.shell.t.mediation
    }
    fn side(&self, side: &str) -> &'static str {
        side_words(self.t(), self.c.kind, side)
    }
    fn number_line(&self) -> String {
        self.t().number_line.replace("{community}", &self.community).replace("{number}", &self.c.row.number)
    }
    fn committee_line(&self) -> String {
        self.t().committee_line.replace("{community}", &self.community)
    }
}

/// A party's side in words: a petition has its petitioner and whom it
/// complains of.
fn side_words(t: &MediationTexts, kind: crate::domain::mediation::case::Kind, side: &str) -> &'static str {
    use crate::domain::mediation::case::Kind;
    match (kind, side == "respondent") {
        (Kind::Petition, false) => t.petitioner,
        (Kind::Petition, true) => t.reported,
        (Kind::Dispute, false) => t.applicant,
        (Kind::Dispute, true) => t.respondent,
    }
}

/// `GET /mediation/{id}/agreement`: the 人民调解协议书 to print, the
/// parties' numbers masked (audited).
pub async fn agreement_page(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
) -> Result<Response, Refusal> {
    agreement_with(&state, &v, id, None).await
}

/// `POST /mediation/{id}/agreement`: the agreement with the parties'
/// numbers in full, to be signed, for a stated reason (audited).
pub async fn agreement_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let f = Fields::from_body(&raw);
    agreement_with(&state, &v, id, Some(f.get("reason"))).await
}

async fn agreement_with(state: &AppState, v: &Visitor, id: Uuid, reason: Option<&str>) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let (c, status, problem) = match state.app.agreement(user, &v.ip, id, reason).await {
        Ok(c) => (c, StatusCode::OK, None),
        Err(e @ crate::app::Error::Invalid { field: "reason", .. }) => {
            let problem = invalid(v, e)?;
            (state.app.agreement(user, &v.ip, id, None).await?, StatusCode::UNPROCESSABLE_ENTITY, Some(problem))
        }
        Err(e) => return Err(e.into()),
    };
    let names = state.app.region_names(&[c.row.community_id.as_str()]).await?;
    let community = names.into_iter().next().map(|(_, n)| n).unwrap_or_default();
    own_page(status, AgreementPage { shell: v.shell(), c, community, problem })
}

// The API.

/// A case in a list; its matter only for those who may open it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CaseOut {
    /// Identifier.
    pub id: Uuid,
    /// Community code.
    pub community: String,
    /// 2026-0007.
    pub number: String,
    /// Whether the caller may open it; when false only that it exists is told.
    pub opens: bool,
    /// Grid code of the parties.
    pub grid: Option<String>,
    /// dispute or petition.
    pub kind: Option<String>,
    /// neighbours, family, property, labour, land, other.
    pub matter: Option<String>,
    /// low, medium, high, major.
    pub risk: Option<String>,
    /// registered, declined, accepted, mediating, agreed, failed, to_court, to_petition, followed_up, closed.
    pub state: Option<String>,
    /// Open (not declined or closed).
    pub open: bool,
    /// Registered.
    pub registered_on: NaiveDate,
    /// Due by.
    pub due: Option<NaiveDate>,
    /// Past it.
    pub overdue: bool,
}

fn case_out(l: &Listed) -> CaseOut {
    let r = &l.row;
    let shown = |v: &String| if l.opens { Some(v.clone()) } else { None };
    CaseOut {
        id: r.id,
        community: r.community_id.clone(),
        number: r.number.clone(),
        opens: l.opens,
        grid: r.grid_code.clone(),
        kind: shown(&r.kind),
        matter: shown(&r.matter),
        risk: shown(&r.risk),
        state: shown(&r.state),
        open: !matches!(r.state.as_str(), "declined" | "closed"),
        registered_on: r.registered_on,
        due: if l.opens { l.due } else { None },
        overdue: l.opens && l.overdue,
    }
}

/// `GET /api/v1/mediation/cases`: the cases the caller may open, and those
/// a grid worker may only know exist.
#[utoipa::path(get, operation_id = "mediation_cases", path = "/api/v1/mediation/cases", tag = "mediation",
    params(ListQuery), responses((status = 200, body = [CaseOut]), (status = 401, body = crate::web::error::ErrorBody)))]
pub async fn api_list(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<axum::Json<Vec<CaseOut>>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(state.app.cases(&user, !q.all()).await?.iter().map(case_out).collect()))
}

/// A party as sent.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PartyJson {
    /// applicant or respondent.
    #[serde(default)]
    pub side: String,
    /// Name.
    pub name: String,
    /// ID number (links them to the registry).
    #[serde(default)]
    pub id_number: String,
    /// Mobile number.
    #[serde(default)]
    pub phone: String,
    /// Address.
    #[serde(default)]
    pub address: String,
}

/// A case to register.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CaseJson {
    /// Community code.
    pub community: String,
    /// dispute or petition.
    pub kind: String,
    /// neighbours, family, property, labour, land, other.
    pub matter: String,
    /// low, medium, high, major (high and major alert the head and the police office).
    pub risk: String,
    /// event, visit, walk_in, letter.
    pub origin: String,
    /// The event it comes from.
    #[serde(default)]
    pub event: Option<Uuid>,
    /// The matter in words.
    pub summary: String,
    /// A petition that went above the community first (越级上访).
    #[serde(default)]
    pub above: bool,
    /// committee, petition, police, justice, court, lawyer, volunteer.
    #[serde(default)]
    pub bodies: Vec<String>,
    /// The parties.
    pub parties: Vec<PartyJson>,
    /// The day it was received, if not today (within a year).
    #[serde(default)]
    pub received_on: Option<NaiveDate>,
    /// The parties' grid (else from the event or the parties in the registry).
    #[serde(default)]
    pub grid: Option<String>,
}

/// A party as the caller sees them.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PartyOut {
    /// applicant or respondent.
    pub side: String,
    /// Name.
    pub name: String,
    /// In the registry.
    pub person: Option<Uuid>,
    /// Masked.
    pub id_number: Option<String>,
    /// Masked.
    pub phone: Option<String>,
    /// Address.
    pub address: String,
}

/// A session.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SessionOut {
    /// When held.
    pub held_at: DateTime<Utc>,
    /// Where.
    pub place: String,
    /// Who took part.
    pub participants: String,
    /// Minutes.
    pub minutes: String,
    /// A 科技法庭 session's court.
    pub court: Option<String>,
    /// Its judge.
    pub judge: Option<String>,
    /// Its video address.
    pub video: Option<String>,
}

/// A step.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CaseStepOut {
    /// register, accept, decline, mediate, session, agree, fail, to_court, to_petition, follow_up, close.
    pub action: String,
    /// The state it led to.
    pub state: String,
    /// Its text.
    pub text: String,
    /// Who.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// A case file.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CaseFileOut {
    /// The case as listed.
    pub case: CaseOut,
    /// The matter in words.
    pub summary: String,
    /// Where it came from.
    pub origin: String,
    /// The event it came from.
    pub event: Option<Uuid>,
    /// 越级上访.
    pub above: bool,
    /// Bodies taking part.
    pub bodies: Vec<String>,
    /// The units among them, by name.
    pub units: Vec<String>,
    /// Who keeps it.
    pub keeper: String,
    /// Both parties consented to mediation.
    pub consent: bool,
    /// The agreement's terms.
    pub terms: Option<String>,
    /// The last day to ask the court to confirm the agreement.
    pub confirm_by: Option<NaiveDate>,
    /// What the follow-up found.
    pub follow_up: Option<String>,
    /// The parties (masked).
    pub parties: Vec<PartyOut>,
    /// Sessions.
    pub sessions: Vec<SessionOut>,
    /// Steps.
    pub steps: Vec<CaseStepOut>,
    /// What the caller may do now.
    pub actions: Vec<String>,
}

fn session_out(s: &SessionRow) -> SessionOut {
    SessionOut {
        held_at: s.held_at,
        place: s.place.clone(),
        participants: s.participants.clone(),
        minutes: s.minutes.clone(),
        court: s.court.clone(),
        judge: s.judge.clone(),
        video: s.video.clone(),
    }
}

fn file_out(c: CaseFile) -> CaseFileOut {
    let due = c.due;
    let overdue = due.is_some_and(|d| d < time::day(Utc::now()));
    let r = &c.row;
    CaseFileOut {
        case: case_out(&Listed { row: r.clone(), opens: true, due, overdue }),
        summary: r.summary.clone(),
        origin: r.origin.clone(),
        event: r.event_id,
        above: r.above,
        bodies: r.bodies.split(',').filter(|b| !b.is_empty()).map(str::to_owned).collect(),
        units: c.units.clone(),
        keeper: r.keeper_name.clone(),
        consent: r.consent,
        terms: r.terms.clone(),
        confirm_by: c.confirm_by,
        follow_up: r.follow_up.clone(),
        parties: c
            .parties
            .iter()
            .map(|p| PartyOut {
                side: p.row.side.clone(),
                name: p.row.name.clone(),
                person: p.row.person_id,
                id_number: p.id_number.clone(),
                phone: p.phone.clone(),
                address: p.row.address.clone(),
            })
            .collect(),
        sessions: c.sessions.iter().map(session_out).collect(),
        steps: c
            .steps
            .iter()
            .map(|s| CaseStepOut {
                action: s.action.clone(),
                state: s.state.clone(),
                text: s.text.clone(),
                by: s.by_name.clone(),
                at: s.at,
            })
            .collect(),
        actions: c.actions.iter().map(|a| (*a).to_owned()).collect(),
    }
}

/// `POST /api/v1/mediation/cases`: registers a case (the community's staff).
#[utoipa::path(post, operation_id = "mediation_register", path = "/api/v1/mediation/cases", tag = "mediation",
    request_body = CaseJson,
    responses((status = 201, body = CaseFileOut), (status = 400, body = crate::web::error::ErrorBody),
        (status = 403, body = crate::web::error::ErrorBody)))]
pub async fn api_register(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(b): ApiJson<CaseJson>,
) -> Result<(StatusCode, axum::Json<CaseFileOut>), WebError> {
    let user = caller.into_user()?;
    let ip = peer.ip().to_string();
    if b.parties.iter().any(|p| !matches!(p.side.as_str(), "" | "applicant" | "respondent")) {
        let known = "applicant, respondent".to_owned();
        return Err(crate::app::Error::invalid("parties", Reason::MediationCode { known }).into());
    }
    let n = NewCase {
        community: b.community,
        kind: b.kind,
        matter: b.matter,
        risk: b.risk,
        origin: b.origin,
        event: b.event,
        summary: b.summary,
        above: b.above,
        bodies: b.bodies,
        parties: b
            .parties
            .into_iter()
            .map(|p| NewParty {
                respondent: p.side == "respondent",
                name: p.name,
                id_number: p.id_number,
                phone: p.phone,
                address: p.address,
            })
            .collect(),
        received: b.received_on,
        grid: b.grid,
    };
    let row = state.app.register_case(&user, &ip, n).await?;
    let file = state.app.file_of(row, false).await?;
    Ok((StatusCode::CREATED, axum::Json(file_out(file))))
}

/// `GET /api/v1/mediation/cases/{id}`: a case file (audited); 404 for
/// anyone who may not open it.
#[utoipa::path(get, operation_id = "mediation_case", path = "/api/v1/mediation/cases/{id}", tag = "mediation",
    params(("id" = Uuid, Path, description = "The case")),
    responses((status = 200, body = CaseFileOut), (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_show(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<CaseFileOut>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(file_out(state.app.case_file(&user, &peer.ip().to_string(), id, None).await?)))
}

/// An action on a case.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CaseActionJson {
    /// accept, decline, mediate, agree, fail, to_court, to_petition, follow_up, close.
    pub action: String,
    /// The reason, terms or note the action needs.
    #[serde(default)]
    pub text: String,
    /// Both parties consent to mediation (a petition needs it).
    #[serde(default)]
    pub consent: bool,
}

/// `POST /api/v1/mediation/cases/{id}/actions`: moves the case.
#[utoipa::path(post, operation_id = "mediation_act", path = "/api/v1/mediation/cases/{id}/actions", tag = "mediation",
    params(("id" = Uuid, Path, description = "The case")), request_body = CaseActionJson,
    responses((status = 200, body = CaseFileOut), (status = 400, body = crate::web::error::ErrorBody),
        (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_act(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<CaseActionJson>,
) -> Result<axum::Json<CaseFileOut>, WebError> {
    let user = caller.into_user()?;
    let action = action_from(&b.action, &b.text, b.consent)?;
    let row = state.app.act_on_case(&user, &peer.ip().to_string(), id, action).await?;
    Ok(axum::Json(file_out(state.app.file_of(row, false).await?)))
}

/// A session to record.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SessionJson {
    /// When held.
    pub held_at: DateTime<Utc>,
    /// Where.
    pub place: String,
    /// Who took part.
    pub participants: String,
    /// Minutes.
    pub minutes: String,
    /// A 科技法庭 session's court (with the judge).
    #[serde(default)]
    pub court: String,
    /// Its judge.
    #[serde(default)]
    pub judge: String,
    /// Its video address.
    #[serde(default)]
    pub video: String,
}

/// `POST /api/v1/mediation/cases/{id}/sessions`: records a session.
#[utoipa::path(post, operation_id = "mediation_session", path = "/api/v1/mediation/cases/{id}/sessions",
    tag = "mediation", params(("id" = Uuid, Path, description = "The case")), request_body = SessionJson,
    responses((status = 201, body = SessionOut), (status = 400, body = crate::web::error::ErrorBody),
        (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_session(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<SessionJson>,
) -> Result<(StatusCode, axum::Json<SessionOut>), WebError> {
    let user = caller.into_user()?;
    let n = NewSession {
        held_at: Some(b.held_at),
        place: b.place,
        participants: b.participants,
        minutes: b.minutes,
        court: b.court,
        judge: b.judge,
        video: b.video,
        planned: None,
    };
    let s = state.app.hold_session(&user, &peer.ip().to_string(), id, n).await?;
    Ok((StatusCode::CREATED, axum::Json(session_out(&s))))
}
