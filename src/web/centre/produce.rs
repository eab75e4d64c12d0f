//! The produce counter on the web: the shelf anyone may read and order
//! from (no sign-in), a product's page that its QR label opens, the buyer's
//! order page, the centre's counter, the shelf labels, the keepers' page
//! (enterprises, products, stock, pickup times, merchant accounts) and the
//! sales report with its XLSX. Pages and the API.

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
    Fen::parse_yuan(text).map(Fen::fen).map_err(|_| crate::app::Error::invalid(field, Reason::ProducePrice))
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
        out.push((id, number("quantity", v, Reason::ProduceQuantity)?));
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

#[derive(Template)]
#[template(path = "produce.html")]
struct ManagePage {
    shell: Shell,
    keeper: Keeper,
    stalls: Vec<Stall>,
    /// The communities whose counters the user runs, by name.
    communities: Vec<(String, String)>,
    /// Windows per community run.
    windows: Vec<(String, Vec<WindowRow>)>,
    /// Shelves a resident may visit: (code, name).
    shelves: Vec<(String, String)>,
    mine: Vec<OrderView>,
    merchant: Vec<OrderView>,
    problem: Problem,
    typed: Fields,
    /// Which form came back: enterprise, product:ID, merchant:ID, window, stock:ID.
    form: String,
    password: Option<String>,
}

impl ManagePage {
    fn product_fields(&self) -> Vec<(&'static str, &'static str, usize)> {
        product_fields(&self.shell.t.centre.produce, true)
    }
    fn yuan(&self, fen: &i64) -> String {
        yuan(*fen)
    }
    fn state(&self, o: &OrderView) -> &'static str {
        crate::web::life::wall::label(&self.shell.t.centre.produce.states, &o.order.state)
    }
    fn window(&self, w: &WindowRow) -> String {
        let when = window_span(w);
        let taken = self
            .shell
            .t
            .centre
            .produce
            .taken_of
            .replace("{taken}", &w.taken.to_string())
            .replace("{capacity}", &w.capacity.to_string());
        format!("{when} · {taken}")
    }
    fn order_window(&self, o: &OrderView) -> String {
        o.window.as_ref().map(|w| time::zone().month_day_minute(w.starts_at)).unwrap_or_default()
    }
    fn came_back(&self, form: &str) -> bool {
        self.form == form
    }
    fn typed_if(&self, form: &str, key: &str) -> String {
        if self.form == form { self.typed.get(key).to_owned() } else { String::new() }
    }
    fn error(&self, form: &str, field: &str) -> Option<&str> {
        if self.form == form { self.problem.at(field) } else { None }
    }
    fn general(&self, form: &str, shown: &[&str]) -> Option<&str> {
        if self.form == form { self.problem.general(shown) } else { None }
    }
}

async fn manage(
    state: &AppState,
    v: &Visitor,
    status: StatusCode,
    (problem, typed, form): (Problem, Fields, String),
    password: Option<String>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let (keeper, stalls) = state.app.produce_kept(user).await?;
    let communities =
        if keeper.communities.is_empty() { Vec::new() } else { crate::web::life::communities_run(state, v).await? };
    let mut windows = Vec::new();
    for (code, name) in &communities {
        windows.push((name.clone(), state.app.pickup_windows(code).await?));
    }
    let own = state.app.own_people_communities(user).await.unwrap_or_default();
    let names = state.app.short_names(&own).await?;
    let shelves = own.iter().map(|c| (c.clone(), names.get(c).cloned().unwrap_or_else(|| c.clone()))).collect();
    let mine = state.app.my_produce_orders(user).await?;
    let merchant = state.app.merchant_orders(user).await?;
    own_page(
        status,
        ManagePage {
            shell: v.shell(),
            keeper,
            stalls,
            communities,
            windows,
            shelves,
            mine,
            merchant,
            problem,
            typed,
            form,
            password,
        },
    )
}

/// `GET /produce`: the keepers' page; a resident's shelves and orders.
pub async fn manage_page(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    manage(&state, &v, StatusCode::OK, (Problem::none(), Fields::default(), String::new()), None).await
}

/// What a keeper's form did: back to the page, or the form again with why.
async fn kept(
    state: &AppState,
    v: &Visitor,
    done: Result<(), crate::app::Error>,
    f: Fields,
    form: String,
) -> Result<Response, Refusal> {
    match done {
        Ok(()) => Ok(Redirect::to("/produce").into_response()),
        Err(e) => {
            let p = invalid(v, e)?;
            manage(state, v, StatusCode::UNPROCESSABLE_ENTITY, (p, f, form), None).await
        }
    }
}

/// `POST /produce/enterprises`.
pub async fn enterprise_submit(
    State(state): State<AppState>,
    v: Visitor,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let n = NewEnterprise {
        community: f.get("community").trim().to_owned(),
        name: f.get("name").to_owned(),
        village: f.get("village").to_owned(),
        about: f.get("about").to_owned(),
    };
    let done = state.app.add_enterprise(user, &v.ip, n).await.map(|_| ());
    kept(&state, &v, done, f, "enterprise".into()).await
}

fn product_from(f: &Fields) -> Result<NewProduct, crate::app::Error> {
    Ok(NewProduct {
        name: f.get("name").to_owned(),
        price: price("price", f.get("price"))?,
        unit: f.get("unit").to_owned(),
        stock: if f.get("stock").trim().is_empty() { 0 } else { number("stock", f.get("stock"), Reason::Stock)? },
        story: f.get("story").to_owned(),
        origin: f.get("origin").to_owned(),
        certificates: f.get("certificates").to_owned(),
        shelf_life: f.get("shelf_life").to_owned(),
        active: f.ticked("active"),
    })
}

/// `POST /produce/enterprises/{id}/products`.
pub async fn product_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let done = match product_from(&f) {
        Ok(n) => state.app.add_produce_product(user, &v.ip, id, n).await.map(|_| ()),
        Err(e) => Err(e),
    };
    kept(&state, &v, done, f, format!("product:{id}")).await
}

/// `POST /produce/enterprises/{id}/merchants`: `login`, `display_name`.
pub async fn merchant_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    match state.app.add_merchant(user, &v.ip, id, f.get("login"), f.get("display_name")).await {
        Ok(password) => {
            manage(&state, &v, StatusCode::OK, (Problem::none(), Fields::default(), String::new()), password).await
        }
        Err(e) => {
            let p = invalid(&v, e)?;
            manage(&state, &v, StatusCode::UNPROCESSABLE_ENTITY, (p, f, format!("merchant:{id}")), None).await
        }
    }
}

/// `POST /produce/products/{id}/stock`: `delta`.
pub async fn stock_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let done = match number("delta", f.get("delta"), Reason::Stock) {
        Ok(d) => state.app.restock_produce(user, &v.ip, id, d).await.map(|_| ()),
        Err(e) => Err(e),
    };
    kept(&state, &v, done, f, format!("stock:{id}")).await
}

/// `POST /produce/windows`: `community`, `day`, `from`, `to`, `capacity`.
pub async fn window_submit(
    State(state): State<AppState>,
    v: Visitor,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    type Times = (DateTime<Utc>, DateTime<Utc>);
    let read = || -> Result<(Times, i64), crate::app::Error> {
        let day = date("day", f.get("day"))?;
        let from = clock("from", f.get("from"))?;
        let to = clock("to", f.get("to"))?;
        let capacity = number("capacity", f.get("capacity"), Reason::PickupTimes)?;
        Ok(((time::zone().instant(day.and_time(from)), time::zone().instant(day.and_time(to))), capacity))
    };
    let done = match read() {
        Ok((times, capacity)) => {
            state.app.add_pickup_window(user, &v.ip, f.get("community").trim(), times, capacity).await.map(|_| ())
        }
        Err(e) => Err(e),
    };
    kept(&state, &v, done, f, "window".into()).await
}

#[derive(Template)]
#[template(path = "produce_edit.html")]
struct EditPage {
    shell: Shell,
    p: ProductRow,
    problem: Problem,
    typed: Fields,
    photos: Vec<linli_store::services::photo::PhotoRow>,
    max_photos: usize,
}

async fn edit(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    status: StatusCode,
    (problem, typed): (Problem, Fields),
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let (p, e) = state.app.produce_product(id).await?;
    if !state.app.produce_keeper(user).await?.keeps(&e) {
        return Err(WebError::new(ErrorCode::NotFound).into());
    }
    let photos = state.app.product_photos(&p.community_id, &[p.id]).await?;
    let max_photos = crate::app::centre::produce::MAX_PHOTOS;
    own_page(status, EditPage { shell: v.shell(), p, problem, typed, photos, max_photos })
}

/// `POST /produce/products/{id}/photos`: `photo` parts.
pub async fn photos_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    sent: crate::web::upload::WithPhotos<Vec<(String, String)>>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    match state.app.add_product_photos(user, &v.ip, id, sent.photos).await {
        Ok(_) => Ok(Redirect::to(&format!("/produce/products/{id}/edit")).into_response()),
        Err(e) => {
            let p = invalid(&v, e)?;
            edit(&state, &v, id, StatusCode::UNPROCESSABLE_ENTITY, (p, Fields::default())).await
        }
    }
}

/// `GET /produce/p/{id}/photos/{file}`: a product's photo, for anyone.
pub async fn photo(State(state): State<AppState>, Path((id, file)): Path<(Uuid, String)>) -> Result<Response, Refusal> {
    let (photo, thumb) = crate::web::photo::photo_file(&file)?;
    Ok(crate::web::photo::picture(state.app.product_photo(id, photo, thumb).await?))
}

impl EditPage {
    fn product_fields(&self) -> Vec<(&'static str, &'static str, usize)> {
        product_fields(&self.shell.t.centre.produce, false)
    }
    fn value(&self, key: &str) -> String {
        if self.problem.any() && !self.problem.is("photo") {
            return self.typed.get(key).to_owned();
        }
        match key {
            "name" => self.p.name.clone(),
            "price" => yuan(self.p.price),
            "unit" => self.p.unit.clone(),
            "story" => self.p.story.clone(),
            "origin" => self.p.origin.clone(),
            "certificates" => self.p.certificates.clone(),
            "shelf_life" => self.p.shelf_life.clone(),
            _ => String::new(),
        }
    }
    fn active(&self) -> bool {
        if self.problem.any() && !self.problem.is("photo") { self.typed.ticked("active") } else { self.p.active }
    }
}

/// `GET /produce/products/{id}/edit`.
pub async fn edit_page(State(state): State<AppState>, v: Visitor, Path(id): Path<Uuid>) -> Result<Response, Refusal> {
    edit(&state, &v, id, StatusCode::OK, (Problem::none(), Fields::default())).await
}

/// `POST /produce/products/{id}/edit`.
pub async fn edit_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let done = match product_from(&f) {
        Ok(n) => state.app.edit_produce_product(user, &v.ip, id, n).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Ok(Redirect::to("/produce").into_response()),
        Err(e) => {
            let problem = invalid(&v, e)?;
            edit(&state, &v, id, StatusCode::UNPROCESSABLE_ENTITY, (problem, f)).await
        }
    }
}

// The counter.

#[derive(Template)]
#[template(path = "produce_counter.html")]
struct CounterPage {
    shell: Shell,
    orders: Vec<OrderView>,
    code: String,
    problem: Problem,
    failed: Option<Uuid>,
}

impl CounterPage {
    fn yuan(&self, fen: &i64) -> String {
        yuan(*fen)
    }
    fn state(&self, o: &OrderView) -> &'static str {
        crate::web::life::wall::label(&self.shell.t.centre.produce.states, &o.order.state)
    }
    fn window(&self, o: &OrderView) -> String {
        o.window.as_ref().map(|w| time::zone().month_day_minute(w.starts_at)).unwrap_or_default()
    }
    fn refused(&self, id: &Uuid) -> Option<&str> {
        if self.failed == Some(*id) { self.problem.general([].as_slice()) } else { None }
    }
}

/// `?code=`: a pickup code to find.
#[derive(Debug, Default, Deserialize)]
pub struct CodeQuery {
    #[serde(default)]
    code: String,
}

async fn counter(
    state: &AppState,
    v: &Visitor,
    code: &str,
    status: StatusCode,
    problem: Problem,
    failed: Option<Uuid>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let orders = state.app.produce_counter(user, Some(code)).await?;
    own_page(status, CounterPage { shell: v.shell(), orders, code: code.trim().to_owned(), problem, failed })
}

/// `GET /produce/counter`.
pub async fn counter_page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<CodeQuery>,
) -> Result<Response, Refusal> {
    counter(&state, &v, &q.code, StatusCode::OK, Problem::none(), None).await
}

fn step_of(s: &str) -> Option<Step> {
    match s {
        "cash" => Some(Step::PayCash),
        "collect" => Some(Step::Collect),
        "cancel" => Some(Step::Cancel),
        _ => None,
    }
}

/// `POST /produce/counter/{id}/{step}`: cash, collect (with `code`), cancel.
pub async fn counter_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, step)): Path<(Uuid, String)>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let step = step_of(&step).ok_or(WebError::new(ErrorCode::NotFound))?;
    let f = Fields::from_body(&raw);
    match state.app.produce_counter_step(user, &v.ip, id, step, f.get("code")).await {
        Ok(_) => Ok(Redirect::to("/produce/counter").into_response()),
        Err(e) => {
            let p = invalid(&v, e)?;
            let p = Problem::general_message(p.general([].as_slice()).unwrap_or_default().to_owned());
            counter(&state, &v, "", StatusCode::UNPROCESSABLE_ENTITY, p, Some(id)).await
        }
    }
}

// Labels and sales.

struct Label {
    name: String,
    enterprise: String,
    price: String,
    url: String,
    svg: String,
}

#[derive(Template)]
#[template(path = "produce_labels.html")]
struct LabelsPage {
    shell: Shell,
    labels: Vec<Label>,
}

/// `GET /produce/labels`: the QR labels of the products the user keeps.
pub async fn labels_page(State(state): State<AppState>, v: Visitor, headers: HeaderMap) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let (keeper, stalls) = state.app.produce_kept(user).await?;
    if keeper.is_empty() {
        return Err(WebError::new(ErrorCode::Forbidden).into());
    }
    let base = state.edge.base_url(&headers);
    let t = &v.prefs.lang.texts().centre.produce;
    let mut labels = Vec::new();
    for s in &stalls {
        for p in s.products.iter().filter(|p| p.active) {
            let url = format!("{base}/produce/p/{}", p.id);
            labels.push(Label {
                name: p.name.clone(),
                enterprise: s.enterprise.name.clone(),
                price: t.per_unit.replace("{price}", &yuan(p.price)).replace("{unit}", &p.unit),
                svg: crate::web::registry::building::qr_svg(&url).unwrap_or_default(),
                url,
            });
        }
    }
    own_page(StatusCode::OK, LabelsPage { shell: v.shell(), labels })
}

/// `?year=`: which year (this year when not given).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// The year (this year by default).
    #[serde(default)]
    year: Option<i32>,
}

impl YearQuery {
    fn year(&self) -> i32 {
        use chrono::Datelike;
        self.year.filter(|y| (2000..=2200).contains(y)).unwrap_or_else(|| time::day(Utc::now()).year())
    }
}

#[derive(Template)]
#[template(path = "produce_sales.html")]
struct SalesPage {
    shell: Shell,
    year: i32,
    rows: Vec<SalesRow>,
    total: i64,
}

impl SalesPage {
    fn yuan(&self, fen: &i64) -> String {
        yuan(*fen)
    }
}

/// `GET /produce/sales?year=`.
pub async fn sales_page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<YearQuery>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let rows = state.app.produce_sales(user, q.year()).await?;
    let total = rows.iter().map(|r| r.amount).sum();
    own_page(StatusCode::OK, SalesPage { shell: v.shell(), year: q.year(), rows, total })
}

/// The sales report's columns, as the 消费帮扶 report takes them.
const SALES_COLUMNS: [&str; 7] = ["月份", "企业", "帮扶村", "产品", "单位", "数量", "金额（元）"];

/// `GET /produce/sales.xlsx?year=`.
pub async fn sales_sheet(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<YearQuery>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let rows = state.app.produce_sales(user, q.year()).await?;
    Ok(sheet(q.year(), &rows)?)
}

fn sheet(year: i32, rows: &[SalesRow]) -> Result<Response, WebError> {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.month.clone(),
                r.enterprise.clone(),
                r.village.clone(),
                r.product.clone(),
                r.unit.clone(),
                r.quantity.to_string(),
                yuan(r.amount),
            ]
        })
        .collect();
    let body = crate::domain::export::xlsx(&format!("{year}年助农销售"), &SALES_COLUMNS, &cells)
        .map_err(|_| WebError::new(ErrorCode::Internal))?;
    Ok(crate::web::download::attachment(
        crate::web::registry::import::XLSX,
        &format!("produce-sales-{year}"),
        "xlsx",
        body,
    ))
}

// The API.

/// A product on the shelf.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProduceProductOut {
    /// Identifier.
    id: Uuid,
    /// Community code.
    community: String,
    /// The enterprise.
    enterprise_id: Uuid,
    /// Its name.
    enterprise: String,
    /// The village it helps.
    village: String,
    /// Name.
    name: String,
    /// Fen per unit.
    price: i64,
    /// Unit.
    unit: String,
    /// Units left.
    stock: i64,
    /// Its story.
    story: String,
    /// Origin.
    origin: String,
    /// Certificates.
    certificates: String,
    /// Shelf life.
    shelf_life: String,
    /// On sale.
    active: bool,
}

fn product_out(e: &EnterpriseRow, p: &ProductRow) -> ProduceProductOut {
    ProduceProductOut {
        id: p.id,
        community: p.community_id.clone(),
        enterprise_id: e.id,
        enterprise: e.name.clone(),
        village: e.village.clone(),
        name: p.name.clone(),
        price: p.price,
        unit: p.unit.clone(),
        stock: p.stock,
        story: p.story.clone(),
        origin: p.origin.clone(),
        certificates: p.certificates.clone(),
        shelf_life: p.shelf_life.clone(),
        active: p.active,
    }
}

/// A pickup window.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PickupWindowOut {
    /// Identifier.
    id: Uuid,
    /// From.
    starts_at: DateTime<Utc>,
    /// Until.
    ends_at: DateTime<Utc>,
    /// Places.
    capacity: i64,
    /// Places taken.
    taken: i64,
}

fn window_out(w: &WindowRow) -> PickupWindowOut {
    PickupWindowOut { id: w.id, starts_at: w.starts_at, ends_at: w.ends_at, capacity: w.capacity, taken: w.taken }
}

/// A community's counter: products on sale and pickup windows not yet over.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProduceShelfOut {
    /// Products on sale.
    products: Vec<ProduceProductOut>,
    /// Pickup windows.
    windows: Vec<PickupWindowOut>,
}

/// A community's counter, for anyone (no sign-in).
#[utoipa::path(get, operation_id = "produce_shelf", path = "/api/v1/regions/{code}/produce", tag = "produce",
    params(("code" = String, Path, description = "Community code")),
    responses((status = 200, body = ProduceShelfOut), (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_shelf(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<axum::Json<ProduceShelfOut>, WebError> {
    let code = community_code(&code)?;
    let stalls = state.app.produce_shelf(code.as_str()).await?;
    let products = stalls.iter().flat_map(|s| s.products.iter().map(|p| product_out(&s.enterprise, p))).collect();
    let windows = state.app.pickup_windows(code.as_str()).await?.iter().map(window_out).collect();
    Ok(axum::Json(ProduceShelfOut { products, windows }))
}

/// A line of an order.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ProduceLineJson {
    /// The product.
    product: Uuid,
    /// Units (1–99).
    quantity: i64,
}

/// An order for pickup.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ProduceOrderJson {
    /// The pickup window.
    window: Uuid,
    /// Who collects.
    name: String,
    /// Their mobile number.
    phone: String,
    /// What (at most 20 products).
    lines: Vec<ProduceLineJson>,
}

/// A line as sold.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProduceLineOut {
    /// The product.
    product: Uuid,
    /// Its name then.
    name: String,
    /// The enterprise.
    enterprise: String,
    /// Fen per unit then.
    price: i64,
    /// Unit.
    unit: String,
    /// Units.
    quantity: i64,
}

/// An order as its buyer sees it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProduceOrderOut {
    /// Identifier.
    id: Uuid,
    /// The buyer's key to it (keep it: the order's page and API take it).
    token: String,
    /// Community code.
    community: String,
    /// placed, paid, collected, cancelled, expired, refund.
    state: String,
    /// Fen.
    total: i64,
    /// Who collects.
    buyer: String,
    /// Their phone, masked.
    phone: String,
    /// Said at the counter to collect: shown once paid.
    code: Option<String>,
    /// Unpaid until then.
    expires_at: DateTime<Utc>,
    /// online or cash.
    paid_by: Option<String>,
    /// Fen paid beyond the order (paid twice), owed back.
    refund_owed: i64,
    /// The pickup window.
    window: Option<PickupWindowOut>,
    /// What.
    lines: Vec<ProduceLineOut>,
}

fn order_out(v: &OrderView) -> ProduceOrderOut {
    let o = &v.order;
    let paid = matches!(o.state.as_str(), "paid" | "collected");
    ProduceOrderOut {
        id: o.id,
        token: o.token.clone(),
        community: o.community_id.clone(),
        state: o.state.clone(),
        total: o.total,
        buyer: o.buyer_name.clone(),
        phone: o.phone_masked.clone(),
        code: paid.then(|| o.code.clone()),
        expires_at: o.expires_at,
        paid_by: o.paid_by.clone(),
        refund_owed: o.refund_owed,
        window: v.window.as_ref().map(window_out),
        lines: v
            .lines
            .iter()
            .map(|l| ProduceLineOut {
                product: l.product_id,
                name: l.product_name.clone(),
                enterprise: l.enterprise_name.clone(),
                price: l.price,
                unit: l.unit.clone(),
                quantity: l.quantity,
            })
            .collect(),
    }
}

/// Orders for pickup at a community's counter (no sign-in needed; at most
/// 10 an hour from one address without it).
#[utoipa::path(post, operation_id = "place_produce_order", path = "/api/v1/regions/{code}/produce/orders", tag = "produce",
    params(("code" = String, Path, description = "Community code")), request_body = ProduceOrderJson,
    responses((status = 201, body = ProduceOrderOut),
        (status = 400, description = "`invalid_input`: `lines`, `quantity` (not enough left), `window` (full or over), `name`, `phone`", body = crate::web::error::ErrorBody),
        (status = 429, body = crate::web::error::ErrorBody)))]
pub async fn api_order(
    State(state): State<AppState>,
    v: Visitor,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<ProduceOrderJson>,
) -> Result<(StatusCode, axum::Json<ProduceOrderOut>), WebError> {
    let code = community_code(&code)?;
    let n = NewOrder {
        window: Some(body.window),
        name: body.name,
        phone: body.phone,
        lines: body.lines.iter().map(|l| (l.product, l.quantity)).collect(),
    };
    if n.lines.iter().any(|(_, q)| *q <= 0) {
        return Err(crate::app::Error::invalid("quantity", Reason::ProduceQuantity).into());
    }
    let o = state.app.place_produce_order(&v.ip, v.user(), code.as_str(), n).await?;
    Ok((StatusCode::CREATED, axum::Json(order_out(&o))))
}

/// An order, by its token.
#[utoipa::path(get, operation_id = "produce_order", path = "/api/v1/produce/orders/{token}", tag = "produce",
    params(("token" = String, Path, description = "The order's token")),
    responses((status = 200, body = ProduceOrderOut), (status = 404, body = crate::web::error::ErrorBody)))]
pub async fn api_show(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<axum::Json<ProduceOrderOut>, WebError> {
    Ok(axum::Json(order_out(&state.app.produce_order_by_token(&token).await?)))
}

/// Where to pay an order online.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProducePayOut {
    /// The online order's number.
    order_no: String,
    /// Fen.
    amount: i64,
    /// The provider's page.
    pay_url: String,
}

/// Pays an order online: an order with the provider, whose signed callback
/// marks it paid (once).
#[utoipa::path(post, operation_id = "pay_produce_order", path = "/api/v1/produce/orders/{token}/pay", tag = "produce",
    params(("token" = String, Path, description = "The order's token")),
    responses((status = 201, body = ProducePayOut), (status = 400, description = "`invalid_input`: `order` not waiting for payment, or `provider` none", body = crate::web::error::ErrorBody)))]
pub async fn api_pay(
    State(state): State<AppState>,
    v: Visitor,
    Path(token): Path<String>,
) -> Result<(StatusCode, axum::Json<ProducePayOut>), WebError> {
    let pay = state.app.pay_produce_online(&v.ip, &token).await?;
    let pay_url = pay_url(&state, &pay);
    Ok((StatusCode::CREATED, axum::Json(ProducePayOut { order_no: pay.order_no, amount: pay.amount, pay_url })))
}

/// The buyer calls an unpaid order off.
#[utoipa::path(post, operation_id = "cancel_produce_order", path = "/api/v1/produce/orders/{token}/cancel", tag = "produce",
    params(("token" = String, Path, description = "The order's token")),
    responses((status = 200, body = ProduceOrderOut), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn api_cancel(
    State(state): State<AppState>,
    v: Visitor,
    Path(token): Path<String>,
) -> Result<axum::Json<ProduceOrderOut>, WebError> {
    Ok(axum::Json(order_out(&state.app.cancel_produce_by_buyer(&v.ip, &token).await?)))
}

/// The counter's orders (the centre's staff), narrowed by a pickup code.
#[utoipa::path(get, operation_id = "produce_counter", path = "/api/v1/produce/counter", tag = "produce",
    params(("code" = Option<String>, Query, description = "A pickup code")),
    responses((status = 200, body = Vec<ProduceOrderOut>), (status = 403, body = crate::web::error::ErrorBody)))]
pub async fn api_counter(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<CodeQuery>,
) -> Result<axum::Json<Vec<ProduceOrderOut>>, WebError> {
    let user = caller.into_user()?;
    let orders = state.app.produce_counter(&user, Some(&q.code)).await?;
    // As the buyer sees them: a code once paid (the counter checks the one the buyer says).
    Ok(axum::Json(orders.iter().map(order_out).collect()))
}

/// A step at the counter.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct CounterStepJson {
    /// The pickup code the buyer says (to collect).
    #[serde(default)]
    code: String,
}

/// A step at the counter: `cash` (paid in cash), `collect` (handed over
/// against the pickup code) or `cancel`.
#[utoipa::path(post, operation_id = "produce_counter_step", path = "/api/v1/produce/counter/{id}/{step}", tag = "produce",
    params(("id" = Uuid, Path, description = "The order"), ("step" = String, Path, description = "cash, collect or cancel")),
    request_body = CounterStepJson,
    responses((status = 200, body = ProduceOrderOut), (status = 400, description = "`invalid_input`: `code` not the order's, `order` not now", body = crate::web::error::ErrorBody)))]
pub async fn api_counter_step(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((id, step)): Path<(Uuid, String)>,
    ApiJson(body): ApiJson<CounterStepJson>,
) -> Result<axum::Json<ProduceOrderOut>, WebError> {
    let user = caller.into_user()?;
    let step = step_of(&step).ok_or(WebError::new(ErrorCode::NotFound))?;
    let o = state.app.produce_counter_step(&user, &peer.ip().to_string(), id, step, &body.code).await?;
    Ok(axum::Json(order_out(&o)))
}

/// An enterprise to add.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct EnterpriseJson {
    /// Community code.
    community: String,
    /// Name.
    name: String,
    /// The village it helps.
    village: String,
    /// About it.
    #[serde(default)]
    about: String,
}

/// An enterprise.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EnterpriseOut {
    /// Identifier.
    id: Uuid,
    /// Community code.
    community: String,
    /// Name.
    name: String,
    /// The village it helps.
    village: String,
}

/// Adds an enterprise to a community's counter (its centre's staff).
#[utoipa::path(post, operation_id = "add_produce_enterprise", path = "/api/v1/produce/enterprises", tag = "produce",
    request_body = EnterpriseJson,
    responses((status = 201, body = EnterpriseOut), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn api_add_enterprise(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(b): ApiJson<EnterpriseJson>,
) -> Result<(StatusCode, axum::Json<EnterpriseOut>), WebError> {
    let user = caller.into_user()?;
    let n = NewEnterprise { community: b.community, name: b.name, village: b.village, about: b.about };
    let e = state.app.add_enterprise(&user, &peer.ip().to_string(), n).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(EnterpriseOut { id: e.id, community: e.community_id, name: e.name, village: e.village }),
    ))
}

/// A product to add.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ProduceProductJson {
    /// Name.
    name: String,
    /// Fen per unit.
    price: i64,
    /// Unit.
    unit: String,
    /// Units on the shelf.
    #[serde(default)]
    stock: i64,
    /// Its story.
    #[serde(default)]
    story: String,
    /// Origin.
    #[serde(default)]
    origin: String,
    /// Certificates.
    #[serde(default)]
    certificates: String,
    /// Shelf life.
    #[serde(default)]
    shelf_life: String,
}

/// Adds a product (the enterprise's centre staff or its merchant).
#[utoipa::path(post, operation_id = "add_produce_product", path = "/api/v1/produce/enterprises/{id}/products", tag = "produce",
    params(("id" = Uuid, Path, description = "The enterprise")), request_body = ProduceProductJson,
    responses((status = 201, body = ProduceProductOut), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn api_add_product(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<ProduceProductJson>,
) -> Result<(StatusCode, axum::Json<ProduceProductOut>), WebError> {
    let user = caller.into_user()?;
    let n = NewProduct {
        name: b.name,
        price: b.price,
        unit: b.unit,
        stock: b.stock,
        story: b.story,
        origin: b.origin,
        certificates: b.certificates,
        shelf_life: b.shelf_life,
        active: true,
    };
    let p = state.app.add_produce_product(&user, &peer.ip().to_string(), id, n).await?;
    let (_, e) = state.app.produce_product(p.id).await?;
    Ok((StatusCode::CREATED, axum::Json(product_out(&e, &p))))
}

/// A change of stock.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct StockJson {
    /// Units to add (negative to take off; never below zero).
    delta: i64,
}

/// What is left.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StockOut {
    /// Units on the shelf now.
    stock: i64,
}

/// Changes a product's stock (its keepers).
#[utoipa::path(post, operation_id = "restock_produce", path = "/api/v1/produce/products/{id}/stock", tag = "produce",
    params(("id" = Uuid, Path, description = "The product")), request_body = StockJson,
    responses((status = 200, body = StockOut), (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn api_stock(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<StockJson>,
) -> Result<axum::Json<StockOut>, WebError> {
    let user = caller.into_user()?;
    let stock = state.app.restock_produce(&user, &peer.ip().to_string(), id, b.delta).await?;
    Ok(axum::Json(StockOut { stock }))
}

/// A row of the sales report.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SalesOut {
    /// YYYY-MM.
    month: String,
    /// The enterprise.
    enterprise: String,
    /// The village it helps.
    village: String,
    /// The product.
    product: String,
    /// Unit.
    unit: String,
    /// Units sold.
    quantity: i64,
    /// Fen.
    amount: i64,
}

/// Sales of a year by month, enterprise and product: the centre's staff see
/// their communities', a merchant their own enterprise's.
#[utoipa::path(get, operation_id = "produce_sales", path = "/api/v1/produce/sales", tag = "produce", params(YearQuery),
    responses((status = 200, body = Vec<SalesOut>), (status = 403, body = crate::web::error::ErrorBody)))]
pub async fn api_sales(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<YearQuery>,
) -> Result<axum::Json<Vec<SalesOut>>, WebError> {
    let user = caller.into_user()?;
    let rows = state.app.produce_sales(&user, q.year()).await?;
    Ok(axum::Json(
        rows.into_iter()
            .map(|r| SalesOut {
                month: r.month,
                enterprise: r.enterprise,
                village: r.village,
                product: r.product,
                unit: r.unit,
                quantity: r.quantity,
                amount: r.amount,
            })
            .collect(),
    ))
}

/// The same as XLSX.
#[utoipa::path(get, operation_id = "produce_sales_xlsx", path = "/api/v1/produce/sales.xlsx", tag = "produce", params(YearQuery),
    responses((status = 200, description = "The sheet", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 403, body = crate::web::error::ErrorBody)))]
pub async fn api_sales_sheet(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<YearQuery>,
) -> Result<Response, WebError> {
    let user = caller.into_user()?;
    let rows = state.app.produce_sales(&user, q.year()).await?;
    sheet(q.year(), &rows)
}

/// Photos added.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PhotosAddedOut {
    /// How many.
    added: usize,
}

/// Adds photos to a product (`multipart/form-data`, `photo` parts; at most
/// 6 in all), its keepers only.
#[utoipa::path(post, operation_id = "add_product_photos", path = "/api/v1/produce/products/{id}/photos", tag = "produce",
    params(("id" = Uuid, Path, description = "The product")),
    responses((status = 201, body = PhotosAddedOut), (status = 400, description = "`invalid_input`: `photo`", body = crate::web::error::ErrorBody)))]
pub async fn api_photos(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<Uuid>,
    sent: crate::web::upload::WithPhotos<serde_json::Value>,
) -> Result<(StatusCode, axum::Json<PhotosAddedOut>), WebError> {
    let user = caller.into_user()?;
    let added = state.app.add_product_photos(&user, &peer.ip().to_string(), id, sent.photos).await?;
    Ok((StatusCode::CREATED, axum::Json(PhotosAddedOut { added })))
}
