//! The households a grid worker or staff member looks after.

use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::people::PersonJson;
use crate::app::registry::household::{HouseholdPage, HouseholdView};
use crate::web::AppState;
use crate::web::caller::{Refusal, Visitor};
use crate::web::download::attachment;
use crate::web::error::{ErrorCode, WebError};
use crate::web::shell::{Shell, own_page};
use std::sync::Arc;

use crate::domain::export;
use crate::web::jobs::Outcome;

#[derive(Template)]
#[template(path = "households.html")]
struct ListPage {
    shell: Shell,
    list: HouseholdPage,
    grid: String,
}

#[derive(Template)]
#[template(path = "household.html")]
struct DetailPage {
    shell: Shell,
    h: HouseholdView,
    message: Option<String>,
    /// The move-in form (迁入登记), as typed when it was refused.
    moving: super::move_in::MoveIn,
    history: Vec<(String, crate::app::registry::person::HistoryView)>,
    last_visit: Option<linli_store::services::visit::VisitRow>,
}

impl DetailPage {
    fn kind_text(&self, kind: &str) -> &'static str {
        let t = &self.shell.t.people;
        match kind {
            "move_out" => t.kind_move_out,
            "death" => t.kind_death,
            "move" => t.kind_move,
            "move_in" => t.kind_move_in,
            _ => t.kind_update,
        }
    }

    /// Whether anyone still lives here: a visit is to people, not to a flat
    /// its household has left.
    fn anyone_here(&self) -> bool {
        self.h.people.iter().any(|p| p.status == crate::app::registry::person::Status::Active)
    }
}

/// The household page, with the history of everyone who lived there.
async fn detail(
    state: &AppState,
    v: &Visitor,
    h: HouseholdView,
    status: StatusCode,
    message: Option<String>,
) -> Result<Response, Refusal> {
    // `h` was read within the user's scope, so its history and visits need no second look-up.
    let history = state.app.history_of(&h).await?;
    let last_visit = state.app.visits_of(&h).await?.into_iter().next().map(|v| v.row);
    let moving = super::move_in::MoveIn::blank();
    own_page(status, DetailPage { shell: v.shell(), h, message, moving, history, last_visit })
}

fn household_id(text: &str) -> Result<Uuid, Refusal> {
    // A malformed id is as unknown as a missing one.
    Uuid::parse_str(text).map_err(|_| WebError::new(ErrorCode::NotFound).into())
}

/// `?grid=&page=` of the list.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    grid: String,
    #[serde(default)]
    page: Option<u64>,
}

/// `GET /households?grid=…&page=…`: the households in the user's scope, a page at a time.
pub async fn list(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Query(q): axum::extract::Query<ListQuery>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let grid = q.grid.trim().to_owned();
    let filter = crate::web::codes::grid_filter(Some(&grid))?;
    let list = state.app.households_page(user, filter.as_ref(), q.page.unwrap_or(1)).await?;
    own_page(StatusCode::OK, ListPage { shell: v.shell(), list, grid })
}

/// `GET /households/{id}`: one household; 404 outside the user's scope.
pub async fn show(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let h = state.app.household(user, household_id(&id)?).await?;
    detail(&state, &v, h, StatusCode::OK, None).await
}

/// `POST /households/{id}/people`: a person moving into this household.
pub async fn move_in(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(form): Form<super::people::PersonIn>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let household = household_id(&id)?;
    let person: crate::app::registry::place::PersonForm = form.into();
    match state.app.move_in_person(user, &v.ip, household, &person).await {
        Ok(_) => {
            let h = state.app.household(user, household).await?;
            detail(&state, &v, h, StatusCode::OK, Some(v.prefs.lang.texts().registry.saved.to_owned())).await
        }
        Err(crate::app::Error::Invalid { field, reason }) => {
            let h = state.app.household(user, household).await?;
            let history = state.app.history_of(&h).await?;
            let last_visit = state.app.visits_of(&h).await?.into_iter().next().map(|v| v.row);
            let moving = super::move_in::MoveIn::refused(("", ""), &person, field, v.prefs.lang.refusal(&reason));
            let page = DetailPage { shell: v.shell(), h, message: None, moving, history, last_visit };
            own_page(StatusCode::UNPROCESSABLE_ENTITY, page)
        }
        Err(e) => Err(e.into()),
    }
}

/// The "show full ID number" form.
#[derive(Debug, Deserialize)]
pub struct RevealForm {
    person: String,
    reason: String,
}

/// `POST /households/{id}/reveal`: one full ID number, for a stated reason, audited.
pub async fn reveal(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(form): Form<RevealForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let household = household_id(&id)?;
    let person = Uuid::parse_str(&form.person).map_err(|_| WebError::new(ErrorCode::NotFound))?;
    match state.app.reveal_id(user, &v.ip, household, person, &form.reason).await {
        Ok(h) => detail(&state, &v, h, StatusCode::OK, None).await,
        Err(crate::app::Error::Invalid { field: "reason", .. }) => {
            let h = state.app.household(user, household).await?;
            let message = Some(v.prefs.lang.texts().reveal_reason_needed.to_owned());
            detail(&state, &v, h, StatusCode::UNPROCESSABLE_ENTITY, message).await
        }
        Err(e) => Err(e.into()),
    }
}

/// A household with its people.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct HouseholdJson {
    /// Identifier.
    pub id: Uuid,
    /// Community code.
    pub community: String,
    /// Grid code.
    pub grid: String,
    /// Building name.
    pub building: String,
    /// Unit.
    pub unit: String,
    /// Room.
    pub room: String,
    /// People, oldest first.
    pub people: Vec<PersonJson>,
}

impl From<HouseholdView> for HouseholdJson {
    fn from(h: HouseholdView) -> Self {
        HouseholdJson {
            id: h.row.id,
            community: h.row.community_id,
            grid: h.row.grid_code,
            building: h.row.building,
            unit: h.row.unit,
            room: h.row.room,
            people: h.people.into_iter().map(PersonJson::from).collect(),
        }
    }
}

/// The households in the caller's scope (up to 500).
#[utoipa::path(get, operation_id = "list_households", path = "/api/v1/households", tag = "registry", responses(
    (status = 200, description = "Households in the caller's grids, masked", body = Vec<HouseholdJson>),
    (status = 401, description = "`unauthenticated`", body = crate::web::error::ErrorBody)))]
pub async fn api_list(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
) -> Result<axum::Json<Vec<HouseholdJson>>, WebError> {
    let user = caller.into_user()?;
    let list = state.app.households(&user, 500).await?;
    Ok(axum::Json(list.into_iter().map(HouseholdJson::from).collect()))
}

/// One household; 404 outside the caller's scope (existence is not revealed).
#[utoipa::path(get, operation_id = "show_household", path = "/api/v1/households/{id}", tag = "registry",
    params(("id" = String, Path, description = "Household id")),
    responses(
        (status = 200, body = HouseholdJson),
        (status = 404, description = "`not_found`: no such household in your scope", body = crate::web::error::ErrorBody)))]
pub async fn api_show(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
    Path(id): Path<String>,
) -> Result<axum::Json<HouseholdJson>, WebError> {
    let user = caller.into_user()?;
    let id = Uuid::parse_str(&id).map_err(|_| WebError::new(ErrorCode::NotFound))?;
    Ok(axum::Json(state.app.household(&user, id).await?.into()))
}

/// `?grid=…` of the export (and `full=1`, which only leads to the
/// confirmation page).
#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    full: Option<String>,
    #[serde(default)]
    grid: Option<String>,
}

/// Where a link asking for a full export goes: the confirmation page. A
/// GET never exports full data (a link alone would, in the victim's name).
fn to_confirmation(q: &ExportQuery, xlsx: bool) -> Response {
    let grid: String = q.grid.as_deref().unwrap_or("").chars().filter(char::is_ascii_digit).collect();
    let format = if xlsx { "xlsx" } else { "csv" };
    axum::response::Redirect::to(&format!("/exports/households/full?format={format}&grid={grid}")).into_response()
}

async fn export(state: AppState, v: Visitor, q: ExportQuery, xlsx: bool) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    if q.full.as_deref() == Some("1") {
        return Ok(to_confirmation(&q, xlsx));
    }
    let grid = crate::web::codes::grid_filter(q.grid.as_deref())?;
    // Under the jobs' bounds too: one export per account, a few at once.
    let _ticket = state.jobs.claim(user.account.row.id, "export")?;
    let _turn = state.app.export_gate().enter(1).await?;
    let rows = state.app.export_households(user, &v.ip, grid.as_ref(), None, &mut |_, _| {}).await?;
    let name = "households";
    if xlsx {
        let body =
            export::xlsx("住户", &export::HOUSEHOLD_COLUMNS, &rows).map_err(|_| WebError::new(ErrorCode::Internal))?;
        Ok(attachment(crate::web::registry::import::XLSX, name, "xlsx", body))
    } else {
        let body = export::csv(&export::HOUSEHOLD_COLUMNS, &rows).map_err(|_| WebError::new(ErrorCode::Internal))?;
        Ok(attachment("text/csv; charset=utf-8", name, "csv", body))
    }
}

/// `?format=xlsx|csv` and the export's filters.
#[derive(Debug, Deserialize)]
pub struct JobQuery {
    #[serde(default)]
    format: String,
    #[serde(flatten)]
    export: ExportQuery,
}

/// Starts an export job (masked, or full once confirmed) and sends the
/// browser to its page; a few exports are built at once server-wide.
fn start_export(
    state: &AppState,
    user: crate::app::access::auth::User,
    ip: String,
    xlsx: bool,
    grid: Option<crate::domain::registry::region::RegionCode>,
    full: Option<crate::app::registry::household::FullExport>,
) -> Result<Response, Refusal> {
    let ticket = state.jobs.start(user.account.row.id, "export")?;
    let id = ticket.id();
    let app = state.app.clone();
    tokio::spawn(async move {
        let _turn = app.export_gate().queue().await;
        let mut progress = |done, total| ticket.progress(done, total);
        let result = app.export_households(&user, &ip, grid.as_ref(), full.as_ref(), &mut progress).await;
        let name = if full.is_some() { "households-full" } else { "households" };
        let outcome = match result {
            Ok(rows) if xlsx => match export::xlsx("住户", &export::HOUSEHOLD_COLUMNS, &rows) {
                Ok(b) => Outcome::File(format!("{name}.xlsx"), crate::web::registry::import::XLSX, Arc::new(b)),
                Err(e) => Outcome::Failed(e),
            },
            Ok(rows) => match export::csv(&export::HOUSEHOLD_COLUMNS, &rows) {
                Ok(b) => Outcome::File(format!("{name}.csv"), "text/csv; charset=utf-8", Arc::new(b)),
                Err(e) => Outcome::Failed(e),
            },
            Err(crate::app::Error::Forbidden) => Outcome::Failed("无权导出完整信息 / not allowed".into()),
            Err(e) => Outcome::Failed(e.to_string()),
        };
        ticket.finish(outcome);
    });
    Ok(axum::response::Redirect::to(&format!("/jobs/{id}")).into_response())
}

/// `GET /exports/households?format=…&grid=…`: the masked export as a job
/// whose page shows its progress, then the file. Asking for a full one
/// (`full=1`) leads to its confirmation page instead.
pub async fn export_job(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Query(q): axum::extract::Query<JobQuery>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?.clone();
    let xlsx = q.format != "csv";
    if q.export.full.as_deref() == Some("1") {
        return Ok(to_confirmation(&q.export, xlsx));
    }
    let grid = crate::web::codes::grid_filter(q.export.grid.as_deref())?;
    start_export(&state, user, v.ip.clone(), xlsx, grid, None)
}

#[derive(Template)]
#[template(path = "export_full.html")]
struct ConfirmPage {
    shell: Shell,
    format: String,
    grid: String,
    reason: String,
    message: Option<String>,
}

/// The full export's confirmation form.
#[derive(Debug, Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    format: String,
    #[serde(default)]
    grid: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    password: String,
}

fn confirm_page(
    v: &Visitor,
    status: StatusCode,
    f: &ConfirmForm,
    message: Option<String>,
) -> Result<Response, Refusal> {
    let format = if f.format == "csv" { "csv" } else { "xlsx" }.to_owned();
    let grid = f.grid.chars().filter(char::is_ascii_digit).collect();
    own_page(status, ConfirmPage { shell: v.shell(), format, grid, reason: f.reason.clone(), message })
}

/// `GET /exports/households/full?format=…&grid=…`: the page that confirms a
/// full export (reason, and the password again); it exports nothing itself.
pub async fn export_full_page(
    v: Visitor,
    axum::extract::Query(q): axum::extract::Query<JobQuery>,
) -> Result<Response, Refusal> {
    v.signed_in()?;
    let f = ConfirmForm {
        format: q.format,
        grid: q.export.grid.unwrap_or_default(),
        reason: String::new(),
        password: String::new(),
    };
    confirm_page(&v, StatusCode::OK, &f, None)
}

/// `POST /exports/households/full`: with the form token, a reason and the
/// password typed again, the full export (IDs and phones in clear) of the
/// households the user works, as a job; audited.
pub async fn export_full_submit(
    State(state): State<AppState>,
    v: Visitor,
    Form(f): Form<ConfirmForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?.clone();
    match state.app.confirm_full_export(&user, &v.ip, &f.reason, &f.password).await {
        Ok(full) => {
            let grid = crate::web::codes::grid_filter(Some(&f.grid))?;
            start_export(&state, user, v.ip.clone(), f.format == "xlsx", grid, Some(full))
        }
        Err(crate::app::Error::Invalid { field, reason }) => {
            let t = v.prefs.lang.texts();
            let message = match field {
                "password" => t.export_full_wrong_password.to_owned(),
                "reason" => t.reveal_reason_needed.to_owned(),
                _ => v.prefs.lang.refusal(&reason),
            };
            confirm_page(&v, StatusCode::UNPROCESSABLE_ENTITY, &f, Some(message))
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /households.csv`: the households in scope (optionally one grid) as
/// CSV, masked and audited; `full=1` leads to the confirmation page.
pub async fn export_csv(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Query(q): axum::extract::Query<ExportQuery>,
) -> Result<Response, Refusal> {
    export(state, v, q, false).await
}

/// `GET /households.xlsx`: the same as an Excel workbook, every cell text.
pub async fn export_xlsx(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Query(q): axum::extract::Query<ExportQuery>,
) -> Result<Response, Refusal> {
    export(state, v, q, true).await
}
