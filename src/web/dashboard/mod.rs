//! The dashboard (大脑中枢) on the web: a page per area (district, street,
//! community, grid) with its charts drawn on the server and their numbers in
//! tables beside them, each figure linking to the list behind it; and the
//! same figures through the API.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use serde::{Deserialize, Serialize};

use crate::app::dashboard::{Dashboard, Level, Point};
use crate::domain::time;
use crate::web::AppState;
use crate::web::caller::{Caller, Refusal, Visitor};
use crate::web::chart::{self, Svg};
use crate::web::error::WebError;
use crate::web::i18n::dashboard::DashboardTexts;
use crate::web::shell::{Shell, own_page};

pub mod report;
pub mod screen;

/// The pages.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/dashboard", get(page))
        .route("/reports", get(report::list_page))
        .route("/reports/{code}", get(report::page))
        .route("/reports/{code}/xlsx", get(report::xlsx_page))
        .route("/regions/{code}/screen", get(screen::page))
        .route("/regions/{code}/screen.json", get(screen::json))
}

/// The API (under `/api/v1`).
pub(crate) fn api() -> Router<AppState> {
    Router::new()
        .route("/dashboard", get(api_dashboard))
        .route("/reports", get(report::api_list))
        .route("/reports/{code}", get(report::api_fill))
        .route("/reports/{code}/xlsx", get(report::api_xlsx))
}

/// `?region=`: the area; the caller's first when none.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardQuery {
    /// A district, street, community or grid code within the caller's area.
    pub region: Option<String>,
}

impl DashboardQuery {
    fn region(&self) -> Result<Option<crate::domain::registry::region::RegionCode>, WebError> {
        match self.region.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
            Some(r) => Ok(Some(crate::web::codes::region("region", r)?)),
            None => Ok(None),
        }
    }
}

fn percent(rate: Option<f64>) -> String {
    // Under one per cent, two decimals: 0.01%, not 0.0%, when anything was paid.
    rate.map_or_else(String::new, |r| {
        if r > 0.0 && r < 0.01 { format!("{:.2}%", r * 100.0) } else { format!("{:.1}%", r * 100.0) }
    })
}

fn yuan(fen: i64) -> String {
    format!("¥{}.{:02}", fen / 100, (fen % 100).abs())
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    shell: Shell,
    d: Dashboard,
    choices: Vec<(String, String)>,
    pyramid: Svg,
    residency: Svg,
    tags: Svg,
    top: Svg,
    months: Svg,
    days: Svg,
    children: Svg,
}

impl DashboardPage {
    fn t(&self) -> &'static DashboardTexts {
        &self.shell.t.dashboard
    }

    fn level(&self) -> &'static str {
        let t = self.t();
        match self.d.level {
            Level::District => t.levels_district,
            Level::Street => t.levels_street,
            Level::Community => t.levels_community,
            Level::Grid => t.levels_grid,
        }
    }

    /// An events list, narrowed to this area when it is narrower than the
    /// viewer's whole area.
    fn events(&self, query: &str) -> String {
        let mut href = format!("/events?{query}");
        if self.d.narrowed {
            href.push_str(&format!("&grid={}", self.area()));
        }
        href
    }

    /// The area's significant digits (a community's or grid's code whole).
    fn area(&self) -> String {
        crate::domain::registry::region::RegionCode::parse(&self.d.code)
            .map_or_else(|_| self.d.code.clone(), |c| c.prefix().to_owned())
    }

    /// Events of the area not placed in any grid: open, overdue, reported
    /// and closed this month (a community's grids leave them out).
    fn unplaced(&self) -> Option<[i64; 4]> {
        if self.d.level != Level::Community || self.d.children.is_empty() {
            return None;
        }
        let sum = |f: fn(&crate::app::dashboard::Child) -> i64| self.d.children.iter().map(f).sum::<i64>();
        let reported_month = self.d.months.last().map_or(0, |m| m.reported);
        let closed_month = self.d.months.last().map_or(0, |m| m.closed);
        let row = [
            self.d.events.open - sum(|c| c.events.open),
            self.d.events.overdue - sum(|c| c.events.late),
            reported_month - sum(|c| c.events.reported),
            closed_month - sum(|c| c.events.closed),
        ];
        row.iter().any(|n| *n > 0).then_some(row)
    }

    fn any_open_below(&self) -> bool {
        self.d.children.iter().any(|c| c.events.open > 0)
    }

    fn today(&self) -> String {
        self.d.today.format("%Y-%m-%d").to_string()
    }

    fn month_from(&self) -> String {
        self.d.months.last().map_or_else(String::new, |p| p.from.format("%Y-%m-%d").to_string())
    }

    fn period_link(&self, p: &Point) -> String {
        self.events(&format!("from={}&to={}", p.from.format("%Y-%m-%d"), p.to.format("%Y-%m-%d")))
    }

    fn pct(&self, rate: Option<f64>) -> String {
        let p = percent(rate);
        if p.is_empty() { self.t().not_counted.to_owned() } else { p }
    }

    fn yuan(&self, fen: &i64) -> String {
        yuan(*fen)
    }

    fn shown(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        time::shown_minute(*at)
    }

    fn state_word(&self, state: &str) -> &'static str {
        crate::web::events::event::state_name(&self.shell, state)
    }
}

fn draw(d: &Dashboard, t: &DashboardTexts) -> [Svg; 7] {
    let p = &d.population;
    let bands: Vec<(String, i64, i64)> = p.pyramid.iter().map(|(b, m, w)| (b.clone(), *m as i64, *w as i64)).collect();
    let residency: Vec<(String, i64)> = p.by_residency.iter().map(|(k, n)| (k.clone(), *n as i64)).collect();
    let tags: Vec<(String, i64)> = p.by_tag.iter().take(10).map(|(k, n)| (k.clone(), *n as i64)).collect();
    let top: Vec<(String, i64)> = d.events.top.iter().map(|(_, name, n)| (name.clone(), *n)).collect();
    let months: Vec<(String, i64)> = d.months.iter().map(|m| (m.label.clone(), m.reported)).collect();
    let days: Vec<(String, i64)> = d.days.iter().map(|m| (m.label.clone(), m.reported)).collect();
    // The ten with most open events (the table below has them all).
    let children: Vec<(String, i64)> = d.children.iter().take(10).map(|c| (c.name.clone(), c.events.open)).collect();
    [
        chart::pyramid(t.pyramid, &bands, t.men, t.women),
        chart::donut(t.residency, &residency),
        chart::bars(t.tags, &tags),
        chart::bars(t.top_categories, &top),
        chart::line(&format!("{} · {}", t.months_title, t.reported), &months),
        chart::line(&format!("{} · {}", t.days_title, t.reported), &days),
        chart::bars(t.open_chart, &children),
    ]
}

/// `GET /dashboard?region=…`: the area's dashboard.
pub async fn page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<DashboardQuery>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let region = q.region()?;
    let d = state.app.dashboard(user, region.as_ref()).await?;
    let choices = state.app.dashboard_choices(user).await?;
    let shell = v.shell();
    let [pyramid, residency, tags, top, months, days, children] = draw(&d, &shell.t.dashboard);
    own_page(StatusCode::OK, DashboardPage { shell, d, choices, pyramid, residency, tags, top, months, days, children })
}

/// One period of a trend.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PointOut {
    /// `2026-12` or `12-04`.
    pub label: String,
    /// First day (local).
    pub from: String,
    /// Last day (local).
    pub to: String,
    /// Events reported.
    pub reported: i64,
    /// Events closed.
    pub closed: i64,
    /// Visits recorded.
    pub visits: i64,
}

/// A region one level down.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DashboardChildOut {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// People living there.
    pub people: i64,
    /// Households with anyone living there.
    pub households: i64,
    /// Events open now.
    pub open: i64,
    /// Open and overdue.
    pub overdue: i64,
    /// Reported this month.
    pub reported_month: i64,
    /// Closed this month.
    pub closed_month: i64,
}

/// The dashboard's figures.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DashboardOut {
    /// The area's code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// `district`, `street`, `community` or `grid`.
    pub level: &'static str,
    /// The local day the figures were read.
    pub today: String,
    /// People, households, age bands, residency and tags.
    pub population: crate::app::registry::stats::Stats,
    /// Events reported today.
    pub events_today: i64,
    /// Events open.
    pub events_open: i64,
    /// Events open and overdue.
    pub events_overdue: i64,
    /// Events waiting to be accepted or dispatched.
    pub events_board: i64,
    /// This month's closing rate (0–1), when any were accepted.
    pub closing_rate: Option<f64>,
    /// This month's on-time closing rate.
    pub on_time_rate: Option<f64>,
    /// This month's rework rate.
    pub rework_rate: Option<f64>,
    /// This month's satisfaction rate.
    pub satisfaction_rate: Option<f64>,
    /// Applications in progress.
    pub applications_in_progress: i64,
    /// Applications past their promised date.
    pub applications_overdue: i64,
    /// Applications finished this month.
    pub applications_done_month: i64,
    /// Households due a visit (for those who visit, at a community or grid).
    pub visits_due: Option<i64>,
    /// Visits recorded this month.
    pub visits_done_month: i64,
    /// This month's bills: billed less waived, in fen.
    pub bills_due: i64,
    /// This month's bills: paid less refunded, in fen.
    pub bills_collected: i64,
    /// Owed on earlier months' bills, in fen.
    pub arrears: i64,
    /// Mediation cases running that the caller knows of.
    pub cases_open: i64,
    /// This month's petitions, cases and accidents are all zero (三零), when readable.
    pub zero_this_month: Option<bool>,
    /// The last 12 months.
    pub months: Vec<PointOut>,
    /// The last 30 days.
    pub days: Vec<PointOut>,
    /// The regions one level down.
    pub children: Vec<DashboardChildOut>,
}

fn point_out(p: &Point) -> PointOut {
    PointOut {
        label: p.label.clone(),
        from: p.from.to_string(),
        to: p.to.to_string(),
        reported: p.reported,
        closed: p.closed,
        visits: p.visits,
    }
}

/// An area's dashboard figures within the caller's scope.
#[utoipa::path(get, operation_id = "dashboard", path = "/api/v1/dashboard", tag = "dashboard", params(DashboardQuery),
    responses((status = 200, body = DashboardOut), (status = 400, body = crate::web::error::ErrorBody),
        (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_dashboard(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<DashboardQuery>,
) -> Result<axum::Json<DashboardOut>, WebError> {
    let user = caller.into_user()?;
    let d = state.app.dashboard(&user, q.region()?.as_ref()).await?;
    let m = &d.events.month;
    Ok(axum::Json(DashboardOut {
        code: d.code.clone(),
        name: d.name.clone(),
        level: match d.level {
            Level::District => "district",
            Level::Street => "street",
            Level::Community => "community",
            Level::Grid => "grid",
        },
        today: d.today.to_string(),
        events_today: d.events.today,
        events_open: d.events.open,
        events_overdue: d.events.overdue,
        events_board: d.events.board,
        closing_rate: m.closing_rate(),
        on_time_rate: m.on_time_rate(),
        rework_rate: m.rework_rate(),
        satisfaction_rate: m.satisfaction_rate(),
        applications_in_progress: d.services.in_progress,
        applications_overdue: d.services.overdue,
        applications_done_month: d.services.done_month,
        visits_due: d.visits.due,
        visits_done_month: d.visits.done_month,
        bills_due: d.bills.month.due,
        bills_collected: d.bills.month.collected,
        arrears: d.bills.arrears,
        cases_open: d.cases.open,
        zero_this_month: d.cases.month.map(|m| m.is_zero()),
        months: d.months.iter().map(point_out).collect(),
        days: d.days.iter().map(point_out).collect(),
        children: d
            .children
            .iter()
            .map(|c| DashboardChildOut {
                code: c.code.clone(),
                name: c.name.clone(),
                people: c.people,
                households: c.households,
                open: c.events.open,
                overdue: c.events.late,
                reported_month: c.events.reported,
                closed_month: c.events.closed,
            })
            .collect(),
        population: d.population,
    }))
}
