//! The residents' import page for community staff: upload a sheet, see every
//! bad row with its line, or what was imported.

use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::app::refusal::Reason;
use crate::app::registry::import::{ImportReport, Mode, OnExisting};
use crate::domain::registry::region::GridCode;
use crate::domain::registry::sheet::{RowProblem, SheetError, read_residents_file};
use crate::web::AppState;
use crate::web::caller::{Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};
use crate::web::sheet::ProblemJson;
use crate::web::shell::{Shell, own_page};

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    shell: Shell,
    grid: String,
    problems: Vec<ProblemJson>,
    error: Option<String>,
    report: Option<ImportReport>,
}

fn may_import(v: &Visitor) -> Result<(), Refusal> {
    let user = v.signed_in()?;
    if crate::app::access::desk::keeps_register(user) {
        Ok(())
    } else {
        Err(WebError::new(ErrorCode::Forbidden).into())
    }
}

/// `GET /import`.
pub async fn form(v: Visitor) -> Result<Response, Refusal> {
    may_import(&v)?;
    own_page(
        StatusCode::OK,
        ImportPage { shell: v.shell(), grid: String::new(), problems: vec![], error: None, report: None },
    )
}

/// Sheets up to this many rows are imported while the page waits; larger
/// ones run as a job with a progress page.
const INLINE_ROWS: usize = 5_000;

/// Largest sheet accepted by the page (the CLI has no limit).
const MAX_SHEET: usize = 20 * 1024 * 1024;

/// A residents' sheet as a page or the API takes it.
fn read_residents(
    bytes: &[u8],
) -> Result<(Vec<crate::domain::registry::sheet::ResidentRow>, Vec<RowProblem>), SheetError> {
    read_residents_file(bytes, chrono::Utc::now().date_naive())
}

/// `POST /import` (multipart with `_csrf`: `file`, `grid`, `dry_run`).
pub async fn upload(State(state): State<AppState>, v: Visitor, mut parts: Multipart) -> Result<Response, Refusal> {
    may_import(&v)?;
    let user = v.signed_in()?;
    let (mut bytes, mut grid, mut dry_run, mut name) = (Vec::new(), String::new(), false, String::from("upload.csv"));
    let mut on_existing = OnExisting::Skip;
    while let Some(field) = parts.next_field().await.map_err(|_| WebError::new(ErrorCode::InvalidInput))? {
        match field.name().map(str::to_owned).as_deref() {
            Some("file") => {
                name = field.file_name().unwrap_or("upload.csv").chars().take(100).collect();
                bytes = field.bytes().await.map_err(|_| WebError::new(ErrorCode::BodyTooLarge))?.to_vec();
            }
            Some("grid") => grid = field.text().await.unwrap_or_default().trim().to_owned(),
            Some("dry_run") => dry_run = true,
            Some("existing") if field.text().await.unwrap_or_default() == "update" => on_existing = OnExisting::Update,
            _ => {}
        }
    }
    let mut p = ImportPage { shell: v.shell(), grid: grid.clone(), problems: vec![], error: None, report: None };
    if bytes.is_empty() || bytes.len() > MAX_SHEET {
        p.error = Some(v.prefs.lang.texts().import_no_file.into());
        return own_page(StatusCode::UNPROCESSABLE_ENTITY, p);
    }
    // The grid must be one the user works in (their community covers it).
    let grid = match GridCode::parse(&grid) {
        Ok(g) if crate::app::registry::household::works(user, g.as_str()) => g,
        _ => {
            p.error = Some(v.prefs.lang.texts().import_bad_grid.into());
            return own_page(StatusCode::UNPROCESSABLE_ENTITY, p);
        }
    };
    let (pass, parsed) = match state.app.read_sheet(bytes, read_residents).await {
        Ok(read) => read,
        Err(crate::app::Error::Busy(_)) => {
            p.error = Some(ErrorCode::Busy.message(v.prefs.lang).into());
            return own_page(StatusCode::SERVICE_UNAVAILABLE, p).map(crate::web::error::retry_after);
        }
        Err(e) => return Err(e.into()),
    };
    let (rows, problems) = match parsed {
        Ok(x) => x,
        Err(e) => {
            p.error = Some(e.to_string());
            return own_page(StatusCode::UNPROCESSABLE_ENTITY, p);
        }
    };
    if !problems.is_empty() {
        p.problems = ProblemJson::all(problems, v.prefs.lang);
        return own_page(StatusCode::UNPROCESSABLE_ENTITY, p);
    }
    let mode = Mode { on_existing, dry_run };
    // A large sheet is imported as a job: the page follows its progress.
    if rows.len() > INLINE_ROWS {
        let ticket = match state.jobs.start(user.account.row.id, "import") {
            Ok(t) => t,
            Err(e) => {
                p.error = Some(e.code.message(v.prefs.lang).into());
                return own_page(e.code.status(), p).map(crate::web::error::retry_after);
            }
        };
        let id = ticket.id();
        let (app, actor, lang) = (state.app.clone(), user.actor(&v.ip), v.prefs.lang);
        tokio::spawn(async move {
            // The sheet's place is kept until the import ends.
            let _pass = pass;
            let progress = |done, total| ticket.progress(done, total);
            let result = app.import_residents(&actor, &grid, &name, rows.into(), mode, progress).await;
            ticket.finish(match result {
                Ok(report) => crate::web::jobs::Outcome::Imported(report),
                Err(crate::app::Error::Invalid { reason, .. }) => {
                    crate::web::jobs::Outcome::Failed(lang.refusal(&reason))
                }
                Err(e) => crate::web::jobs::Outcome::Failed(e.to_string()),
            });
        });
        return Ok(axum::response::Redirect::to(&format!("/jobs/{id}")).into_response());
    }
    match state.app.import_residents(&user.actor(&v.ip), &grid, &name, rows.into(), mode, |_, _| {}).await {
        Ok(report) => {
            p.report = Some(report);
            own_page(StatusCode::OK, p)
        }
        Err(crate::app::Error::Invalid { reason, .. }) => {
            p.error = Some(v.prefs.lang.refusal(&reason));
            own_page(StatusCode::UNPROCESSABLE_ENTITY, p)
        }
        Err(e) => Err(e.into()),
    }
}

impl ImportPage {
    /// The problems, for the report form to send back.
    fn problems_json(&self) -> String {
        serde_json::to_string(&self.problems).unwrap_or_default()
    }
}

/// The report form: the problems the page showed.
#[derive(Debug, serde::Deserialize)]
pub struct ReportForm {
    problems: String,
}

/// `POST /import/report`: the bad rows the page listed, as an XLSX file to
/// fix the sheet by.
pub async fn report(
    v: Visitor,
    axum::extract::Form(form): axum::extract::Form<ReportForm>,
) -> Result<Response, Refusal> {
    may_import(&v)?;
    let problems: Vec<ProblemJson> =
        serde_json::from_str(&form.problems).map_err(|_| WebError::new(ErrorCode::InvalidInput))?;
    let bytes = ProblemJson::xlsx(&problems).map_err(|_| WebError::new(ErrorCode::Internal))?;
    Ok(crate::web::download::attachment(XLSX, "import-problems", "xlsx", bytes))
}

/// The media type of XLSX workbooks.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `?grid=…&dry_run=…` of the import API.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Grid code (community code + 3 digits).
    grid: String,
    /// Check and count, write nothing.
    #[serde(default)]
    dry_run: bool,
    /// `skip` (the default) leaves people already registered as they are;
    /// `update` updates their details from the sheet.
    #[serde(default)]
    existing: Option<String>,
}

impl ImportQuery {
    fn on_existing(&self) -> OnExisting {
        if self.existing.as_deref() == Some("update") { OnExisting::Update } else { OnExisting::Skip }
    }
}

/// What the import API answers.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ImportResult {
    /// `imported`, `dry_run` or `invalid_rows`.
    pub status: &'static str,
    /// Rows read.
    pub rows: usize,
    /// New buildings.
    pub buildings: usize,
    /// New households.
    pub households: usize,
    /// People added.
    pub people: usize,
    /// Already registered, skipped.
    pub skipped: usize,
    /// Already registered, details updated from the sheet.
    pub updated: usize,
    /// Every bad row, when the sheet was refused (then nothing was written).
    pub problems: Vec<ProblemJson>,
}

/// Imports residents from a CSV body (UTF-8 or GBK): all rows or none.
#[utoipa::path(post, operation_id = "import_households", path = "/api/v1/households/import", tag = "registry", params(ImportQuery),
    request_body(content = String, content_type = "text/csv", description = "The sheet"),
    responses(
        (status = 200, description = "Imported, or counted in a dry run", body = ImportResult),
        (status = 422, description = "`invalid_rows`: every bad row, nothing written", body = ImportResult),
        (status = 403, description = "`forbidden`: not community staff of this grid", body = crate::web::error::ErrorBody)))]
pub async fn api(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
    crate::web::prefs::Prefs { lang, .. }: crate::web::prefs::Prefs,
    axum::extract::Query(q): axum::extract::Query<ImportQuery>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    let crate::web::caller::Caller::User(user) = caller else {
        return Err(WebError::new(ErrorCode::InsufficientScope));
    };
    if !crate::app::access::desk::keeps_register(&user) || !crate::app::registry::household::works(&user, &q.grid) {
        return Err(WebError::new(ErrorCode::Forbidden));
    }
    // Not a grid's code: not a grid, as the app says of a community's.
    let grid = GridCode::parse(&q.grid)
        .map_err(|_| crate::app::Error::invalid("grid", Reason::NotAGrid { code: q.grid.trim().to_owned() }))?;
    let ip = peer.ip().to_string();
    let (_pass, parsed) = state.app.read_sheet(body, read_residents).await?;
    let (rows, problems) = parsed.map_err(|e| WebError {
        code: ErrorCode::InvalidInput,
        field: Some("body"),
        detail: Some(e.to_string()),
        reason: None,
    })?;
    let (status, result) = if problems.is_empty() {
        let r = state
            .app
            .import_residents(
                &user.actor(&ip),
                &grid,
                "api",
                rows.clone().into(),
                Mode { on_existing: q.on_existing(), dry_run: q.dry_run },
                |_, _| {},
            )
            .await?;
        let status = if r.dry_run { "dry_run" } else { "imported" };
        (
            StatusCode::OK,
            ImportResult {
                status,
                rows: r.rows,
                buildings: r.buildings,
                households: r.households,
                people: r.people,
                skipped: r.skipped,
                updated: r.updated,
                problems: vec![],
            },
        )
    } else {
        let problems = ProblemJson::all(problems, lang);
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            ImportResult {
                status: "invalid_rows",
                rows: rows.len(),
                buildings: 0,
                households: 0,
                people: 0,
                skipped: 0,
                updated: 0,
                problems,
            },
        )
    };
    let mut res = (status, axum::Json(result)).into_response();
    res.extensions_mut().insert(crate::web::error::OwnBody);
    Ok(res)
}
