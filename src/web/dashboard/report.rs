//! 一表通 on the web: the reports linli fills in, a preview laid out as the
//! level above wants it (printable), the same as an XLSX workbook, and both
//! through the API.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;

use super::DashboardQuery;
use crate::app::access::auth::User;
use crate::app::dashboard::Level;
use crate::app::dashboard::report::Filled;
use crate::domain::report::{Definition, Heading};
use crate::web::AppState;
use crate::web::caller::{Caller, Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};
use crate::web::i18n::Lang;
use crate::web::shell::{Shell, own_page};

/// A definition's headings in a language: (heading, its columns' headings;
/// none for a column alone).
fn headings(d: &Definition, lang: Lang) -> Vec<(String, Vec<String>)> {
    let en = lang == Lang::En;
    let pick = |zh: &str, e: &str| if en { e.to_owned() } else { zh.to_owned() };
    d.columns
        .iter()
        .map(|h| match h {
            Heading::Group { group, group_en, columns } => {
                (pick(group, group_en), columns.iter().map(|c| pick(&c.label, &c.label_en)).collect())
            }
            Heading::One(c) => (pick(&c.label, &c.label_en), Vec::new()),
        })
        .collect()
}

fn title(d: &Definition, lang: Lang) -> &str {
    if lang == Lang::En { &d.title_en } else { &d.title }
}

fn rows_word(f: &Filled, lang: Lang) -> &'static str {
    let t = &lang.texts().dashboard;
    match f.level {
        Level::District => t.rows_street,
        Level::Street => t.rows_community,
        Level::Community | Level::Grid => t.rows_grid,
    }
}

#[derive(Template)]
#[template(path = "reports.html")]
struct ReportsPage {
    shell: Shell,
    choices: Vec<(String, String)>,
    region: String,
    reports: Vec<(&'static str, String)>,
}

/// `GET /reports`: the reports linli fills in, for an area.
pub async fn list_page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<DashboardQuery>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let choices = state.app.report_choices(user).await?;
    let region = match q.region()? {
        Some(r) => r.as_str().to_owned(),
        None => choices.first().map(|c| c.0.clone()).unwrap_or_default(),
    };
    // Only an area the user may fill reports for: no links that lead nowhere.
    if !choices.iter().any(|(c, _)| *c == region) {
        return Err(WebError::new(ErrorCode::NotFound).into());
    }
    let lang = v.prefs.lang;
    let reports = state.app.reports().iter().map(|d| (d.code.as_str(), title(d, lang).to_owned())).collect();
    own_page(StatusCode::OK, ReportsPage { shell: v.shell(), choices, region, reports })
}

#[derive(Template)]
#[template(path = "report_sheet.html")]
struct ReportPage {
    shell: Shell,
    f: Filled,
    title: String,
    headings: Vec<(String, Vec<String>)>,
    first: &'static str,
}

impl ReportPage {
    fn span(&self, subs: &[String]) -> usize {
        subs.len()
    }
}

/// `GET /reports/{code}?region=…`: the report filled in, to read or print.
pub async fn page(
    State(state): State<AppState>,
    v: Visitor,
    Path(code): Path<String>,
    Query(q): Query<DashboardQuery>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = state.app.fill_report(user, &code, q.region()?.as_ref()).await?;
    let lang = v.prefs.lang;
    let (title, headings, first) =
        (title(&f.definition, lang).to_owned(), headings(&f.definition, lang), rows_word(&f, lang));
    own_page(StatusCode::OK, ReportPage { shell: v.shell(), f, title, headings, first })
}

async fn workbook(
    state: &AppState,
    user: &User,
    lang: Lang,
    code: &str,
    q: &DashboardQuery,
) -> Result<Response, WebError> {
    // One export at a time per account, claimed before anything is counted.
    let _ticket = state.jobs.claim(user.account.row.id, "export")?;
    let _turn = state.app.export_gate().enter(1).await?;
    let f = state.app.fill_report(user, code, q.region()?.as_ref()).await?;
    let t = &lang.texts().dashboard;
    let sheet = crate::domain::export::ReportSheet {
        sheet: &f.definition.code,
        title: title(&f.definition, lang),
        unit: &format!("{}{}", t.report_unit, f.name),
        when: &format!("{}{}", t.report_when, f.day.format("%Y-%m-%d")),
        first: rows_word(&f, lang),
        headings: headings(&f.definition, lang),
        rows: f.rows.iter().map(|(_, name, n)| (name.clone(), n.clone())).collect(),
        total: (t.total, f.total.clone()),
    };
    let body = crate::domain::export::report_xlsx(&sheet).map_err(|_| WebError::new(ErrorCode::Internal))?;
    let name = format!("{}-{}-{}", f.definition.code, f.code, f.day.format("%Y%m%d"));
    Ok(crate::web::download::attachment(crate::web::registry::import::XLSX, &name, "xlsx", body))
}

/// `GET /reports/{code}/xlsx?region=…`: the report as a workbook.
pub async fn xlsx_page(
    State(state): State<AppState>,
    v: Visitor,
    Path(code): Path<String>,
    Query(q): Query<DashboardQuery>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    Ok(workbook(&state, user, v.prefs.lang, &code, &q).await?)
}

/// A report linli fills in.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReportOut {
    /// Its code.
    pub code: String,
    /// Its title.
    pub title: String,
    /// In English.
    pub title_en: String,
}

/// The reports linli fills in.
#[utoipa::path(get, operation_id = "list_reports", path = "/api/v1/reports", tag = "dashboard", responses((status = 200, body = Vec<ReportOut>)))]
pub async fn api_list(State(state): State<AppState>, caller: Caller) -> Result<axum::Json<Vec<ReportOut>>, WebError> {
    caller.into_user()?;
    Ok(axum::Json(
        state
            .app
            .reports()
            .iter()
            .map(|d| ReportOut { code: d.code.clone(), title: d.title.clone(), title_en: d.title_en.clone() })
            .collect(),
    ))
}

/// A report filled in.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FilledOut {
    /// The report's code.
    pub report: String,
    /// Its title.
    pub title: String,
    /// The area's code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// The local day it was counted.
    pub day: String,
    /// Sensitive groups' columns left out for this caller (they count only
    /// for those who work the area).
    pub left_out: Vec<String>,
    /// The columns' headings, left to right (a group's as `group/column`).
    pub columns: Vec<String>,
    /// One row per region one level down.
    pub rows: Vec<FilledRowOut>,
    /// The sum of the rows.
    pub total: Vec<i64>,
}

/// A row of a report.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FilledRowOut {
    /// The region's code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its counts, one per column.
    pub counts: Vec<i64>,
}

/// A report filled in for an area within the caller's scope.
#[utoipa::path(get, operation_id = "fill_report", path = "/api/v1/reports/{code}", tag = "dashboard",
    params(("code" = String, Path, description = "The report, e.g. population"), DashboardQuery),
    responses((status = 200, body = FilledOut), (status = 400, body = crate::web::error::ErrorBody),
        (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_fill(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    Query(q): Query<DashboardQuery>,
) -> Result<axum::Json<FilledOut>, WebError> {
    let user = caller.into_user()?;
    let f = state.app.fill_report(&user, &code, q.region()?.as_ref()).await?;
    let columns = headings(&f.definition, Lang::Zh)
        .into_iter()
        .flat_map(
            |(h, subs)| {
                if subs.is_empty() { vec![h] } else { subs.into_iter().map(|s| format!("{h}/{s}")).collect() }
            },
        )
        .collect();
    Ok(axum::Json(FilledOut {
        report: f.definition.code.clone(),
        title: f.definition.title.clone(),
        code: f.code.clone(),
        name: f.name.clone(),
        day: f.day.to_string(),
        left_out: f.left_out.clone(),
        columns,
        rows: f
            .rows
            .iter()
            .map(|(code, name, counts)| FilledRowOut { code: code.clone(), name: name.clone(), counts: counts.clone() })
            .collect(),
        total: f.total.clone(),
    }))
}

/// The report as a workbook, for an area within the caller's scope.
#[utoipa::path(get, operation_id = "report_xlsx", path = "/api/v1/reports/{code}/xlsx", tag = "dashboard",
    params(("code" = String, Path, description = "The report, e.g. population"), DashboardQuery),
    responses((status = 200, description = "An XLSX workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_xlsx(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    Query(q): Query<DashboardQuery>,
) -> Result<Response, WebError> {
    let user = caller.into_user()?;
    workbook(&state, &user, Lang::Zh, &code, &q).await
}
