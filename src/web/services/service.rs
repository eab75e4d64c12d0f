//! The services API (便民服务): the catalogue, applications (a resident's
//! own or staff's 代办), their steps, and following one by query code and
//! phone without signing in. Pages come next (see the note).

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::app::services::service::{ApplicationView, NewApplication};
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::Caller;
use crate::web::error::{ErrorCode, WebError};
use crate::web::upload::WithPhotos;
use std::sync::Arc;

use crate::app::services::service::name_in;
use crate::domain::services::service::{Action, Item};

/// A matter of the catalogue, as read and as an admin writes it.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ItemJson {
    /// Code: 2–16 capital letters and digits.
    pub code: String,
    /// Name.
    pub name: String,
    /// Deciding department.
    pub department: String,
    /// Who may apply.
    pub eligibility: String,
    /// Required materials.
    pub materials: Vec<String>,
    /// Fields to fill in.
    #[serde(default)]
    pub fields: Vec<String>,
    /// Promised duration, working days.
    pub days: u32,
    /// Its steps after 受理.
    pub steps: Vec<String>,
    /// Can be done at home.
    #[serde(default)]
    pub at_home: bool,
    /// Staff may apply on a resident's behalf.
    #[serde(default)]
    pub proxy: bool,
    /// Offered in the hall.
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

impl From<Item> for ItemJson {
    fn from(i: Item) -> Self {
        ItemJson {
            code: i.code,
            name: i.name,
            department: i.department,
            eligibility: i.eligibility,
            materials: i.materials,
            fields: i.fields,
            days: i.days,
            steps: i.steps,
            at_home: i.at_home,
            proxy: i.proxy,
            active: i.active,
        }
    }
}

impl From<ItemJson> for Item {
    fn from(i: ItemJson) -> Self {
        Item {
            code: i.code,
            name: i.name,
            department: i.department,
            eligibility: i.eligibility,
            materials: i.materials,
            fields: i.fields,
            days: i.days,
            steps: i.steps,
            at_home: i.at_home,
            proxy: i.proxy,
            active: i.active,
        }
    }
}

/// The service catalogue: the items offered.
#[utoipa::path(get, path = "/api/v1/services", tag = "services", responses((status = 200, body = Vec<ItemJson>)))]
pub async fn catalogue(State(state): State<AppState>) -> Result<axum::Json<Vec<ItemJson>>, WebError> {
    let items = state.app.catalogue().await?;
    Ok(axum::Json(items.iter().filter(|i| i.active).cloned().map(ItemJson::from).collect()))
}

/// Adds or changes an item (system and district admins). Applications
/// already made keep the steps they were made with.
#[utoipa::path(put, path = "/api/v1/services/{code}", tag = "services", request_body = ItemJson,
    params(("code" = String, Path, description = "Item code")),
    responses((status = 200, body = ItemJson), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn save_item(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(code): Path<String>,
    ApiJson(mut item): ApiJson<ItemJson>,
) -> Result<axum::Json<ItemJson>, WebError> {
    let user = caller.into_user()?;
    item.code = code;
    let saved = state.app.save_service_item(&user, &peer.ip().to_string(), item.into()).await?;
    Ok(axum::Json(saved.into()))
}

/// An application.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ApplicationIn {
    /// Item code.
    item: String,
    /// Community code (代办 for a `person`: theirs).
    #[serde(default)]
    community: String,
    /// Applicant's name (代办 for a `person`: from the registry).
    #[serde(default)]
    name: String,
    /// Applicant's mobile (代办 for a `person`: the registered one if empty).
    #[serde(default)]
    phone: String,
    /// 代办 (staff): the resident, from the registry (`/api/v1/people`).
    #[serde(default)]
    person: Option<Uuid>,
    /// 代办 (staff): how the resident agreed.
    #[serde(default)]
    consent: Option<String>,
    /// The item's fields.
    #[serde(default)]
    #[schema(value_type = Object)]
    fields: serde_json::Map<String, serde_json::Value>,
}

/// What an application returns.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Applied {
    /// Identifier.
    pub id: Uuid,
    /// Query code (查询码).
    pub code: String,
}

/// Applies (a signed-in resident), or applies for a resident (staff: 代办).
#[utoipa::path(post, operation_id = "apply_for_service", path = "/api/v1/applications", tag = "services", request_body = ApplicationIn,
    responses((status = 201, body = Applied), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn apply(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    WithPhotos { body: a, photos, .. }: WithPhotos<ApplicationIn>,
) -> Result<(StatusCode, axum::Json<Applied>), WebError> {
    let user = caller.into_user()?;
    let new = NewApplication {
        item: a.item,
        community: crate::web::codes::community_if_given(&a.community)?,
        name: a.name,
        phone: a.phone,
        consent: a.consent,
        fields: a.fields,
        person: a.person,
        photos,
    };
    let (id, code) = state.app.apply_for_service(&user, &peer.ip().to_string(), new).await?;
    Ok((StatusCode::CREATED, axum::Json(Applied { id, code })))
}

/// An application and its steps.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApplicationJson {
    /// Identifier.
    pub id: Uuid,
    /// Query code.
    pub code: String,
    /// Item name.
    pub item: String,
    /// Where it stands, in Chinese.
    pub state: String,
    /// Applied for by staff (代办).
    pub proxy: bool,
    /// Promised by (from 受理).
    pub due_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Time left against the promise (while in progress).
    pub time_left: Option<String>,
    /// The steps: when, what, note.
    pub steps: Vec<(chrono::DateTime<chrono::Utc>, String, Option<String>)>,
}

impl From<ApplicationView> for ApplicationJson {
    fn from(v: ApplicationView) -> Self {
        ApplicationJson {
            id: v.row.id,
            time_left: v.time_left(),
            code: v.row.code,
            item: v.item.name,
            state: v.state_zh,
            proxy: v.row.proxy,
            due_at: v.row.due_at,
            steps: v.steps.into_iter().map(|s| (s.at, s.label, s.note)).collect(),
        }
    }
}

/// A step on an application.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ApplicationStepIn {
    /// accept, return, resubmit, pass, approve, refuse, deliver.
    action: String,
    /// What is missing (return).
    #[serde(default)]
    missing: Vec<String>,
    /// Why (refuse), or a note kept with the step (any other action).
    #[serde(default)]
    reason: String,
}

/// Moves an application on: 受理, 退回补正 and 送达 by the staff of its
/// community; each step's 通过, 准予 or 不予 by the role at the step's level
/// (社区初审: community staff or head; 街道审核: street admin; 区级审批:
/// district admin), else 400 `invalid_input` on `action`, saying whose step it is.
#[utoipa::path(post, path = "/api/v1/applications/{id}/actions", tag = "services", request_body = ApplicationStepIn,
    params(("id" = Uuid, Path, description = "Application id")),
    responses((status = 200, body = ApplicationJson), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn act(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    WithPhotos { body: s, photos, .. }: WithPhotos<ApplicationStepIn>,
) -> Result<axum::Json<ApplicationJson>, WebError> {
    let user = caller.into_user()?;
    let typed = s.reason.clone();
    let action = Action::parse(&s.action, s.missing, s.reason).ok_or(WebError {
        code: ErrorCode::InvalidInput,
        field: Some("action"),
        detail: None,
        reason: None,
    })?;
    Ok(axum::Json(
        state
            .app
            .act_on_application(&user, &peer.ip().to_string(), id, (action, Some(typed.as_str())), photos)
            .await?
            .into(),
    ))
}

/// `?code=&phone=`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TrackQuery {
    /// Query code.
    code: String,
    /// The applicant's phone.
    phone: String,
}

/// Follows an application without signing in: the query code and the phone.
#[utoipa::path(get, path = "/api/v1/applications/track", tag = "services", params(TrackQuery),
    responses((status = 200, body = ApplicationJson), (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn track(
    State(state): State<AppState>,
    Query(q): Query<TrackQuery>,
) -> Result<axum::Json<ApplicationJson>, WebError> {
    Ok(axum::Json(state.app.track_application(&q.code, &q.phone).await?.into()))
}

#[derive(askama::Template)]
#[template(path = "services.html")]
struct HallPage {
    shell: crate::web::shell::Shell,
    items: Vec<Item>,
}

/// `GET /services`: the service hall — what can be done here, with what.
pub async fn hall(
    State(state): State<AppState>,
    v: crate::web::caller::Visitor,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let items = state.app.catalogue().await?.iter().filter(|i| i.active).cloned().collect();
    crate::web::shell::own_page(StatusCode::OK, HallPage { shell: v.shell(), items })
}

#[derive(askama::Template)]
#[template(path = "service_track.html")]
pub(super) struct TrackPage {
    pub(super) shell: crate::web::shell::Shell,
    pub(super) code: String,
    pub(super) found: Option<ApplicationView>,
    pub(super) not_found: bool,
}

/// `?code=&phone=` from the tracking form.
#[derive(Debug, Default, Deserialize)]
pub struct TrackForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    phone: String,
}

/// `GET /services/track`: follow an application with its query code and phone.
pub async fn track_page(
    State(state): State<AppState>,
    v: crate::web::caller::Visitor,
    Query(q): Query<TrackForm>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let asked = !q.code.trim().is_empty();
    let found = if asked {
        match state.app.track_application(&q.code, &q.phone).await {
            Ok(a) => Some(a),
            Err(crate::app::Error::NotFound(_) | crate::app::Error::RegionNotFound) => None,
            Err(e) => return Err(e.into()),
        }
    } else {
        None
    };
    let status = if asked && found.is_none() { StatusCode::NOT_FOUND } else { StatusCode::OK };
    let page = TrackPage { shell: v.shell(), code: q.code, not_found: asked && found.is_none(), found };
    crate::web::shell::own_page(status, page)
}

/// The tracking page showing one application (a resident's own, found
/// without the code and phone).
pub(crate) fn track_result(
    v: &crate::web::caller::Visitor,
    found: ApplicationView,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let page = TrackPage { shell: v.shell(), code: found.row.code.clone(), found: Some(found), not_found: false };
    crate::web::shell::own_page(StatusCode::OK, page)
}

#[derive(askama::Template)]
#[template(path = "applications.html")]
struct ListPage {
    shell: crate::web::shell::Shell,
    rows: Vec<linli_store::services::service::ApplicationRow>,
    tally: Vec<crate::app::services::service::ItemTally>,
    q: ListQuery,
    catalogue: Arc<Vec<Item>>,
}

impl ListPage {
    fn item(&self, code: &str) -> &str {
        name_in(&self.catalogue, code)
    }

    fn state_zh(&self, row: &linli_store::services::service::ApplicationRow) -> String {
        crate::app::services::service::row_state_zh(&self.catalogue, row)
    }

    fn left(&self, row: &linli_store::services::service::ApplicationRow) -> Option<String> {
        row.due_at
            .filter(|_| row.state == "in_step")
            .map(|d| crate::app::services::service::time_left(d, chrono::Utc::now()))
    }
}

/// `?state=&item=&overdue=`: the list's filters.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// submitted, returned, in_step, approved, refused, delivered.
    #[serde(default)]
    state: String,
    /// Catalogue item code.
    #[serde(default)]
    item: String,
    /// Only those past their promised date (`1` or `true`).
    #[serde(default)]
    overdue: String,
    /// Only those whose next step is the viewer's (`1`; pages only).
    #[serde(default)]
    #[param(ignore)]
    waiting: String,
}

impl ListQuery {
    fn filter(&self) -> linli_store::services::service::Filter {
        let some = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        linli_store::services::service::Filter {
            state: some(&self.state),
            item: some(&self.item),
            due_before: matches!(self.overdue.as_str(), "1" | "true" | "on").then(chrono::Utc::now),
        }
    }

    fn overdue(&self) -> bool {
        matches!(self.overdue.as_str(), "1" | "true" | "on")
    }

    fn waiting(&self) -> bool {
        matches!(self.waiting.as_str(), "1" | "true" | "on")
    }
}

/// `GET /applications`: the applications of the staff member's communities,
/// with counts by item and state for the leader.
pub async fn list_page(
    State(state): State<AppState>,
    v: crate::web::caller::Visitor,
    Query(q): Query<ListQuery>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let user = v.signed_in()?;
    let rows = match q.waiting() {
        true => state.app.applications_waiting_list(user).await?.unwrap_or_default(),
        false => state.app.applications(user, &q.filter()).await?,
    };
    let tally = state.app.application_tally(user, chrono::Utc::now()).await?;
    let catalogue = state.app.catalogue().await?;
    crate::web::shell::own_page(StatusCode::OK, ListPage { shell: v.shell(), rows, tally, q, catalogue })
}

/// An application in a list.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApplicationRowJson {
    /// Identifier.
    pub id: Uuid,
    /// Query code.
    pub code: String,
    /// Item code.
    pub item: String,
    /// Stored state.
    pub state: String,
    /// Applicant's name.
    pub applicant: String,
    /// 代办.
    pub proxy: bool,
    /// Submitted.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Promised by.
    pub due_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Applications in the caller's scope (a grid worker's: of people living in their grids), newest first (at most 200).
#[utoipa::path(get, operation_id = "list_applications", path = "/api/v1/applications", tag = "services", params(ListQuery),
    responses((status = 200, body = Vec<ApplicationRowJson>)))]
pub async fn api_list(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<axum::Json<Vec<ApplicationRowJson>>, WebError> {
    let user = caller.into_user()?;
    let rows = state.app.applications(&user, &q.filter()).await?;
    Ok(axum::Json(
        rows.into_iter()
            .map(|r| ApplicationRowJson {
                id: r.id,
                code: r.code,
                item: r.item_code,
                state: r.state,
                applicant: r.applicant_name,
                proxy: r.proxy,
                created_at: r.created_at,
                due_at: r.due_at,
            })
            .collect(),
    ))
}

/// Applications of one item, by state.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TallyJson {
    /// Item code.
    pub item: String,
    /// Item name.
    pub name: String,
    /// (stored state, count).
    pub by_state: Vec<(String, i64)>,
    /// All.
    pub total: i64,
    /// Past the promised date.
    pub overdue: i64,
}

/// Counts of the caller's communities' applications by item and state, and
/// how many are past their promised date.
#[utoipa::path(get, path = "/api/v1/applications/summary", tag = "services",
    responses((status = 200, body = Vec<TallyJson>)))]
pub async fn api_summary(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::Json<Vec<TallyJson>>, WebError> {
    let user = caller.into_user()?;
    let tally = state.app.application_tally(&user, chrono::Utc::now()).await?;
    Ok(axum::Json(
        tally
            .into_iter()
            .map(|t| TallyJson {
                item: t.item.code,
                name: t.item.name,
                by_state: t.by_state,
                total: t.total,
                overdue: t.overdue,
            })
            .collect(),
    ))
}

/// `GET /applications/{id}/photos/{photo}[.thumb]`: a photo of its materials.
pub async fn photo(
    State(state): State<AppState>,
    v: crate::web::caller::Visitor,
    Path((id, file)): Path<(Uuid, String)>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let user = v.signed_in()?;
    let (photo, thumb) = crate::web::photo::photo_file(&file)?;
    Ok(crate::web::photo::picture(state.app.application_photo(user, id, photo, thumb).await?))
}

#[derive(askama::Template)]
#[template(path = "service_items.html")]
struct ItemsPage {
    shell: crate::web::shell::Shell,
    items: Arc<Vec<Item>>,
    form: Item,
    message: Option<String>,
    saved: bool,
}

/// `?code=`: the item to edit.
#[derive(Debug, Default, Deserialize)]
pub struct ItemQuery {
    #[serde(default)]
    code: String,
}

async fn items_page(
    state: &AppState,
    v: &crate::web::caller::Visitor,
    form: Option<Item>,
    status: StatusCode,
    message: Option<(String, bool)>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let user = v.signed_in()?;
    if !crate::app::events::category::may_edit(user) {
        return Err(WebError::new(ErrorCode::Forbidden).into());
    }
    let items = state.app.catalogue().await?;
    let form = form.unwrap_or(Item {
        code: String::new(),
        name: String::new(),
        department: String::new(),
        eligibility: String::new(),
        materials: Vec::new(),
        fields: Vec::new(),
        days: 5,
        steps: vec!["社区初审".into()],
        at_home: false,
        proxy: true,
        active: true,
    });
    let (message, saved) = message.map_or((None, false), |(m, ok)| (Some(m), ok));
    crate::web::shell::own_page(status, ItemsPage { shell: v.shell(), items, form, message, saved })
}

/// `GET /admin/services`: the catalogue, and the form for one item.
pub async fn items(
    State(state): State<AppState>,
    v: crate::web::caller::Visitor,
    Query(q): Query<ItemQuery>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let form = state.app.service_item(&q.code).await?;
    items_page(&state, &v, form, StatusCode::OK, None).await
}

/// The item form: lists one entry per line.
#[derive(Debug, Deserialize)]
pub struct ItemForm {
    code: String,
    name: String,
    department: String,
    eligibility: String,
    #[serde(default)]
    materials: String,
    #[serde(default)]
    fields: String,
    #[serde(default)]
    days: String,
    #[serde(default)]
    steps: String,
    #[serde(default)]
    at_home: Option<String>,
    #[serde(default)]
    proxy: Option<String>,
    #[serde(default)]
    active: Option<String>,
}

impl ItemForm {
    fn item(self) -> Item {
        let lines = |t: &str| t.lines().map(str::to_owned).collect();
        Item {
            materials: lines(&self.materials),
            fields: lines(&self.fields),
            steps: lines(&self.steps),
            days: self.days.trim().parse().unwrap_or(0),
            at_home: self.at_home.is_some(),
            proxy: self.proxy.is_some(),
            active: self.active.is_some(),
            code: self.code,
            name: self.name,
            department: self.department,
            eligibility: self.eligibility,
        }
    }
}

/// `POST /admin/services`: saves an item.
pub async fn save_item_page(
    State(state): State<AppState>,
    v: crate::web::caller::Visitor,
    axum::extract::Form(f): axum::extract::Form<ItemForm>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let user = v.signed_in()?;
    let item = f.item();
    match state.app.save_service_item(user, &v.ip, item.clone()).await {
        Ok(saved) => {
            let m = v.prefs.lang.texts().common.saved.to_owned();
            items_page(&state, &v, Some(saved), StatusCode::OK, Some((m, true))).await
        }
        Err(crate::app::Error::Invalid { reason, .. }) => {
            items_page(
                &state,
                &v,
                Some(item),
                StatusCode::UNPROCESSABLE_ENTITY,
                Some((v.prefs.lang.refusal(&reason), false)),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
