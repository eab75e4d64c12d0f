//! Events as staff work them: the dispatch board and lists, one event's
//! timeline and the actions on it, bulk dispatch, the inbox and photos; the
//! pages and the API.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::app::events::event::{EventView, Target, Targets, View};
use crate::app::events::list::EventQuery;
use crate::domain::events::event::{Action, Satisfaction, State as EventState};
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::{Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};
use crate::web::photo::{photo_file, picture};
use crate::web::shell::{Shell, own_page};
use crate::web::upload::WithPhotos;

/// A state's name in the page's language.
pub(crate) fn state_name(shell: &Shell, stored: &str) -> &'static str {
    crate::domain::events::event::ALL
        .iter()
        .find(|s| s.as_str() == stored)
        .map_or("", |s| shell.t.events.states.name(*s))
}

/// An event as staff see it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EventJson {
    /// Identifier.
    pub id: Uuid,
    /// Tracking code.
    pub code: String,
    /// Category name.
    pub category: String,
    /// Stored state, e.g. `dispatched`.
    pub state: String,
    /// The state in Chinese.
    pub state_zh: &'static str,
    /// Channel.
    pub source: String,
    /// What the reporter wrote.
    pub text: String,
    /// Where: the building (and house) or the address a client gave.
    pub address: Option<String>,
    /// Handler while dispatched: the unit, or the category's handler (never a person's name).
    pub handler: Option<String>,
    /// The handler unit it is dispatched to.
    pub unit: Option<String>,
    /// The person it is assigned to.
    pub assignee: Option<String>,
    /// Deadline hours of the running deadline.
    pub deadline_hours: Option<i64>,
    /// Times reworked (返工).
    pub rework: i64,
    /// The timeline, oldest first.
    pub steps: Vec<StepJson>,
    /// Open events of the last 7 days that may be the same problem (tracking codes).
    pub possible_duplicates: Vec<String>,
    /// The values of the category's extra fields: (what was asked, the value).
    pub attributes: Vec<(String, String)>,
    /// Its photos, oldest first.
    pub photos: Vec<PhotoJson>,
}

/// A photo of an event.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PhotoJson {
    /// Identifier.
    pub id: Uuid,
    /// The step it belongs to.
    pub step: Option<Uuid>,
    /// `image/jpeg` or `image/png`.
    pub content_type: String,
    /// Pixels.
    pub width: i32,
    /// Pixels.
    pub height: i32,
    /// The picture (staff, signed in).
    pub url: String,
    /// Its thumbnail.
    pub thumb_url: String,
}

/// One step of an event's timeline.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StepJson {
    /// When (UTC).
    pub at: chrono::DateTime<chrono::Utc>,
    /// Who.
    pub actor: String,
    /// What: report, accept, dispatch …
    pub action: String,
    /// The state after it.
    pub state: String,
    /// Why, or what was done.
    pub note: Option<String>,
    /// Whether the reporter sees it.
    pub public: bool,
}

impl From<EventView> for EventJson {
    fn from(v: EventView) -> Self {
        EventJson {
            id: v.row.id,
            code: v.row.code,
            category: v.category,
            state: v.state.as_str().into(),
            state_zh: v.state.zh(),
            source: v.row.source,
            text: v.row.text,
            address: v.row.address,
            handler: v.row.handler,
            unit: v.unit,
            assignee: v.assignee,
            deadline_hours: v.row.deadline_hours,
            rework: v.row.rework,
            possible_duplicates: v.possible_duplicates.into_iter().map(|(code, _)| code).collect(),
            attributes: v.attributes,
            photos: v
                .photos
                .into_iter()
                .map(|p| PhotoJson {
                    url: format!("/events/{}/photos/{}", p.event_id, p.id),
                    thumb_url: format!("/events/{}/photos/{}.thumb", p.event_id, p.id),
                    id: p.id,
                    step: p.step_id,
                    content_type: p.content_type,
                    width: p.width,
                    height: p.height,
                })
                .collect(),
            steps: v
                .steps
                .into_iter()
                .map(|s| StepJson {
                    at: s.at,
                    actor: s.actor,
                    action: s.action,
                    state: s.to_state,
                    note: s.note,
                    public: s.public,
                })
                .collect(),
        }
    }
}

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
    /// Only events in grids under this region code.
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

fn event_id(text: &str) -> Result<Uuid, WebError> {
    Uuid::parse_str(text).map_err(|_| WebError::new(ErrorCode::NotFound))
}

/// One event with its whole timeline; 404 outside the caller's scope.
#[utoipa::path(get, operation_id = "show_event", path = "/api/v1/events/{id}", tag = "events",
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, body = EventJson), (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_show(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
    Path(id): Path<String>,
) -> Result<axum::Json<EventJson>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(state.app.event(&user, event_id(&id)?).await?.into()))
}

/// An action on an event.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ActionJson {
    /// accept, reject, duplicate, dispatch, transfer, assign (a unit's
    /// dispatcher, to one of its people), return, start, feedback, pass,
    /// fail, visit, reopen.
    action: String,
    /// Why (reject, return, fail, reopen, transfer), or what was done (feedback).
    #[serde(default)]
    reason: String,
    /// Deadline in hours (dispatch, transfer).
    #[serde(default)]
    hours: u32,
    /// Who handles it, in words, when no unit or person is chosen (dispatch, transfer).
    #[serde(default)]
    handler: String,
    /// The handler unit (dispatch, transfer); without one, nor a person or
    /// words, the unit routing suggested.
    #[serde(default)]
    unit: Option<Uuid>,
    /// The person: a member of the unit, or without a unit a grid worker or
    /// staff member of the event's place (dispatch, transfer, assign).
    #[serde(default)]
    assignee: Option<Uuid>,
    /// The event it repeats (duplicate).
    #[serde(default)]
    of: String,
    /// satisfied, fair or unsatisfied (visit).
    #[serde(default)]
    satisfaction: String,
}

impl ActionJson {
    fn target(&self) -> Target {
        Target { unit: self.unit, assignee: self.assignee, handler: Some(self.handler.clone()) }
    }

    fn action(&self) -> Result<Action, WebError> {
        let reason = self.reason.clone();
        Ok(match self.action.as_str() {
            "accept" => Action::Accept,
            "reject" => Action::Reject { reason },
            "duplicate" => Action::MarkDuplicate { of: self.of.clone() },
            "dispatch" => Action::Dispatch { hours: self.hours },
            "transfer" => Action::Transfer { reason, hours: self.hours },
            "assign" => Action::Assign,
            "return" => Action::Return { reason },
            "start" => Action::Start,
            "feedback" => Action::Feedback { note: reason },
            "pass" => Action::Pass,
            "fail" => Action::Fail { reason },
            "visit" => Action::Visit(match self.satisfaction.as_str() {
                "satisfied" => Satisfaction::Satisfied,
                "fair" => Satisfaction::Fair,
                "unsatisfied" => Satisfaction::Unsatisfied,
                _ => {
                    return Err(WebError {
                        code: ErrorCode::InvalidInput,
                        field: Some("satisfaction"),
                        detail: None,
                        reason: None,
                    });
                }
            }),
            "reopen" => Action::Reopen { reason },
            _ => {
                return Err(WebError {
                    code: ErrorCode::InvalidInput,
                    field: Some("action"),
                    detail: None,
                    reason: None,
                });
            }
        })
    }
}

/// Moves an event through its workflow (staff who work its community or
/// grid). Evidence photos: `multipart/form-data` with this JSON as a `json`
/// part and up to 3 `photo` parts.
#[utoipa::path(post, path = "/api/v1/events/{id}/actions", tag = "events", request_body = ActionJson,
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, body = EventJson),
        (status = 400, description = "`invalid_input`: not allowed in this state, or a reason or deadline missing", body = crate::web::error::ErrorBody)))]
pub async fn api_act(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
    Path(id): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    WithPhotos { body: a, photos }: WithPhotos<ActionJson>,
) -> Result<axum::Json<EventJson>, WebError> {
    let user = caller.into_user()?;
    let action = a.action()?;
    let ip = peer.ip().to_string();
    let typed = Some(a.reason.as_str());
    let view = state.app.act_on_event(&user, &ip, event_id(&id)?, action, (&a.target(), typed), photos).await?;
    Ok(axum::Json(view.into()))
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

#[derive(Template)]
#[template(path = "event.html")]
struct DetailPage {
    shell: Shell,
    e: EventView,
    message: Option<String>,
    /// What was chosen and typed, kept when the action is refused.
    typed: ActionForm,
    /// The field the message is about (`action`, `reason`, `hours`, `of`).
    field: &'static str,
    /// Where it may be sent (when dispatch or transfer is offered).
    targets: Targets,
}

impl DetailPage {
    /// The latest 回访's outcome (满意, 基本满意, 不满意), even once a 不满意
    /// has sent it back to work.
    fn last_rating(&self) -> Option<&'static str> {
        self.e.steps.iter().rev().find(|s| s.action == "visit").map(|s| state_name(&self.shell, &s.to_state))
    }

    fn state_zh(&self, stored: &str) -> &'static str {
        state_name(&self.shell, stored)
    }

    /// Whether `action` is offered.
    fn can(&self, action: &str) -> bool {
        self.e.actions.contains(&action)
    }

    /// Whether the message is about no field of the form (shown above it).
    fn message_at_top(&self) -> bool {
        !matches!(self.field, "action" | "reason" | "hours" | "of" | "unit" | "assignee")
    }

    /// The unit preselected: as typed, else routing's suggestion.
    fn unit_chosen(&self, id: &Uuid) -> bool {
        let typed = self.typed.unit.trim();
        if typed.is_empty() && self.typed.action.is_empty() {
            self.e.suggested_unit.as_ref().is_some_and(|(s, _)| s == id)
        } else {
            typed == id.to_string()
        }
    }

    fn assignee_chosen(&self, id: &Uuid) -> bool {
        self.typed.assignee.trim() == id.to_string()
    }

    /// A unit's name by id, for the person list's groups.
    fn unit_name(&self, id: &Uuid) -> &str {
        self.targets.units.iter().find(|u| u.id == *id).map_or("", |u| u.name.as_str())
    }

    fn hours(&self) -> String {
        if self.typed.hours.is_empty() {
            self.e.row.deadline_hours.unwrap_or(24).to_string()
        } else {
            self.typed.hours.clone()
        }
    }

    /// The actions offered in the form: the ones the state allows and the
    /// viewer may take, worded.
    fn offered(&self) -> Vec<(&'static str, &'static str)> {
        self.shell.t.events.actions.iter().filter(|(k, _)| self.e.actions.contains(k)).copied().collect()
    }

    /// The steps that need nothing typed, offered as one-tap buttons when
    /// the workflow allows them now (受理, 开始处置, 核查通过).
    fn quick_actions(&self) -> Vec<(&'static str, &'static str)> {
        ["accept", "start", "pass"]
            .into_iter()
            .filter(|key| self.e.actions.contains(key))
            .filter_map(|key| self.shell.t.events.actions.iter().find(|(k, _)| *k == key).copied())
            .collect()
    }
}

/// `GET /events/{id}`: one event, its timeline and what can be done.
pub async fn show(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let id = event_id(&id)?;
    let e = match state.app.event(user, id).await {
        Ok(e) => e,
        // Her own report, linked from her inbox: she follows it where
        // residents do, on its tracking page.
        Err(crate::app::Error::NotFound(what)) => match state.app.my_report_code(user, id).await? {
            Some(code) => {
                return Ok(axum::response::IntoResponse::into_response(axum::response::Redirect::to(&format!(
                    "/track/{code}"
                ))));
            }
            None => return Err(crate::app::Error::NotFound(what).into()),
        },
        Err(e) => return Err(e.into()),
    };
    detail(&state, &v, e, StatusCode::OK, None, ActionForm::default(), "").await
}

/// The event page, with where it may be sent when that is offered.
async fn detail(
    state: &AppState,
    v: &Visitor,
    e: EventView,
    status: StatusCode,
    message: Option<String>,
    typed: ActionForm,
    field: &'static str,
) -> Result<Response, Refusal> {
    let mut targets = if e.actions.iter().any(|a| matches!(*a, "dispatch" | "transfer" | "assign")) {
        state.app.targets(&e.row).await?
    } else {
        Targets::default()
    };
    // A unit's dispatcher gives it to the unit's own people, and sees no one else.
    if e.for_unit {
        targets.members.retain(|m| Some(m.0) == e.row.unit_id);
        targets.units.retain(|u| Some(u.id) == e.row.unit_id);
        targets.workers.clear();
    }
    own_page(status, DetailPage { shell: v.shell(), e, message, typed, field, targets })
}

/// The reason for seeing a reporter's phone in full.
#[derive(Debug, Deserialize)]
pub struct RevealForm {
    #[serde(default)]
    reason: String,
}

/// `POST /events/{id}/reveal`: the reporter's phone in full, for a 回访
/// call, for a stated reason, audited.
pub async fn reveal(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    axum::extract::Form(form): axum::extract::Form<RevealForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let id = event_id(&id)?;
    match state.app.reveal_reporter_phone(user, &v.ip, id, &form.reason).await {
        Ok(e) => detail(&state, &v, e, StatusCode::OK, None, ActionForm::default(), "").await,
        Err(crate::app::Error::Invalid { reason, .. }) => {
            let e = state.app.event(user, id).await?;
            let message = Some(v.prefs.lang.refusal(&reason));
            detail(&state, &v, e, StatusCode::UNPROCESSABLE_ENTITY, message, ActionForm::default(), "reveal").await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /events/{id}`: an action from the page's form.
pub async fn act(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    WithPhotos { body: a, photos }: WithPhotos<ActionForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let id = event_id(&id)?;
    let json = ActionJson {
        action: a.action.clone(),
        reason: a.reason.clone(),
        hours: a.hours.trim().parse().unwrap_or(0),
        handler: a.handler.clone(),
        unit: Uuid::parse_str(a.unit.trim()).ok(),
        assignee: Uuid::parse_str(a.assignee.trim()).ok(),
        of: a.of.clone(),
        satisfaction: a.satisfaction.clone(),
    };
    let result = match json.action() {
        Ok(action) => {
            state.app.act_on_event(user, &v.ip, id, action, (&json.target(), Some(json.reason.as_str())), photos).await
        }
        Err(_) => Err(crate::app::Error::invalid("action", crate::app::refusal::Reason::ChooseAction)),
    };
    match result {
        Ok(e) => detail(&state, &v, e, StatusCode::OK, None, ActionForm::default(), "").await,
        Err(crate::app::Error::Invalid { field, reason }) => {
            let e = state.app.event(user, id).await?;
            let message = Some(v.prefs.lang.refusal(&reason));
            detail(&state, &v, e, StatusCode::UNPROCESSABLE_ENTITY, message, a, field).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The action form of the page (the API's, with text fields).
#[derive(Debug, Default, Deserialize)]
pub struct ActionForm {
    action: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    hours: String,
    #[serde(default)]
    handler: String,
    /// A unit's id, or empty.
    #[serde(default)]
    unit: String,
    /// A person's account id, or empty.
    #[serde(default)]
    assignee: String,
    #[serde(default)]
    of: String,
    #[serde(default)]
    satisfaction: String,
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    shell: Shell,
    notes: Vec<linli_store::notify::outbox::Notification>,
}

/// `GET /inbox`: what is addressed to the user or their roles.
pub async fn inbox(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let notes = state.app.inbox(user).await?;
    own_page(StatusCode::OK, InboxPage { shell: v.shell(), notes })
}

/// `GET /events/{id}/photos/{photo}[.thumb]`: a photo, for those who see the event.
pub async fn photo(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let (photo, thumb) = photo_file(&file)?;
    Ok(picture(state.app.event_photo(user, event_id(&id)?, photo, thumb).await?))
}
