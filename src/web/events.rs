//! The events API: report, list, act, and follow by tracking code.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::AppState;
use super::account::Visitor;
use super::error::{ErrorCode, WebError};
use crate::app::audit::Actor;
use crate::app::auth::SessionCheck;
use crate::app::event::{EventView, NewReport, Tracked};
use crate::domain::event::{Action, Satisfaction, State as EventState};
use crate::domain::phone::Phone;

/// A report.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ReportJson {
    /// Category code (see the categories).
    category: String,
    /// What happened.
    text: String,
    /// Community code.
    community: String,
    /// A building's QR token, when reported from its code.
    #[serde(default)]
    building_token: Option<String>,
    /// Reporter's name; empty for 匿名.
    #[serde(default)]
    name: String,
    /// Reporter's mobile; required when not signed in.
    #[serde(default)]
    phone: Option<String>,
}

/// What a report returns.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Reported {
    /// The event's id.
    pub id: Uuid,
    /// The code its reporter follows it by.
    pub code: String,
}

/// Reports an event, signed in or with a phone number.
#[utoipa::path(post, path = "/api/v1/events", tag = "events", request_body = ReportJson,
    responses((status = 201, body = Reported), (status = 400, description = "`invalid_input` with the field", body = super::error::ErrorBody)))]
pub async fn api_report(
    State(state): State<AppState>,
    v: Visitor,
    body: Result<axum::Json<ReportJson>, axum::extract::rejection::JsonRejection>,
) -> Result<(StatusCode, axum::Json<Reported>), WebError> {
    let axum::Json(r) = body?;
    let phone = match r.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Some(Phone::parse(p).map_err(|_| WebError {
            code: ErrorCode::InvalidInput,
            field: Some("phone"),
            detail: Some("手机号应为 11 位数字，以 1 开头".into()),
        })?),
        None => None,
    };
    let (actor, account, source) = match &v.session {
        Some(SessionCheck::Valid(u)) => {
            // Staff reporting for someone is 代报 at the counter.
            let source = if u.account.is_staff() { "counter" } else { "phone" };
            (u.actor(&v.ip), Some(u.account.row.id), source)
        }
        _ => (Actor::anonymous(&phone.as_ref().map(|p| p.masked()).unwrap_or_default(), &v.ip), None, "phone"),
    };
    let source = if r.building_token.is_some() { "qr" } else { source };
    let report = NewReport {
        category: r.category,
        text: r.text,
        community: r.community,
        building_token: r.building_token,
        reporter_name: r.name,
        reporter_phone: phone,
        source: source.into(),
    };
    let (id, code) = state.app.report_event(&actor, account, report).await?;
    Ok((StatusCode::CREATED, axum::Json(Reported { id, code })))
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
    /// Handler while dispatched.
    pub handler: Option<String>,
    /// Deadline hours of the running deadline.
    pub deadline_hours: Option<i64>,
    /// Times reworked (返工).
    pub rework: i64,
    /// The timeline, oldest first.
    pub steps: Vec<StepJson>,
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
            handler: v.row.handler,
            deadline_hours: v.row.deadline_hours,
            rework: v.row.rework,
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

/// `?state=`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// Only events in this state.
    state: Option<String>,
}

/// Events in the caller's scope, newest first.
#[utoipa::path(get, path = "/api/v1/events", tag = "events", params(ListQuery),
    responses((status = 200, description = "Events: id, code, state", body = Vec<(Uuid, String, String)>)))]
pub async fn api_list(
    State(state): State<AppState>,
    caller: super::audit::Caller,
    Query(q): Query<ListQuery>,
) -> Result<axum::Json<Vec<(Uuid, String, String)>>, WebError> {
    let user = caller.into_user()?;
    let filter = match q.state.as_deref() {
        Some(s) => Some(EventState::parse(s).ok_or(WebError::new(ErrorCode::InvalidInput))?),
        None => None,
    };
    let rows = state.app.events(&user, filter).await?;
    Ok(axum::Json(rows.into_iter().map(|r| (r.id, r.code, r.state)).collect()))
}

fn event_id(text: &str) -> Result<Uuid, WebError> {
    Uuid::parse_str(text).map_err(|_| WebError::new(ErrorCode::NotFound))
}

/// One event with its whole timeline; 404 outside the caller's scope.
#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events",
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, body = EventJson), (status = 404, body = super::error::ErrorBody)))]
pub async fn api_show(
    State(state): State<AppState>,
    caller: super::audit::Caller,
    Path(id): Path<String>,
) -> Result<axum::Json<EventJson>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(state.app.event(&user, event_id(&id)?).await?.into()))
}

/// An action on an event.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ActionJson {
    /// accept, reject, duplicate, dispatch, transfer, return, start,
    /// feedback, pass, fail, visit, reopen.
    action: String,
    /// Why (reject, return, fail, reopen, transfer), or what was done (feedback).
    #[serde(default)]
    reason: String,
    /// Deadline in hours (dispatch, transfer).
    #[serde(default)]
    hours: u32,
    /// Who handles it (dispatch, transfer).
    #[serde(default)]
    handler: String,
    /// The event it repeats (duplicate).
    #[serde(default)]
    of: String,
    /// satisfied, fair or unsatisfied (visit).
    #[serde(default)]
    satisfaction: String,
}

impl ActionJson {
    fn action(&self) -> Result<Action, WebError> {
        let reason = self.reason.clone();
        Ok(match self.action.as_str() {
            "accept" => Action::Accept,
            "reject" => Action::Reject { reason },
            "duplicate" => Action::MarkDuplicate { of: self.of.clone() },
            "dispatch" => Action::Dispatch { hours: self.hours },
            "transfer" => Action::Transfer { reason, hours: self.hours },
            "return" => Action::Return { reason },
            "start" => Action::Start,
            "feedback" => Action::Feedback { note: reason },
            "pass" => Action::Pass,
            "fail" => Action::Fail { reason },
            "visit" => Action::Visit(match self.satisfaction.as_str() {
                "satisfied" => Satisfaction::Satisfied,
                "fair" => Satisfaction::Fair,
                "unsatisfied" => Satisfaction::Unsatisfied,
                _ => return Err(WebError { code: ErrorCode::InvalidInput, field: Some("satisfaction"), detail: None }),
            }),
            "reopen" => Action::Reopen { reason },
            _ => return Err(WebError { code: ErrorCode::InvalidInput, field: Some("action"), detail: None }),
        })
    }
}

/// Moves an event through its workflow (staff who work its community or grid).
#[utoipa::path(post, path = "/api/v1/events/{id}/actions", tag = "events", request_body = ActionJson,
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, body = EventJson),
        (status = 400, description = "`invalid_input`: not allowed in this state, or a reason or deadline missing", body = super::error::ErrorBody)))]
pub async fn api_act(
    State(state): State<AppState>,
    caller: super::audit::Caller,
    Path(id): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Result<axum::Json<ActionJson>, axum::extract::rejection::JsonRejection>,
) -> Result<axum::Json<EventJson>, WebError> {
    let axum::Json(a) = body?;
    let user = caller.into_user()?;
    let action = a.action()?;
    let handler = Some(a.handler.as_str());
    let view = state.app.act_on_event(&user, &peer.ip().to_string(), event_id(&id)?, action, handler).await?;
    Ok(axum::Json(view.into()))
}

/// Follows an event by its tracking code, without signing in: the public steps only.
#[utoipa::path(get, path = "/api/v1/track/{code}", tag = "events",
    params(("code" = String, Path, description = "Tracking code")),
    responses((status = 200, body = Tracked), (status = 404, body = super::error::ErrorBody)))]
pub async fn api_track(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<axum::Json<Tracked>, WebError> {
    Ok(axum::Json(state.app.track_event(&code).await?))
}
