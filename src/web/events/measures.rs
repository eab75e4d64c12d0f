//! Event measures (结案率, 按期结案率, 返工率, 满意率, time per step) for a
//! period, grouped by grid, community, street, handler or category: a page
//! for leaders and the same figures through the API.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Datelike, NaiveDate, Utc};
use linli_store::events::measure::By;
use serde::{Deserialize, Serialize};

use crate::app::events::measures::{GroupName, MeasureRow, Measures};
use crate::web::AppState;
use crate::web::caller::{Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};
use crate::web::shell::{Shell, own_page};

/// `?by=&from=&to=`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MeasureQuery {
    /// grid, community, street, handler or category (grid by default).
    by: Option<String>,
    /// First day, `YYYY-MM-DD` (local time); the first of this month by default.
    from: Option<String>,
    /// Last day, included; today by default.
    to: Option<String>,
}

fn by(s: &str) -> Option<By> {
    Some(match s {
        "" | "grid" => By::Grid,
        "community" => By::Community,
        "street" => By::Street,
        "handler" => By::Handler,
        "category" => By::Category,
        _ => return None,
    })
}

fn invalid(field: &'static str, detail: &str) -> WebError {
    WebError { code: ErrorCode::InvalidInput, field: Some(field), detail: Some(detail.into()), reason: None }
}

/// The grouping and the period asked for, with their defaults.
fn read(q: &MeasureQuery) -> Result<(By, NaiveDate, NaiveDate), WebError> {
    let today = crate::domain::time::day(Utc::now());
    let date = |text: &Option<String>, field, default| match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| invalid(field, "日期应为 YYYY-MM-DD")),
        None => Ok(default),
    };
    let by =
        by(q.by.as_deref().unwrap_or("")).ok_or_else(|| invalid("by", "grid, community, street, handler, category"))?;
    Ok((by, date(&q.from, "from", today.with_day(1).unwrap_or(today))?, date(&q.to, "to", today)?))
}

/// One group's figures.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct GroupJson {
    /// Grid, community or street code, handler, or category code; null for
    /// events with none (not placed, not dispatched).
    pub key: Option<String>,
    /// Its name.
    pub name: String,
    /// Reported.
    pub total: i64,
    /// Taken on (not waiting, refused or a duplicate).
    pub accepted: i64,
    /// Closed (结案).
    pub closed: i64,
    /// Closed without running late.
    pub closed_on_time: i64,
    /// Ran past a deadline.
    pub late: i64,
    /// Sent back to work at least once.
    pub reworked: i64,
    /// Followed up (回访).
    pub visited: i64,
    /// 满意 or 基本满意.
    pub satisfied: i64,
    /// 结案率: closed / accepted.
    pub closing_rate: Option<f64>,
    /// 按期结案率: closed on time / closed.
    pub on_time_rate: Option<f64>,
    /// 返工率: reworked / accepted.
    pub rework_rate: Option<f64>,
    /// 满意率: satisfied / visited.
    pub satisfaction_rate: Option<f64>,
}

/// A group's name in a language: from the data, or worded.
fn group_name(t: &crate::web::i18n::events::MeasureColumns, name: &GroupName) -> String {
    match name {
        GroupName::Named(n) => n.clone(),
        GroupName::Total => t.total.to_owned(),
        GroupName::NotDispatched => t.not_dispatched.to_owned(),
        GroupName::Unplaced => t.unplaced.to_owned(),
    }
}

impl GroupJson {
    fn of(r: &MeasureRow, t: &crate::web::i18n::events::MeasureColumns) -> Self {
        let name = group_name(t, &r.name);
        let t = &r.tally;
        GroupJson {
            key: t.key.clone(),
            name,
            total: t.total,
            accepted: t.accepted,
            closed: t.closed,
            closed_on_time: t.closed_on_time,
            late: t.late,
            reworked: t.reworked,
            visited: t.visited,
            satisfied: t.satisfied,
            closing_rate: r.closing_rate(),
            on_time_rate: r.on_time_rate(),
            rework_rate: r.rework_rate(),
            satisfaction_rate: r.satisfaction_rate(),
        }
    }
}

/// Average time of one kind of step.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StepTimeJson {
    /// accept, dispatch, start, feedback, pass …
    pub action: String,
    /// How many such steps in the period.
    pub steps: i64,
    /// Average seconds since the step before.
    pub average_secs: i64,
}

/// The measures of a period.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MeasuresJson {
    /// How the groups are made.
    pub by: String,
    /// First day.
    pub from: NaiveDate,
    /// Last day (included).
    pub to: NaiveDate,
    /// The groups.
    pub groups: Vec<GroupJson>,
    /// All groups together.
    pub total: GroupJson,
    /// Average time per step.
    pub steps: Vec<StepTimeJson>,
}

/// Event measures of the caller's scope.
#[utoipa::path(get, operation_id = "event_measures", path = "/api/v1/events/measures", tag = "events", params(MeasureQuery),
    responses((status = 200, body = MeasuresJson), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn api(
    State(state): State<AppState>,
    caller: crate::web::caller::Caller,
    prefs: crate::web::prefs::Prefs,
    Query(q): Query<MeasureQuery>,
) -> Result<axum::Json<MeasuresJson>, WebError> {
    let user = caller.into_user()?;
    let (group, from, to) = read(&q)?;
    let m = state.app.event_measures(&user, group, from, to).await?;
    let words = &prefs.lang.texts().events.measure_columns;
    Ok(axum::Json(MeasuresJson {
        by: q.by.unwrap_or_else(|| "grid".into()),
        from,
        to,
        groups: m.rows.iter().map(|r| GroupJson::of(r, words)).collect(),
        total: GroupJson::of(&m.all, words),
        steps: m
            .steps
            .into_iter()
            .map(|(action, steps, average_secs)| StepTimeJson { action, steps, average_secs })
            .collect(),
    }))
}

#[derive(Template)]
#[template(path = "measures.html")]
struct MeasuresPage {
    shell: Shell,
    by: String,
    from: String,
    to: String,
    m: Option<Measures>,
    message: Option<String>,
}

impl MeasuresPage {
    fn pct(&self, rate: Option<f64>) -> String {
        rate.map_or_else(|| "—".into(), |r| format!("{:.1}%", r * 100.0))
    }

    fn group(&self, name: &GroupName) -> String {
        group_name(&self.shell.t.events.measure_columns, name)
    }

    fn hours(&self, secs: &i64) -> String {
        format!("{:.1}", *secs as f64 / 3600.0)
    }

    fn action(&self, key: &str) -> String {
        self.shell.t.events.actions.iter().find(|a| a.0 == key).map_or_else(|| key.to_owned(), |a| a.1.to_owned())
    }
}

/// `GET /events/measures`: the measures page.
pub async fn page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<MeasureQuery>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let by = q.by.clone().unwrap_or_else(|| "grid".into());
    let (m, message, status) = match read(&q) {
        Ok((group, from, to)) => match state.app.event_measures(user, group, from, to).await {
            Ok(m) => (Some(m), None, StatusCode::OK),
            Err(crate::app::Error::Invalid { reason, .. }) => {
                (None, Some(v.prefs.lang.refusal(&reason)), StatusCode::UNPROCESSABLE_ENTITY)
            }
            Err(e) => return Err(e.into()),
        },
        Err(e) => (None, e.detail_in(v.prefs.lang), StatusCode::UNPROCESSABLE_ENTITY),
    };
    let (from, to) = match read(&MeasureQuery { by: None, ..q }) {
        Ok((_, f, t)) => (f.to_string(), t.to_string()),
        Err(_) => (String::new(), String::new()),
    };
    own_page(status, MeasuresPage { shell: v.shell(), by, from, to, m, message })
}
