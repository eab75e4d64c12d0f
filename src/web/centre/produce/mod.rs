//! The produce counter on the web: the shelf anyone may read and order
//! from (no sign-in), a product's page that its QR label opens, the buyer's
//! order page, the centre's counter, the shelf labels, the keepers' page
//! (enterprises, products, stock, pickup times, merchant accounts) and the
//! sales report with its XLSX. Pages and the API.

mod api;
mod manage;
pub use api::*;
pub use manage::*;

use crate::app::refusal::CentreRefusal;
use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, RawForm, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use linli_store::centre::produce::{EnterpriseRow, ProductRow, WindowRow};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::app::centre::produce::{Keeper, NewEnterprise, NewOrder, NewProduct, OrderView, SalesRow, Stall};
use crate::app::refusal::Reason;
use crate::domain::centre::produce::Step;
use crate::domain::money::Fen;
use crate::domain::registry::region::CommunityCode;
use crate::domain::time;
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::{Caller, Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};
use crate::web::form::Problem;
use crate::web::life::invalid;
use crate::web::life::typed::{Fields, clock, date, number};
use crate::web::shell::{Shell, own_page};

/// Yuan as shown beside a price (12.50).
fn yuan(fen: i64) -> String {
    Fen::new(fen).yuan()
}

fn price(field: &'static str, text: &str) -> Result<i64, crate::app::Error> {
    Fen::parse_yuan(text)
        .map(Fen::fen)
        .map_err(|_| crate::app::Error::invalid(field, Reason::Centre(CentreRefusal::ProducePrice)))
}

fn community_code(text: &str) -> Result<CommunityCode, WebError> {
    CommunityCode::parse(text).map_err(|_| WebError::new(ErrorCode::NotFound))
}

/// Where the payer pays an online order: its provider's page.
fn pay_url(state: &AppState, pay: &linli_store::bills::order::OrderRow) -> String {
    state.app.provider(&pay.provider).map(|p| p.pay_url(pay)).unwrap_or_default()
}

/// When a window is open, as people read it (12-08 10:00–11:30).
fn window_span(w: &WindowRow) -> String {
    format!("{}–{}", time::zone().month_day_minute(w.starts_at), time::zone().local(w.ends_at).format("%H:%M"))
}

/// A window as a buyer chooses it.
fn window_words(t: &crate::web::i18n::centre::ProduceTexts, w: &WindowRow) -> String {
    let when = window_span(w);
    if w.taken >= w.capacity {
        format!("{when} · {}", t.window_full)
    } else {
        t.window_places.replace("{when}", &when).replace("{left}", &(w.capacity - w.taken).to_string())
    }
}

/// The quantities a form sends: `q_{product}` fields.
fn lines(f: &Fields) -> Result<Vec<(Uuid, i64)>, crate::app::Error> {
    let mut out = Vec::new();
    for (k, v) in f.pairs() {
        let Some(id) = k.strip_prefix("q_").and_then(|id| id.parse::<Uuid>().ok()) else { continue };
        if v.trim().is_empty() {
            continue;
        }
        out.push((id, number("quantity", v, Reason::Centre(CentreRefusal::ProduceQuantity))?));
    }
    Ok(out)
}

/// The short fields of a product's form: (name, label, longest).
fn product_fields(
    t: &'static crate::web::i18n::centre::ProduceTexts,
    stock: bool,
) -> Vec<(&'static str, &'static str, usize)> {
    let mut out = vec![("name", t.product, 40), ("price", t.price, 12), ("unit", t.unit, 10)];
    if stock {
        out.push(("stock", t.stock, 6));
    }
    out.extend([("origin", t.origin, 60), ("certificates", t.certificates, 200), ("shelf_life", t.shelf_life, 40)]);
    out
}

// The shelf and a product's page: anyone.

#[derive(Template)]
#[template(path = "produce_shelf.html")]
struct ShelfPage {
    shell: Shell,
    code: String,
    name: String,
    stalls: Vec<Stall>,
    windows: Vec<WindowRow>,
    /// One product's page (its QR code), or none for the whole shelf.
    one: Option<(ProductRow, EnterpriseRow)>,
    problem: Problem,
    typed: Fields,
    qr: String,
    /// The products' photos (all of one product's; each product's first on the shelf).
    photos: Vec<linli_store::services::photo::PhotoRow>,
}

impl ShelfPage {
    /// A product's first photo's thumbnail.
    fn thumb(&self, p: &ProductRow) -> Option<String> {
        self.photos.iter().find(|x| x.owner_id == p.id).map(|x| format!("/produce/p/{}/photos/{}.thumb", p.id, x.id))
    }
    fn per_unit(&self, p: &ProductRow) -> String {
        self.shell.t.centre.produce.per_unit.replace("{price}", &yuan(p.price)).replace("{unit}", &p.unit)
    }
    fn left(&self, p: &ProductRow) -> String {
        self.shell.t.centre.produce.left.replace("{n}", &p.stock.to_string()).replace("{unit}", &p.unit)
    }
    fn window(&self, w: &WindowRow) -> String {
        window_words(&self.shell.t.centre.produce, w)
    }
    fn quantity(&self, p: &ProductRow) -> String {
        let typed = self.typed.get(&format!("q_{}", p.id)).to_owned();
        if typed.is_empty() && self.one.is_some() { "1".into() } else { typed }
    }
    fn title(&self) -> String {
        match &self.one {
            Some((p, _)) => p.name.clone(),
            None => self.shell.t.centre.produce.shelf_title.replace("{community}", &self.name),
        }
    }
    fn back(&self) -> String {
        self.shell.t.centre.produce.shelf_of.replace("{community}", &self.name)
    }
}

async fn shelf(
    state: &AppState,
    v: &Visitor,
    headers: &HeaderMap,
    (code, one): (&CommunityCode, Option<Uuid>),
    status: StatusCode,
    (problem, typed): (Problem, Fields),
) -> Result<Response, Refusal> {
    let names = state.app.short_names(&[code.as_str().to_owned()]).await?;
    let name = names.get(code.as_str()).cloned().ok_or(WebError::new(ErrorCode::NotFound))?;
    let one = match one {
        Some(id) => {
            let (p, e) = state.app.produce_product(id).await?;
            if p.community_id != code.as_str() {
                return Err(WebError::new(ErrorCode::NotFound).into());
            }
            Some((p, e))
        }
        None => None,
    };
    let stalls = state.app.produce_shelf(code.as_str()).await?;
    let windows = state.app.pickup_windows(code.as_str()).await?;
    let url = format!("{}/regions/{}/produce", state.edge.base_url(headers), code.as_str());
    let qr = crate::web::registry::building::qr_svg(&url).unwrap_or_default();
    let ids: Vec<Uuid> = match &one {
        Some((p, _)) => vec![p.id],
        None => stalls.iter().flat_map(|s| s.products.iter().map(|p| p.id)).collect(),
    };
    let photos = state.app.product_photos(code.as_str(), &ids).await?;
    let page = ShelfPage {
        shell: v.shell(),
        code: code.as_str().to_owned(),
        name,
        stalls,
        windows,
        one,
        problem,
        typed,
        qr,
        photos,
    };
    own_page(status, page)
}

/// `GET /regions/{code}/produce`: a community's counter, no sign-in.
pub async fn shelf_page(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Response, Refusal> {
    let code = community_code(&code)?;
    shelf(&state, &v, &headers, (&code, None), StatusCode::OK, (Problem::none(), Fields::default())).await
}

/// `GET /produce/p/{id}`: what a product's QR label opens, no sign-in.
pub async fn product_page(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
) -> Result<Response, Refusal> {
    let (p, _) = state.app.produce_product(id).await?;
    let code = community_code(&p.community_id)?;
    shelf(&state, &v, &headers, (&code, Some(id)), StatusCode::OK, (Problem::none(), Fields::default())).await
}

/// `POST /regions/{code}/produce/order`: `q_{product}`, `window`, `name`,
/// `phone` (and `product` when sent from a product's page).
pub async fn order_submit(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(code): Path<String>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let code = community_code(&code)?;
    let f = Fields::from_body(&raw);
    let one: Option<Uuid> = f.get("product").parse().ok();
    let done = match lines(&f) {
        Ok(lines) => {
            let n = NewOrder {
                window: f.get("window").parse().ok(),
                name: f.get("name").to_owned(),
                phone: f.get("phone").to_owned(),
                lines,
            };
            state.app.place_produce_order(&v.ip, v.user(), code.as_str(), n).await
        }
        Err(e) => Err(e),
    };
    match done {
        Ok(o) => Ok(Redirect::to(&format!("/produce/orders/{}", o.order.token)).into_response()),
        Err(e) => {
            let p = invalid(&v, e)?;
            shelf(&state, &v, &headers, (&code, one), StatusCode::UNPROCESSABLE_ENTITY, (p, f)).await
        }
    }
}

// The buyer's order.

#[derive(Template)]
#[template(path = "produce_order.html")]
struct OrderPage {
    shell: Shell,
    o: OrderView,
    can_pay_online: bool,
    problem: Problem,
}

impl OrderPage {
    fn yuan(&self, fen: &i64) -> String {
        yuan(*fen)
    }
    fn state(&self) -> &'static str {
        crate::web::life::wall::label(&self.shell.t.centre.produce.states, &self.o.order.state)
    }
    fn expires(&self) -> String {
        self.shell.t.centre.produce.expires.replace("{time}", &time::zone().month_day_minute(self.o.order.expires_at))
    }
    fn window_time(&self) -> String {
        self.o.window.as_ref().map(window_span).unwrap_or_default()
    }
}

async fn order_page_with(
    state: &AppState,
    v: &Visitor,
    token: &str,
    status: StatusCode,
    problem: Problem,
) -> Result<Response, Refusal> {
    let o = state.app.produce_order_by_token(token).await?;
    let can_pay_online = !state.app.provider_names().is_empty();
    own_page(status, OrderPage { shell: v.shell(), o, can_pay_online, problem })
}

/// `GET /produce/orders/{token}`: the buyer's order, its state and pickup code.
pub async fn order_page(
    State(state): State<AppState>,
    v: Visitor,
    Path(token): Path<String>,
) -> Result<Response, Refusal> {
    order_page_with(&state, &v, &token, StatusCode::OK, Problem::none()).await
}

/// `POST /produce/orders/{token}/pay`: to the provider's page.
pub async fn pay_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(token): Path<String>,
) -> Result<Response, Refusal> {
    match state.app.pay_produce_online(&v.ip, &token).await {
        Ok(pay) => Ok(Redirect::to(&pay_url(&state, &pay)).into_response()),
        Err(e) => {
            let p = invalid(&v, e)?;
            order_page_with(&state, &v, &token, StatusCode::UNPROCESSABLE_ENTITY, p).await
        }
    }
}

/// `POST /produce/orders/{token}/cancel`: the buyer calls an unpaid order off.
pub async fn buyer_cancel_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(token): Path<String>,
) -> Result<Response, Refusal> {
    match state.app.cancel_produce_by_buyer(&v.ip, &token).await {
        Ok(_) => Ok(Redirect::to(&format!("/produce/orders/{token}")).into_response()),
        Err(e) => {
            let p = invalid(&v, e)?;
            order_page_with(&state, &v, &token, StatusCode::UNPROCESSABLE_ENTITY, p).await
        }
    }
}

// The keepers' page, and a resident's way in.
