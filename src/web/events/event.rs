//! One event as staff work it: its timeline and the actions on it, the
//! reporter's phone for a 回访 call, the inbox and photos; the pages and
//! the API. The lists are in [`super::list`].

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::app::events::event::{EventView, Target, Targets};
use crate::domain::events::event::{Action, Satisfaction};
use crate::web::AppState;
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
    WithPhotos { body: a, photos, .. }: WithPhotos<ActionJson>,
) -> Result<axum::Json<EventJson>, WebError> {
    let user = caller.into_user()?;
    let action = a.action()?;
    let ip = peer.ip().to_string();
    let typed = Some(a.reason.as_str());
    let view = state.app.act_on_event(&user, &ip, event_id(&id)?, action, (&a.target(), typed), photos).await?;
    Ok(axum::Json(view.into()))
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
    /// The viewer runs the centre: the event may go on the 三清单's needs.
    may_list: bool,
    /// Staff who keep cases there may make a mediation case of it.
    may_mediate: bool,
    /// The mediation case made of it: (id, number).
    case: Option<(Uuid, String)>,
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
    let may_list = v.user().is_some_and(|u| crate::app::life::runs(u, &e.row.community_id));
    let may_mediate = v.user().is_some_and(|u| crate::app::mediation::keeps_cases(u, &e.row.community_id));
    let case = match may_mediate {
        true => state.app.case_of_event(&e.row.community_id, e.row.id).await?.map(|c| (c.id, c.number)),
        false => None,
    };
    let page = DetailPage { shell: v.shell(), e, message, typed, field, targets, may_list, may_mediate, case };
    own_page(status, page)
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
    WithPhotos { body: a, photos, .. }: WithPhotos<ActionForm>,
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
