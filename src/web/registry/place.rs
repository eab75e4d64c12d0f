//! The registry tree for staff and grid workers: district → street →
//! community → grid → building → house, with boundaries, organisations and
//! the special groups of a grid. Pages and the JSON API.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::people::PersonIn;
use crate::app::access::auth::User;
use crate::app::registry::person::PersonCard;
use crate::app::registry::place::{BuildingDetail, NewOrg, RegionNode};
use crate::app::{self};
use crate::domain::registry::region::{GridCode, RegionCode};
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::{Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};
use crate::web::shell::{Shell, own_page};

#[derive(Template)]
#[template(path = "registry_region.html")]
struct RegionPage {
    shell: Shell,
    n: RegionNode,
    tagged: Vec<PersonCard>,
    scope: Vec<String>,
    message: Option<String>,
}

impl RegionPage {
    fn is_grid(&self) -> bool {
        matches!(self.n.region.level.as_str(), "grid" | "subgrid")
    }
    fn prefix(&self) -> &str {
        crate::app::access::account::significant_prefix(&self.n.region.code)
    }
    fn team_count(&self) -> usize {
        let mut grids: Vec<&str> = self.n.team.iter().map(|m| m.grid_code.as_str()).collect();
        grids.dedup();
        grids.len()
    }
    /// Whether a breadcrumb step is inside the user's scope (a link to it would 404 otherwise).
    fn visible(&self, code: &str) -> bool {
        let p = crate::app::access::account::significant_prefix(code);
        self.scope.iter().any(|s| p.starts_with(s.as_str()))
    }
}

#[derive(Template)]
#[template(path = "registry_building.html")]
struct BuildingPage {
    shell: Shell,
    d: BuildingDetail,
    message: Option<String>,
    /// The move-in form (迁入登记), as typed when it was refused.
    moving: super::move_in::MoveIn,
}

impl BuildingPage {
    fn area(&self, centi: i64) -> String {
        if centi % 100 == 0 { (centi / 100).to_string() } else { format!("{}.{:02}", centi / 100, centi % 100) }
    }
}

/// The grid a building moves to, as the form or the API gives it; one that
/// is not a grid's code is not a grid of this community.
fn moved_to(text: &str) -> Result<GridCode, app::Error> {
    GridCode::parse(text).map_err(|_| app::Error::invalid("grid", crate::app::refusal::Reason::NotAGridHere))
}

fn uuid(text: &str) -> Result<Uuid, WebError> {
    Uuid::parse_str(text).map_err(|_| WebError::new(ErrorCode::NotFound))
}

/// `GET /registry`: the top of the user's own area.
pub async fn home(v: Visitor) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let scope = crate::app::registry::household::read_scope(user);
    let first = scope.first().and_then(|p| linli_store::registry::region::canonical_code(p));
    let code = first.ok_or_else(|| WebError::new(ErrorCode::NotFound))?;
    Ok(Redirect::to(&format!("/registry/{code}")).into_response())
}

async fn render_region(
    state: &AppState,
    v: &Visitor,
    user: &User,
    code: &RegionCode,
    status: StatusCode,
    message: Option<String>,
) -> Result<Response, Refusal> {
    let n = state.app.registry_region(user, code).await?;
    let grid = matches!(n.region.level.as_str(), "grid" | "subgrid");
    let tagged = if grid { state.app.tagged_people(user, code).await? } else { Vec::new() };
    let scope = crate::app::registry::household::read_scope(user);
    own_page(status, RegionPage { shell: v.shell(), n, tagged, scope, message })
}

/// `GET /registry/{code}`: a region of the tree.
pub async fn region(State(state): State<AppState>, v: Visitor, Path(code): Path<String>) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let code = crate::web::codes::region("code", &code)?;
    render_region(&state, &v, user, &code, StatusCode::OK, None).await
}

async fn render_building(
    state: &AppState,
    v: &Visitor,
    user: &User,
    id: Uuid,
    status: StatusCode,
    message: Option<String>,
) -> Result<Response, Refusal> {
    let d = state.app.building_detail(user, id).await?;
    own_page(status, BuildingPage { shell: v.shell(), d, message, moving: super::move_in::MoveIn::blank() })
}

/// `GET /registry/buildings/{id}`: a building's houses and who lives there.
pub async fn building(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    render_building(&state, &v, user, uuid(&id)?, StatusCode::OK, None).await
}

/// A region's page again after a change to it: saved, or why it was
/// refused (other errors pass).
async fn after_change<T>(
    state: &AppState,
    v: &Visitor,
    user: &User,
    code: &RegionCode,
    done: app::Result<T>,
) -> Result<Response, Refusal> {
    let (status, message) = saved_or_refused(v, done)?;
    render_region(state, v, user, code, status, Some(message)).await
}

/// A building's page again after a change to it: saved, or why it was
/// refused (other errors pass).
async fn after_building_change(
    state: &AppState,
    v: &Visitor,
    user: &User,
    id: Uuid,
    done: app::Result<()>,
) -> Result<Response, Refusal> {
    let (status, message) = saved_or_refused(v, done)?;
    render_building(state, v, user, id, status, Some(message)).await
}

/// "Saved", or the refusal's reason, in the page's language.
fn saved_or_refused<T>(v: &Visitor, done: app::Result<T>) -> Result<(StatusCode, String), Refusal> {
    match done {
        Ok(_) => Ok((StatusCode::OK, v.prefs.lang.texts().registry.saved.to_owned())),
        Err(e) => refused(e, v.prefs.lang),
    }
}

/// Turns a refused change into the page again with the reason, in the
/// page's language; other errors pass.
fn refused(e: app::Error, lang: crate::web::i18n::Lang) -> Result<(StatusCode, String), Refusal> {
    match e {
        app::Error::Invalid { reason, .. } => Ok((StatusCode::UNPROCESSABLE_ENTITY, lang.refusal(&reason))),
        e => Err(e.into()),
    }
}

/// The boundary form.
#[derive(Debug, Deserialize)]
pub struct BoundaryForm {
    #[serde(default)]
    geojson: String,
}

/// `POST /registry/{code}/boundary`.
pub async fn boundary(
    State(state): State<AppState>,
    v: Visitor,
    Path(code): Path<String>,
    Form(form): Form<BoundaryForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let code = crate::web::codes::region("code", &code)?;
    let done = state.app.set_boundary(user, &v.ip, &code, &form.geojson).await;
    after_change(&state, &v, user, &code, done).await
}

/// An organisation, as the form and the API give it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct OrgForm {
    /// Name.
    name: String,
    /// 商铺, 企业, 社会组织, 机关事业单位 or 其他.
    kind: String,
    /// Address.
    #[serde(default)]
    address: String,
    /// Contact person.
    #[serde(default)]
    contact_name: String,
    /// Contact phone.
    #[serde(default)]
    contact_phone: String,
    /// 统一社会信用代码 (GB 32100), or empty.
    #[serde(default)]
    licence: String,
}

impl From<OrgForm> for NewOrg {
    fn from(f: OrgForm) -> Self {
        NewOrg {
            name: f.name,
            kind: f.kind,
            address: f.address,
            contact_name: f.contact_name,
            contact_phone: f.contact_phone,
            licence: f.licence,
        }
    }
}

/// `POST /registry/{code}/organisations`.
pub async fn add_org(
    State(state): State<AppState>,
    v: Visitor,
    Path(code): Path<String>,
    Form(form): Form<OrgForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let code = crate::web::codes::region("code", &code)?;
    let done = state.app.add_org(user, &v.ip, &code, form.into()).await;
    after_change(&state, &v, user, &code, done).await
}

/// `POST /registry/{code}/organisations/{id}/close`.
pub async fn close_org(
    State(state): State<AppState>,
    v: Visitor,
    Path((code, id)): Path<(String, String)>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let code = crate::web::codes::region("code", &code)?;
    let done = state.app.close_org(user, &v.ip, &code, uuid(&id)?).await;
    after_change(&state, &v, user, &code, done).await
}

/// A team member, as the form and the API give them.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TeamForm {
    /// 网格长, 专职网格员, 兼职网格员, 社区民警, 法律顾问, 党员志愿者, 楼栋长 or 物业人员.
    role: String,
    /// Name.
    name: String,
    /// Work phone.
    #[serde(default)]
    phone: String,
}

/// `POST /registry/{code}/team`.
pub async fn add_team_member(
    State(state): State<AppState>,
    v: Visitor,
    Path(code): Path<String>,
    Form(form): Form<TeamForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let code = crate::web::codes::region("code", &code)?;
    let member = (form.role.as_str(), form.name.as_str(), form.phone.as_str());
    let done = state.app.add_team_member(user, &v.ip, &code, member).await;
    after_change(&state, &v, user, &code, done).await
}

/// `POST /registry/{code}/team/{id}/leave`.
pub async fn remove_team_member(
    State(state): State<AppState>,
    v: Visitor,
    Path((code, id)): Path<(String, String)>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let code = crate::web::codes::region("code", &code)?;
    state.app.remove_team_member(user, &v.ip, &code, uuid(&id)?).await?;
    render_region(&state, &v, user, &code, StatusCode::OK, Some(v.prefs.lang.texts().registry.saved.to_owned())).await
}

/// Adds a member to a grid's service and governance team (community staff or head).
#[utoipa::path(post, path = "/api/v1/registry/{code}/team", tag = "registry", request_body = TeamForm,
    params(("code" = String, Path, description = "Grid code")),
    responses((status = 201, description = "Its id", body = String), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn api_add_team_member(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
    Path(code): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(form): ApiJson<TeamForm>,
) -> Result<(StatusCode, axum::Json<Uuid>), WebError> {
    let user = caller.into_user()?;
    let code = crate::web::codes::region("code", &code)?;
    let member = (form.role.as_str(), form.name.as_str(), form.phone.as_str());
    let id = state.app.add_team_member(&user, &peer.ip().to_string(), &code, member).await?;
    Ok((StatusCode::CREATED, axum::Json(id)))
}

/// The assign form.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AssignForm {
    /// The account's user name or phone.
    login: String,
}

/// `POST /registry/{code}/workers`: makes an account a grid worker here.
pub async fn assign_worker(
    State(state): State<AppState>,
    v: Visitor,
    Path(code): Path<String>,
    Form(form): Form<AssignForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let code = crate::web::codes::region("code", &code)?;
    let done = state.app.assign_grid_worker(user, &v.ip, &code, &form.login).await;
    after_change(&state, &v, user, &code, done).await
}

/// `POST /registry/{code}/workers/{account}/remove`.
pub async fn unassign_worker(
    State(state): State<AppState>,
    v: Visitor,
    Path((code, account)): Path<(String, String)>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let code = crate::web::codes::region("code", &code)?;
    state.app.unassign_grid_worker(user, &v.ip, &code, uuid(&account)?).await?;
    render_region(&state, &v, user, &code, StatusCode::OK, Some(v.prefs.lang.texts().registry.saved.to_owned())).await
}

/// Makes an account a grid worker of a grid (community head, street or district admin).
#[utoipa::path(post, path = "/api/v1/registry/{code}/workers", tag = "registry", request_body = AssignForm,
    params(("code" = String, Path, description = "Grid code")),
    responses((status = 204), (status = 400, body = crate::web::error::ErrorBody), (status = 403, body = crate::web::error::ErrorBody)))]
pub async fn api_assign_worker(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
    Path(code): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(form): ApiJson<AssignForm>,
) -> Result<StatusCode, WebError> {
    let user = caller.into_user()?;
    let code = crate::web::codes::region("code", &code)?;
    state.app.assign_grid_worker(&user, &peer.ip().to_string(), &code, &form.login).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The move form.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MoveForm {
    /// The grid to move to (same community).
    grid: String,
}

/// `POST /registry/buildings/{id}/grid`.
pub async fn move_building(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(form): Form<MoveForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let id = uuid(&id)?;
    let moved = match moved_to(&form.grid) {
        Ok(grid) => state.app.move_building(user, &v.ip, id, &grid).await,
        Err(e) => Err(e),
    };
    after_building_change(&state, &v, user, id, moved).await
}

/// The house form.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct HouseForm {
    /// 自住, 出租, 空置 or 商铺.
    house_use: String,
    /// Area in m², e.g. `86.5`.
    area: String,
}

/// `POST /registry/buildings/{id}/houses/{house}`.
pub async fn house(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, house)): Path<(String, String)>,
    Form(form): Form<HouseForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let id = uuid(&id)?;
    let change = (form.house_use.as_str(), form.area.as_str());
    let done = state.app.set_house(user, &v.ip, id, uuid(&house)?, change).await;
    after_building_change(&state, &v, user, id, done).await
}

/// A region of the tree, as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RegionNodeJson {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// district, street, community, grid or subgrid.
    pub level: String,
    /// Children in the caller's scope: code, name, households.
    pub children: Vec<(String, String, u64)>,
    /// A grid's buildings: id, name, households.
    pub buildings: Vec<(Uuid, String, i64)>,
    /// Organisations: id, name, kind, status, licence.
    pub organisations: Vec<(Uuid, String, String, String, String)>,
    /// A grid's workers.
    pub workers: Vec<String>,
    /// Team members: grid, role, name.
    pub team: Vec<(String, String, String)>,
    /// A grid's boundary (GeoJSON Polygon).
    pub boundary: Option<serde_json::Value>,
    /// Whether the caller may change it.
    pub may_manage: bool,
}

/// A region of the tree within the caller's scope.
#[utoipa::path(get, path = "/api/v1/registry/{code}", tag = "registry",
    params(("code" = String, Path, description = "Region code, district down to sub-grid")),
    responses((status = 200, body = RegionNodeJson), (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_region(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
    Path(code): Path<String>,
) -> Result<axum::Json<RegionNodeJson>, WebError> {
    let user = caller.into_user()?;
    let code = crate::web::codes::region("code", &code)?;
    let n = state.app.registry_region(&user, &code).await?;
    Ok(axum::Json(RegionNodeJson {
        code: n.region.code,
        name: n.region.name,
        level: n.region.level.as_str().to_owned(),
        children: n.children.into_iter().map(|(r, c)| (r.code, r.name, c)).collect(),
        buildings: n.buildings.into_iter().map(|b| (b.id, b.name, b.households)).collect(),
        organisations: n.orgs.into_iter().map(|o| (o.id, o.name, o.kind, o.status, o.licence)).collect(),
        workers: n.workers.into_iter().map(|(_, name)| name).collect(),
        team: n.team.into_iter().map(|m| (m.grid_code, m.role, m.name)).collect(),
        boundary: n.boundary.and_then(|b| serde_json::from_str(&b).ok()),
        may_manage: n.may_manage,
    }))
}

/// The boundary body of the API.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct BoundaryJson {
    /// A GeoJSON Polygon (or a Feature holding one); null clears it.
    geojson: Option<serde_json::Value>,
}

/// Draws or clears a grid's boundary (community staff or head).
#[utoipa::path(put, path = "/api/v1/registry/{code}/boundary", tag = "registry", request_body = BoundaryJson,
    params(("code" = String, Path, description = "Grid code")),
    responses((status = 204), (status = 400, body = crate::web::error::ErrorBody), (status = 403, body = crate::web::error::ErrorBody)))]
pub async fn api_boundary(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
    Path(code): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(b): ApiJson<BoundaryJson>,
) -> Result<StatusCode, WebError> {
    let user = caller.into_user()?;
    let code = crate::web::codes::region("code", &code)?;
    let text = b.geojson.map(|g| g.to_string()).unwrap_or_default();
    state.app.set_boundary(&user, &peer.ip().to_string(), &code, &text).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Registers an organisation in a grid (community staff or head).
#[utoipa::path(post, path = "/api/v1/registry/{code}/organisations", tag = "registry", request_body = OrgForm,
    params(("code" = String, Path, description = "Grid code")),
    responses((status = 201, description = "Its id", body = String), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn api_add_org(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
    Path(code): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(form): ApiJson<OrgForm>,
) -> Result<(StatusCode, axum::Json<Uuid>), WebError> {
    let user = caller.into_user()?;
    let code = crate::web::codes::region("code", &code)?;
    let id = state.app.add_org(&user, &peer.ip().to_string(), &code, form.into()).await?;
    Ok((StatusCode::CREATED, axum::Json(id)))
}

/// Moves a building to another grid of its community; its households' scope follows.
#[utoipa::path(post, path = "/api/v1/buildings/{id}/grid", tag = "registry", request_body = MoveForm,
    params(("id" = String, Path, description = "Building id")),
    responses((status = 204), (status = 400, body = crate::web::error::ErrorBody), (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_move_building(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
    Path(id): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(form): ApiJson<MoveForm>,
) -> Result<StatusCode, WebError> {
    let user = caller.into_user()?;
    state.app.move_building(&user, &peer.ip().to_string(), uuid(&id)?, &moved_to(&form.grid)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sets a house's use and area.
#[utoipa::path(put, path = "/api/v1/buildings/{id}/houses/{house}", tag = "registry", request_body = HouseForm,
    params(("id" = String, Path, description = "Building id"), ("house" = String, Path, description = "House id")),
    responses((status = 204), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn api_house(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
    Path((id, house)): Path<(String, String)>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(form): ApiJson<HouseForm>,
) -> Result<StatusCode, WebError> {
    let user = caller.into_user()?;
    let change = (form.house_use.as_str(), form.area.as_str());
    state.app.set_house(&user, &peer.ip().to_string(), uuid(&id)?, uuid(&house)?, change).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The new grid form.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct GridForm {
    /// 1–999, the grid's number within the community.
    number: String,
    /// Name, e.g. 交通路第七网格.
    name: String,
}

/// `POST /registry/{code}/grids`: a new grid in a community.
pub async fn add_grid(
    State(state): State<AppState>,
    v: Visitor,
    Path(code): Path<String>,
    Form(form): Form<GridForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let code = crate::web::codes::region("code", &code)?;
    let done = state.app.create_grid(user, &v.ip, &code, &form.number, &form.name).await;
    after_change(&state, &v, user, &code, done).await
}

/// The new building form.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct BuildingForm {
    /// Name, e.g. 交通路小区12号楼.
    name: String,
}

/// `POST /registry/{code}/buildings`: a new building in a grid.
pub async fn add_building(
    State(state): State<AppState>,
    v: Visitor,
    Path(code): Path<String>,
    Form(form): Form<BuildingForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let code = crate::web::codes::region("code", &code)?;
    let done = state.app.create_building(user, &v.ip, &code, &form.name).await;
    after_change(&state, &v, user, &code, done).await
}

/// The move-in form of a building: the address and the household's head.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct HouseholdIn {
    /// Unit (单元); `1` when empty.
    #[serde(default)]
    unit: String,
    /// Room.
    room: String,
    /// The household's head.
    #[serde(flatten)]
    head: PersonIn,
}

/// `POST /registry/buildings/{id}/households`: a household moving in.
pub async fn add_household(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(form): Form<HouseholdIn>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let id = uuid(&id)?;
    let address = (form.unit.as_str(), form.room.as_str());
    let head: crate::app::registry::place::PersonForm = form.head.into();
    match state.app.move_in_household(user, &v.ip, id, address, &head).await {
        Ok(household) => Ok(Redirect::to(&format!("/households/{household}")).into_response()),
        Err(app::Error::Invalid { field, reason }) => {
            let d = state.app.building_detail(user, id).await?;
            let moving = super::move_in::MoveIn::refused(address, &head, field, v.prefs.lang.refusal(&reason));
            own_page(StatusCode::UNPROCESSABLE_ENTITY, BuildingPage { shell: v.shell(), d, message: None, moving })
        }
        Err(e) => Err(e.into()),
    }
}

/// Creates a grid in a community (community staff or head).
#[utoipa::path(post, path = "/api/v1/registry/{code}/grids", tag = "registry", request_body = GridForm,
    params(("code" = String, Path, description = "Community code")),
    responses((status = 201, description = "The grid's code", body = String), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn api_add_grid(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
    Path(code): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(form): ApiJson<GridForm>,
) -> Result<(StatusCode, axum::Json<String>), WebError> {
    let user = caller.into_user()?;
    let code = crate::web::codes::region("code", &code)?;
    let grid = state.app.create_grid(&user, &peer.ip().to_string(), &code, &form.number, &form.name).await?;
    Ok((StatusCode::CREATED, axum::Json(grid.into_string())))
}

/// Adds a building to a grid (community staff or head).
#[utoipa::path(post, path = "/api/v1/registry/{code}/buildings", tag = "registry", request_body = BuildingForm,
    params(("code" = String, Path, description = "Grid code")),
    responses((status = 201, description = "Its id", body = String), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn api_add_building(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
    Path(code): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(form): ApiJson<BuildingForm>,
) -> Result<(StatusCode, axum::Json<Uuid>), WebError> {
    let user = caller.into_user()?;
    let code = crate::web::codes::region("code", &code)?;
    let id = state.app.create_building(&user, &peer.ip().to_string(), &code, &form.name).await?;
    Ok((StatusCode::CREATED, axum::Json(id)))
}

/// Registers a household moving into a building (those who work its grid).
#[utoipa::path(post, path = "/api/v1/buildings/{id}/households", tag = "registry", request_body = HouseholdIn,
    params(("id" = String, Path, description = "Building id")),
    responses((status = 201, description = "The household's id", body = String), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn api_add_household(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
    Path(id): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(form): ApiJson<HouseholdIn>,
) -> Result<(StatusCode, axum::Json<Uuid>), WebError> {
    let user = caller.into_user()?;
    let address = (form.unit.as_str(), form.room.as_str());
    let household =
        state.app.move_in_household(&user, &peer.ip().to_string(), uuid(&id)?, address, &form.head.into()).await?;
    Ok((StatusCode::CREATED, axum::Json(household)))
}

/// Registers a person moving into a household (those who work its grid).
#[utoipa::path(post, path = "/api/v1/households/{id}/people", tag = "registry", request_body = PersonIn,
    params(("id" = String, Path, description = "Household id")),
    responses((status = 201, description = "The person's id", body = String), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn api_move_in(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
    Path(id): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(form): ApiJson<PersonIn>,
) -> Result<(StatusCode, axum::Json<Uuid>), WebError> {
    let user = caller.into_user()?;
    let person = state.app.move_in_person(&user, &peer.ip().to_string(), uuid(&id)?, &form.into()).await?;
    Ok((StatusCode::CREATED, axum::Json(person)))
}
