//! The kiosk pages (智慧货架): big buttons and a number pad on a touch
//! screen; every page returns to the start after 60 s (a touch loads the
//! next page, which starts the minute again). The device signs in once with
//! a `kiosk` token, kept in a cookie of its own.

use axum::extract::{Path, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use crate::app::access::token::{Client, Scope};
use crate::app::bills::bill::BillView;
use crate::app::bills::kiosk::By;
use crate::web::AppState;
use crate::web::caller::{Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};
use crate::web::shell::{Shell, own_page};

const DEVICE_COOKIE: &str = "linli_kiosk";

/// Why a kiosk page shows something else than asked: a page of the kiosk
/// itself (not paired, the session ended), or a refusal.
pub enum KioskRefusal {
    /// A kiosk page.
    Page(Box<Response>),
    /// Anything else.
    Other(Refusal),
}

impl<E: Into<Refusal>> From<E> for KioskRefusal {
    fn from(e: E) -> Self {
        KioskRefusal::Other(e.into())
    }
}

impl IntoResponse for KioskRefusal {
    fn into_response(self) -> Response {
        match self {
            KioskRefusal::Page(r) => *r,
            KioskRefusal::Other(r) => r.into_response(),
        }
    }
}

type KioskResult = Result<Response, KioskRefusal>;

fn kiosk_page(status: StatusCode, page: KioskPage) -> KioskResult {
    Ok(own_page::<_, Refusal>(status, page)?)
}

/// The paired device, or the kiosk page that says how to pair it.
async fn device(state: &AppState, v: &Visitor, headers: &HeaderMap) -> Result<Client, KioskRefusal> {
    let token = headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|p| p.trim().strip_prefix("linli_kiosk=").map(str::to_owned));
    if let Some(t) = token
        && let Ok(c) = state.app.authenticate_token(&t).await?
        && c.may(Scope::Kiosk)
    {
        return Ok(c);
    }
    let page = own_page::<_, Refusal>(StatusCode::FORBIDDEN, KioskPage::new(v, "unpaired"));
    Err(KioskRefusal::Page(Box::new(page.into_response())))
}

/// A session that ended (or never was this kiosk's) shows the kiosk's own
/// page that says so, never a page of the staff site.
fn gone(v: &Visitor) -> impl Fn(crate::app::Error) -> KioskRefusal + '_ {
    move |e| match e {
        crate::app::Error::NotFound(_) => {
            let mut page = KioskPage::new(v, "ended");
            page.message = Some(v.prefs.lang.texts().kiosk.ended.into());
            KioskRefusal::Page(Box::new(own_page::<_, Refusal>(StatusCode::NOT_FOUND, page).into_response()))
        }
        e => KioskRefusal::Other(e.into()),
    }
}

#[derive(askama::Template)]
#[template(path = "kiosk.html")]
struct KioskPage {
    shell: Shell,
    /// start, id, phone, code, bills, receipt, pair.
    step: &'static str,
    session: Option<Uuid>,
    place: Option<String>,
    bills: Vec<BillView>,
    receipt: Option<(linli_store::bills::payment::PaymentRow, BillView)>,
    message: Option<String>,
    /// An order waiting to be paid from a phone.
    pay: Option<KioskPay>,
    /// What was typed on the pad, kept when it was refused (to fix a digit).
    typed: String,
}

/// An order shown as a QR code.
struct KioskPay {
    order_no: String,
    amount: crate::domain::money::Fen,
    /// Where the phone pays (the provider's page).
    phone_url: String,
    /// Inline SVG.
    qr: String,
    /// Still within the minutes a phone has to pay.
    waiting: bool,
}

impl KioskPage {
    /// Where the minute without a touch leads: the session's end (on the
    /// server), or the start.
    fn home(&self) -> String {
        match self.session {
            Some(s) => format!("/kiosk/s/{s}/end"),
            None => "/kiosk".into(),
        }
    }

    fn new(v: &Visitor, step: &'static str) -> KioskPage {
        KioskPage {
            shell: v.shell(),
            step,
            session: None,
            place: None,
            bills: Vec::new(),
            receipt: None,
            message: None,
            pay: None,
            typed: String::new(),
        }
    }
}

/// `GET /kiosk/pair`: where staff enter a kiosk token once on the device.
pub async fn pair_form(v: Visitor) -> KioskResult {
    kiosk_page(StatusCode::OK, KioskPage::new(&v, "pair"))
}

/// The pairing form.
#[derive(Debug, Deserialize)]
pub struct PairForm {
    token: String,
}

/// `POST /kiosk/pair`: checks the token and keeps it on this device.
pub async fn pair(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    axum::extract::Form(f): axum::extract::Form<PairForm>,
) -> KioskResult {
    match state.app.authenticate_token(f.token.trim()).await? {
        Ok(c) if c.may(Scope::Kiosk) => {
            // Secure whenever the session cookie is (the same rule decides).
            let secure = if crate::web::session::secure_cookies(&headers) { "; Secure" } else { "" };
            let cookie = format!(
                "{DEVICE_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age=31536000{secure}",
                f.token.trim()
            );
            let mut res = Redirect::to("/kiosk").into_response();
            res.headers_mut().append(
                SET_COOKIE,
                HeaderValue::from_str(&cookie).map_err(|_| WebError::new(ErrorCode::InvalidInput))?,
            );
            Ok(res)
        }
        _ => {
            let mut page = KioskPage::new(&v, "pair");
            page.message = Some(v.prefs.lang.texts().kiosk.bad_token.into());
            kiosk_page(StatusCode::UNPROCESSABLE_ENTITY, page)
        }
    }
}

/// `GET /kiosk`: the start — by ID number or by phone.
pub async fn start(State(state): State<AppState>, v: Visitor, headers: HeaderMap) -> KioskResult {
    device(&state, &v, &headers).await?;
    kiosk_page(StatusCode::OK, KioskPage::new(&v, "start"))
}

/// `GET /kiosk/id` and `/kiosk/phone`: the number pad.
pub async fn pad(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(kind): Path<String>,
) -> KioskResult {
    device(&state, &v, &headers).await?;
    let step = match kind.as_str() {
        "id" => "id",
        "phone" => "phone",
        "assist" => "assist",
        _ => return Err(WebError::new(ErrorCode::NotFound).into()),
    };
    kiosk_page(StatusCode::OK, KioskPage::new(&v, step))
}

/// What the number pad sends.
#[derive(Debug, Deserialize)]
pub struct PadForm {
    #[serde(default)]
    number: String,
}

/// `POST /kiosk/id` and `/kiosk/phone`: finds the resident.
pub async fn identify(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(kind): Path<String>,
    axum::extract::Form(f): axum::extract::Form<PadForm>,
) -> KioskResult {
    let d = device(&state, &v, &headers).await?;
    let (found, step) = match kind.as_str() {
        "id" => (state.app.kiosk_identify(&d, &v.ip, By::IdNumber, &f.number).await, "id"),
        "phone" => (state.app.kiosk_identify(&d, &v.ip, By::Phone, &f.number).await, "phone"),
        "assist" => (state.app.kiosk_claim(&d, &v.ip, &f.number).await, "assist"),
        _ => return Err(WebError::new(ErrorCode::NotFound).into()),
    };
    let refused = |status, reason: String| {
        let mut page = KioskPage::new(&v, step);
        page.message = Some(reason);
        page.typed = f.number.chars().filter(char::is_ascii_alphanumeric).take(18).collect();
        kiosk_page(status, page)
    };
    match found {
        Ok(s) if step == "phone" => Ok(Redirect::to(&format!("/kiosk/s/{}/code", s.id)).into_response()),
        Ok(s) => Ok(Redirect::to(&format!("/kiosk/s/{}", s.id)).into_response()),
        Err(crate::app::Error::Invalid { reason, .. }) => {
            refused(StatusCode::UNPROCESSABLE_ENTITY, v.prefs.lang.refusal(&reason))
        }
        Err(crate::app::Error::TooMany) => {
            refused(StatusCode::TOO_MANY_REQUESTS, v.prefs.lang.texts().kiosk.assist.too_many.to_owned())
        }
        Err(e) => Err(gone(&v)(e)),
    }
}

/// `GET /kiosk/s/{id}/code`: the texted code's pad.
pub async fn code_form(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
) -> KioskResult {
    let d = device(&state, &v, &headers).await?;
    state.app.kiosk_session(&d, id, false).await.map_err(gone(&v))?;
    let mut page = KioskPage::new(&v, "code");
    page.session = Some(id);
    kiosk_page(StatusCode::OK, page)
}

/// `POST /kiosk/s/{id}/code`.
pub async fn code(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
    axum::extract::Form(f): axum::extract::Form<PadForm>,
) -> KioskResult {
    let d = device(&state, &v, &headers).await?;
    match state.app.kiosk_verify(&d, id, &f.number).await {
        Ok(()) => Ok(Redirect::to(&format!("/kiosk/s/{id}")).into_response()),
        Err(crate::app::Error::Invalid { reason, .. }) => {
            let mut page = KioskPage::new(&v, "code");
            page.session = Some(id);
            page.message = Some(v.prefs.lang.refusal(&reason));
            kiosk_page(StatusCode::UNPROCESSABLE_ENTITY, page)
        }
        Err(e) => Err(gone(&v)(e)),
    }
}

/// `GET /kiosk/s/{id}`: the home's bills.
pub async fn bills(State(state): State<AppState>, v: Visitor, headers: HeaderMap, Path(id): Path<Uuid>) -> KioskResult {
    let d = device(&state, &v, &headers).await?;
    bills_page(&state, &v, &d, id, (StatusCode::OK, None)).await
}

async fn bills_page(
    state: &AppState,
    v: &Visitor,
    d: &Client,
    id: Uuid,
    (status, message): (StatusCode, Option<String>),
) -> KioskResult {
    let (_, place, bills) = state.app.kiosk_bills(d, id).await.map_err(gone(v))?;
    let mut page = KioskPage::new(v, "bills");
    page.session = Some(id);
    page.place = Some(format!("{} {}-{}", place.building, place.unit, place.room));
    page.bills = bills;
    page.message = message;
    kiosk_page(status, page)
}

/// `POST /kiosk/s/{id}/bills/{bill}`: pay — an order, shown as a QR code for
/// the resident's phone.
pub async fn pay(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path((id, bill)): Path<(Uuid, Uuid)>,
) -> KioskResult {
    let d = device(&state, &v, &headers).await?;
    match state.app.kiosk_order(&d, &v.ip, id, bill).await {
        Ok(order) => Ok(Redirect::to(&format!("/kiosk/s/{id}/orders/{}", order.order_no)).into_response()),
        // No online payment here (or the bill was just paid): say so on the kiosk.
        Err(crate::app::Error::Invalid { reason, .. }) => {
            bills_page(&state, &v, &d, id, (StatusCode::UNPROCESSABLE_ENTITY, Some(v.prefs.lang.refusal(&reason))))
                .await
        }
        Err(e) => Err(gone(&v)(e)),
    }
}

/// How long the kiosk waits for a phone to pay before it lets the minute's
/// reset take over again.
const PAY_WAIT_MINUTES: i64 = 5;

/// `GET /kiosk/s/{id}/orders/{order}`: the order's QR code for the
/// resident's phone (the provider's page); it looks again every few seconds
/// and shows the receipt once the provider's callback has paid it. The
/// kiosk can also pay on its own screen.
pub async fn order(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path((id, order_no)): Path<(Uuid, String)>,
) -> KioskResult {
    let d = device(&state, &v, &headers).await?;
    let (order, receipt) = state.app.kiosk_order_state(&d, id, &order_no).await.map_err(gone(&v))?;
    if let Some(r) = receipt {
        return Ok(Redirect::to(&format!("/kiosk/s/{id}/receipts/{r}")).into_response());
    }
    let phone_url = format!("{}/pay-sim/{}", state.edge.base_url(&headers), order.order_no);
    let mut page = KioskPage::new(&v, "qr");
    page.session = Some(id);
    let waiting = chrono::Utc::now() - order.created_at < chrono::Duration::minutes(PAY_WAIT_MINUTES);
    page.pay = Some(KioskPay {
        order_no: order.order_no.clone(),
        amount: crate::domain::money::Fen::new(order.amount),
        qr: qr_svg(&phone_url),
        phone_url,
        waiting,
    });
    if !waiting {
        page.message = Some(v.prefs.lang.texts().kiosk.qr.too_late.into());
    }
    kiosk_page(StatusCode::OK, page)
}

/// A QR code as inline SVG (no script, no image request: the page's
/// content policy allows it).
fn qr_svg(text: &str) -> String {
    match qrcode::QrCode::new(text.as_bytes()) {
        Ok(code) => {
            let svg = code.render::<qrcode::render::svg::Color>().min_dimensions(280, 280).build();
            // The XML declaration does not belong inside HTML.
            svg.find("<svg").map(|i| svg[i..].to_owned()).unwrap_or_default()
        }
        Err(_) => String::new(),
    }
}

/// `GET /kiosk/s/{id}/receipts/{number}`: the receipt on the screen.
pub async fn receipt(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path((id, number)): Path<(Uuid, String)>,
) -> KioskResult {
    let d = device(&state, &v, &headers).await?;
    let (_, place, bills) = state.app.kiosk_bills(&d, id).await.map_err(gone(&v))?;
    let payment = state.app.payment_by_receipt(&number).await?;
    let bill = bills.into_iter().find(|b| b.row.id == payment.bill_id).ok_or(WebError::new(ErrorCode::NotFound))?;
    let mut page = KioskPage::new(&v, "receipt");
    page.session = Some(id);
    page.place = Some(format!("{} {}-{}", place.building, place.unit, place.room));
    page.receipt = Some((payment, bill));
    kiosk_page(StatusCode::OK, page)
}

/// `GET` and `POST /kiosk/s/{id}/end`: 返回首页, or the minute without a
/// touch ran out — the session ends on the server, then the start.
pub async fn end(State(state): State<AppState>, v: Visitor, headers: HeaderMap, Path(id): Path<Uuid>) -> KioskResult {
    let d = device(&state, &v, &headers).await?;
    state.app.kiosk_end(&d, &v.ip, id).await?;
    Ok(Redirect::to("/kiosk").into_response())
}
