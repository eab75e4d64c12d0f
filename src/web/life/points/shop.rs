//! The points shop: items, stock, exchanges and their collection.

use super::*;

#[derive(Template)]
#[template(path = "shop.html")]
pub(super) struct ShopPage {
    shell: Shell,
    /// The item whose exchange was refused.
    pub(super) failed_item: Option<Uuid>,
    items: Vec<ShopItemRow>,
    waiting: Vec<ExchangeRow>,
    communities: Vec<(String, String)>,
    balance: Option<i64>,
    pub(super) problem: Problem,
    typed: TypedItem,
}

/// An item as typed.
#[derive(Debug, Clone, Default)]
pub struct TypedItem {
    community: String,
    name: String,
    about: String,
    points: String,
    stock: String,
    given_by: String,
}

pub(super) async fn shop(
    state: &AppState,
    v: &Visitor,
    status: StatusCode,
    problem: Problem,
    typed: TypedItem,
) -> Result<Response, Refusal> {
    shop_at(state, v, status, problem, typed, None).await
}

pub(super) async fn shop_at(
    state: &AppState,
    v: &Visitor,
    status: StatusCode,
    problem: Problem,
    typed: TypedItem,
    failed_item: Option<Uuid>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let items = state.app.shop_items(user).await?;
    let waiting = state.app.exchanges_to_collect(user).await?;
    let communities = if crate::app::life::runs_somewhere(user) {
        super::super::communities_run(state, v).await?
    } else {
        Vec::new()
    };
    let balance = state.app.my_points(user).await.ok().map(|p| p.balance);
    own_page(status, ShopPage { shell: v.shell(), failed_item, items, waiting, communities, balance, problem, typed })
}

/// `GET /shop`.
pub async fn shop_page(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    shop(&state, &v, StatusCode::OK, Problem::none(), TypedItem::default()).await
}

/// `POST /shop/new`: staff add an item.
pub async fn item_submit(
    State(state): State<AppState>,
    v: Visitor,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let typed = TypedItem {
        community: f.get("community").to_owned(),
        name: f.get("name").to_owned(),
        about: f.get("about").to_owned(),
        points: f.get("points").to_owned(),
        stock: f.get("stock").to_owned(),
        given_by: f.get("given_by").to_owned(),
    };
    let read = || -> Result<NewItem, crate::app::Error> {
        Ok(NewItem {
            community: typed.community.trim().to_owned(),
            name: typed.name.clone(),
            about: typed.about.clone(),
            points: amount("points", &typed.points)?,
            stock: number("stock", &typed.stock, Reason::Stock)?,
            given_by: typed.given_by.clone(),
        })
    };
    let done = match read() {
        Ok(n) => state.app.add_shop_item(user, &v.ip, n).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Ok(Redirect::to("/shop").into_response()),
        Err(e) => {
            let p = invalid(&v, e)?;
            shop(&state, &v, StatusCode::UNPROCESSABLE_ENTITY, p, typed).await
        }
    }
}

/// `POST /shop/{id}/stock`: staff change the stock or stop offering it.
pub async fn stock_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let delta = if f.get("delta").trim().is_empty() { Ok(0) } else { number("stock", f.get("delta"), Reason::Stock) };
    let done = match delta {
        Ok(d) => state.app.restock(user, &v.ip, id, d, f.ticked("active")).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Ok(Redirect::to("/shop").into_response()),
        Err(e) => {
            let p = invalid(&v, e)?;
            shop(&state, &v, StatusCode::UNPROCESSABLE_ENTITY, p, TypedItem::default()).await
        }
    }
}

/// `POST /shop/{id}/exchange`: `quantity`, and `person` at the counter.
pub async fn exchange_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let person: Option<Uuid> = f.get("person").trim().parse().ok();
    let done = match number("quantity", f.get("quantity"), Reason::Quantity) {
        Ok(q) => state.app.exchange_points(user, &v.ip, id, q, person).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(e) if person.is_some() => Ok(Redirect::to(&format!("/points?person={}", e.person_id)).into_response()),
        Ok(e) => Ok(Redirect::to(&format!("/points?done={}", e.code)).into_response()),
        Err(e) => {
            let p = invalid(&v, e)?;
            if person.is_some() {
                points_page(&state, &v, person, StatusCode::UNPROCESSABLE_ENTITY, p, None).await
            } else {
                shop_at(&state, &v, StatusCode::UNPROCESSABLE_ENTITY, p, TypedItem::default(), Some(id)).await
            }
        }
    }
}

/// `POST /exchanges/{id}/collect` and `/cancel`.
pub async fn collect_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    state.app.close_exchange(user, &v.ip, id, true).await?;
    Ok(Redirect::to("/shop#waiting").into_response())
}

/// `POST /exchanges/{id}/cancel`.
pub async fn cancel_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    state.app.close_exchange(user, &v.ip, id, false).await?;
    let back = if crate::app::life::runs_somewhere(user) { "/shop#waiting" } else { "/points" };
    Ok(Redirect::to(back).into_response())
}

// Study items.
