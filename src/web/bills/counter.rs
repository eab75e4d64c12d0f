//! The payment counter (收费窗口): find the resident, see the household's
//! bills, take a payment, a reading, a waiver or a deposit; and printable
//! receipts.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Deserialize;
use uuid::Uuid;

use super::bill::yuan;
use crate::app::bills::bill::BillView;
use crate::app::bills::fee::FeeItem;
use crate::app::bills::payment::Payment;
use crate::app::bills::prepaid::Deposit;
use crate::app::refusal::Reason;
use crate::domain::bills::bill::Pricing;
use crate::domain::money::Fen;
use crate::web::AppState;
use crate::web::error::{ErrorCode, WebError};

#[derive(askama::Template)]
#[template(path = "counter.html")]
struct CounterPage {
    shell: crate::web::shell::Shell,
    q: String,
    found: Option<Vec<crate::app::registry::person::PersonCard>>,
    household: Option<crate::app::registry::household::HouseholdView>,
    bills: Vec<BillView>,
    /// A fresh key per form: a double click sends the same one.
    key: String,
    message: Option<String>,
    /// The household's house and the community's metered fee items (抄表).
    house: Option<Uuid>,
    metered: Vec<FeeItem>,
    period: String,
    /// The house's prepaid balance and its latest entries.
    prepaid: (Fen, Vec<linli_store::bills::prepaid::EntryRow>),
    /// The message says something went right.
    ok: bool,
    /// A form that came back: what was typed.
    typed: Typed,
}

impl CounterPage {
    fn yuan(&self, f: &Fen) -> String {
        yuan(f.fen())
    }

    /// This form came back refused: its message goes beside it.
    fn came_back(&self, form: &str, bill: Option<Uuid>) -> bool {
        !self.ok && self.message.is_some() && self.typed.form == form && self.typed.bill == bill
    }

    /// The message is beside a form rather than at the top.
    fn placed(&self) -> bool {
        let bill = self.bills.iter().find(|b| Some(b.row.id) == self.typed.bill);
        !self.ok
            && match self.typed.form {
                "pay" => bill.is_some_and(|b| b.ledger.owed() > Fen::ZERO),
                "adjust" => bill.is_some(),
                "deposit" => self.house.is_some(),
                _ => false,
            }
    }

    /// What a field of a form that came back held; else `default`.
    fn kept(&self, form: &str, bill: Option<Uuid>, field: &str, default: String) -> String {
        if !self.came_back(form, bill) {
            return default;
        }
        match field {
            "amount" => self.typed.amount.clone(),
            "channel" => self.typed.channel.clone(),
            "kind" => self.typed.kind.clone(),
            _ => self.typed.reason.clone(),
        }
    }
}

/// `?q=` a resident, or `?household=`.
#[derive(Debug, Default, Deserialize)]
pub struct CounterQuery {
    #[serde(default)]
    pub(crate) q: String,
    #[serde(default)]
    pub(crate) household: Option<Uuid>,
    /// A form that came back refused: what was typed in it.
    #[serde(skip)]
    pub(crate) typed: Typed,
}

/// What was typed in one of the counter's forms, for it to come back with
/// (a mistyped amount is corrected, not typed again from nothing).
#[derive(Debug, Default, Clone)]
pub(crate) struct Typed {
    /// Which form: `pay`, `adjust` or `deposit`; empty when none came back.
    form: &'static str,
    /// The bill of a payment or adjustment.
    bill: Option<Uuid>,
    amount: String,
    channel: String,
    kind: String,
    reason: String,
}

pub(crate) async fn counter_page(
    state: &AppState,
    v: &crate::web::caller::Visitor,
    q: CounterQuery,
    status: StatusCode,
    message: Option<String>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let user = v.signed_in()?;
    if !user.account.is_staff() {
        return Err(WebError::new(ErrorCode::Forbidden).into());
    }
    let found = match q.q.trim() {
        "" => None,
        text => match state.app.search_people(user, &v.ip, text).await {
            Ok(list) => Some(list),
            Err(crate::app::Error::Invalid { reason, .. }) => {
                let page = CounterPage {
                    shell: v.shell(),
                    q: q.q.clone(),
                    found: None,
                    household: None,
                    bills: Vec::new(),
                    key: String::new(),
                    message: Some(v.prefs.lang.refusal(&reason)),
                    house: None,
                    metered: Vec::new(),
                    period: String::new(),
                    prepaid: (Fen::ZERO, Vec::new()),
                    ok: false,
                    typed: Typed::default(),
                };
                return crate::web::shell::own_page(StatusCode::UNPROCESSABLE_ENTITY, page);
            }
            Err(e) => return Err(e.into()),
        },
    };
    let mut house = None;
    let mut metered = Vec::new();
    let mut prepaid = (Fen::ZERO, Vec::new());
    let (household, bills) = match q.household {
        Some(id) => {
            let (h, house_id, mut bills) = state.app.household_bills(user, id).await?;
            house = Some(house_id);
            if crate::app::registry::household::works(user, &h.row.community_id) {
                let (balance, mut entries) =
                    state.app.prepaid(user, &crate::app::Error::community(&h.row.community_id)?, house_id).await?;
                entries.truncate(10);
                prepaid = (balance, entries);
            }
            metered = state
                .app
                .fee_items(&crate::app::Error::community(&h.row.community_id)?)
                .await?
                .into_iter()
                .filter(|f| f.active && matches!(f.pricing, Pricing::Metered { .. }))
                .collect();
            // What is owed first, oldest first; then the rest.
            bills.sort_by(|a, b| {
                (a.ledger.owed() == Fen::ZERO, &a.row.period).cmp(&(b.ledger.owed() == Fen::ZERO, &b.row.period))
            });
            (Some(h), bills)
        }
        None => (None, Vec::new()),
    };
    let key = format!("counter-{}", Uuid::new_v4().simple());
    let period = crate::domain::time::period(chrono::Utc::now());
    let page = CounterPage {
        shell: v.shell(),
        q: q.q.clone(),
        found,
        household,
        bills,
        key,
        message,
        house,
        metered,
        period,
        prepaid,
        ok: status.is_success(),
        typed: q.typed,
    };
    crate::web::shell::own_page(status, page)
}

/// `GET /counter`: the payment counter — find the resident, see the
/// household's bills, take a payment.
pub async fn counter(
    State(state): State<AppState>,
    v: crate::web::caller::Visitor,
    axum::extract::Query(q): axum::extract::Query<CounterQuery>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    counter_page(&state, &v, q, StatusCode::OK, None).await
}

/// The counter's payment form.
#[derive(Debug, Deserialize)]
pub struct CounterPay {
    household: Uuid,
    community: String,
    amount: String,
    channel: String,
    key: String,
}

/// `POST /counter/bills/{id}`: takes the payment, then shows the receipt.
pub async fn counter_pay(
    State(state): State<AppState>,
    v: crate::web::caller::Visitor,
    Path(id): Path<Uuid>,
    axum::extract::Form(f): axum::extract::Form<CounterPay>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let user = v.signed_in()?;
    let typed =
        Typed { form: "pay", bill: Some(id), amount: f.amount.clone(), channel: f.channel.clone(), ..Typed::default() };
    let back = CounterQuery { q: String::new(), household: Some(f.household), typed };
    let amount = match Fen::parse_yuan(&f.amount) {
        Ok(a) => a,
        Err(e) => {
            return counter_page(
                &state,
                &v,
                back,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(v.prefs.lang.refusal(&Reason::Money(e))),
            )
            .await;
        }
    };
    let p = Payment { community: f.community, bill: id, amount, channel: f.channel, key: f.key, order: None };
    match state.app.pay_bill(user, &v.ip, p).await {
        Ok(paid) => Ok(axum::response::Redirect::to(&format!("/receipts/{}", paid.payment.receipt_no)).into_response()),
        Err(crate::app::Error::Invalid { reason, .. }) => {
            counter_page(&state, &v, back, StatusCode::UNPROCESSABLE_ENTITY, Some(v.prefs.lang.refusal(&reason))).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The counter's waiver or refund form.
#[derive(Debug, Deserialize)]
pub struct CounterAdjust {
    household: Uuid,
    community: String,
    kind: String,
    amount: String,
    reason: String,
}

/// `POST /counter/bills/{id}/adjustments`: asks for a waiver or refund; the
/// community's head decides on the billing page.
pub async fn counter_adjust(
    State(state): State<AppState>,
    v: crate::web::caller::Visitor,
    Path(id): Path<Uuid>,
    axum::extract::Form(f): axum::extract::Form<CounterAdjust>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let user = v.signed_in()?;
    let t = v.prefs.lang.texts();
    let typed = Typed {
        form: "adjust",
        bill: Some(id),
        amount: f.amount.clone(),
        kind: f.kind.clone(),
        reason: f.reason.clone(),
        ..Typed::default()
    };
    let back = || CounterQuery { q: String::new(), household: Some(f.household), typed: typed.clone() };
    let amount = match Fen::parse_yuan(&f.amount) {
        Ok(a) => a,
        Err(e) => {
            return counter_page(
                &state,
                &v,
                back(),
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(v.prefs.lang.refusal(&Reason::Money(e))),
            )
            .await;
        }
    };
    let a = crate::app::bills::adjustment::Adjustment {
        community: f.community.clone(),
        bill: id,
        kind: f.kind.clone(),
        amount,
        reason: f.reason.clone(),
    };
    match state.app.request_adjustment(user, &v.ip, a).await {
        Ok(_) => counter_page(&state, &v, back(), StatusCode::OK, Some(t.bills.adjust.asked.to_owned())).await,
        Err(crate::app::Error::Invalid { reason, .. }) => {
            counter_page(&state, &v, back(), StatusCode::UNPROCESSABLE_ENTITY, Some(v.prefs.lang.refusal(&reason)))
                .await
        }
        Err(e) => Err(e.into()),
    }
}

/// The counter's kiosk-help form.
#[derive(Debug, Deserialize)]
pub struct CounterAssist {
    household: Uuid,
}

/// `POST /counter/kiosk-assist`: staff beside a resident at the kiosk get a
/// one-time code for it to open the household's bills.
pub async fn counter_assist(
    State(state): State<AppState>,
    v: crate::web::caller::Visitor,
    axum::extract::Form(f): axum::extract::Form<CounterAssist>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let user = v.signed_in()?;
    let t = v.prefs.lang.texts();
    let (code, _) = state.app.kiosk_assist(user, &v.ip, f.household).await?;
    let back = CounterQuery { q: String::new(), household: Some(f.household), typed: Typed::default() };
    let m = format!("{} {code} · {}", t.kiosk.assist.code, t.kiosk.assist.code_hint);
    counter_page(&state, &v, back, StatusCode::OK, Some(m)).await
}

/// The counter's meter-reading form.
#[derive(Debug, Deserialize)]
pub struct CounterReading {
    household: Uuid,
    community: String,
    house: Uuid,
    fee: String,
    period: String,
    reading: String,
    #[serde(default)]
    meter_change: Option<String>,
}

/// `POST /counter/readings`: a meter reading for the household's house.
pub async fn counter_reading(
    State(state): State<AppState>,
    v: crate::web::caller::Visitor,
    axum::extract::Form(f): axum::extract::Form<CounterReading>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let user = v.signed_in()?;
    let back = || CounterQuery { q: String::new(), household: Some(f.household), typed: Typed::default() };
    let reading = match Fen::parse_yuan(&f.reading) {
        Ok(r) => r.fen(),
        Err(e) => {
            return counter_page(
                &state,
                &v,
                back(),
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(v.prefs.lang.refusal(&Reason::Money(e))),
            )
            .await;
        }
    };
    let r = crate::app::bills::reading::Reading {
        community: f.community.clone(),
        house: f.house,
        fee: f.fee.clone(),
        period: f.period.clone(),
        reading,
        meter_change: f.meter_change.is_some(),
    };
    match state.app.record_reading(user, &v.ip, r).await {
        Ok(row) => {
            let used = row.reading - row.previous;
            let m = format!("{} {}.{:02}", v.prefs.lang.texts().bills.reading.recorded, used / 100, used % 100);
            counter_page(&state, &v, back(), StatusCode::OK, Some(m)).await
        }
        Err(crate::app::Error::Invalid { reason, .. }) => {
            counter_page(&state, &v, back(), StatusCode::UNPROCESSABLE_ENTITY, Some(v.prefs.lang.refusal(&reason)))
                .await
        }
        Err(e) => Err(e.into()),
    }
}

/// The counter's deposit form.
#[derive(Debug, Deserialize)]
pub struct CounterDeposit {
    household: Uuid,
    community: String,
    house: Uuid,
    amount: String,
    channel: String,
    key: String,
}

/// `POST /counter/prepaid`: takes a deposit, then shows its receipt.
pub async fn counter_deposit(
    State(state): State<AppState>,
    v: crate::web::caller::Visitor,
    axum::extract::Form(f): axum::extract::Form<CounterDeposit>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let user = v.signed_in()?;
    let typed = Typed { form: "deposit", amount: f.amount.clone(), channel: f.channel.clone(), ..Typed::default() };
    let back = || CounterQuery { q: String::new(), household: Some(f.household), typed: typed.clone() };
    let amount = match Fen::parse_yuan(&f.amount) {
        Ok(a) => a,
        Err(e) => {
            return counter_page(
                &state,
                &v,
                back(),
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(v.prefs.lang.refusal(&crate::app::refusal::Reason::Money(e))),
            )
            .await;
        }
    };
    let d = Deposit {
        community: f.community.clone(),
        house: f.house,
        amount,
        channel: f.channel.clone(),
        key: f.key.clone(),
    };
    match state.app.deposit(user, &v.ip, d).await {
        Ok(done) => {
            let no = done.entry.receipt_no.unwrap_or_default();
            Ok(axum::response::Redirect::to(&format!("/receipts/{no}")).into_response())
        }
        Err(crate::app::Error::Invalid { reason, .. }) => {
            counter_page(&state, &v, back(), StatusCode::UNPROCESSABLE_ENTITY, Some(v.prefs.lang.refusal(&reason)))
                .await
        }
        Err(e) => Err(e.into()),
    }
}
