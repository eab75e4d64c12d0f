//! The produce counter through the JSON API.

use super::*;
use crate::app::refusal::CentreRefusal;

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

pub(super) fn product_out(e: &EnterpriseRow, p: &ProductRow) -> ProduceProductOut {
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

pub(super) fn window_out(w: &WindowRow) -> PickupWindowOut {
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

pub(super) fn order_out(v: &OrderView) -> ProduceOrderOut {
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
        return Err(crate::app::Error::invalid("quantity", Reason::Centre(CentreRefusal::ProduceQuantity)).into());
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
