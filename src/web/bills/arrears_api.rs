//! The arrears API (欠费催缴): houses owing once their grace periods have
//! passed, a page at a time and filtered; the reminders a send would make;
//! and the send, within the community's daily limit.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, State};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::app::bills::arrears::{ArrearsAsk, MAX_PAGE, PAGE};
use crate::web::AppState;
use crate::web::body::OptionalJson;
use crate::web::caller::Caller;
use crate::web::error::WebError;

/// `?grid=&building=&months=&min_owed=&page=`: which houses in arrears.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ArrearsQuery {
    /// A grid code of the community.
    #[serde(default)]
    pub grid: Option<String>,
    /// Only this building.
    #[serde(default)]
    pub building: Option<Uuid>,
    /// At least this many months owed (1–120).
    #[serde(default)]
    pub months: Option<i64>,
    /// At least this much owed in all, yuan (`100.00`).
    #[serde(default)]
    pub min_owed: Option<String>,
    /// The page, from 1.
    #[serde(default)]
    pub page: Option<u64>,
    /// Houses a page (1–200; 50 unless given).
    #[serde(default)]
    pub per_page: Option<u64>,
}

impl ArrearsQuery {
    /// The ask, its amount read as money.
    pub(crate) fn ask(&self) -> Result<ArrearsAsk, WebError> {
        let min_owed = match self.min_owed.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
            Some(m) => Some(super::bill::money("min_owed", m)?),
            None => None,
        };
        let grid = crate::web::codes::grid(self.grid.as_deref())?;
        Ok(ArrearsAsk { grid, building: self.building, min_months: self.months, min_owed })
    }
}

/// A house in arrears.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ArrearJson {
    /// House id.
    pub house: Uuid,
    /// Building id.
    pub building: Uuid,
    /// Building, unit and room.
    pub address: String,
    /// Grid code.
    pub grid: String,
    /// Grid name.
    pub grid_name: String,
    /// Owed in all, fen.
    pub owed: i64,
    /// Bills not settled.
    pub bills: i64,
    /// Months with a bill not settled.
    pub months: i64,
    /// The oldest unsettled period.
    pub since: String,
}

/// A page of houses in arrears and what the whole list comes to.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ArrearsPageJson {
    /// Houses in arrears under the filters (every page).
    pub total: i64,
    /// Owed by them in all, fen.
    pub owed: i64,
    /// This page, from 1.
    pub page: u64,
    /// Houses a page.
    pub page_size: u64,
    /// This page's houses, most owed first, then in building order.
    pub houses: Vec<ArrearJson>,
}

/// Houses owing money once their bills' grace periods have passed, most
/// first, a page at a time (a grid's, a building's; owing some months or
/// some amount at least).
#[utoipa::path(get, path = "/api/v1/communities/{code}/arrears", tag = "bills",
    params(ArrearsQuery, ("code" = String, Path, description = "Community code")),
    responses((status = 200, body = ArrearsPageJson), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn arrears(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    axum::extract::Query(q): axum::extract::Query<ArrearsQuery>,
) -> Result<axum::Json<ArrearsPageJson>, WebError> {
    let user = caller.into_user()?;
    let page = q.page.unwrap_or(1).clamp(1, 100_000);
    let size = q.per_page.unwrap_or(PAGE).clamp(1, MAX_PAGE);
    let (rows, total) =
        state.app.arrears(&user, &crate::web::codes::community(&code)?, &q.ask()?, (page - 1, size)).await?;
    let houses = rows
        .into_iter()
        .map(|r| ArrearJson {
            house: r.house_id,
            building: r.building_id,
            address: format!("{} {}-{}", r.building, r.unit, r.room),
            grid: r.grid_code,
            grid_name: r.grid_name,
            owed: r.owed,
            bills: r.bills,
            months: r.months,
            since: r.since,
        })
        .collect();
    Ok(axum::Json(ArrearsPageJson { total: total.houses, owed: total.owed, page, page_size: size, houses }))
}

/// One reminder as it would go.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReminderJson {
    /// The house.
    pub house: Uuid,
    /// The SMS text, exactly.
    pub text: String,
}

/// What a send would do now.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReminderPlanJson {
    /// Messages that would go (one a household).
    pub messages: usize,
    /// Houses in arrears under the filters.
    pub houses: i64,
    /// Of them, without anyone reachable by phone.
    pub unreachable: i64,
    /// Of them, reminded already today.
    pub reminded_today: i64,
    /// Reminders the community may still send today.
    pub left_today: i64,
    /// Reminders it may send a day.
    pub daily_limit: i64,
    /// The messages.
    pub reminders: Vec<ReminderJson>,
}

/// The payment reminders (催缴) a send would make now, with their texts, and
/// how many the community may still send today: what to confirm.
#[utoipa::path(get, path = "/api/v1/communities/{code}/arrears/reminders", tag = "bills",
    params(ArrearsQuery, ("code" = String, Path, description = "Community code")),
    responses((status = 200, body = ReminderPlanJson), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn plan(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    axum::extract::Query(q): axum::extract::Query<ArrearsQuery>,
) -> Result<axum::Json<ReminderPlanJson>, WebError> {
    let user = caller.into_user()?;
    let plan = state.app.reminder_plan(&user, &crate::web::codes::community(&code)?, &q.ask()?).await?;
    Ok(axum::Json(ReminderPlanJson {
        messages: plan.reminders.len(),
        houses: plan.houses,
        unreachable: plan.unreachable,
        reminded_today: plan.reminded_today,
        left_today: plan.left(),
        daily_limit: plan.limit,
        reminders: plan.reminders.into_iter().map(|r| ReminderJson { house: r.house, text: r.text }).collect(),
    }))
}

/// A send of reminders: the count confirmed, if any.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct RemindJson {
    /// The number of messages confirmed (from the plan): if it differs
    /// from what would go now, nothing is sent.
    #[serde(default)]
    pub expected: Option<i64>,
}

/// How many reminders went out.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RemindedJson {
    /// SMS reminders queued in the outbox.
    pub sent: usize,
}

/// Sends a payment reminder (催缴) by SMS to each house in arrears under the
/// filters, once a day a person, within the community's daily limit.
#[utoipa::path(post, path = "/api/v1/communities/{code}/arrears/reminders", tag = "bills",
    params(ArrearsQuery, ("code" = String, Path, description = "Community code")), request_body = RemindJson,
    responses((status = 200, body = RemindedJson), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn remind(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(code): Path<String>,
    axum::extract::Query(q): axum::extract::Query<ArrearsQuery>,
    OptionalJson(body): OptionalJson<RemindJson>,
) -> Result<axum::Json<RemindedJson>, WebError> {
    let user = caller.into_user()?;
    let sent = state
        .app
        .remind_arrears(&user, &peer.ip().to_string(), &crate::web::codes::community(&code)?, &q.ask()?, body.expected)
        .await?;
    Ok(axum::Json(RemindedJson { sent }))
}
