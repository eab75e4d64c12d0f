//! The produce counter: enterprises, their merchants and products, pickup
//! windows and orders with their lines.
//!
//! Stock and window places move only by conditional updates that keep them
//! within bounds, and an order changes state only from the state it was
//! read in, so parallel buyers and a parallel expiry never oversell.

use chrono::{DateTime, Utc};
use sea_query::{Alias, Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use crate::row::row;
use crate::{Db, Result, Tx};

row! {
    table "produce_enterprise";
    /// An enterprise selling at the counter.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct EnterpriseRow {
        /// The community whose counter sells for it.
        pub community_id: String,
        /// Identifier.
        pub id: Uuid,
        /// Name (隆泰面粉厂).
        pub name: String,
        /// The village it helps (帮扶村).
        pub village: String,
        /// About it.
        pub about: String,
        /// Selling now.
        pub active: bool,
        /// When it was added.
        pub created_at: DateTime<Utc>,
    }
}

row! {
    table "produce_product";
    /// A product on the counter's shelf.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ProductRow {
        /// Community.
        pub community_id: String,
        /// Identifier.
        pub id: Uuid,
        /// Whose.
        pub enterprise_id: Uuid,
        /// Name (石磨面粉).
        pub name: String,
        /// Fen per unit.
        pub price: i64,
        /// The unit (袋, 斤, 盒).
        pub unit: String,
        /// Units left (reserved ones already taken off).
        pub stock: i64,
        /// Its story, told by the QR code.
        pub story: String,
        /// Where it comes from.
        pub origin: String,
        /// Certificates (绿色食品, SC number …).
        pub certificates: String,
        /// Shelf life (保质期 12 个月).
        pub shelf_life: String,
        /// On sale.
        pub active: bool,
        /// When it was added.
        pub created_at: DateTime<Utc>,
    }
}

row! {
    table "pickup_window";
    /// A time to collect at the counter, with its places.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct WindowRow {
        /// Community.
        pub community_id: String,
        /// Identifier.
        pub id: Uuid,
        /// From.
        pub starts_at: DateTime<Utc>,
        /// Until.
        pub ends_at: DateTime<Utc>,
        /// Orders it takes.
        pub capacity: i64,
        /// Orders it has.
        pub taken: i64,
    }
}

row! {
    table "produce_order";
    /// An order for pickup.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct OrderRow {
        /// Community.
        pub community_id: String,
        /// Identifier.
        pub id: Uuid,
        /// The buyer's key to the order's page.
        pub token: String,
        /// When it is collected.
        pub window_id: Uuid,
        /// The buyer's name as given.
        pub buyer_name: String,
        /// The buyer's phone, sealed.
        pub phone_sealed: String,
        /// The phone as shown (138****0000).
        pub phone_masked: String,
        /// The buyer's account, when signed in.
        pub account_id: Option<Uuid>,
        /// Fen.
        pub total: i64,
        /// placed, paid, collected, cancelled, expired, refund.
        pub state: String,
        /// online or cash, once paid.
        pub paid_by: Option<String>,
        /// Said at the counter to collect.
        pub code: String,
        /// When.
        pub created_at: DateTime<Utc>,
        /// Unpaid until then, or released.
        pub expires_at: DateTime<Utc>,
        /// When it was paid.
        pub paid_at: Option<DateTime<Utc>>,
        /// When it was collected, cancelled or expired.
        pub closed_at: Option<DateTime<Utc>>,
        /// Who closed it.
        pub closed_by: Option<String>,
        /// Fen paid beyond the order, owed back (paid twice).
        pub refund_owed: i64,
    }
}

row! {
    table "produce_order_line";
    /// A product in an order, as sold.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct LineRow {
        /// Community.
        pub community_id: String,
        /// The order.
        pub order_id: Uuid,
        /// The product.
        pub product_id: Uuid,
        /// Its enterprise.
        pub enterprise_id: Uuid,
        /// Names then.
        pub product_name: String,
        /// The enterprise's name then.
        pub enterprise_name: String,
        /// The village then.
        pub village: String,
        /// The unit then.
        pub unit: String,
        /// Fen per unit then.
        pub price: i64,
        /// Units.
        pub quantity: i64,
    }
}

// Enterprises and their merchants.

/// Adds an enterprise; a conflict when the community has one of that name.
pub async fn add_enterprise(tx: &mut Tx, e: &EnterpriseRow) -> Result<()> {
    tx.execute(&EnterpriseRow::insert().values_panic(e.values()).to_owned()).await?;
    Ok(())
}

/// One enterprise.
pub async fn enterprise(db: &Db, id: Uuid) -> Result<Option<EnterpriseRow>> {
    EnterpriseRow::one(db, &EnterpriseRow::select().and_where(Expr::col("id").eq(id)).to_owned()).await
}

/// The enterprises of some communities, by name.
pub async fn enterprises(db: &Db, communities: &[String]) -> Result<Vec<EnterpriseRow>> {
    if communities.is_empty() {
        return Ok(Vec::new());
    }
    let q = EnterpriseRow::select()
        .cond_where(crate::life::under("produce_enterprise", communities))
        .order_by("name", Order::Asc)
        .to_owned();
    EnterpriseRow::all(db, &q).await
}

/// Makes an account a merchant of an enterprise (once).
pub async fn add_member(tx: &mut Tx, community: &str, enterprise: Uuid, account: Uuid) -> Result<()> {
    let q = Query::insert()
        .into_table("produce_member")
        .columns(["community_id", "enterprise_id", "account_id"])
        .values_panic([community.into(), enterprise.into(), account.into()])
        .on_conflict(
            sea_query::OnConflict::columns(["community_id", "enterprise_id", "account_id"]).do_nothing().to_owned(),
        )
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// The enterprises an account acts for.
pub async fn enterprises_of(db: &Db, account: Uuid) -> Result<Vec<Uuid>> {
    let q = Query::select()
        .column("enterprise_id")
        .from("produce_member")
        .and_where(Expr::col("account_id").eq(account))
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| r.get("enterprise_id")).collect()
}

// Products.

/// Adds a product.
pub async fn add_product(tx: &mut Tx, p: &ProductRow) -> Result<()> {
    tx.execute(&ProductRow::insert().values_panic(p.values()).to_owned()).await?;
    Ok(())
}

/// One product.
pub async fn product(db: &Db, id: Uuid) -> Result<Option<ProductRow>> {
    ProductRow::one(db, &ProductRow::select().and_where(Expr::col("id").eq(id)).to_owned()).await
}

/// The products of some communities (or of some enterprises), by name.
pub async fn products(db: &Db, communities: &[String], enterprises: Option<&[Uuid]>) -> Result<Vec<ProductRow>> {
    if communities.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = ProductRow::select().cond_where(crate::life::under("produce_product", communities)).to_owned();
    if let Some(e) = enterprises {
        q.and_where(Expr::col("enterprise_id").is_in(e.iter().copied()));
    }
    ProductRow::all(db, &q.order_by("name", Order::Asc).to_owned()).await
}

/// Changes what a product is (not its stock).
pub async fn update_product(tx: &mut Tx, p: &ProductRow) -> Result<()> {
    let q = Query::update()
        .table("produce_product")
        .values([
            ("name", p.name.clone().into()),
            ("price", p.price.into()),
            ("unit", p.unit.clone().into()),
            ("story", p.story.clone().into()),
            ("origin", p.origin.clone().into()),
            ("certificates", p.certificates.clone().into()),
            ("shelf_life", p.shelf_life.clone().into()),
            ("active", p.active.into()),
        ])
        .and_where(Expr::col("community_id").eq(p.community_id.as_str()))
        .and_where(Expr::col("id").eq(p.id))
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Changes a product's stock by `delta` only if it stays at zero or above
/// (and, for a buyer, only while on sale); false otherwise.
pub async fn move_stock(tx: &mut Tx, community: &str, product: Uuid, delta: i64, buyer: bool) -> Result<bool> {
    let mut q = Query::update()
        .table("produce_product")
        .value("stock", Expr::col("stock").add(delta))
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("id").eq(product))
        .and_where(Expr::col("stock").add(delta).gte(0))
        .to_owned();
    if buyer && delta < 0 {
        q.and_where(Expr::col("active").eq(true));
    }
    Ok(tx.execute(&q).await? == 1)
}

/// Takes a product's row lock for the transaction (SQLite: the write lock),
/// so that what is counted next is not raced by another writer.
pub async fn lock_product(tx: &mut Tx, community: &str, product: Uuid) -> Result<bool> {
    let q = Query::update()
        .table("produce_product")
        .value("active", Expr::col("active"))
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("id").eq(product))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// How many photos a product has, read in the transaction.
pub async fn photo_count(tx: &mut Tx, community: &str, product: Uuid) -> Result<i64> {
    let q = Query::select()
        .expr_as(Expr::col("id").count(), Alias::new("n"))
        .from("product_photo")
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("product_id").eq(product))
        .to_owned();
    match tx.fetch_optional(&q).await? {
        Some(r) => r.get("n"),
        None => Ok(0),
    }
}

// Pickup windows.

/// Adds a window; a conflict when one starts at the same time.
pub async fn add_window(tx: &mut Tx, w: &WindowRow) -> Result<()> {
    tx.execute(&WindowRow::insert().values_panic(w.values()).to_owned()).await?;
    Ok(())
}

/// One window of a community.
pub async fn window(db: &Db, community: &str, id: Uuid) -> Result<Option<WindowRow>> {
    WindowRow::one(db, &WindowRow::select_in(community).and_where(Expr::col("id").eq(id)).to_owned()).await
}

/// A community's windows ending after `from`, soonest first.
pub async fn windows(db: &Db, community: &str, from: DateTime<Utc>, limit: u64) -> Result<Vec<WindowRow>> {
    let q = WindowRow::select_in(community)
        .and_where(Expr::col("ends_at").gt(from))
        .order_by("starts_at", Order::Asc)
        .limit(limit)
        .to_owned();
    WindowRow::all(db, &q).await
}

/// Takes a place in a window (`+1`) or gives one back (`-1`), within
/// 0..=capacity; false when it is full (or nothing to give back).
pub async fn move_place(tx: &mut Tx, community: &str, window: Uuid, delta: i64) -> Result<bool> {
    let q = Query::update()
        .table("pickup_window")
        .value("taken", Expr::col("taken").add(delta))
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("id").eq(window))
        .and_where(Expr::col("taken").add(delta).gte(0))
        .and_where(Expr::col("taken").add(delta).lte(Expr::col("capacity")))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

// Orders.

/// Adds an order with its lines.
pub async fn add_order(tx: &mut Tx, o: &OrderRow, lines: &[LineRow]) -> Result<()> {
    tx.execute(&OrderRow::insert().values_panic(o.values()).to_owned()).await?;
    for l in lines {
        tx.execute(&LineRow::insert().values_panic(l.values()).to_owned()).await?;
    }
    Ok(())
}

/// An order by the token its buyer holds.
pub async fn order_by_token(db: &Db, token: &str) -> Result<Option<OrderRow>> {
    OrderRow::one(db, &OrderRow::select().and_where(Expr::col("token").eq(token)).to_owned()).await
}

/// An order by id.
pub async fn order(db: &Db, id: Uuid) -> Result<Option<OrderRow>> {
    OrderRow::one(db, &OrderRow::select().and_where(Expr::col("id").eq(id)).to_owned()).await
}

/// An order's lines.
pub async fn lines(db: &Db, community: &str, order: Uuid) -> Result<Vec<LineRow>> {
    let q = LineRow::select_in(community)
        .and_where(Expr::col("order_id").eq(order))
        .order_by("product_name", Order::Asc)
        .to_owned();
    LineRow::all(db, &q).await
}

/// The lines of some orders.
pub async fn lines_of(db: &Db, orders: &[Uuid]) -> Result<Vec<LineRow>> {
    let mut out = Vec::new();
    for chunk in orders.chunks(500) {
        let q = LineRow::select().and_where(Expr::col("order_id").is_in(chunk.iter().copied())).to_owned();
        out.extend(LineRow::all(db, &q).await?);
    }
    Ok(out)
}

/// What changes with an order's state.
#[derive(Debug, Clone, Default)]
pub struct Change {
    /// How it was paid (paying).
    pub paid_by: Option<String>,
    /// When it was paid (paying).
    pub paid_at: Option<DateTime<Utc>>,
    /// When it was closed (collecting, cancelling, expiring).
    pub closed_at: Option<DateTime<Utc>>,
    /// Who closed it.
    pub closed_by: Option<String>,
}

/// Moves an order from state `from` to `to`; false when it was no longer
/// in `from` (someone else moved it first).
pub async fn set_state(tx: &mut Tx, o: &OrderRow, from: &str, to: &str, c: &Change) -> Result<bool> {
    let mut q = Query::update()
        .table("produce_order")
        .value("state", to)
        .and_where(Expr::col("community_id").eq(o.community_id.as_str()))
        .and_where(Expr::col("id").eq(o.id))
        .and_where(Expr::col("state").eq(from))
        .to_owned();
    if let Some(p) = &c.paid_by {
        q.value("paid_by", p.as_str());
    }
    if let Some(at) = c.paid_at {
        q.value("paid_at", at);
    }
    if let Some(at) = c.closed_at {
        q.value("closed_at", at);
    }
    if let Some(by) = &c.closed_by {
        q.value("closed_by", by.as_str());
    }
    Ok(tx.execute(&q).await? == 1)
}

/// Records money paid beyond an order, to give back.
pub async fn owe_back(tx: &mut Tx, o: &OrderRow, fen: i64) -> Result<()> {
    let q = Query::update()
        .table("produce_order")
        .value("refund_owed", Expr::col("refund_owed").add(fen))
        .and_where(Expr::col("community_id").eq(o.community_id.as_str()))
        .and_where(Expr::col("id").eq(o.id))
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Unpaid orders whose time is up, oldest first.
pub async fn overdue(db: &Db, now: DateTime<Utc>, limit: u64) -> Result<Vec<OrderRow>> {
    let q = OrderRow::select()
        .and_where(Expr::col("state").eq("placed"))
        .and_where(Expr::col("expires_at").lte(now))
        .order_by("expires_at", Order::Asc)
        .limit(limit)
        .to_owned();
    OrderRow::all(db, &q).await
}

/// Orders of some communities in some states, newest first.
pub async fn orders_in(db: &Db, communities: &[String], states: &[&str], limit: u64) -> Result<Vec<OrderRow>> {
    if communities.is_empty() {
        return Ok(Vec::new());
    }
    let q = OrderRow::select()
        .cond_where(crate::life::under("produce_order", communities))
        .and_where(Expr::col("state").is_in(states.iter().copied()))
        .order_by("created_at", Order::Desc)
        .limit(limit)
        .to_owned();
    OrderRow::all(db, &q).await
}

/// An account's orders, newest first.
pub async fn orders_of(db: &Db, account: Uuid, limit: u64) -> Result<Vec<OrderRow>> {
    let q = OrderRow::select()
        .and_where(Expr::col("account_id").eq(account))
        .order_by("created_at", Order::Desc)
        .limit(limit)
        .to_owned();
    OrderRow::all(db, &q).await
}

/// A line sold (its order paid or collected), with when it was paid.
#[derive(Debug, Clone)]
pub struct Sold {
    /// The line.
    pub line: LineRow,
    /// When its order was paid.
    pub paid_at: DateTime<Utc>,
}

/// Lines sold in some communities, paid between two instants.
pub async fn sold(db: &Db, communities: &[String], (from, to): (DateTime<Utc>, DateTime<Utc>)) -> Result<Vec<Sold>> {
    if communities.is_empty() {
        return Ok(Vec::new());
    }
    let l = Alias::new("produce_order_line");
    let o = Alias::new("produce_order");
    let mut q = Query::select();
    for c in LineRow::COLUMNS {
        q.column((l.clone(), Alias::new(c)));
    }
    q.column((o.clone(), Alias::new("paid_at")))
        .from(l.clone())
        .inner_join(
            o.clone(),
            Expr::col((o.clone(), Alias::new("community_id")))
                .equals((l.clone(), Alias::new("community_id")))
                .and(Expr::col((o.clone(), Alias::new("id"))).equals((l.clone(), Alias::new("order_id")))),
        )
        .cond_where(crate::life::under("produce_order_line", communities))
        .and_where(Expr::col((o.clone(), Alias::new("state"))).is_in(["paid", "collected"]))
        .and_where(Expr::col((o.clone(), Alias::new("paid_at"))).gte(from))
        .and_where(Expr::col((o, Alias::new("paid_at"))).lt(to));
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| Ok(Sold { line: LineRow::from_row(r)?, paid_at: r.get("paid_at")? }))
        .collect()
}
