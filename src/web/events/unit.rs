//! Handler units (处置单位) and routing rules on the web: the units page
//! (units, rules and the units' measures), one unit's page with its
//! members, and the API.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::app::events::unit::{NewMember, NewRule, NewUnit, UnitMeasures, UnitRole, UnitView, may_keep_units};
use crate::app::refusal::Reason;
use crate::domain::registry::phone::Phone;
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::{Caller, Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};
use crate::web::shell::{Shell, own_page};
use linli_store::events::unit::{RuleRow, UnitRow};

/// A handler unit.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UnitJson {
    /// Identifier.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// department, utility, property, police_office, mediation, member_unit, community.
    pub kind: String,
    /// The region it works in.
    pub region: String,
    /// Office phone.
    pub phone: Option<String>,
    /// Dispatched to.
    pub active: bool,
}

impl From<UnitRow> for UnitJson {
    fn from(u: UnitRow) -> Self {
        UnitJson { id: u.id, name: u.name, kind: u.kind, region: u.region_code, phone: u.phone, active: u.active }
    }
}

/// A member of a unit.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MemberJson {
    /// Their account.
    pub account: Uuid,
    /// Name.
    pub name: String,
    /// User name.
    pub login: String,
    /// `dispatcher` or `handler`.
    pub role: String,
}

/// A unit with its members and rules.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UnitDetailJson {
    /// The unit.
    pub unit: UnitJson,
    /// Its members.
    pub members: Vec<MemberJson>,
    /// The rules that route to it.
    pub rules: Vec<RuleJson>,
}

impl From<UnitView> for UnitDetailJson {
    fn from(v: UnitView) -> Self {
        UnitDetailJson {
            unit: v.row.into(),
            members: v
                .members
                .into_iter()
                .map(|(m, name, login)| MemberJson { account: m.account_id, name, login, role: m.role })
                .collect(),
            rules: v.rules.into_iter().map(Into::into).collect(),
        }
    }
}

/// A routing rule.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RuleJson {
    /// The region it applies in (district, street or community code).
    pub region: String,
    /// The category's code.
    pub category: String,
    /// The unit.
    pub unit: Uuid,
    /// Dispatch at once (true) or only suggest (false).
    #[serde(default)]
    pub certain: bool,
    /// Deadline in hours, when not the category's.
    #[serde(default)]
    pub hours: Option<u32>,
}

impl From<RuleRow> for RuleJson {
    fn from(r: RuleRow) -> Self {
        RuleJson {
            region: r.region_code,
            category: r.category_code,
            unit: r.unit_id,
            certain: r.certain,
            hours: r.hours.and_then(|h| u32::try_from(h).ok()),
        }
    }
}

/// A new unit.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewUnitJson {
    /// Name (2–64 characters).
    pub name: String,
    /// department, utility, property, police_office, mediation, member_unit, community.
    pub kind: String,
    /// The region it works in.
    pub region: String,
    /// Office phone.
    #[serde(default)]
    pub phone: Option<String>,
}

/// A member to add: an existing account by login, or a new one.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewMemberJson {
    /// User name (new or existing) or the phone of an existing account.
    pub login: String,
    /// Name, for a new account.
    #[serde(default)]
    pub name: String,
    /// Mobile, for a new account.
    #[serde(default)]
    pub phone: Option<String>,
    /// `dispatcher` or `handler`.
    pub role: String,
}

/// A member added.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MemberAddedJson {
    /// The initial password of a new account (hand it over once), none for an existing one.
    pub initial_password: Option<String>,
}

fn unit_id(text: &str) -> Result<Uuid, WebError> {
    Uuid::parse_str(text).map_err(|_| WebError::new(ErrorCode::NotFound))
}

fn new_unit(name: &str, kind: &str, region: &str, phone: Option<&str>) -> Result<NewUnit, WebError> {
    Ok(NewUnit {
        name: name.to_owned(),
        kind: kind.trim().to_owned(),
        region: crate::web::codes::region("region", region.trim())?,
        phone: phone.map(str::to_owned),
    })
}

fn new_member(login: &str, name: &str, phone: Option<&str>, role: &str) -> Result<NewMember, crate::app::Error> {
    let role = UnitRole::parse(role).ok_or_else(|| crate::app::Error::invalid("role", Reason::UnitRole))?;
    let phone = match phone.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Some(Phone::parse(p).map_err(|_| crate::app::Error::invalid("phone", Reason::Mobile))?),
        None => None,
    };
    Ok(NewMember { login: login.to_owned(), display_name: name.to_owned(), phone, role })
}

fn new_rule(region: &str, category: &str, unit: &str, certain: bool, hours: &str) -> Result<NewRule, Refusal> {
    let hours = match hours.trim() {
        "" => None,
        h => Some(h.parse().map_err(|_| crate::app::Error::invalid("hours", Reason::CategoryHours))?),
    };
    Ok(NewRule {
        region: crate::web::codes::region("region", region.trim())?,
        category: category.trim().to_owned(),
        unit: Uuid::parse_str(unit.trim()).map_err(|_| crate::app::Error::invalid("unit", Reason::NoSuchUnit))?,
        certain,
        hours,
    })
}

/// The units the caller may see.
#[utoipa::path(get, operation_id = "list_units", path = "/api/v1/units", tag = "events",
    responses((status = 200, body = Vec<UnitJson>)))]
pub async fn api_list(State(state): State<AppState>, caller: Caller) -> Result<axum::Json<Vec<UnitJson>>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(state.app.units(&user).await?.into_iter().map(Into::into).collect()))
}

/// Adds a unit in a region the caller keeps (community heads and admins).
#[utoipa::path(post, operation_id = "add_unit", path = "/api/v1/units", tag = "events", request_body = NewUnitJson,
    responses((status = 201, body = UnitJson), (status = 400, body = crate::web::error::ErrorBody), (status = 403, body = crate::web::error::ErrorBody)))]
pub async fn api_add(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(b): ApiJson<NewUnitJson>,
) -> Result<(StatusCode, axum::Json<UnitDetailJson>), WebError> {
    let user = caller.into_user()?;
    let new = new_unit(&b.name, &b.kind, &b.region, b.phone.as_deref())?;
    let id = state.app.add_unit(&user, &peer.ip().to_string(), new).await?;
    Ok((StatusCode::CREATED, axum::Json(state.app.unit(&user, id).await?.into())))
}

/// One unit with its members and the rules routing to it.
#[utoipa::path(get, operation_id = "show_unit", path = "/api/v1/units/{id}", tag = "events",
    params(("id" = String, Path, description = "Unit id")),
    responses((status = 200, body = UnitDetailJson), (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<axum::Json<UnitDetailJson>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(state.app.unit(&user, unit_id(&id)?).await?.into()))
}

/// Adds a member (an existing account, or a new one whose initial password is answered once).
#[utoipa::path(post, operation_id = "add_unit_member", path = "/api/v1/units/{id}/members", tag = "events",
    request_body = NewMemberJson, params(("id" = String, Path, description = "Unit id")),
    responses((status = 201, body = MemberAddedJson), (status = 400, body = crate::web::error::ErrorBody), (status = 403, body = crate::web::error::ErrorBody)))]
pub async fn api_add_member(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NewMemberJson>,
) -> Result<(StatusCode, axum::Json<MemberAddedJson>), WebError> {
    let user = caller.into_user()?;
    let m = new_member(&b.login, &b.name, b.phone.as_deref(), &b.role)?;
    let initial_password = state.app.add_unit_member(&user, &peer.ip().to_string(), unit_id(&id)?, m).await?;
    Ok((StatusCode::CREATED, axum::Json(MemberAddedJson { initial_password })))
}

/// Takes a member out of a unit.
#[utoipa::path(delete, operation_id = "remove_unit_member", path = "/api/v1/units/{id}/members/{account}", tag = "events",
    params(("id" = String, Path, description = "Unit id"), ("account" = String, Path, description = "The member's account id")),
    responses((status = 204), (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_remove_member(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((id, account)): Path<(String, String)>,
) -> Result<StatusCode, WebError> {
    let user = caller.into_user()?;
    state.app.remove_unit_member(&user, &peer.ip().to_string(), unit_id(&id)?, unit_id(&account)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Whether a unit takes new work.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ActiveJson {
    /// false stops the unit (nothing new is dispatched or routed to it), true resumes it.
    pub active: bool,
}

/// Stops or resumes a unit the caller keeps.
#[utoipa::path(put, operation_id = "set_unit_active", path = "/api/v1/units/{id}/active", tag = "events",
    request_body = ActiveJson, params(("id" = String, Path, description = "Unit id")),
    responses((status = 200, body = UnitDetailJson), (status = 403, body = crate::web::error::ErrorBody), (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_set_active(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ActiveJson>,
) -> Result<axum::Json<UnitDetailJson>, WebError> {
    let user = caller.into_user()?;
    let id = unit_id(&id)?;
    state.app.set_unit_active(&user, &peer.ip().to_string(), id, b.active).await?;
    Ok(axum::Json(state.app.unit(&user, id).await?.into()))
}

/// The routing rules the caller may see.
#[utoipa::path(get, operation_id = "list_routing_rules", path = "/api/v1/routing-rules", tag = "events",
    responses((status = 200, body = Vec<RuleJson>)))]
pub async fn api_rules(State(state): State<AppState>, caller: Caller) -> Result<axum::Json<Vec<RuleJson>>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(state.app.routing_rules(&user).await?.into_iter().map(Into::into).collect()))
}

/// Sets who a category goes to in a region the caller keeps.
#[utoipa::path(put, operation_id = "set_routing_rule", path = "/api/v1/routing-rules", tag = "events", request_body = RuleJson,
    responses((status = 200, body = RuleJson), (status = 400, body = crate::web::error::ErrorBody), (status = 403, body = crate::web::error::ErrorBody)))]
pub async fn api_set_rule(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(b): ApiJson<RuleJson>,
) -> Result<axum::Json<RuleJson>, WebError> {
    let user = caller.into_user()?;
    let rule = NewRule {
        region: crate::web::codes::region("region", b.region.trim())?,
        category: b.category.trim().to_owned(),
        unit: b.unit,
        certain: b.certain,
        hours: b.hours,
    };
    state.app.set_routing_rule(&user, &peer.ip().to_string(), rule).await?;
    Ok(axum::Json(b))
}

/// `?region=&category=`: a rule.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RuleQuery {
    /// The region.
    region: String,
    /// The category's code.
    category: String,
}

/// Removes a rule.
#[utoipa::path(delete, operation_id = "remove_routing_rule", path = "/api/v1/routing-rules", tag = "events", params(RuleQuery),
    responses((status = 204), (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_remove_rule(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(q): Query<RuleQuery>,
) -> Result<StatusCode, WebError> {
    let user = caller.into_user()?;
    let region = crate::web::codes::region("region", q.region.trim())?;
    state.app.remove_routing_rule(&user, &peer.ip().to_string(), &region, q.category.trim()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `?from=&to=`: the period (local dates), this month by default.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// First day, YYYY-MM-DD.
    from: Option<String>,
    /// Last day, YYYY-MM-DD.
    to: Option<String>,
}

impl PeriodQuery {
    fn days(&self) -> Result<(chrono::NaiveDate, chrono::NaiveDate), WebError> {
        let today = crate::domain::time::day(chrono::Utc::now());
        let parse = |t: &Option<String>, default: chrono::NaiveDate| match t.as_deref().map(str::trim) {
            None | Some("") => Ok(default),
            Some(t) => chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| WebError {
                code: ErrorCode::InvalidInput,
                field: Some("from"),
                detail: None,
                reason: Some(Reason::BadDate),
            }),
        };
        let first = today.with_day0(0).unwrap_or(today);
        Ok((parse(&self.from, first)?, parse(&self.to, today)?))
    }
}

use chrono::Datelike as _;

/// One unit's measures.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UnitMeasureJson {
    /// Rank among the units (1 is best).
    pub rank: usize,
    /// The unit.
    pub unit: Uuid,
    /// Its name.
    pub name: String,
    /// Events dispatched to it.
    pub total: i64,
    /// Closed.
    pub closed: i64,
    /// 按期结案率 (0–1).
    pub on_time_rate: Option<f64>,
    /// 返工率.
    pub rework_rate: Option<f64>,
    /// 满意率.
    pub satisfaction_rate: Option<f64>,
    /// Average seconds from dispatch to feedback.
    pub avg_secs: Option<i64>,
}

/// The units' measures of a period, ranked.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UnitMeasuresJson {
    /// Ranked units.
    pub units: Vec<UnitMeasureJson>,
    /// Events routing suggested a unit for, dispatched.
    pub suggested: i64,
    /// Of those, dispatched to the unit suggested.
    pub kept: i64,
}

impl From<UnitMeasures> for UnitMeasuresJson {
    fn from(m: UnitMeasures) -> Self {
        UnitMeasuresJson {
            units: m
                .units
                .into_iter()
                .enumerate()
                .map(|(i, u)| UnitMeasureJson {
                    rank: i + 1,
                    on_time_rate: u.measure.on_time_rate(),
                    rework_rate: u.measure.rework_rate(),
                    satisfaction_rate: u.measure.satisfaction_rate(),
                    unit: u.unit.id,
                    name: u.unit.name,
                    total: u.measure.tally.total,
                    closed: u.measure.tally.closed,
                    avg_secs: u.avg_secs,
                })
                .collect(),
            suggested: m.suggested,
            kept: m.kept,
        }
    }
}

/// The handler units' measures over events in the caller's scope, ranked.
#[utoipa::path(get, operation_id = "unit_measures", path = "/api/v1/units/measures", tag = "events", params(PeriodQuery),
    responses((status = 200, body = UnitMeasuresJson), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn api_measures(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<PeriodQuery>,
) -> Result<axum::Json<UnitMeasuresJson>, WebError> {
    let user = caller.into_user()?;
    let (from, to) = q.days()?;
    Ok(axum::Json(state.app.unit_measures(&user, from, to).await?.into()))
}

#[derive(Template)]
#[template(path = "units.html")]
struct UnitsPage {
    shell: Shell,
    units: Vec<UnitRow>,
    rules: Vec<RuleRow>,
    regions: Vec<(String, String)>,
    categories: Vec<crate::app::events::category::Category>,
    measures: UnitMeasures,
    from: String,
    to: String,
    may_keep: bool,
    form: UnitForm,
    rule: RuleForm,
    message: Option<String>,
    field: &'static str,
}

impl UnitsPage {
    fn kind(&self, key: &str) -> &'static str {
        self.shell.t.units.kinds.iter().find(|(k, _)| *k == key).map_or("", |(_, l)| *l)
    }

    fn unit_name(&self, id: &Uuid) -> &str {
        self.units.iter().find(|u| u.id == *id).map_or("", |u| u.name.as_str())
    }

    fn region_name(&self, code: &str) -> String {
        region_name(&self.regions, code)
    }

    fn category_name(&self, code: &str) -> String {
        self.categories.iter().find(|c| c.code == code).map_or_else(|| code.to_owned(), |c| c.name.clone())
    }

    fn pct(&self, r: Option<f64>) -> String {
        r.map_or_else(|| "—".into(), |r| format!("{:.1}%", r * 100.0))
    }

    fn hours(&self, secs: &Option<i64>) -> String {
        secs.map_or_else(|| "—".into(), |s| format!("{:.1}", s as f64 / 3600.0))
    }

    fn kept(&self) -> String {
        self.shell
            .t
            .units
            .suggestions_kept
            .replace("{kept}", &self.measures.kept.to_string())
            .replace("{n}", &self.measures.suggested.to_string())
    }

    fn message_at(&self, f: &str) -> Option<&str> {
        (self.field == f).then_some(self.message.as_deref()).flatten()
    }
}

/// The add-unit form.
#[derive(Debug, Default, Deserialize)]
pub struct UnitForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    phone: String,
}

/// The routing-rule form.
#[derive(Debug, Default, Deserialize)]
pub struct RuleForm {
    #[serde(default)]
    region: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    certain: Option<String>,
    #[serde(default)]
    hours: String,
}

#[allow(clippy::too_many_arguments)]
async fn units_page(
    state: &AppState,
    v: &Visitor,
    q: &PeriodQuery,
    status: StatusCode,
    form: UnitForm,
    rule: RuleForm,
    message: Option<String>,
    field: &'static str,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    if !crate::app::access::desk::may_open(user, crate::app::access::desk::Place::Units) {
        return Err(WebError::new(ErrorCode::Forbidden).into());
    }
    let (from, to) = q.days()?;
    let units = state.app.units(user).await?;
    let rules = state.app.routing_rules(user).await?;
    let mut regions = state.app.keeper_regions(user).await?;
    let known: Vec<String> = regions.iter().map(|r| r.0.clone()).collect();
    let more: Vec<&str> = units
        .iter()
        .map(|u| u.region_code.as_str())
        .chain(rules.iter().map(|r| r.region_code.as_str()))
        .filter(|c| !known.iter().any(|k| k == c))
        .collect();
    regions.extend(state.app.region_names(&more).await?);
    let categories = state.app.categories().await?;
    let measures = state.app.unit_measures(user, from, to).await?;
    let may_keep = may_keep_units(user);
    let page = UnitsPage {
        shell: v.shell(),
        units,
        rules,
        regions,
        categories,
        measures,
        from: from.to_string(),
        to: to.to_string(),
        may_keep,
        form,
        rule,
        message,
        field,
    };
    own_page(status, page)
}

/// `GET /units?from=&to=`: the units, the routing rules and the units' measures.
pub async fn page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, Refusal> {
    units_page(&state, &v, &q, StatusCode::OK, UnitForm::default(), RuleForm::default(), None, "").await
}

/// `POST /units`: adds a unit, then shows it.
pub async fn add(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Form(f): axum::extract::Form<UnitForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let result = match new_unit(&f.name, &f.kind, &f.region, Some(&f.phone)) {
        Ok(new) => state.app.add_unit(user, &v.ip, new).await,
        Err(_) => Err(crate::app::Error::invalid("region", Reason::ChooseCommunity)),
    };
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/units/{id}?added=1")).into_response()),
        Err(crate::app::Error::Invalid { field, reason }) => {
            let message = Some(v.prefs.lang.refusal(&reason));
            let q = PeriodQuery::default();
            units_page(&state, &v, &q, StatusCode::UNPROCESSABLE_ENTITY, f, RuleForm::default(), message, field).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /units/rules`: sets a routing rule.
pub async fn set_rule(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Form(f): axum::extract::Form<RuleForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let result = match new_rule(&f.region, &f.category, &f.unit, f.certain.is_some(), &f.hours) {
        Ok(rule) => state.app.set_routing_rule(user, &v.ip, rule).await,
        Err(e) => return Err(e),
    };
    let q = PeriodQuery::default();
    match result {
        Ok(()) => {
            let done = Some(v.prefs.lang.texts().units.rule_saved.to_owned());
            units_page(&state, &v, &q, StatusCode::OK, UnitForm::default(), RuleForm::default(), done, "saved").await
        }
        Err(crate::app::Error::Invalid { field, reason }) => {
            let message = Some(v.prefs.lang.refusal(&reason));
            let field = if field == "hours" { "rule_hours" } else { field };
            units_page(&state, &v, &q, StatusCode::UNPROCESSABLE_ENTITY, UnitForm::default(), f, message, field).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "unit.html")]
struct UnitPage {
    shell: Shell,
    u: UnitView,
    categories: Vec<crate::app::events::category::Category>,
    form: MemberForm,
    message: Option<String>,
    field: &'static str,
    /// A new member's initial password, shown once.
    password: Option<String>,
    added: bool,
    /// The names of the regions shown: (code, name).
    regions: Vec<(String, String)>,
}

/// A region's name among those read for the page; its code when unknown.
fn region_name(regions: &[(String, String)], code: &str) -> String {
    regions.iter().find(|(c, _)| c == code).map_or_else(|| code.to_owned(), |(_, n)| n.clone())
}

impl UnitPage {
    fn region_name(&self, code: &str) -> String {
        region_name(&self.regions, code)
    }

    fn kind(&self, key: &str) -> &'static str {
        self.shell.t.units.kinds.iter().find(|(k, _)| *k == key).map_or("", |(_, l)| *l)
    }

    fn role(&self, key: &str) -> &'static str {
        self.shell.t.units.roles.iter().find(|(k, _)| *k == key).map_or("", |(_, l)| *l)
    }

    fn category_name(&self, code: &str) -> String {
        self.categories.iter().find(|c| c.code == code).map_or_else(|| code.to_owned(), |c| c.name.clone())
    }

    fn message_at(&self, f: &str) -> Option<&str> {
        (self.field == f).then_some(self.message.as_deref()).flatten()
    }
}

/// The add-member form.
#[derive(Debug, Default, Deserialize)]
pub struct MemberForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    role: String,
}

/// `?added=1` after a unit was made.
#[derive(Debug, Default, Deserialize)]
pub struct AddedQuery {
    #[serde(default)]
    added: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn unit_page(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    status: StatusCode,
    form: MemberForm,
    message: Option<String>,
    field: &'static str,
    password: Option<String>,
    added: bool,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let u = state.app.unit(user, id).await?;
    let categories = state.app.categories().await?;
    let codes: Vec<&str> =
        std::iter::once(u.row.region_code.as_str()).chain(u.rules.iter().map(|r| r.region_code.as_str())).collect();
    let regions = state.app.region_names(&codes).await?;
    own_page(status, UnitPage { shell: v.shell(), u, categories, form, message, field, password, added, regions })
}

/// `GET /units/{id}`: a unit, its members and the rules routing to it.
pub async fn show(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Query(q): Query<AddedQuery>,
) -> Result<Response, Refusal> {
    let added = q.added.is_some();
    unit_page(&state, &v, unit_id(&id)?, StatusCode::OK, MemberForm::default(), None, "", None, added).await
}

/// `POST /units/{id}/members`: adds a member; a new account's password is shown once.
pub async fn add_member(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    axum::extract::Form(f): axum::extract::Form<MemberForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let id = unit_id(&id)?;
    let result = match new_member(&f.login, &f.name, Some(&f.phone), &f.role) {
        Ok(m) => state.app.add_unit_member(user, &v.ip, id, m).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(password) => {
            unit_page(&state, &v, id, StatusCode::OK, MemberForm::default(), None, "", password, false).await
        }
        Err(crate::app::Error::Invalid { field, reason }) => {
            let message = Some(v.prefs.lang.refusal(&reason));
            unit_page(&state, &v, id, StatusCode::UNPROCESSABLE_ENTITY, f, message, field, None, false).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /units/{id}/members/{account}/remove`: takes a member out.
pub async fn remove_member(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, account)): Path<(String, String)>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let id = unit_id(&id)?;
    state.app.remove_unit_member(user, &v.ip, id, unit_id(&account)?).await?;
    Ok(Redirect::to(&format!("/units/{id}")).into_response())
}

/// The stop/resume form.
#[derive(Debug, Deserialize)]
pub struct ActiveForm {
    active: String,
}

/// `POST /units/{id}/active`: stops or resumes the unit.
pub async fn set_active(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    axum::extract::Form(f): axum::extract::Form<ActiveForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let id = unit_id(&id)?;
    let active = match f.active.trim() {
        "1" => true,
        "0" => false,
        _ => {
            let message = Some(v.prefs.lang.refusal(&Reason::UnitActive));
            let status = StatusCode::BAD_REQUEST;
            return unit_page(&state, &v, id, status, MemberForm::default(), message, "active", None, false).await;
        }
    };
    state.app.set_unit_active(user, &v.ip, id, active).await?;
    Ok(Redirect::to(&format!("/units/{id}")).into_response())
}
