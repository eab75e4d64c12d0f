//! Payments, recorded exactly once per idempotency key, and their receipt
//! numbers, taken without gaps.

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, OnConflict, Order, Query};
use uuid::Uuid;

use crate::row::row;
use crate::scope;
use crate::{Db, Result, Tx};

row! {
    table "payment";
    /// A payment as stored.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PaymentRow {
        /// Community code.
        pub community_id: String,
        /// Identifier.
        pub id: Uuid,
        /// The bill.
        pub bill_id: Uuid,
        /// Its house.
        pub house_id: Uuid,
        /// Fen.
        pub amount: i64,
        /// cash, card, kiosk, online.
        pub channel: String,
        /// The client's key.
        pub idempotency_key: String,
        /// Receipt number.
        pub receipt_no: String,
        /// Who took it.
        pub taken_by: String,
        /// When.
        pub created_at: DateTime<Utc>,
    }
}

/// Records payments together, leaving out any whose key was used before;
/// returns how many were recorded.
pub async fn add_payments(tx: &mut Tx, payments: &[PaymentRow]) -> Result<u64> {
    let mut added = 0;
    for chunk in payments.chunks(500) {
        let mut q = PaymentRow::insert();
        for p in chunk {
            q.values_panic(p.values());
        }
        q.on_conflict(OnConflict::columns(["community_id", "idempotency_key"]).do_nothing().to_owned());
        added += tx.execute(&q).await?;
    }
    Ok(added)
}

/// Which of these keys a community's payments have used, read inside the
/// writing transaction.
pub async fn keys_used(tx: &mut Tx, community_id: &str, keys: &[&str]) -> Result<Vec<String>> {
    let mut used = Vec::new();
    for chunk in keys.chunks(500) {
        let q = Query::select()
            .column("idempotency_key")
            .from("payment")
            .and_where(Expr::col("community_id").eq(community_id))
            .and_where(Expr::col("idempotency_key").is_in(chunk.iter().copied()))
            .to_owned();
        for r in tx.fetch_all(&q).await? {
            used.push(r.get("idempotency_key")?);
        }
    }
    Ok(used)
}

/// The payment made with a key.
pub async fn payment_by_key(db: &Db, community_id: &str, key: &str) -> Result<Option<PaymentRow>> {
    let q = PaymentRow::select_in(community_id).and_where(Expr::col("idempotency_key").eq(key)).to_owned();
    PaymentRow::one(db, &q).await
}

/// A payment of a community by its receipt number.
pub async fn payment_by_receipt(db: &Db, community_id: &str, receipt_no: &str) -> Result<Option<PaymentRow>> {
    let q = PaymentRow::select_in(community_id).and_where(Expr::col("receipt_no").eq(receipt_no)).to_owned();
    PaymentRow::one(db, &q).await
}

/// A payment of a community by its receipt number, only if its house lies
/// in the scope of `prefixes`.
pub async fn payment_by_receipt_under(
    db: &Db,
    prefixes: &[String],
    community_id: &str,
    receipt_no: &str,
) -> Result<Option<PaymentRow>> {
    if prefixes.is_empty() {
        return Ok(None);
    }
    let q = PaymentRow::select_in(community_id)
        .and_where(Expr::col("receipt_no").eq(receipt_no))
        .cond_where(scope::house("payment", prefixes))
        .to_owned();
    PaymentRow::one(db, &q).await
}

/// A bill's payments, oldest first.
pub async fn payments_of_bill(db: &Db, community_id: &str, bill: Uuid) -> Result<Vec<PaymentRow>> {
    let q = PaymentRow::select_in(community_id)
        .and_where(Expr::col("bill_id").eq(bill))
        .order_by("created_at", Order::Asc)
        .to_owned();
    PaymentRow::all(db, &q).await
}

/// A community's payments between two instants, in order.
pub async fn payments_between(
    db: &Db,
    community_id: &str,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
) -> Result<Vec<PaymentRow>> {
    let q = PaymentRow::select_in(community_id)
        .and_where(Expr::col("created_at").gte(from))
        .and_where(Expr::col("created_at").lt(to))
        .order_by("created_at", Order::Asc)
        .to_owned();
    PaymentRow::all(db, &q).await
}

/// Takes `n` receipt numbers of a community's year (1, 2, …) inside the
/// payments' transaction, so that numbers have no gaps; returns the last.
pub async fn take_receipts(tx: &mut Tx, community_id: &str, year: i32, n: i64) -> Result<i64> {
    let q = Query::insert()
        .into_table("receipt_counter")
        .columns(["community_id", "year", "next"])
        .values_panic([community_id.into(), i64::from(year).into(), n.into()])
        .on_conflict(
            OnConflict::columns(["community_id", "year"])
                .value("next", Expr::col(("receipt_counter", "next")).add(n))
                .to_owned(),
        )
        .returning_col("next")
        .to_owned();
    let row = tx.fetch_optional(&q).await?.ok_or_else(|| crate::Error::Decode {
        column: "next".into(),
        reason: "the receipt counter returned no row".into(),
    })?;
    row.get("next")
}
