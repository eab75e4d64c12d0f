//! Daily reconciliation (对账): the API and the staff page — what each
//! channel took, and every provider's statement against linli's orders,
//! with a way to apply a charge whose callback never arrived.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use crate::app::bills::reconcile::{self, ChannelTotal, Gap, Reconciliation};
use crate::domain::money::Fen;
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::Caller;
use crate::web::error::WebError;

/// `?day=YYYY-MM-DD` (empty: today, local time).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DayQuery {
    /// The day; today when empty.
    #[serde(default)]
    pub day: String,
    /// The community (pages only).
    #[serde(default)]
    #[param(ignore)]
    pub community: String,
}

fn day_of(text: &str) -> Result<chrono::NaiveDate, crate::app::Error> {
    if text.trim().is_empty() { Ok(crate::domain::time::day(chrono::Utc::now())) } else { reconcile::day(text) }
}

/// A channel's day.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ChannelJson {
    /// cash, card, kiosk, online, prepaid.
    pub channel: String,
    /// Payments.
    pub count: usize,
    /// Fen.
    pub total: i64,
    /// Per person or device.
    pub by: Vec<TakerJson>,
}

/// What one cashier or device took.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TakerJson {
    /// The cashier's sign-in, the device, or the provider.
    pub who: String,
    /// Payments.
    pub count: usize,
    /// Fen.
    pub total: i64,
}

/// An order linli and a provider disagree about.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DifferenceJson {
    /// `not_applied` (charged, not in linli), `not_charged` (in linli, not on
    /// the statement) or `amount_differs`.
    #[schema(value_type = String)]
    pub gap: Gap,
    /// Order number.
    pub order_no: String,
    /// The provider's transaction.
    pub txn: Option<String>,
    /// Fen linli recorded.
    pub linli: Option<i64>,
    /// Fen the provider charged.
    pub provider: Option<i64>,
}

/// One provider's day.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProviderJson {
    /// Name.
    pub provider: String,
    /// Orders both agree on.
    pub matched: usize,
    /// Their sum, fen.
    pub matched_total: i64,
    /// The rest.
    pub differences: Vec<DifferenceJson>,
}

/// A community's day.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReconciliationJson {
    /// Community code.
    pub community: String,
    /// `YYYY-MM-DD`, local time.
    pub day: String,
    /// Bill payments per channel.
    pub channels: Vec<ChannelJson>,
    /// Prepaid deposits per channel.
    pub deposits: Vec<ChannelJson>,
    /// Per provider.
    pub providers: Vec<ProviderJson>,
}

fn channel_json(c: &ChannelTotal) -> ChannelJson {
    ChannelJson {
        channel: c.channel.clone(),
        count: c.count,
        total: c.total.fen(),
        by: c.by.iter().map(|(who, n, sum)| TakerJson { who: who.clone(), count: *n, total: sum.fen() }).collect(),
    }
}

impl From<&Reconciliation> for ReconciliationJson {
    fn from(r: &Reconciliation) -> Self {
        ReconciliationJson {
            community: r.community.clone(),
            day: r.day.to_string(),
            channels: r.channels.iter().map(channel_json).collect(),
            deposits: r.deposits.iter().map(channel_json).collect(),
            providers: r
                .providers
                .iter()
                .map(|p| ProviderJson {
                    provider: p.provider.clone(),
                    matched: p.matched,
                    matched_total: p.matched_total.fen(),
                    differences: p
                        .differences
                        .iter()
                        .map(|d| DifferenceJson {
                            gap: d.gap,
                            order_no: d.order_no.clone(),
                            txn: d.txn.clone(),
                            linli: d.linli.map(Fen::fen),
                            provider: d.provider.map(Fen::fen),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// A community's reconciliation for a day (staff of the community).
#[utoipa::path(get, path = "/api/v1/communities/{code}/reconciliation", tag = "bills",
    params(DayQuery, ("code" = String, Path, description = "Community code")),
    responses((status = 200, body = ReconciliationJson), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn reconciliation(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    axum::extract::Query(q): axum::extract::Query<DayQuery>,
) -> Result<axum::Json<ReconciliationJson>, WebError> {
    let user = caller.into_user()?;
    let r = state.app.reconcile(&user, &crate::web::codes::community(&code)?, day_of(&q.day)?).await?;
    Ok(axum::Json((&r).into()))
}

/// The statement's day of a charge to apply.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct StatementDayIn {
    /// `YYYY-MM-DD`: the statement's day.
    pub day: String,
}

/// What applying did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AppliedJson {
    /// The receipt.
    pub receipt_no: String,
    /// Already applied before (nothing new was paid).
    pub replayed: bool,
}

/// Applies a charge on a provider's statement that linli has not (its
/// callback was lost); once — a second call returns the same receipt.
#[utoipa::path(post, operation_id = "apply_from_statement", path = "/api/v1/communities/{code}/reconciliation/{provider}/orders/{order}", tag = "bills",
    params(("code" = String, Path, description = "Community code"), ("provider" = String, Path, description = "Provider"),
        ("order" = String, Path, description = "Order number")),
    request_body = StatementDayIn,
    responses((status = 201, body = AppliedJson), (status = 200, description = "Applied before", body = AppliedJson),
        (status = 404, description = "Not on that day's statement", body = crate::web::error::ErrorBody)))]
pub async fn apply(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((code, provider, order)): Path<(String, String, String)>,
    ApiJson(body): ApiJson<StatementDayIn>,
) -> Result<(StatusCode, axum::Json<AppliedJson>), WebError> {
    let user = caller.into_user()?;
    let day = reconcile::day(&body.day)?;
    let paid = state.app.apply_from_statement(&user, &peer.ip().to_string(), &code, (&provider, day), &order).await?;
    let status = if paid.replayed() { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, axum::Json(AppliedJson { receipt_no: paid.reference(), replayed: paid.replayed() })))
}

#[derive(askama::Template)]
#[template(path = "reconcile.html")]
struct ReconcilePage {
    shell: crate::web::shell::Shell,
    communities: Vec<(String, String)>,
    community: String,
    day: String,
    r: Reconciliation,
    message: Option<(String, bool)>,
}

impl ReconcilePage {
    fn channel_name(&self, c: &str) -> &'static str {
        super::bill::channel_name(self.shell.t, c)
    }

    /// A provider as staff know it: the local provider (`sim`) by what it is.
    fn provider_name<'a>(&self, p: &'a str) -> &'a str {
        if p == crate::app::bills::pay::LOCAL_PROVIDER { self.shell.t.bills.reconcile.local_provider } else { p }
    }

    /// Who took payments: a cashier by name, the provider of online
    /// payments (recorded as `在线支付 {provider}`) in the page's words.
    fn taken_by(&self, who: &str) -> String {
        match who.strip_prefix("在线支付 ") {
            Some(p) => format!("{} · {}", self.shell.t.bills.reconcile.online, self.provider_name(p)),
            None => who.to_owned(),
        }
    }

    fn money(&self, f: &Option<Fen>) -> String {
        f.map(|f| f.to_string()).unwrap_or_else(|| "—".into())
    }
}

async fn page(
    state: &AppState,
    v: &crate::web::caller::Visitor,
    (community, day): (&str, &str),
    status: StatusCode,
    message: Option<(String, bool)>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let user = v.signed_in()?;
    let (communities, community) = super::billing::communities_worked(state, user, community).await?;
    let day = day_of(day)?;
    let r = state.app.reconcile(user, &crate::web::codes::community(&community)?, day).await?;
    let page = ReconcilePage { shell: v.shell(), communities, community, day: day.to_string(), r, message };
    crate::web::shell::own_page(status, page)
}

/// `GET /billing/reconciliation?community=&day=`: the day's reconciliation.
pub async fn reconcile_page(
    State(state): State<AppState>,
    v: crate::web::caller::Visitor,
    axum::extract::Query(q): axum::extract::Query<DayQuery>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    page(&state, &v, (&q.community, &q.day), StatusCode::OK, None).await
}

/// The page's form: apply a charge from the statement.
#[derive(Debug, Deserialize)]
pub struct ApplyForm {
    community: String,
    day: String,
    provider: String,
    order_no: String,
}

/// `POST /billing/reconciliation`: applies a charge from the statement.
pub async fn reconcile_submit(
    State(state): State<AppState>,
    v: crate::web::caller::Visitor,
    axum::extract::Form(f): axum::extract::Form<ApplyForm>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let user = v.signed_in()?;
    let t = v.prefs.lang.texts();
    let done = match reconcile::day(&f.day) {
        Ok(day) => state.app.apply_from_statement(user, &v.ip, &f.community, (&f.provider, day), &f.order_no).await,
        Err(e) => Err(e),
    };
    let (status, message) = match done {
        Ok(paid) => (StatusCode::OK, (format!("{} {}", t.bills.reconcile.applied, paid.reference()), true)),
        Err(crate::app::Error::Invalid { reason, .. }) => {
            (StatusCode::UNPROCESSABLE_ENTITY, (v.prefs.lang.refusal(&reason), false))
        }
        Err(crate::app::Error::NotFound(_) | crate::app::Error::RegionNotFound) => {
            (StatusCode::UNPROCESSABLE_ENTITY, (t.bills.reconcile.not_on_statement.to_owned(), false))
        }
        Err(e) => return Err(e.into()),
    };
    page(&state, &v, (&f.community, &f.day), status, Some(message)).await
}
