//! The bills API (缴费): a community's fee items, bill runs, a house's bills,
//! payments applied once per idempotency key, meter readings, online orders
//! and the provider's callback, waivers and refunds, and arrears; and a
//! resident's own bills, paid online.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::app::bills::bill::BillView;
use crate::app::bills::fee::FeeItem;
use crate::app::bills::payment::Payment;
use crate::app::refusal::Reason;
use crate::domain::bills::bill::{Pricing, Tier};
use crate::domain::money::Fen;
use crate::web::AppState;
use crate::web::body::{ApiJson, OptionalJson};
use crate::web::caller::Caller;
use crate::web::error::WebError;

pub(crate) fn money(field: &'static str, text: &str) -> Result<Fen, WebError> {
    Fen::parse_yuan(text).map_err(|e| WebError::refused(field, Reason::Money(e)))
}

/// One tier of a metered price.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TierJson {
    /// Upper bound of use in the period (units, up to two decimals); none for the last tier.
    pub up_to: Option<String>,
    /// Price per unit, yuan (`3.40`).
    pub price: String,
}

/// A fee item.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FeeItemJson {
    /// Code (set by the path when saving).
    #[serde(default)]
    pub code: String,
    /// Name: 物业费, 水费 …
    pub name: String,
    /// `area` (per m² per month), `metered` (in tiers) or `fixed` (per month).
    pub kind: String,
    /// Yuan per m² per month (area) or per month (fixed).
    #[serde(default)]
    pub price: String,
    /// Metered tiers, lowest first; the last has no `up_to`.
    #[serde(default)]
    pub tiers: Vec<TierJson>,
    /// Unit of metered use (m³, kWh).
    #[serde(default)]
    pub unit: String,
    /// Billed in runs.
    #[serde(default = "yes")]
    pub active: bool,
    /// Days after a bill is issued before it counts as owing (0–365);
    /// when saving without it, the item keeps its own (new items: 30).
    #[serde(default)]
    pub grace_days: Option<i64>,
}

fn yes() -> bool {
    true
}

pub(crate) fn yuan(f: i64) -> String {
    let a = f.unsigned_abs();
    format!("{}{}.{:02}", if f < 0 { "-" } else { "" }, a / 100, a % 100)
}

impl From<FeeItem> for FeeItemJson {
    fn from(f: FeeItem) -> Self {
        let kind = f.kind().to_owned();
        let (price, tiers) = match &f.pricing {
            Pricing::PerArea { fen_per_m2: p } | Pricing::Fixed { fen: p } => (yuan(*p), Vec::new()),
            Pricing::Metered { tiers } => (
                String::new(),
                tiers.iter().map(|t| TierJson { up_to: t.up_to.map(yuan), price: yuan(t.fen_per_unit) }).collect(),
            ),
        };
        FeeItemJson {
            code: f.code,
            name: f.name,
            kind,
            price,
            tiers,
            unit: f.unit,
            active: f.active,
            grace_days: Some(i64::from(f.grace_days)),
        }
    }
}

impl FeeItemJson {
    /// The fee item, keeping the grace period `kept` when none is given.
    pub(crate) fn into_item(self, kept: u16) -> Result<FeeItem, WebError> {
        let grace_days = match self.grace_days {
            None => kept,
            Some(d) => crate::domain::bills::arrears::grace_days(d)
                .ok_or_else(|| WebError::refused("grace_days", Reason::GraceDays))?,
        };
        let pricing = match self.kind.as_str() {
            "area" => Pricing::PerArea { fen_per_m2: money("price", &self.price)?.fen() },
            "fixed" => Pricing::Fixed { fen: money("price", &self.price)?.fen() },
            "metered" => Pricing::Metered {
                tiers: self
                    .tiers
                    .iter()
                    .map(|t| {
                        Ok(Tier {
                            up_to: t.up_to.as_deref().map(|u| money("tiers", u).map(Fen::fen)).transpose()?,
                            fen_per_unit: money("tiers", &t.price)?.fen(),
                        })
                    })
                    .collect::<Result<_, WebError>>()?,
            },
            _ => {
                return Err(WebError::refused("kind", Reason::FeeKind));
            }
        };
        Ok(FeeItem { code: self.code, name: self.name, pricing, unit: self.unit, active: self.active, grace_days })
    }
}

/// A community's fee items.
#[utoipa::path(get, path = "/api/v1/communities/{code}/fee-items", tag = "bills",
    params(("code" = String, Path, description = "Community code")), responses((status = 200, body = Vec<FeeItemJson>)))]
pub async fn fee_items(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
) -> Result<axum::Json<Vec<FeeItemJson>>, WebError> {
    caller.into_user()?;
    Ok(axum::Json(
        state.app.fee_items(&crate::web::codes::community(&code)?).await?.into_iter().map(FeeItemJson::from).collect(),
    ))
}

/// Adds or changes a fee item (staff of the community, audited).
#[utoipa::path(put, path = "/api/v1/communities/{code}/fee-items/{fee}", tag = "bills", request_body = FeeItemJson,
    params(("code" = String, Path, description = "Community code"), ("fee" = String, Path, description = "Fee item code")),
    responses((status = 200, body = FeeItemJson), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn save_fee_item(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((code, fee)): Path<(String, String)>,
    ApiJson(mut f): ApiJson<FeeItemJson>,
) -> Result<axum::Json<FeeItemJson>, WebError> {
    let user = caller.into_user()?;
    let code = crate::web::codes::community(&code)?;
    let kept = state.app.grace_kept(&code, &fee).await?;
    f.code = fee;
    let saved = state.app.save_fee_item(&user, &peer.ip().to_string(), &code, f.into_item(kept)?).await?;
    Ok(axum::Json(saved.into()))
}

/// A bill run: a fee item's period for the community, a building or a house.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct RunJson {
    /// Fee item code.
    fee: String,
    /// `YYYY-MM`.
    period: String,
    /// Only this building.
    #[serde(default)]
    building: Option<Uuid>,
    /// Only this house.
    #[serde(default)]
    house: Option<Uuid>,
}

/// What a run did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RunOut {
    /// Bills added.
    pub created: u64,
    /// Houses that had this period's bill already (nothing new).
    pub existing: u64,
    /// Metered houses without a reading for the period.
    pub unread: u64,
    /// Bills paid at once from prepaid balances.
    pub from_prepaid: u64,
}

/// Bills a period; running it again creates nothing new.
#[utoipa::path(post, path = "/api/v1/communities/{code}/bill-runs", tag = "bills", request_body = RunJson,
    params(("code" = String, Path, description = "Community code")),
    responses((status = 200, body = RunOut), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn run(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(code): Path<String>,
    ApiJson(r): ApiJson<RunJson>,
) -> Result<axum::Json<RunOut>, WebError> {
    let user = caller.into_user()?;
    let ip = peer.ip().to_string();
    let done = state
        .app
        .run_bills(
            &user,
            &ip,
            &crate::web::codes::community(&code)?,
            (&r.fee, &r.period),
            (r.building, r.house),
            &mut |_, _| {},
        )
        .await?;
    Ok(axum::Json(RunOut {
        created: done.created,
        existing: done.existing,
        unread: done.unread,
        from_prepaid: done.from_prepaid,
    }))
}

/// A bill.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BillJson {
    /// Id.
    pub id: Uuid,
    /// House id.
    pub house: Uuid,
    /// Fee item code.
    pub fee: String,
    /// Fee item name.
    pub fee_name: String,
    /// `YYYY-MM`.
    pub period: String,
    /// How it was computed.
    pub detail: String,
    /// Charged, fen.
    pub amount: i64,
    /// Paid in, fen.
    pub paid: i64,
    /// Given back, fen.
    pub refunded: i64,
    /// Waived, fen.
    pub waived: i64,
    /// Still owed, fen.
    pub owed: i64,
    /// unpaid, partly_paid, paid, refunded.
    pub state: &'static str,
    /// In Chinese.
    pub state_zh: &'static str,
}

impl From<BillView> for BillJson {
    fn from(b: BillView) -> Self {
        let state = b.ledger.state();
        BillJson {
            id: b.row.id,
            house: b.row.house_id,
            fee: b.row.fee_code,
            fee_name: b.fee_name,
            period: b.row.period,
            detail: b.row.detail,
            amount: b.row.amount,
            paid: b.row.paid,
            refunded: b.row.refunded,
            waived: b.row.waived,
            owed: b.ledger.owed().fen(),
            state: state.as_str(),
            state_zh: state.zh(),
        }
    }
}

/// A house's bills, newest period first.
#[utoipa::path(get, path = "/api/v1/communities/{code}/houses/{house}/bills", tag = "bills",
    params(("code" = String, Path, description = "Community code"), ("house" = Uuid, Path, description = "House id")),
    responses((status = 200, body = Vec<BillJson>)))]
pub async fn house_bills(
    State(state): State<AppState>,
    caller: Caller,
    Path((code, house)): Path<(String, Uuid)>,
) -> Result<axum::Json<Vec<BillJson>>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(
        state
            .app
            .house_bills(&user, &crate::web::codes::community(&code)?, house)
            .await?
            .into_iter()
            .map(BillJson::from)
            .collect(),
    ))
}

/// A payment into a bill.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PayJson {
    /// Yuan, up to two decimals (`288.00`).
    amount: String,
    /// cash, card, kiosk, online.
    channel: String,
    /// The client's key for this payment (or the `Idempotency-Key` header):
    /// the same key never pays twice.
    #[serde(default)]
    idempotency_key: String,
}

/// A payment taken.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PaidJson {
    /// Receipt number: community, year, sequence.
    pub receipt_no: String,
    /// Fen.
    pub amount: i64,
    /// The key was used before: this is the earlier payment, nothing new was paid.
    pub replayed: bool,
    /// The bill after it.
    pub bill: BillJson,
}

/// Pays into a bill (staff of its community: counter cash or card). `201`
/// for a new payment; `200` with `replayed` for a key used before.
#[utoipa::path(post, path = "/api/v1/communities/{code}/bills/{id}/payments", tag = "bills", request_body = PayJson,
    params(("code" = String, Path, description = "Community code"), ("id" = Uuid, Path, description = "Bill id")),
    responses((status = 201, body = PaidJson), (status = 200, body = PaidJson),
        (status = 400, description = "`invalid_input`: `amount` more than owed, `idempotency_key` missing or reused", body = crate::web::error::ErrorBody)))]
pub async fn pay(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path((code, id)): Path<(String, Uuid)>,
    ApiJson(p): ApiJson<PayJson>,
) -> Result<(StatusCode, axum::Json<PaidJson>), WebError> {
    let user = caller.into_user()?;
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .filter(|k| !k.is_empty())
        .unwrap_or(p.idempotency_key);
    let payment = Payment {
        community: code,
        bill: id,
        amount: money("amount", &p.amount)?,
        channel: p.channel,
        key,
        order: None,
    };
    let paid = state.app.pay_bill(&user, &peer.ip().to_string(), payment).await?;
    let status = if paid.replayed { StatusCode::OK } else { StatusCode::CREATED };
    Ok((
        status,
        axum::Json(PaidJson {
            receipt_no: paid.payment.receipt_no,
            amount: paid.payment.amount,
            replayed: paid.replayed,
            bill: paid.bill.into(),
        }),
    ))
}

#[derive(askama::Template)]
#[template(path = "my_bills.html")]
struct MyBillsPage {
    shell: crate::web::shell::Shell,
    homes: Vec<(crate::app::registry::household::HouseholdView, Vec<BillView>, Fen)>,
}

/// `GET /my/bills`: a resident's bills.
pub async fn my_bills(
    State(state): State<AppState>,
    v: crate::web::caller::Visitor,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let user = v.signed_in()?;
    let homes = state.app.my_homes(user).await?;
    crate::web::shell::own_page(StatusCode::OK, MyBillsPage { shell: v.shell(), homes })
}

/// A meter reading.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ReadingJson {
    /// Metered fee item code.
    fee: String,
    /// `YYYY-MM`.
    period: String,
    /// What the meter shows, up to two decimals (`123.45`).
    reading: String,
    /// A new meter was fitted (counts from zero; a lower reading is then fine).
    #[serde(default)]
    meter_change: bool,
}

/// A recorded reading.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReadingOut {
    /// Id.
    pub id: Uuid,
    /// What the meter shows, hundredths of a unit.
    pub reading: i64,
    /// What the use counts from, hundredths.
    pub previous: i64,
    /// Use in the period, hundredths.
    pub used: i64,
}

/// Records a meter reading (staff of the community; one per house, fee item and period).
#[utoipa::path(post, path = "/api/v1/communities/{code}/houses/{house}/readings", tag = "bills", request_body = ReadingJson,
    params(("code" = String, Path, description = "Community code"), ("house" = Uuid, Path, description = "House id")),
    responses((status = 201, body = ReadingOut),
        (status = 400, description = "`invalid_input`: `reading` lower than the last one (without `meter_change`), `period` already read", body = crate::web::error::ErrorBody)))]
pub async fn read_meter(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((code, house)): Path<(String, Uuid)>,
    ApiJson(r): ApiJson<ReadingJson>,
) -> Result<(StatusCode, axum::Json<ReadingOut>), WebError> {
    let user = caller.into_user()?;
    let reading = crate::app::bills::reading::Reading {
        community: code,
        house,
        fee: r.fee,
        period: r.period,
        reading: money("reading", &r.reading)?.fen(),
        meter_change: r.meter_change,
    };
    let row = state.app.record_reading(&user, &peer.ip().to_string(), reading).await?;
    let out = ReadingOut { id: row.id, reading: row.reading, previous: row.previous, used: row.reading - row.previous };
    Ok((StatusCode::CREATED, axum::Json(out)))
}

/// An order to pay online.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OrderJson {
    /// Order number.
    pub order_no: String,
    /// Fen: what the bill owes.
    pub amount: i64,
    /// Where the payer pays (the provider's page).
    pub pay_url: String,
}

/// What an order is for: part of the bill, or (empty) all it owes.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct OrderIn {
    /// Yuan, up to two decimals; no more than the bill owes.
    #[serde(default)]
    pub amount: Option<String>,
}

/// Creates an order to pay a bill online (a resident for their home's bill,
/// or staff): send the payer to `pay_url`. The body is optional.
#[utoipa::path(post, path = "/api/v1/communities/{code}/bills/{id}/orders", tag = "bills",
    params(("code" = String, Path, description = "Community code"), ("id" = Uuid, Path, description = "Bill id")),
    request_body(content = OrderIn, description = "Optional"),
    responses((status = 201, body = OrderJson), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn create_order(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((code, id)): Path<(String, Uuid)>,
    // The body is optional: `{"amount": "50.00"}` pays part of the bill.
    OptionalJson(asked): OptionalJson<OrderIn>,
) -> Result<(StatusCode, axum::Json<OrderJson>), WebError> {
    let user = caller.into_user()?;
    let amount = asked.amount.as_deref().map(|a| money("amount", a)).transpose()?;
    let o = state.app.create_order(&user, &peer.ip().to_string(), &code, id, amount).await?;
    let pay_url = state.app.provider(&o.provider).map(|p| p.pay_url(&o)).unwrap_or_default();
    Ok((StatusCode::CREATED, axum::Json(OrderJson { order_no: o.order_no, amount: o.amount, pay_url })))
}

/// What a callback did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CallbackOut {
    /// `ok`.
    pub result: &'static str,
    /// The receipt.
    pub receipt_no: String,
    /// This callback had come before: nothing new was paid.
    pub replayed: bool,
}

/// A payment provider's callback: the JSON body signed in `X-Pay-Signature`
/// (HMAC-SHA256, hex). Applied once however often it comes.
#[utoipa::path(post, path = "/api/v1/pay/callback/{provider}", tag = "bills",
    params(("provider" = String, Path, description = "Provider (`sim`)")),
    responses((status = 200, body = CallbackOut),
        (status = 400, description = "`invalid_input`: bad `signature`, or `amount` not the order's", body = crate::web::error::ErrorBody)))]
pub async fn callback(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<axum::Json<CallbackOut>, WebError> {
    let signature = headers.get("x-pay-signature").and_then(|v| v.to_str().ok()).unwrap_or("");
    let paid = state.app.payment_callback(&provider, &body, signature).await?;
    Ok(axum::Json(CallbackOut { result: "ok", receipt_no: paid.reference(), replayed: paid.replayed() }))
}

/// The resident's pay form: how much (all that is owed when empty).
#[derive(Debug, Default, Deserialize)]
pub struct MyPayForm {
    #[serde(default)]
    amount: String,
}

/// `POST /my/bills/{community}/{bill}/pay`: a resident pays online, all
/// that is owed or part of it.
pub async fn my_pay(
    State(state): State<AppState>,
    v: crate::web::caller::Visitor,
    Path((community, bill)): Path<(String, Uuid)>,
    axum::Form(f): axum::Form<MyPayForm>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let user = v.signed_in()?;
    let amount = Some(f.amount.trim()).filter(|a| !a.is_empty()).map(|a| money("amount", a)).transpose()?;
    let o = state.app.create_order(user, &v.ip, &community, bill, amount).await?;
    Ok(axum::response::Redirect::to(&format!("/pay-sim/{}", o.order_no)).into_response())
}

/// A waiver or refund asked for.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AdjustJson {
    /// `waive` (减免) or `refund` (退款).
    kind: String,
    /// Yuan.
    amount: String,
    /// Why.
    reason: String,
}

/// A waiver or refund.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AdjustmentJson {
    /// Id.
    pub id: Uuid,
    /// Bill id.
    pub bill: Uuid,
    /// waive or refund.
    pub kind: String,
    /// Fen.
    pub amount: i64,
    /// Why.
    pub reason: String,
    /// Who asked.
    pub requested_by: String,
    /// requested, approved, rejected.
    pub state: String,
    /// Who decided.
    pub decided_by: Option<String>,
}

impl From<linli_store::bills::adjustment::AdjustmentRow> for AdjustmentJson {
    fn from(a: linli_store::bills::adjustment::AdjustmentRow) -> Self {
        AdjustmentJson {
            id: a.id,
            bill: a.bill_id,
            kind: a.kind,
            amount: a.amount,
            reason: a.reason,
            requested_by: a.requested_label,
            state: a.state,
            decided_by: a.decided_by,
        }
    }
}

/// Asks for a waiver or refund of a bill (staff of the community); the
/// community's head decides.
#[utoipa::path(post, path = "/api/v1/communities/{code}/bills/{id}/adjustments", tag = "bills", request_body = AdjustJson,
    params(("code" = String, Path, description = "Community code"), ("id" = Uuid, Path, description = "Bill id")),
    responses((status = 201, body = AdjustmentJson), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn request_adjustment(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((code, id)): Path<(String, Uuid)>,
    ApiJson(a): ApiJson<AdjustJson>,
) -> Result<(StatusCode, axum::Json<AdjustmentJson>), WebError> {
    let user = caller.into_user()?;
    let asked = crate::app::bills::adjustment::Adjustment {
        community: code,
        bill: id,
        kind: a.kind,
        amount: money("amount", &a.amount)?,
        reason: a.reason,
    };
    let row = state.app.request_adjustment(&user, &peer.ip().to_string(), asked).await?;
    Ok((StatusCode::CREATED, axum::Json(row.into())))
}

/// `?state=`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StateQuery {
    /// requested, approved, rejected.
    #[serde(default)]
    state: Option<String>,
}

/// A community's waivers and refunds.
#[utoipa::path(get, path = "/api/v1/communities/{code}/adjustments", tag = "bills", params(StateQuery,
    ("code" = String, Path, description = "Community code")), responses((status = 200, body = Vec<AdjustmentJson>)))]
pub async fn adjustments(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    axum::extract::Query(q): axum::extract::Query<StateQuery>,
) -> Result<axum::Json<Vec<AdjustmentJson>>, WebError> {
    let user = caller.into_user()?;
    let rows = state.app.adjustments(&user, &code, q.state.as_deref()).await?;
    Ok(axum::Json(rows.into_iter().map(AdjustmentJson::from).collect()))
}

/// A decision.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct DecideJson {
    /// Approve (true) or reject (false).
    approve: bool,
}

/// Approves or rejects a waiver or refund (the community's head, not the
/// person who asked); approval moves the bill's money.
#[utoipa::path(post, path = "/api/v1/communities/{code}/adjustments/{id}/decision", tag = "bills", request_body = DecideJson,
    params(("code" = String, Path, description = "Community code"), ("id" = Uuid, Path, description = "Adjustment id")),
    responses((status = 200, body = AdjustmentJson), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn decide_adjustment(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((code, id)): Path<(String, Uuid)>,
    ApiJson(d): ApiJson<DecideJson>,
) -> Result<axum::Json<AdjustmentJson>, WebError> {
    let user = caller.into_user()?;
    let row = state.app.decide_adjustment(&user, &peer.ip().to_string(), &code, id, d.approve).await?;
    Ok(axum::Json(row.into()))
}

/// A payment channel as people say it.
pub(crate) fn channel_name(t: &crate::web::i18n::Texts, channel: &str) -> &'static str {
    match channel {
        "cash" => t.bills.channels.cash,
        "card" => t.bills.channels.card,
        "kiosk" => t.kiosk.title,
        "online" => t.bills.pay_online,
        "prepaid" => t.bills.prepaid.title,
        _ => "—",
    }
}
