//! Online orders: sent to a payment provider, paid when its signed callback
//! arrives. An order is keyed by its community and number; the provider
//! knows only the number, so a lookup by number alone is served by an index
//! of its own (`ix_pay_order_no`), and a number is never used twice.

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Query};
use uuid::Uuid;

use crate::row::row;
use crate::{Db, Result, Tx};

row! {
    table "pay_order";
    /// An online order as stored.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct OrderRow {
        /// Community code.
        pub community_id: String,
        /// Order number, unique everywhere (what the provider knows).
        pub order_no: String,
        /// The bill it pays, or none when it pays a produce order.
        pub bill_id: Option<Uuid>,
        /// Fen.
        pub amount: i64,
        /// The provider (`sim` locally).
        pub provider: String,
        /// created, paid.
        pub state: String,
        /// The provider's transaction id.
        pub provider_txn: Option<String>,
        /// Who created it.
        pub created_by: String,
        /// When.
        pub created_at: DateTime<Utc>,
        /// Paid at.
        pub paid_at: Option<DateTime<Utc>>,
        /// Where it was placed: online (a resident's phone) or kiosk.
        pub channel: String,
        /// The produce order it pays, or none when it pays a bill.
        pub produce_order_id: Option<Uuid>,
    }
}

/// Stores a new order; a [`crate::Error::Conflict`] if its number is used
/// already, in any community.
pub async fn add_order(tx: &mut Tx, o: &OrderRow) -> Result<()> {
    let used = Query::select()
        .expr(Expr::val(1))
        .from("pay_order")
        .and_where(Expr::col("order_no").eq(o.order_no.as_str()))
        .limit(1)
        .to_owned();
    if tx.fetch_optional(&used).await?.is_some() {
        return Err(crate::Error::Conflict { constraint: "pay_order.order_no".into() });
    }
    let q = OrderRow::insert().values_panic(o.values()).to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// An order of a community by number.
pub async fn order_in(db: &Db, community_id: &str, order_no: &str) -> Result<Option<OrderRow>> {
    let q = OrderRow::select_in(community_id).and_where(Expr::col("order_no").eq(order_no)).to_owned();
    OrderRow::one(db, &q).await
}

/// The order waiting to be paid for a produce order, if one was made.
pub async fn order_for_produce(db: &Db, community_id: &str, produce_order: Uuid) -> Result<Option<OrderRow>> {
    let q = OrderRow::select_in(community_id)
        .and_where(Expr::col("produce_order_id").eq(produce_order))
        .and_where(Expr::col("state").eq("created"))
        .limit(1)
        .to_owned();
    OrderRow::one(db, &q).await
}

/// An order by number alone, whatever its community: for a provider's
/// callback and the payer's page, which know only the number.
pub async fn order(db: &Db, order_no: &str) -> Result<Option<OrderRow>> {
    let q = OrderRow::select().and_where(Expr::col("order_no").eq(order_no)).to_owned();
    OrderRow::one(db, &q).await
}

/// A community's orders by number.
pub async fn orders_by_no(db: &Db, community_id: &str, numbers: &[String]) -> Result<Vec<OrderRow>> {
    let mut out = Vec::new();
    for chunk in numbers.chunks(500) {
        let q =
            OrderRow::select_in(community_id).and_where(Expr::col("order_no").is_in(chunk.iter().cloned())).to_owned();
        for r in db.fetch_all(&q).await? {
            out.push(OrderRow::from_row(&r)?);
        }
    }
    Ok(out)
}

/// A community's orders a provider paid between two instants.
pub async fn orders_paid_between(
    db: &Db,
    community_id: &str,
    provider: &str,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
) -> Result<Vec<OrderRow>> {
    let q = OrderRow::select_in(community_id)
        .and_where(Expr::col("provider").eq(provider))
        .and_where(Expr::col("state").eq("paid"))
        .and_where(Expr::col("paid_at").gte(from))
        .and_where(Expr::col("paid_at").lt(to))
        .to_owned();
    OrderRow::all(db, &q).await
}

/// Marks an order of a community paid (once; later calls change nothing).
pub async fn order_paid(tx: &mut Tx, community_id: &str, order_no: &str, txn: &str, at: DateTime<Utc>) -> Result<bool> {
    let q = Query::update()
        .table("pay_order")
        .value("state", "paid")
        .value("provider_txn", txn)
        .value("paid_at", at)
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("order_no").eq(order_no))
        .and_where(Expr::col("state").eq("created"))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}
