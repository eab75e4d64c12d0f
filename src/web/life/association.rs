//! Associations (协会) on the web: the list, adding one with its leader,
//! asking to join, and the leader accepting. Pages and the API.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, RawForm, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use linli_store::life::association::AssociationRow;
use linli_store::life::room::RoomRow;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::typed::Fields;
use crate::app::life::association::{AssociationView, NewAssociation};
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::{Caller, Refusal, Visitor};
use crate::web::error::WebError;
use crate::web::form::Problem;
use crate::web::shell::{Shell, own_page};

#[derive(Template)]
#[template(path = "associations.html")]
struct ListPage {
    shell: Shell,
    list: Vec<AssociationRow>,
    may_add: bool,
}

/// `GET /associations`.
pub async fn list_page(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let list = state.app.associations(user).await?;
    let may_add = crate::app::life::runs_somewhere(user);
    own_page(StatusCode::OK, ListPage { shell: v.shell(), list, may_add })
}

/// The association form as typed.
#[derive(Debug, Clone, Default)]
pub struct Typed {
    community: String,
    name: String,
    about: String,
    meets: String,
    room: String,
    leader: String,
}

impl Typed {
    fn from_fields(f: &Fields) -> Typed {
        Typed {
            community: f.get("community").to_owned(),
            name: f.get("name").to_owned(),
            about: f.get("about").to_owned(),
            meets: f.get("meets").to_owned(),
            room: f.get("room").to_owned(),
            leader: f.get("leader").to_owned(),
        }
    }

    fn to_new(&self) -> NewAssociation {
        NewAssociation {
            community: self.community.trim().to_owned(),
            name: self.name.clone(),
            about: self.about.clone(),
            meets: self.meets.clone(),
            room: self.room.trim().parse().ok(),
            leader: self.leader.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "association_form.html")]
struct FormPage {
    shell: Shell,
    communities: Vec<(String, String)>,
    rooms: Vec<RoomRow>,
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
    let communities = super::communities_run(state, v).await?;
    let rooms = state.app.rooms(user).await?;
    own_page(status, FormPage { shell: v.shell(), communities, rooms, typed, problem })
}

/// `GET /associations/new`.
pub async fn new_page(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    form_page(&state, &v, StatusCode::OK, Typed::default(), Problem::none()).await
}

/// `POST /associations/new`.
pub async fn new_submit(State(state): State<AppState>, v: Visitor, RawForm(raw): RawForm) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let typed = Typed::from_fields(&Fields::from_body(&raw));
    match state.app.add_association(user, &v.ip, typed.to_new()).await {
        Ok(a) => Ok(Redirect::to(&format!("/associations/{}", a.id)).into_response()),
        Err(crate::app::Error::Invalid { field, reason }) => {
            let p = Problem::at_field(field, v.prefs.lang.refusal(&reason));
            form_page(&state, &v, StatusCode::UNPROCESSABLE_ENTITY, typed, p).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "association.html")]
struct ShowPage {
    shell: Shell,
    a: AssociationView,
    problem: Problem,
}

async fn show(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    problem: Problem,
    status: StatusCode,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let a = state.app.association(user, id).await?;
    own_page(status, ShowPage { shell: v.shell(), a, problem })
}

/// `GET /associations/{id}`.
pub async fn show_page(State(state): State<AppState>, v: Visitor, Path(id): Path<Uuid>) -> Result<Response, Refusal> {
    show(&state, &v, id, Problem::none(), StatusCode::OK).await
}

/// `POST /associations/{id}/join`: asks to join.
pub async fn join_submit(State(state): State<AppState>, v: Visitor, Path(id): Path<Uuid>) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    match state.app.ask_to_join(user, &v.ip, id).await {
        Ok(()) => Ok(Redirect::to(&format!("/associations/{id}")).into_response()),
        Err(crate::app::Error::Invalid { field, reason }) => {
            let p = Problem::at_field(field, v.prefs.lang.refusal(&reason));
            show(&state, &v, id, p, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The leader's answer about a member.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MemberForm {
    /// Their account.
    account: Uuid,
    /// accept, or remove (also: leave, for oneself).
    #[serde(rename = "do")]
    action: String,
}

/// accept (true) or remove (false); anything else is refused.
fn member_action(action: &str) -> Result<bool, crate::app::Error> {
    match action {
        "accept" => Ok(true),
        "remove" => Ok(false),
        _ => Err(crate::app::Error::invalid("do", crate::app::refusal::Reason::MemberAction)),
    }
}

/// `POST /associations/{id}/members`: accept or take off (or leave).
pub async fn member_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<MemberForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    state.app.decide_member(user, &v.ip, id, f.account, member_action(&f.action)?).await?;
    Ok(Redirect::to(&format!("/associations/{id}")).into_response())
}

// The API.

/// An association.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AssociationOut {
    /// Identifier.
    id: Uuid,
    /// Community code.
    community: String,
    /// Name.
    name: String,
    /// What it does.
    about: String,
    /// When it meets.
    meets: String,
    /// Where it meets.
    room: Option<Uuid>,
    /// Its leader.
    leader: String,
}

fn out(a: AssociationRow) -> AssociationOut {
    AssociationOut {
        id: a.id,
        community: a.community_id,
        name: a.name,
        about: a.about,
        meets: a.meets,
        room: a.room_id,
        leader: a.leader_name,
    }
}

/// An association to add.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AssociationJson {
    /// Community code.
    community: String,
    /// Name.
    name: String,
    /// What it does.
    #[serde(default)]
    about: String,
    /// When it meets.
    #[serde(default)]
    meets: String,
    /// Where it meets.
    #[serde(default)]
    room: Option<Uuid>,
    /// The leader's sign-in name or phone.
    leader: String,
}

/// Lists the associations the caller sees.
#[utoipa::path(get, operation_id = "list_associations", path = "/api/v1/associations", tag = "activities", responses((status = 200, body = Vec<AssociationOut>)))]
pub async fn api_list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::Json<Vec<AssociationOut>>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(state.app.associations(&user).await?.into_iter().map(out).collect()))
}

/// Adds an association with its leader (staff of its community).
#[utoipa::path(post, operation_id = "add_association", path = "/api/v1/associations", tag = "activities", request_body = AssociationJson,
    responses((status = 201, body = AssociationOut), (status = 400)))]
pub async fn api_add(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(j): ApiJson<AssociationJson>,
) -> Result<Response, WebError> {
    let user = caller.into_user()?;
    let n = NewAssociation {
        community: j.community,
        name: j.name,
        about: j.about,
        meets: j.meets,
        room: j.room,
        leader: j.leader,
    };
    let a = state.app.add_association(&user, &peer.ip().to_string(), n).await?;
    Ok((StatusCode::CREATED, axum::Json(out(a))).into_response())
}

/// Asks to join an association.
#[utoipa::path(post, operation_id = "join_association", path = "/api/v1/associations/{id}/join", tag = "activities",
    params(("id" = Uuid, Path, description = "Association id")), responses((status = 204), (status = 400)))]
pub async fn api_join(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, WebError> {
    let user = caller.into_user()?;
    state.app.ask_to_join(&user, &peer.ip().to_string(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Accepts someone who asked, or takes a member off (the leader), or leaves.
#[utoipa::path(post, operation_id = "decide_member", path = "/api/v1/associations/{id}/members", tag = "activities", request_body = MemberForm,
    params(("id" = Uuid, Path, description = "Association id")), responses((status = 204), (status = 403), (status = 404)))]
pub async fn api_member(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(f): ApiJson<MemberForm>,
) -> Result<StatusCode, WebError> {
    let user = caller.into_user()?;
    state.app.decide_member(&user, &peer.ip().to_string(), id, f.account, member_action(&f.action)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
