//! Meter reading on the web (抄表): the round on a phone — a building's
//! houses with their last reading and a box for this one — and the import of
//! a reading sheet, through the page and the API.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::app::bills::fee::FeeItem;
use crate::app::bills::reading::{Reading, ReadingsImported, RoundHouse};
use crate::domain::bills::bill::Pricing;
use crate::domain::registry::sheet::RowProblem;
use crate::web::AppState;
use crate::web::caller::Caller;
use crate::web::caller::{Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};
use crate::web::sheet::ProblemJson;

/// `?fee=&period=&building=` (and `community` on the page).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RoundQuery {
    /// Metered fee item code.
    #[serde(default)]
    pub fee: String,
    /// `YYYY-MM`; this month when empty.
    #[serde(default)]
    pub period: String,
    /// The building.
    #[serde(default)]
    pub building: Option<Uuid>,
    /// Check only, write nothing (imports).
    #[serde(default)]
    pub dry_run: bool,
    /// The community (pages only).
    #[serde(default)]
    #[param(ignore)]
    pub community: String,
}

fn this_month() -> String {
    crate::domain::time::period(chrono::Utc::now())
}

fn or_this_month(p: &str) -> String {
    if p.trim().is_empty() { this_month() } else { p.trim().to_owned() }
}

/// A house on a reading round.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RoundJson {
    /// House id.
    pub house: Uuid,
    /// 3号楼 1-101.
    pub address: String,
    /// The last period read before.
    pub last_period: Option<String>,
    /// Its reading, hundredths of a unit.
    pub last_reading: Option<i64>,
    /// This period's reading, once read.
    pub reading: Option<i64>,
    /// This period's use, once read.
    pub used: Option<i64>,
}

/// A building's houses for a metered item's period, with the last reading.
#[utoipa::path(get, path = "/api/v1/communities/{code}/readings", tag = "bills",
    params(RoundQuery, ("code" = String, Path, description = "Community code")),
    responses((status = 200, body = Vec<RoundJson>), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn api_round(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    axum::extract::Query(q): axum::extract::Query<RoundQuery>,
) -> Result<axum::Json<Vec<RoundJson>>, WebError> {
    let user = caller.into_user()?;
    let building = q.building.ok_or(WebError::refused("building", crate::app::refusal::Reason::ChooseBuilding))?;
    let round = state.app.reading_round(&user, &code, (&q.fee, &or_this_month(&q.period)), building).await?;
    Ok(axum::Json(
        round
            .into_iter()
            .map(|h| RoundJson {
                house: h.house,
                address: h.address,
                last_period: h.last.as_ref().map(|l| l.0.clone()),
                last_reading: h.last.map(|l| l.1),
                reading: h.this.map(|t| t.0),
                used: h.this.map(|t| t.0 - t.1),
            })
            .collect(),
    ))
}

/// What a readings import answers.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReadingsImportJson {
    /// `imported`, `dry_run` or `invalid_rows`.
    pub status: &'static str,
    /// Rows read.
    pub rows: usize,
    /// Readings written.
    pub written: usize,
    /// Every bad row (then nothing was written).
    pub problems: Vec<ProblemJson>,
}

/// Imports a reading sheet (XLSX or CSV body) for a metered item's period:
/// all rows or none.
#[utoipa::path(post, path = "/api/v1/communities/{code}/readings/import", tag = "bills",
    params(RoundQuery, ("code" = String, Path, description = "Community code")),
    request_body(content = String, content_type = "text/csv", description = "The sheet (CSV or XLSX)"),
    responses((status = 200, body = ReadingsImportJson),
        (status = 422, description = "`invalid_rows`: every bad row, nothing written", body = ReadingsImportJson),
        (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn api_import(
    State(state): State<AppState>,
    caller: Caller,
    crate::web::prefs::Prefs { lang, .. }: crate::web::prefs::Prefs,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(code): Path<String>,
    axum::extract::Query(q): axum::extract::Query<RoundQuery>,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    let user = caller.into_user()?;
    let sheet_error = |e: crate::domain::registry::sheet::SheetError| WebError {
        code: ErrorCode::InvalidInput,
        field: Some("body"),
        detail: Some(e.to_string()),
        reason: None,
    };
    let (_pass, parsed) = state.app.read_sheet(body, read_meter_sheet).await?;
    let (rows, problems) = parsed.map_err(sheet_error)?;
    let period = or_this_month(&q.period);
    let ip = peer.ip().to_string();
    // Rows read: the good ones and the bad ones (a bad row may have several problems).
    let read = rows.len() + problems.iter().map(|p| p.line).collect::<std::collections::BTreeSet<_>>().len();
    let result = state
        .app
        .import_readings(&user, &ip, &code, (&q.fee, &period), (&rows, problems, q.dry_run), &mut |_, _| {})
        .await?;
    let (status, out) = match result {
        Ok(r) => (
            StatusCode::OK,
            ReadingsImportJson {
                status: if r.dry_run { "dry_run" } else { "imported" },
                rows: r.rows,
                written: r.written,
                problems: vec![],
            },
        ),
        Err(problems) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            ReadingsImportJson {
                status: "invalid_rows",
                rows: read,
                written: 0,
                problems: ProblemJson::all(problems, lang),
            },
        ),
    };
    let mut res = (status, axum::Json(out)).into_response();
    res.extensions_mut().insert(crate::web::error::OwnBody);
    Ok(res)
}

#[derive(askama::Template)]
#[template(path = "readings.html")]
struct RoundPage {
    shell: crate::web::shell::Shell,
    communities: Vec<(String, String)>,
    community: String,
    fees: Vec<FeeItem>,
    fee: String,
    period: String,
    buildings: Vec<(Uuid, String)>,
    building: Option<Uuid>,
    round: Vec<RoundHouse>,
    message: Option<(String, bool)>,
    problems: Vec<ProblemJson>,
}

impl RoundPage {
    fn hundredths(&self, n: &i64) -> String {
        format!("{}.{:02}", n / 100, n % 100)
    }

    fn read_count(&self) -> usize {
        self.round.iter().filter(|h| h.this.is_some()).count()
    }
}

type Outcome = (StatusCode, Option<(String, bool)>, Vec<RowProblem>);

async fn page(
    state: &AppState,
    v: &Visitor,
    q: RoundQuery,
    (status, message, problems): Outcome,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let problems = ProblemJson::all(problems, v.prefs.lang);
    let (communities, community) = super::billing::communities_worked(state, user, &q.community).await?;
    let fees: Vec<FeeItem> = state
        .app
        .fee_items(&crate::web::codes::community(&community)?)
        .await?
        .into_iter()
        .filter(|f| f.active && matches!(f.pricing, Pricing::Metered { .. }))
        .collect();
    let fee =
        fees.iter().find(|f| f.code == q.fee.trim().to_ascii_uppercase()).or(fees.first()).map(|f| f.code.clone());
    let period = or_this_month(&q.period);
    let buildings = state.app.meter_buildings(user, &crate::web::codes::community(&community)?).await?;
    let building = q.building.filter(|b| buildings.iter().any(|(id, _)| id == b));
    let round = match (&fee, building) {
        (Some(fee), Some(b)) => match state.app.reading_round(user, &community, (fee, &period), b).await {
            Ok(r) => r,
            Err(crate::app::Error::Invalid { reason, .. }) => {
                let p = RoundPage {
                    shell: v.shell(),
                    communities,
                    community,
                    fees,
                    fee: fee.clone(),
                    period,
                    buildings,
                    building,
                    round: Vec::new(),
                    message: Some((v.prefs.lang.refusal(&reason), false)),
                    problems,
                };
                return crate::web::shell::own_page(StatusCode::UNPROCESSABLE_ENTITY, p);
            }
            Err(e) => return Err(e.into()),
        },
        _ => Vec::new(),
    };
    let p = RoundPage {
        shell: v.shell(),
        communities,
        community,
        fees,
        fee: fee.unwrap_or_default(),
        period,
        buildings,
        building,
        round,
        message,
        problems,
    };
    crate::web::shell::own_page(status, p)
}

/// `GET /readings?community=&fee=&period=&building=`: the reading round.
pub async fn round_page(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Query(q): axum::extract::Query<RoundQuery>,
) -> Result<Response, Refusal> {
    page(&state, &v, q, (StatusCode::OK, None, Vec::new())).await
}

/// One reading typed on the round.
#[derive(Debug, Deserialize)]
pub struct RoundForm {
    community: String,
    fee: String,
    period: String,
    building: Uuid,
    house: Uuid,
    reading: String,
    #[serde(default, deserialize_with = "crate::web::form::checkbox")]
    meter_change: bool,
}

/// `POST /readings`: records one reading and returns to the round, at the
/// next house.
pub async fn round_submit(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Form(f): axum::extract::Form<RoundForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let back = RoundQuery {
        fee: f.fee.clone(),
        period: f.period.clone(),
        building: Some(f.building),
        dry_run: false,
        community: f.community.clone(),
    };
    let reading = match crate::domain::money::Fen::parse_yuan(&f.reading) {
        Ok(r) => r.fen(),
        Err(e) => {
            return page(
                &state,
                &v,
                back,
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Some((v.prefs.lang.refusal(&crate::app::refusal::Reason::Money(e)), false)),
                    vec![],
                ),
            )
            .await;
        }
    };
    let r = Reading {
        community: f.community.clone(),
        house: f.house,
        fee: f.fee.clone(),
        period: f.period.clone(),
        reading,
        meter_change: f.meter_change,
    };
    match state.app.record_reading(user, &v.ip, r).await {
        Ok(_) => {
            let to = format!(
                "/readings?community={}&fee={}&period={}&building={}#h-{}",
                f.community, f.fee, f.period, f.building, f.house
            );
            Ok(axum::response::Redirect::to(&to).into_response())
        }
        Err(crate::app::Error::Invalid { reason, .. }) => {
            page(
                &state,
                &v,
                back,
                (StatusCode::UNPROCESSABLE_ENTITY, Some((v.prefs.lang.refusal(&reason), false)), vec![]),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// A reading sheet: its rows and its problems.
fn read_meter_sheet(
    bytes: &[u8],
) -> Result<
    (Vec<crate::domain::bills::meter_sheet::MeterRow>, Vec<RowProblem>),
    crate::domain::registry::sheet::SheetError,
> {
    crate::domain::registry::sheet::read_table(bytes).and_then(|table| crate::domain::bills::meter_sheet::read(&table))
}

/// Largest sheet the page accepts.
const MAX_SHEET: usize = 20 * 1024 * 1024;

/// `POST /readings/import` (multipart with `_csrf`: `file`, `community`, `fee`,
/// `period`, `dry_run`).
pub async fn import_submit(
    State(state): State<AppState>,
    v: Visitor,
    mut parts: Multipart,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let t = v.prefs.lang.texts();
    let mut q = RoundQuery::default();
    let mut bytes = Vec::new();
    while let Some(field) = parts.next_field().await.map_err(|_| WebError::new(ErrorCode::InvalidInput))? {
        match field.name().map(str::to_owned).as_deref() {
            Some("file") => bytes = field.bytes().await.map_err(|_| WebError::new(ErrorCode::BodyTooLarge))?.to_vec(),
            Some("community") => q.community = field.text().await.unwrap_or_default(),
            Some("fee") => q.fee = field.text().await.unwrap_or_default(),
            Some("period") => q.period = field.text().await.unwrap_or_default(),
            Some("dry_run") => q.dry_run = true,
            _ => {}
        }
    }
    let refuse = |m: String| (StatusCode::UNPROCESSABLE_ENTITY, Some((m, false)), Vec::new());
    if bytes.is_empty() || bytes.len() > MAX_SHEET {
        return page(&state, &v, q, refuse(t.import_no_file.into())).await;
    }
    let (_pass, parsed) = match state.app.read_sheet(bytes, read_meter_sheet).await {
        Ok(read) => read,
        Err(crate::app::Error::Busy(_)) => {
            let busy =
                (StatusCode::SERVICE_UNAVAILABLE, Some((ErrorCode::Busy.message(v.prefs.lang).into(), false)), vec![]);
            return page(&state, &v, q, busy).await.map(crate::web::error::retry_after);
        }
        Err(e) => return Err(e.into()),
    };
    let (rows, problems) = match parsed {
        Ok(x) => x,
        Err(e) => return page(&state, &v, q, refuse(e.to_string())).await,
    };
    let period = or_this_month(&q.period);
    let done = state
        .app
        .import_readings(user, &v.ip, &q.community, (&q.fee, &period), (&rows, problems, q.dry_run), &mut |_, _| {})
        .await;
    let outcome = match done {
        Ok(Ok(ReadingsImported { rows, written, dry_run })) => {
            let m = if dry_run {
                format!("{} {rows}", t.bills.round.checked)
            } else {
                format!("{} {written}", t.bills.round.imported)
            };
            (StatusCode::OK, Some((m, true)), Vec::new())
        }
        Ok(Err(problems)) => {
            (StatusCode::UNPROCESSABLE_ENTITY, Some((t.bills.round.bad_rows.to_owned(), false)), problems)
        }
        Err(crate::app::Error::Invalid { reason, .. }) => refuse(v.prefs.lang.refusal(&reason)),
        Err(e) => return Err(e.into()),
    };
    page(&state, &v, q, outcome).await
}
