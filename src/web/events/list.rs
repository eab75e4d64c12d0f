//! Events lists as staff work them: the dispatch board, a grid worker's
//! or a unit's tasks, the leader's overdue and rework lists, their filters
//! and words, the export, and dispatching several at once; the pages and
//! the API.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::event::state_name;
use crate::app::events::event::View;
use crate::app::events::list::EventQuery;
use crate::domain::events::event::State as EventState;
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::{Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};
use crate::web::shell::{Shell, own_page};

/// A list's query: the view, filters, words and the page.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// `board` (to accept or dispatch), `mine` (theirs: assigned to them or
    /// their unit, soonest due first), `late` (open and past a deadline),
    /// `rework`; all otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    view: Option<String>,
    /// Only events in this state (e.g. `dispatched`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    state: Option<String>,
    /// Only this category code (a parent's takes its sub-categories).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    category: Option<String>,
    /// Only events under this region: a community or street code takes its
    /// events by community, a grid code by grid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    grid: Option<String>,
    /// Only events dispatched to this handler unit (its id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unit: Option<String>,
    /// Reported on or after this day (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    from: Option<String>,
    /// Reported on or before this day (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    to: Option<String>,
    /// `1`: only open events past a deadline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    overdue: Option<String>,
    /// Words each event must hold in its description or address (each of
    /// at least two characters; Chinese needs no spaces).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    q: Option<String>,
    /// The cursor: the `next` of the page before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    after: Option<String>,
    /// How many (1–200, 50 when not given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    limit: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl ListQuery {
    /// What to ask the app for, or why not (the field and its reason).
    fn query(&self) -> Result<EventQuery, crate::app::Error> {
        use crate::app::Error;
        use crate::app::refusal::Reason;
        let date = |field: &'static str, v: &Option<String>| match given(v) {
            Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| Error::invalid(field, Reason::BadDate)),
            None => Ok(None),
        };
        let state = match given(&self.state) {
            Some(s) => Some(
                EventState::parse(s)
                    .ok_or_else(|| Error::invalid("state", Reason::UnknownState { state: s.to_owned() }))?,
            ),
            None => None,
        };
        let id = |field: &'static str, v: &Option<String>, reason: Reason| match given(v) {
            Some(u) => Uuid::parse_str(u).map(Some).map_err(|_| Error::invalid(field, reason)),
            None => Ok(None),
        };
        let view = match given(&self.view) {
            None | Some("all") => View::All,
            Some(v) => match View::parse(v) {
                View::All => return Err(Error::invalid("view", Reason::ListView)),
                known => known,
            },
        };
        let overdue = match given(&self.overdue) {
            None | Some("0" | "false" | "off") => false,
            Some("1" | "true" | "on") => true,
            Some(_) => return Err(Error::invalid("overdue", Reason::ListOverdue)),
        };
        let limit = match given(&self.limit) {
            None => 0,
            Some(l) => match l.parse::<u64>() {
                Ok(n) if (1..=crate::app::events::list::PAGE_MAX).contains(&n) => n,
                _ => return Err(Error::invalid("limit", Reason::PageSize { max: crate::app::events::list::PAGE_MAX })),
            },
        };
        Ok(EventQuery {
            view,
            state,
            category: given(&self.category).map(str::to_owned),
            grid: given(&self.grid).map(str::to_owned),
            unit: id("unit", &self.unit, Reason::NoSuchUnit)?,
            from: date("from", &self.from)?,
            to: date("to", &self.to)?,
            overdue,
            words: self.q.clone().unwrap_or_default(),
            after: id("after", &self.after, Reason::NotFound)?,
            limit,
        })
    }

    /// The query string of this list, on the page after `after` (or the first).
    fn link(&self, after: Option<Uuid>) -> String {
        let q = ListQuery { after: after.map(|a| a.to_string()), ..self.clone() };
        serde_urlencoded::to_string(&q).unwrap_or_default()
    }
}

/// An event in a list.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EventItemJson {
    /// Identifier.
    pub id: Uuid,
    /// Tracking code.
    pub code: String,
    /// Category code.
    pub category: String,
    /// Stored state, e.g. `dispatched`.
    pub state: String,
    /// The state in Chinese.
    pub state_zh: &'static str,
    /// Channel.
    pub source: String,
    /// Grid code, when known.
    pub grid: Option<String>,
    /// Where, in words.
    pub address: Option<String>,
    /// What the reporter wrote.
    pub text: String,
    /// The handler unit it is dispatched to.
    pub unit: Option<Uuid>,
    /// The account it is assigned to.
    pub assignee: Option<Uuid>,
    /// When the running deadline falls due.
    pub due_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Whether it ever ran past a deadline.
    pub late: bool,
    /// Times reworked (返工).
    pub rework: i64,
    /// Reported at.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Last changed.
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// Closed (结案) at, while it is.
    pub closed_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<linli_store::events::event::EventRow> for EventItemJson {
    fn from(e: linli_store::events::event::EventRow) -> Self {
        let state_zh = crate::domain::events::event::ALL.iter().find(|s| s.as_str() == e.state).map_or("", |s| s.zh());
        EventItemJson {
            due_at: e.deadline_from.zip(e.deadline_hours).map(|(f, h)| f + chrono::Duration::hours(h)),
            id: e.id,
            code: e.code,
            category: e.category_code,
            state: e.state,
            state_zh,
            source: e.source,
            grid: e.grid_code,
            address: e.address,
            text: e.text,
            unit: e.unit_id,
            assignee: e.assignee_id,
            late: e.late,
            rework: e.rework,
            created_at: e.created_at,
            updated_at: e.updated_at,
            closed_at: e.closed_at,
        }
    }
}

/// A page of events.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EventListJson {
    /// The events, newest first (`view=mine`: soonest due first).
    pub items: Vec<EventItemJson>,
    /// The cursor of the next page (pass it as `after`), when there is one.
    pub next: Option<String>,
}

/// Events in the caller's scope, newest first, a page at a time.
#[utoipa::path(get, operation_id = "list_events", path = "/api/v1/events", tag = "events", params(ListQuery),
    responses((status = 200, body = EventListJson), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn api_list(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
    Query(q): Query<ListQuery>,
) -> Result<axum::Json<EventListJson>, WebError> {
    let user = caller.into_user()?;
    let page = state.app.events(&user, &q.query()?).await?;
    Ok(axum::Json(EventListJson {
        items: page.rows.into_iter().map(Into::into).collect(),
        next: page.next.map(|n| n.to_string()),
    }))
}

/// `GET /events.xlsx` and `GET /api/v1/events.xlsx`: the list as a workbook
/// (at most 20,000 rows; the reporter's name masked, no phone), audited.
#[utoipa::path(get, operation_id = "export_events", path = "/api/v1/events.xlsx", tag = "events", params(ListQuery),
    responses((status = 200, description = "An XLSX workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn api_export(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    let user = caller.into_user()?;
    export(&state, &user, &addr.ip().to_string(), &q).await
}

async fn export(
    state: &AppState,
    user: &crate::app::access::auth::User,
    ip: &str,
    q: &ListQuery,
) -> Result<Response, WebError> {
    let query = q.query()?;
    let _ticket = state.jobs.claim(user.account.row.id, "export")?;
    let _turn = state.app.export_gate().enter(1).await?;
    let rows = state.app.export_events(user, ip, &query).await?;
    let body = crate::domain::export::xlsx("诉求", &crate::app::events::list::EXPORT_COLUMNS, &rows)
        .map_err(|_| WebError::new(ErrorCode::Internal))?;
    Ok(crate::web::download::attachment(crate::web::registry::import::XLSX, "events", "xlsx", body))
}

/// `GET /events.xlsx`: the list on the page, as a workbook.
pub async fn export_page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<ListQuery>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    match export(&state, user, &v.ip, &q).await {
        Ok(r) => Ok(r),
        // Too many: the list says so; a refused filter: the list shows it by its field.
        Err(WebError { reason: Some(r @ crate::app::refusal::Reason::ExportTooMany { .. }), .. }) => {
            let message = v.prefs.lang.refusal(&r);
            list_page(&state, &v, q, StatusCode::UNPROCESSABLE_ENTITY, Some(message)).await
        }
        Err(WebError { reason: Some(_), .. }) => list_page(&state, &v, q, StatusCode::UNPROCESSABLE_ENTITY, None).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "events.html")]
struct ListPage {
    shell: Shell,
    events: Vec<linli_store::events::event::EventRow>,
    /// The list asked for, as typed.
    q: ListQuery,
    message: Option<String>,
    /// A filter refused: its field and why.
    refused: Option<(&'static str, String)>,
    /// Category names by code.
    categories: std::collections::HashMap<String, String>,
    /// The categories to filter by, in the tree's order.
    choices: Vec<(String, String)>,
    /// The query string of the next page.
    next: Option<String>,
    /// The query string of this list (for its export).
    export: String,
    /// The reader works no region (a unit's member): only their own lists.
    outsider: bool,
    /// Some listed event waits for dispatch and the reader may dispatch it:
    /// the board offers dispatching several at once.
    bulk: bool,
    /// A bulk dispatch that came back: what was ticked and typed.
    kept: BulkKept,
    /// The message says something was refused.
    refusal: bool,
}

impl ListPage {
    /// The lists offered as tabs: a unit's member has theirs only.
    fn tabs(&self) -> Vec<(&'static str, &'static str)> {
        self.shell
            .t
            .events
            .views
            .iter()
            .copied()
            .filter(|(key, _)| !self.outsider || matches!(*key, "" | "mine"))
            .collect()
    }

    /// The heading: the list shown (我的任务, 超期 …), or all of them.
    fn heading(&self) -> &'static str {
        match self.shell.t.events.view(self.view()) {
            "" => self.shell.t.events.list_title,
            label => label,
        }
    }

    fn view(&self) -> &str {
        given(&self.q.view).unwrap_or("")
    }

    fn typed<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }

    /// Why a field was refused, if it was.
    fn refused_at(&self, field: &str) -> Option<&str> {
        self.refused.as_ref().filter(|(f, _)| *f == field).map(|(_, m)| m.as_str())
    }

    /// A refusal of a field the form does not show.
    fn refused_elsewhere(&self) -> Option<&str> {
        self.refused
            .as_ref()
            .filter(|(f, _)| !["q", "category", "from", "to", "state"].contains(f))
            .map(|(_, m)| m.as_str())
    }

    fn category(&self, code: &str) -> String {
        self.categories.get(code).cloned().unwrap_or_else(|| code.to_owned())
    }

    fn state_zh(&self, stored: &str) -> &'static str {
        state_name(&self.shell, stored)
    }

    /// When an event on the clock is due, local time.
    fn due(&self, e: &linli_store::events::event::EventRow) -> String {
        match (e.deadline_from, e.deadline_hours) {
            (Some(from), Some(h)) => crate::domain::time::zone().month_day_minute(from + chrono::Duration::hours(h)),
            _ => String::new(),
        }
    }
}

/// A bulk dispatch that did not go through for every event: the events
/// still ticked, the handler and the hours as typed.
#[derive(Debug)]
struct BulkKept {
    ids: Vec<Uuid>,
    handler: String,
    hours: String,
}

impl Default for BulkKept {
    fn default() -> Self {
        BulkKept { ids: Vec::new(), handler: String::new(), hours: "24".into() }
    }
}

async fn list_page(
    state: &AppState,
    v: &Visitor,
    q: ListQuery,
    status: StatusCode,
    message: Option<String>,
) -> Result<Response, Refusal> {
    list_page_kept(state, v, q, status, message, BulkKept::default(), false).await
}

async fn list_page_kept(
    state: &AppState,
    v: &Visitor,
    q: ListQuery,
    status: StatusCode,
    message: Option<String>,
    kept: BulkKept,
    refusal: bool,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    // A refused filter comes back beside its field, with what was typed.
    let (events, next, refused, status) = match q.query() {
        Ok(query) => match state.app.events(user, &query).await {
            Ok(page) => (page.rows, page.next, None, status),
            Err(crate::app::Error::Invalid { field, reason }) => {
                (Vec::new(), None, Some((field, v.prefs.lang.refusal(&reason))), StatusCode::UNPROCESSABLE_ENTITY)
            }
            Err(e) => return Err(e.into()),
        },
        Err(crate::app::Error::Invalid { field, reason }) => {
            (Vec::new(), None, Some((field, v.prefs.lang.refusal(&reason))), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => return Err(e.into()),
    };
    let tree = state.app.categories().await?;
    let categories = tree.iter().map(|c| (c.code.clone(), c.name.clone())).collect();
    let choices = tree.into_iter().map(|c| (c.code, c.name)).collect();
    let next = next.map(|n| q.link(Some(n)));
    let export = q.link(None);
    let outsider = crate::app::registry::household::read_scope(user).is_empty();
    let bulk = events.iter().any(|e| e.state == "accepted" && crate::app::events::event::may_act(user, e));
    let page = ListPage {
        shell: v.shell(),
        events,
        q,
        message,
        refused,
        categories,
        choices,
        next,
        export,
        outsider,
        bulk,
        kept,
        refusal,
    };
    own_page(status, page)
}

/// `GET /events?view=&state=`: the events in the user's scope — the
/// dispatch board, a grid worker's tasks, the leader's overdue and rework lists.
pub async fn list(State(state): State<AppState>, v: Visitor, Query(q): Query<ListQuery>) -> Result<Response, Refusal> {
    list_page(&state, &v, q, StatusCode::OK, None).await
}

/// The bulk dispatch form: the ticked events, a handler and a deadline.
#[derive(Debug, Deserialize)]
pub struct BulkForm {
    #[serde(default)]
    handler: String,
    #[serde(default)]
    hours: String,
}

/// `POST /events/dispatch`: dispatches the ticked events of the board.
pub async fn bulk_dispatch(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::RawForm(raw): axum::extract::RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&raw).unwrap_or_default();
    let ids: Vec<Uuid> = pairs.iter().filter(|(k, _)| k == "id").filter_map(|(_, v)| Uuid::parse_str(v).ok()).collect();
    let f: BulkForm = serde_urlencoded::from_bytes(&raw).map_err(|_| WebError::new(ErrorCode::InvalidInput))?;
    let back = || ListQuery { view: Some("board".into()), ..Default::default() };
    let hours = f.hours.trim().parse().unwrap_or(0);
    let t = &v.prefs.lang.texts().events.bulk;
    // What did not go keeps its tick, and the form what was typed.
    let mut kept = BulkKept { ids: Vec::new(), handler: f.handler.clone(), hours: f.hours.clone() };
    let (message, status) = if ids.is_empty() {
        (t.pick_some.to_owned(), StatusCode::UNPROCESSABLE_ENTITY)
    } else {
        let results = state.app.dispatch_many(user, &v.ip, &ids, &f.handler, hours).await?;
        let done = results.iter().filter(|r| r.1.is_ok()).count();
        let refused: Vec<String> =
            results.iter().filter_map(|r| r.1.as_ref().err()).map(|r| v.prefs.lang.refusal(r)).collect();
        kept.ids = results.iter().filter(|r| r.1.is_err()).map(|r| r.0).collect();
        let mut m = t.dispatched.replace("{n}", &done.to_string());
        if refused.is_empty() {
            kept = BulkKept::default();
            (m, StatusCode::OK)
        } else {
            m += &t
                .not_dispatched
                .replace("{n}", &refused.len().to_string())
                .replace("{why}", &refused.join(t.separator));
            (m, StatusCode::UNPROCESSABLE_ENTITY)
        }
    };
    let refusal = status != StatusCode::OK;
    list_page_kept(&state, &v, back(), status, Some(message), kept, refusal).await
}

/// Several events to one handler.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct BulkJson {
    /// The events' ids.
    ids: Vec<Uuid>,
    /// Who handles them.
    handler: String,
    /// Deadline in hours.
    hours: u32,
}

/// What a bulk dispatch did to one event.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BulkResult {
    /// The event.
    pub id: Uuid,
    /// Its tracking code, when dispatched.
    pub code: Option<String>,
    /// Why not, when refused.
    pub refused: Option<String>,
}

/// Dispatches several accepted events to one handler; each on its own.
#[utoipa::path(post, path = "/api/v1/events/dispatch", tag = "events", request_body = BulkJson,
    responses((status = 200, body = Vec<BulkResult>)))]
pub async fn api_bulk_dispatch(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    prefs: crate::web::prefs::Prefs,
    ApiJson(b): ApiJson<BulkJson>,
) -> Result<axum::Json<Vec<BulkResult>>, WebError> {
    let user = caller.into_user()?;
    let results = state.app.dispatch_many(&user, &peer.ip().to_string(), &b.ids, &b.handler, b.hours).await?;
    Ok(axum::Json(
        results
            .into_iter()
            .map(|(id, r)| match r {
                Ok(code) => BulkResult { id, code: Some(code), refused: None },
                Err(why) => BulkResult { id, code: None, refused: Some(prefs.lang.refusal(&why)) },
            })
            .collect(),
    ))
}
