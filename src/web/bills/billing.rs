//! The billing page (staff): a community's fee items, bill runs, waivers
//! and refunds to decide, and arrears.

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use uuid::Uuid;

use super::bill::{FeeItemJson, TierJson};
use crate::app::bills::fee::FeeItem;
use crate::app::refusal::Reason;
use crate::domain::money::Fen;
use crate::web::AppState;
use crate::web::error::{ErrorCode, WebError};

#[derive(askama::Template)]
#[template(path = "billing.html")]
struct BillingPage {
    shell: crate::web::shell::Shell,
    communities: Vec<(String, String)>,
    community: String,
    fees: Vec<FeeItem>,
    /// The first page of arrears, and what the whole list comes to.
    arrears: (Vec<linli_store::bills::arrears::ArrearRow>, linli_store::bills::arrears::ArrearsTotal),
    period: String,
    message: Option<(String, bool)>,
    adjustments: Vec<crate::app::bills::adjustment::AdjustmentView>,
    buildings: Vec<(Uuid, String)>,
}

impl BillingPage {
    fn fen(&self, f: &i64) -> String {
        Fen::new(*f).to_string()
    }

    fn owed_total(&self) -> String {
        Fen::new(self.arrears.1.owed).to_string()
    }
}

/// `?community=`.
#[derive(Debug, Default, Deserialize)]
pub struct CommunityQuery {
    #[serde(default)]
    community: String,
}

/// The communities the user works in (code, name), and the one asked for
/// if it is among them, else the first; none is a refusal.
pub(crate) async fn communities_worked(
    state: &AppState,
    user: &crate::app::access::auth::User,
    asked: &str,
) -> Result<(Vec<(String, String)>, String), crate::web::caller::Refusal> {
    let communities: Vec<(String, String)> = state
        .app
        .communities_served()
        .await?
        .into_iter()
        .filter(|(c, _)| crate::app::registry::household::works(user, c))
        .collect();
    let Some(first) = communities.first() else { return Err(WebError::new(ErrorCode::Forbidden).into()) };
    let community = if communities.iter().any(|(c, _)| c == asked) { asked.to_owned() } else { first.0.clone() };
    Ok((communities, community))
}

async fn billing_page(
    state: &AppState,
    v: &crate::web::caller::Visitor,
    community: &str,
    status: StatusCode,
    message: Option<(String, bool)>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let user = v.signed_in()?;
    let (communities, community) = communities_worked(state, user, community).await?;
    let code = crate::web::codes::community(&community)?;
    let fees = state.app.fee_items(&code).await?;
    let arrears = state.app.arrears(user, &code, &crate::app::bills::arrears::ArrearsAsk::default(), (0, 20)).await?;
    let period = crate::domain::time::period(chrono::Utc::now());
    let adjustments = state.app.adjustment_views(user, &code).await?;
    let buildings = state.app.meter_buildings(user, &code).await?;
    let page = BillingPage {
        shell: v.shell(),
        communities,
        community,
        fees,
        arrears,
        period,
        message,
        adjustments,
        buildings,
    };
    crate::web::shell::own_page(status, page)
}

/// `GET /billing`: a community's fee items, bill runs and arrears (staff).
pub async fn billing(
    State(state): State<AppState>,
    v: crate::web::caller::Visitor,
    axum::extract::Query(q): axum::extract::Query<CommunityQuery>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    billing_page(&state, &v, &q.community, StatusCode::OK, None).await
}

/// The billing page's forms: `what` is `fee`, `run` or `decide`.
#[derive(Debug, Deserialize)]
pub struct BillingForm {
    community: String,
    what: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    price: String,
    /// Metered tiers, a line each: `up_to price` (`-` for the last).
    #[serde(default)]
    tiers: String,
    #[serde(default)]
    unit: String,
    /// Days of grace before a bill owes (empty: the item keeps its own).
    #[serde(default)]
    grace_days: String,
    #[serde(default)]
    fee: String,
    #[serde(default)]
    period: String,
    /// A bill run for one building (empty: the whole community).
    #[serde(default)]
    building: String,
    /// A waiver or refund decided (`what=decide`).
    #[serde(default)]
    id: Option<Uuid>,
    #[serde(default)]
    approve: String,
}

impl BillingForm {
    fn fee_item(&self, kept: u16) -> Result<FeeItem, WebError> {
        let grace_days = match self.grace_days.trim() {
            "" => None,
            d => Some(d.parse::<i64>().map_err(|_| WebError::refused("grace_days", Reason::GraceDays))?),
        };
        let tiers = self
            .tiers
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| {
                let (up, price) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
                TierJson { up_to: (up != "-").then(|| up.to_owned()), price: price.trim().to_owned() }
            })
            .collect();
        FeeItemJson {
            code: self.code.clone(),
            name: self.name.clone(),
            kind: self.kind.clone(),
            price: self.price.clone(),
            tiers,
            unit: self.unit.clone(),
            active: true,
            grace_days,
        }
        .into_item(kept)
    }
}

/// `POST /billing`: saves a fee item, runs a period's bills, or decides a waiver or refund.
pub async fn billing_submit(
    State(state): State<AppState>,
    v: crate::web::caller::Visitor,
    axum::extract::Form(f): axum::extract::Form<BillingForm>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let user = v.signed_in()?;
    let t = v.prefs.lang.texts();
    let community = crate::web::codes::community(&f.community)?;
    let done: Result<String, crate::app::Error> = match f.what.as_str() {
        "fee" => match f.fee_item(state.app.grace_kept(&community, &f.code).await?) {
            Ok(item) => state
                .app
                .save_fee_item(user, &v.ip, &community, item)
                .await
                .map(|i| format!("{}：{}", t.common.saved, i.name)),
            Err(WebError { field, reason: Some(reason), .. }) => {
                Err(crate::app::Error::invalid(field.unwrap_or("price"), reason))
            }
            Err(e) => return Err(e.into()),
        },
        "run" => {
            let building = f.building.trim().parse::<Uuid>().ok();
            let scope = (building, None);
            state.app.run_bills(user, &v.ip, &community, (&f.fee, &f.period), scope, &mut |_, _| {}).await.map(|r| {
                format!(
                    "{} {}，{} {}，{} {}，{} {}",
                    t.bills.run.created,
                    r.created,
                    t.bills.run.existing,
                    r.existing,
                    t.bills.run.unread,
                    r.unread,
                    t.bills.run.paid_from_prepaid,
                    r.from_prepaid
                )
            })
        }
        "decide" => match f.id {
            Some(id) => {
                let approve = f.approve == "1";
                state.app.decide_adjustment(user, &v.ip, &f.community, id, approve).await.map(|a| {
                    let done = if approve { t.bills.adjust.approved } else { t.bills.adjust.rejected };
                    let kind = if a.kind == "waive" { t.bills.adjust.waive } else { t.bills.adjust.refund };
                    format!("{done}：{kind} {}", Fen::new(a.amount))
                })
            }
            None => Err(crate::app::Error::invalid("id", Reason::ChooseAdjustment)),
        },
        _ => Err(crate::app::Error::invalid("what", Reason::UnknownAction)),
    };
    match done {
        Ok(m) => billing_page(&state, &v, &f.community, StatusCode::OK, Some((m, true))).await,
        Err(crate::app::Error::Invalid { reason, .. }) => {
            billing_page(
                &state,
                &v,
                &f.community,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some((v.prefs.lang.refusal(&reason), false)),
            )
            .await
        }
        Err(crate::app::Error::Forbidden) if f.what == "decide" => {
            let m = (t.bills.adjust.who_decides.to_owned(), false);
            billing_page(&state, &v, &f.community, StatusCode::FORBIDDEN, Some(m)).await
        }
        Err(e) => Err(e.into()),
    }
}
