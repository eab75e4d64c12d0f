//! The 三零 page: a region's communities month by month (zero petitions,
//! zero cases, zero accidents), and the incidents recorded against them.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::word;
use crate::app::mediation::zero::{NewIncident, ZeroYear};
use crate::app::registry::household::read_scope;
use crate::domain::mediation::zero::Month;
use crate::domain::registry::region::RegionCode;
use crate::domain::time;
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::{Caller, Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};
use crate::web::form::Sent;
use crate::web::i18n::mediation::MediationTexts;
use crate::web::life::invalid;
use crate::web::life::typed::Fields;
use crate::web::shell::{Shell, own_page};

/// Query of the 三零 page and its API.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ZeroQuery {
    /// A community or street code; the first the caller reads if none.
    pub region: Option<String>,
    /// The year; this one if none.
    pub year: Option<i32>,
    /// A safety event to record as an accident (its tracking code).
    #[serde(default)]
    #[param(ignore)]
    pub event: Option<String>,
    /// An incident was just recorded (the page after one).
    #[serde(default)]
    #[param(ignore)]
    pub recorded: Option<u8>,
}

/// The regions the user may choose: the communities they read and their
/// streets, by name.
async fn regions(state: &AppState, v: &Visitor) -> Result<Vec<(String, String)>, Refusal> {
    let user = v.signed_in()?;
    let prefixes: Vec<String> = read_scope(user).into_iter().map(|p| p.chars().take(12).collect()).collect();
    let communities = state.app.community_codes_under(&prefixes).await?;
    let mut codes: Vec<String> = Vec::new();
    for c in &communities {
        let street = format!("{}000", &c[..9]);
        if !codes.contains(&street) && prefixes.iter().any(|p| p.len() <= 9) {
            codes.push(street);
        }
        codes.push(c.clone());
    }
    let names = state.app.short_names(&codes).await?;
    Ok(codes.into_iter().map(|c| (c.clone(), names.get(&c).cloned().unwrap_or(c))).collect())
}

#[derive(Template)]
#[template(path = "mediation_zero.html")]
struct ZeroPage {
    shell: Shell,
    regions: Vec<(String, String)>,
    z: ZeroYear,
    /// Communities where the user records incidents.
    records: Vec<(String, String)>,
    sent: Sent,
    /// An incident was just recorded.
    recorded: bool,
}

impl ZeroPage {
    fn t(&self) -> &'static MediationTexts {
        &self.shell.t.mediation
    }
    fn months(&self) -> Vec<usize> {
        (0..12).collect()
    }
    fn begun(&self, m: &usize) -> bool {
        (*m as u32) < self.z.months_begun
    }
    /// The month still running (its zero is not won yet).
    fn running(&self, m: &usize) -> bool {
        self.z.year == time::day(Utc::now()).year() && *m as u32 + 1 == self.z.months_begun
    }
    fn ended(&self) -> usize {
        let this = self.z.year == time::day(Utc::now()).year();
        self.z.months_begun as usize - usize::from(this && self.z.months_begun > 0)
    }
    fn cell(&self, m: &Month) -> String {
        let t = self.t();
        if m.is_zero() {
            return t.zero_mark.to_owned();
        }
        let mut parts = Vec::new();
        if m.petitions > 0 {
            let above = if m.above > 0 { format!("（{} {}）", t.above_short, m.above) } else { String::new() };
            parts.push(format!("{} {}{above}", t.petitions, m.petitions));
        }
        if m.cases > 0 {
            parts.push(format!("{} {}", t.cases, m.cases));
        }
        if m.accidents > 0 {
            parts.push(format!("{} {}", t.accidents, m.accidents));
        }
        parts.join(" · ")
    }
    fn zero_months(&self, months: &[Month; 12]) -> String {
        let ended = self.ended();
        let n = months.iter().take(ended).filter(|m| m.is_zero()).count();
        format!("{n}/{ended}")
    }
    fn incident(&self, kind: &str) -> &'static str {
        word(&self.t().incidents, kind)
    }
    fn community(&self, code: &str) -> String {
        self.z.communities.iter().find(|c| c.code == code).map_or_else(|| code.to_owned(), |c| c.name.clone())
    }
    fn value(&self, key: &str) -> String {
        self.sent.typed_if("incident", key)
    }
    fn today(&self) -> String {
        time::day(Utc::now()).to_string()
    }
    fn street(&self) -> bool {
        self.z.communities.len() > 1
    }
}

async fn zero_with(
    state: &AppState,
    v: &Visitor,
    q: &ZeroQuery,
    status: StatusCode,
    mut sent: Sent,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    if let (Some(code), "") = (&q.event, sent.form.as_str()) {
        // From a safety event's page: the form ready to record its accident.
        let typed = vec![
            ("community".to_owned(), q.region.clone().unwrap_or_default()),
            ("kind".to_owned(), "accident".to_owned()),
            ("event".to_owned(), code.clone()),
        ];
        sent = Sent { form: "incident".into(), typed: Fields::from_pairs(typed), ..Sent::default() };
    }
    let regions = regions(state, v).await?;
    let asked = q.region.as_deref().or(regions.first().map(|(c, _)| c.as_str())).unwrap_or_default();
    let region = RegionCode::parse(asked).map_err(|_| WebError::new(ErrorCode::NotFound))?;
    let year = q.year.unwrap_or(time::day(Utc::now()).year());
    let z = state.app.zero_year(user, &region, year).await?;
    let records = super::kept_communities(state, v).await?;
    let page = ZeroPage { shell: v.shell(), regions, z, records, sent, recorded: q.recorded.is_some() };
    own_page(status, page)
}

/// `GET /mediation/zero`.
pub async fn zero_page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<ZeroQuery>,
) -> Result<Response, Refusal> {
    zero_with(&state, &v, &q, StatusCode::OK, Sent::default()).await
}

/// A form address reloaded goes back to the page.
pub async fn to_zero() -> Redirect {
    Redirect::to("/mediation/zero")
}

/// `POST /mediation/incidents`: records a criminal or public-order case or
/// an accident.
pub async fn incident_submit(
    State(state): State<AppState>,
    v: Visitor,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let n = NewIncident {
        community: f.get("community").to_owned(),
        kind: f.get("kind").to_owned(),
        day: f.get("day").to_owned(),
        summary: f.get("summary").to_owned(),
        event: f.get("event").to_owned(),
    };
    let community = n.community.clone();
    match state.app.record_incident(user, &v.ip, n).await {
        Ok(row) => {
            let to = format!("/mediation/zero?region={community}&year={}&recorded=1#incidents", row.occurred_on.year());
            Ok(Redirect::to(&to).into_response())
        }
        Err(e) => {
            let problem = invalid(&v, e)?;
            let q = ZeroQuery { region: Some(community), ..ZeroQuery::default() };
            let sent = Sent { form: "incident".into(), problem, typed: f };
            zero_with(&state, &v, &q, StatusCode::UNPROCESSABLE_ENTITY, sent).await
        }
    }
}

/// A community's year.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ZeroCommunityOut {
    /// Community code.
    pub code: String,
    /// Name.
    pub name: String,
    /// January to December.
    pub months: Vec<ZeroMonthOut>,
}

/// A month's figures.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ZeroMonthOut {
    /// 1–12.
    pub month: u32,
    /// Whether the month has begun.
    pub begun: bool,
    /// Petitions registered.
    pub petitions: i64,
    /// Of them, those that went above the community (越级).
    pub above: i64,
    /// Criminal and public-order cases.
    pub cases: i64,
    /// Accidents.
    pub accidents: i64,
    /// All three zero (三零).
    pub zero: bool,
}

/// A region's year of 三零.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ZeroOut {
    /// The region asked for.
    pub region: String,
    /// The year.
    pub year: i32,
    /// Each community.
    pub communities: Vec<ZeroCommunityOut>,
    /// The region's sum.
    pub total: Vec<ZeroMonthOut>,
}

fn months_out(months: &[Month; 12], begun: u32) -> Vec<ZeroMonthOut> {
    months
        .iter()
        .enumerate()
        .map(|(i, m)| ZeroMonthOut {
            month: i as u32 + 1,
            begun: (i as u32) < begun,
            petitions: m.petitions,
            above: m.above,
            cases: m.cases,
            accidents: m.accidents,
            zero: m.is_zero(),
        })
        .collect()
}

/// `GET /api/v1/mediation/zero`: a community's or street's year of 三零.
#[utoipa::path(get, operation_id = "mediation_zero", path = "/api/v1/mediation/zero", tag = "mediation",
    params(ZeroQuery), responses((status = 200, body = ZeroOut), (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_zero(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ZeroQuery>,
) -> Result<axum::Json<ZeroOut>, WebError> {
    let user = caller.into_user()?;
    let asked = match q.region.clone() {
        Some(r) => r,
        // The first community the caller reads.
        None => {
            let prefixes: Vec<String> = read_scope(&user).into_iter().map(|p| p.chars().take(12).collect()).collect();
            let mut codes = state.app.community_codes_under(&prefixes).await?;
            codes.sort();
            codes.into_iter().next().unwrap_or_default()
        }
    };
    let region = RegionCode::parse(&asked).map_err(|_| WebError::new(ErrorCode::NotFound))?;
    let year = q.year.unwrap_or(time::day(Utc::now()).year());
    let z = state.app.zero_year(&user, &region, year).await?;
    Ok(axum::Json(ZeroOut {
        region: z.region.clone(),
        year,
        communities: z
            .communities
            .iter()
            .map(|c| ZeroCommunityOut {
                code: c.code.clone(),
                name: c.name.clone(),
                months: months_out(&c.months, z.months_begun),
            })
            .collect(),
        total: months_out(&z.total, z.months_begun),
    }))
}

/// An incident to record.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct IncidentJson {
    /// Community code.
    pub community: String,
    /// criminal, public_order or accident.
    pub kind: String,
    /// When it happened.
    pub day: NaiveDate,
    /// What happened, without names.
    pub summary: String,
    /// An accident's safety event (tracking code).
    #[serde(default)]
    pub event: String,
}

/// An incident recorded.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct IncidentOut {
    /// Identifier.
    pub id: Uuid,
    /// criminal, public_order or accident.
    pub kind: String,
    /// When it happened.
    pub day: NaiveDate,
}

/// `POST /api/v1/mediation/incidents`: records an incident (the police
/// office's members, the community's staff).
#[utoipa::path(post, operation_id = "mediation_incident", path = "/api/v1/mediation/incidents", tag = "mediation",
    request_body = IncidentJson,
    responses((status = 201, body = IncidentOut), (status = 400, body = crate::web::error::ErrorBody),
        (status = 403, body = crate::web::error::ErrorBody)))]
pub async fn api_incident(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(b): ApiJson<IncidentJson>,
) -> Result<(StatusCode, axum::Json<IncidentOut>), WebError> {
    let user = caller.into_user()?;
    let n = NewIncident {
        community: b.community,
        kind: b.kind,
        day: b.day.to_string(),
        summary: b.summary,
        event: b.event,
    };
    let row = state.app.record_incident(&user, &peer.ip().to_string(), n).await?;
    Ok((StatusCode::CREATED, axum::Json(IncidentOut { id: row.id, kind: row.kind, day: row.occurred_on })))
}
