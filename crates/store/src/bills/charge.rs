//! The local payment provider's (`sim`) own ledger: what it charged for an
//! order, from which its daily statement is made. It stands for a real
//! provider's books, which live on the provider's side.

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, OnConflict, Order, Query};

use crate::row::row;
use crate::{Db, Result, Tx};

row! {
    /// What the local provider charged for an order (its own ledger, from
    /// which its daily statement is made).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ChargeRow {
        /// linli's order number.
        pub order_no: String,
        /// The provider's transaction id.
        pub txn: String,
        /// Fen.
        pub amount: i64,
        /// When.
        pub charged_at: DateTime<Utc>,
    }
}

/// Records a ChargeRow::from_row once per order; returns the order's ChargeRow::from_row (the first).
pub async fn add_charge(tx: &mut Tx, c: &ChargeRow) -> Result<ChargeRow> {
    let q = Query::insert()
        .into_table("sim_charge")
        .columns(["order_no", "txn", "amount", "charged_at"])
        .values_panic([c.order_no.clone().into(), c.txn.clone().into(), c.amount.into(), c.charged_at.into()])
        .on_conflict(OnConflict::column("order_no").do_nothing().to_owned())
        .to_owned();
    tx.execute(&q).await?;
    let q = Query::select()
        .columns(["order_no", "txn", "amount", "charged_at"])
        .from("sim_charge")
        .and_where(Expr::col("order_no").eq(c.order_no.as_str()))
        .to_owned();
    let row = tx.fetch_optional(&q).await?.ok_or_else(|| crate::Error::Decode {
        column: "order_no".into(),
        reason: "the charge was not recorded".into(),
    })?;
    ChargeRow::from_row(&row)
}

/// The local provider's charges between two instants, in order.
pub async fn charges_between(db: &Db, (from, to): (DateTime<Utc>, DateTime<Utc>)) -> Result<Vec<ChargeRow>> {
    let q = Query::select()
        .columns(["order_no", "txn", "amount", "charged_at"])
        .from("sim_charge")
        .and_where(Expr::col("charged_at").gte(from))
        .and_where(Expr::col("charged_at").lt(to))
        .order_by("charged_at", Order::Asc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(ChargeRow::from_row).collect()
}
