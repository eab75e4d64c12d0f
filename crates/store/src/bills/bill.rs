//! Bills as stored. Money moves into a bill in one conditional UPDATE, so
//! two cashiers at once can never over-pay it.

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, OnConflict, Order, Query};
use uuid::Uuid;

use crate::row::row;
use crate::scope;
use crate::{Db, Result, Tx};

row! {
    table "bill";
    /// A bill as stored.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct BillRow {
        /// Community code.
        pub community_id: String,
        /// Identifier.
        pub id: Uuid,
        /// The house.
        pub house_id: Uuid,
        /// The fee item.
        pub fee_code: String,
        /// YYYY-MM.
        pub period: String,
        /// Charged, fen.
        pub amount: i64,
        /// Paid in, fen.
        pub paid: i64,
        /// Given back, fen.
        pub refunded: i64,
        /// Waived, fen.
        pub waived: i64,
        /// How it was computed.
        pub detail: String,
        /// Created.
        pub created_at: DateTime<Utc>,
        /// Last changed.
        pub updated_at: DateTime<Utc>,
    }
}

/// Adds bills, leaving out any a house already has for its fee item and
/// period; returns how many were added.
pub async fn add_bills(tx: &mut Tx, bills: &[BillRow]) -> Result<u64> {
    let mut added = 0;
    for chunk in bills.chunks(1000) {
        let mut q = BillRow::insert();
        for b in chunk {
            q.values_panic(b.values());
        }
        q.on_conflict(OnConflict::columns(["community_id", "house_id", "fee_code", "period"]).do_nothing().to_owned());
        added += tx.execute(&q).await?;
    }
    Ok(added)
}

/// A house's bills, newest period first.
pub async fn bills_of_house(db: &Db, community_id: &str, house: Uuid) -> Result<Vec<BillRow>> {
    let q = BillRow::select_in(community_id)
        .and_where(Expr::col("house_id").eq(house))
        .order_by("period", Order::Desc)
        .order_by("fee_code", Order::Asc)
        .to_owned();
    BillRow::all(db, &q).await
}

/// A house's bills, newest period first, only if the house lies in the
/// scope of `prefixes`.
pub async fn bills_of_house_under(
    db: &Db,
    prefixes: &[String],
    community_id: &str,
    house: Uuid,
) -> Result<Vec<BillRow>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let q = BillRow::select_in(community_id)
        .and_where(Expr::col("house_id").eq(house))
        .cond_where(scope::house("bill", prefixes))
        .order_by("period", Order::Desc)
        .order_by("fee_code", Order::Asc)
        .to_owned();
    BillRow::all(db, &q).await
}

/// A bill of a community.
pub async fn bill_by_id(db: &Db, community_id: &str, id: Uuid) -> Result<Option<BillRow>> {
    let q = BillRow::select_in(community_id).and_where(Expr::col("id").eq(id)).to_owned();
    BillRow::one(db, &q).await
}

/// A community's bills by id, read inside the writing transaction.
pub async fn bills_in_tx(tx: &mut Tx, community_id: &str, ids: &[Uuid]) -> Result<Vec<BillRow>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        let q = BillRow::select_in(community_id).and_where(Expr::col("id").is_in(chunk.iter().copied())).to_owned();
        for r in tx.fetch_all(&q).await? {
            out.push(BillRow::from_row(&r)?);
        }
    }
    Ok(out)
}

/// Moves `amount` fen into a bill, only if that much is still owed, and
/// returns the bill as it now is; none when it is not owed (someone paid
/// meanwhile).
pub async fn pay_into(
    tx: &mut Tx,
    community_id: &str,
    bill_id: Uuid,
    amount: i64,
    now: DateTime<Utc>,
) -> Result<Option<BillRow>> {
    let owed = Expr::col("amount").sub(Expr::col("waived")).sub(Expr::col("paid")).add(Expr::col("refunded"));
    let q = Query::update()
        .table("bill")
        .value("paid", Expr::col("paid").add(amount))
        .value("updated_at", now)
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("id").eq(bill_id))
        .and_where(owed.gte(amount))
        .returning(Query::returning().columns(BillRow::COLUMNS))
        .to_owned();
    tx.fetch_optional(&q).await?.as_ref().map(BillRow::from_row).transpose()
}

/// Sets when a period's bills of a fee item were issued (the demo's history:
/// last month's bills, issued last month).
pub async fn set_issued_at(
    db: &Db,
    community_id: &str,
    fee_code: &str,
    period: &str,
    at: DateTime<Utc>,
) -> Result<u64> {
    let q = Query::update()
        .table("bill")
        .value("created_at", at)
        .value("updated_at", at)
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("fee_code").eq(fee_code))
        .and_where(Expr::col("period").eq(period))
        .to_owned();
    db.execute(&q).await
}

/// The houses that have a fee item's bill for a period.
pub async fn houses_billed(db: &Db, community_id: &str, fee_code: &str, period: &str) -> Result<Vec<Uuid>> {
    let q = Query::select()
        .column("house_id")
        .from("bill")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("fee_code").eq(fee_code))
        .and_where(Expr::col("period").eq(period))
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| r.get("house_id")).collect()
}
