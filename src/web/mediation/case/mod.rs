//! Cases on the web: the list (what a grid worker may only know exists),
//! registering one (from an event, with its parties), the case file with
//! the actions its state allows, sessions and the reveal of the parties'
//! numbers, and the printable 人民调解协议书. Pages and the API.

mod api;
mod page;
pub use api::*;
pub use page::*;

use crate::app::refusal::CaseRefusal;
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
        Err(crate::app::Error::invalid("received", Reason::Cases(CaseRefusal::MediationWhen)))
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
