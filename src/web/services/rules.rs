//! The rules admins keep: how often a household with a tag is visited, and
//! whom proactive service (主动服务) names for an item; a page and the API.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::response::Response;
use linli_store::services::visit::CareRuleRow;
use linli_store::services::visit::VisitRuleRow;
use serde::{Deserialize, Serialize};

use crate::app::services::service::name_in;
use crate::domain::services::service::Item;
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::{Caller, Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};
use crate::web::shell::{Shell, own_page};

/// A visit rule.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct VisitRuleJson {
    /// A person's tag.
    pub tag: String,
    /// Interval, days (1–365).
    pub every_days: i64,
    /// In force.
    pub active: bool,
}

impl From<VisitRuleRow> for VisitRuleJson {
    fn from(r: VisitRuleRow) -> Self {
        VisitRuleJson { tag: r.tag, every_days: r.every_days, active: r.active }
    }
}

/// The visit rules.
#[utoipa::path(get, path = "/api/v1/visit-rules", tag = "visits", responses((status = 200, body = Vec<VisitRuleJson>)))]
pub async fn api_visit_rules(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::Json<Vec<VisitRuleJson>>, WebError> {
    caller.into_user()?;
    Ok(axum::Json(state.app.visit_rules().await?.into_iter().map(VisitRuleJson::from).collect()))
}

/// Adds or changes the rule of a tag (system and district admins).
#[utoipa::path(put, path = "/api/v1/visit-rules", tag = "visits", request_body = VisitRuleJson,
    responses((status = 200, body = Vec<VisitRuleJson>), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn api_put_visit_rule(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(r): ApiJson<VisitRuleJson>,
) -> Result<axum::Json<Vec<VisitRuleJson>>, WebError> {
    let user = caller.into_user()?;
    state.app.set_visit_rule(&user, &peer.ip().to_string(), &r.tag, r.every_days, r.active).await?;
    Ok(axum::Json(state.app.visit_rules().await?.into_iter().map(VisitRuleJson::from).collect()))
}

/// A proactive rule.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CareRuleJson {
    /// `item:kind:value` (set by linli).
    #[serde(default)]
    pub key: String,
    /// Catalogue item.
    pub item: String,
    /// `age` or `tag`.
    pub kind: String,
    /// Years, or the tag.
    pub value: String,
    /// Age rules: list people this many days before they reach the age.
    #[serde(default)]
    pub ahead_days: i64,
    /// In force.
    pub active: bool,
}

impl From<CareRuleRow> for CareRuleJson {
    fn from(r: CareRuleRow) -> Self {
        CareRuleJson {
            key: r.key,
            item: r.item_code,
            kind: r.kind,
            value: r.value,
            ahead_days: r.ahead_days,
            active: r.active,
        }
    }
}

/// The proactive rules.
#[utoipa::path(get, path = "/api/v1/care-rules", tag = "visits", responses((status = 200, body = Vec<CareRuleJson>)))]
pub async fn api_care_rules(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::Json<Vec<CareRuleJson>>, WebError> {
    caller.into_user()?;
    Ok(axum::Json(state.app.care_rules().await?.into_iter().map(CareRuleJson::from).collect()))
}

/// Adds a proactive rule, or changes the one that says the same (system
/// and district admins).
#[utoipa::path(put, path = "/api/v1/care-rules", tag = "visits", request_body = CareRuleJson,
    responses((status = 200, body = Vec<CareRuleJson>), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn api_put_care_rule(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(r): ApiJson<CareRuleJson>,
) -> Result<axum::Json<Vec<CareRuleJson>>, WebError> {
    let user = caller.into_user()?;
    let what = (r.item.as_str(), r.kind.as_str(), r.value.as_str());
    state.app.set_care_rule(&user, &peer.ip().to_string(), what, r.ahead_days, r.active).await?;
    Ok(axum::Json(state.app.care_rules().await?.into_iter().map(CareRuleJson::from).collect()))
}

#[derive(askama::Template)]
#[template(path = "rules.html")]
struct RulesPage {
    shell: Shell,
    visit_rules: Vec<VisitRuleRow>,
    care_rules: Vec<CareRuleRow>,
    items: Arc<Vec<Item>>,
    message: Option<String>,
}

impl RulesPage {
    fn item_name(&self, code: &str) -> &str {
        name_in(&self.items, code)
    }

    fn kind_zh(&self, kind: &str) -> &'static str {
        self.shell.t.visits.care_kinds.iter().find(|(k, _)| *k == kind).map_or("", |(_, v)| *v)
    }
}

async fn rules_page(
    state: &AppState,
    v: &Visitor,
    status: StatusCode,
    message: Option<String>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    if !crate::app::events::category::may_edit(user) {
        return Err(WebError::new(ErrorCode::Forbidden).into());
    }
    let visit_rules = state.app.visit_rules().await?;
    let care_rules = state.app.care_rules().await?;
    let items = state.app.catalogue().await?;
    own_page(status, RulesPage { shell: v.shell(), visit_rules, care_rules, items, message })
}

/// `GET /admin/rules`: visit rules and proactive rules.
pub async fn rules(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    rules_page(&state, &v, StatusCode::OK, None).await
}

/// A rule from the page: a visit rule (`tag`, `every_days`) or a proactive
/// one (`item`, `kind`, `value`, `ahead_days`); `active` is a checkbox.
#[derive(Debug, Deserialize)]
pub struct RuleForm {
    #[serde(default)]
    tag: String,
    #[serde(default)]
    every_days: String,
    #[serde(default)]
    item: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    ahead_days: String,
    #[serde(default)]
    active: Option<String>,
}

fn number(s: &str) -> i64 {
    s.trim().parse().unwrap_or(-1)
}

/// `POST /admin/rules`: saves one rule.
pub async fn rules_submit(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Form(f): axum::extract::Form<RuleForm>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let active = f.active.is_some();
    let done = if f.item.trim().is_empty() {
        state.app.set_visit_rule(user, &v.ip, &f.tag, number(&f.every_days), active).await
    } else {
        let ahead = if f.ahead_days.trim().is_empty() { 0 } else { number(&f.ahead_days) };
        state.app.set_care_rule(user, &v.ip, (&f.item, &f.kind, &f.value), ahead, active).await.map(|_| ())
    };
    match done {
        Ok(()) => rules_page(&state, &v, StatusCode::OK, Some(v.prefs.lang.texts().common.saved.into())).await,
        Err(crate::app::Error::Invalid { reason, .. }) => {
            rules_page(&state, &v, StatusCode::UNPROCESSABLE_ENTITY, Some(v.prefs.lang.refusal(&reason))).await
        }
        Err(e) => Err(e.into()),
    }
}
