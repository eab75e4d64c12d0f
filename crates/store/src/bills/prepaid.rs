//! Prepaid balances (预存款): money a household leaves with the community
//! ahead of its bills. A balance never goes below zero: every spend is a
//! conditional update.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, OnConflict, Order, Query};
use uuid::Uuid;

use crate::row::row;
use crate::{Db, Result, Tx};

row! {
    table "prepaid_entry";
    /// A movement of a house's balance.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct EntryRow {
        /// Community code.
        pub community_id: String,
        /// Identifier.
        pub id: Uuid,
        /// The house.
        pub house_id: Uuid,
        /// `deposit` (money in) or `spend` (into a bill).
        pub kind: String,
        /// Fen, always positive.
        pub amount: i64,
        /// The bill a spend paid.
        pub bill_id: Option<Uuid>,
        /// cash or card for a deposit; prepaid for a spend.
        pub channel: String,
        /// The idempotency key (a spend's is its payment's).
        pub idempotency_key: String,
        /// The receipt (a deposit's own; a spend's payment's).
        pub receipt_no: Option<String>,
        /// Who took it.
        pub taken_by: String,
        /// When.
        pub created_at: DateTime<Utc>,
    }
}

/// Records entries, leaving out any whose key was used before; returns how
/// many were recorded.
pub async fn add_entries(tx: &mut Tx, entries: &[EntryRow]) -> Result<u64> {
    let mut added = 0;
    for chunk in entries.chunks(500) {
        let mut q = EntryRow::insert();
        for e in chunk {
            q.values_panic(e.values());
        }
        q.on_conflict(OnConflict::columns(["community_id", "idempotency_key"]).do_nothing().to_owned());
        added += tx.execute(&q).await?;
    }
    Ok(added)
}

/// Adds to a house's balance (creating it); returns the new balance.
pub async fn credit(tx: &mut Tx, community_id: &str, house: Uuid, amount: i64, now: DateTime<Utc>) -> Result<i64> {
    let q = Query::insert()
        .into_table("prepaid")
        .columns(["community_id", "house_id", "balance", "updated_at"])
        .values_panic([community_id.into(), house.into(), amount.into(), now.into()])
        .on_conflict(
            OnConflict::columns(["community_id", "house_id"])
                .value("balance", Expr::col(("prepaid", "balance")).add(amount))
                .value("updated_at", now)
                .to_owned(),
        )
        .returning_col("balance")
        .to_owned();
    let row = tx.fetch_optional(&q).await?.ok_or_else(|| crate::Error::Decode {
        column: "balance".into(),
        reason: "the balance returned no row".into(),
    })?;
    row.get("balance")
}

/// Takes from a house's balance only if that much is there; false otherwise.
pub async fn debit(tx: &mut Tx, community_id: &str, house: Uuid, amount: i64, now: DateTime<Utc>) -> Result<bool> {
    let q = Query::update()
        .table("prepaid")
        .value("balance", Expr::col("balance").sub(amount))
        .value("updated_at", now)
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("house_id").eq(house))
        .and_where(Expr::col("balance").gte(amount))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// Houses' balances, read inside the writing transaction (none: no balance).
pub async fn balances_in_tx(tx: &mut Tx, community_id: &str, houses: &[Uuid]) -> Result<HashMap<Uuid, i64>> {
    let mut out = HashMap::new();
    for chunk in houses.chunks(500) {
        let q = Query::select()
            .columns(["house_id", "balance"])
            .from("prepaid")
            .and_where(Expr::col("community_id").eq(community_id))
            .and_where(Expr::col("house_id").is_in(chunk.iter().copied()))
            .to_owned();
        for r in tx.fetch_all(&q).await? {
            out.insert(r.get("house_id")?, r.get("balance")?);
        }
    }
    Ok(out)
}

/// A house's balance (zero when it never had one).
pub async fn balance(db: &Db, community_id: &str, house: Uuid) -> Result<i64> {
    let q = Query::select()
        .column("balance")
        .from("prepaid")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("house_id").eq(house))
        .to_owned();
    Ok(match db.fetch_optional(&q).await? {
        Some(r) => r.get("balance")?,
        None => 0,
    })
}

/// The houses of a community with money in their balance.
pub async fn houses_with_balance(db: &Db, community_id: &str) -> Result<HashMap<Uuid, i64>> {
    let q = Query::select()
        .columns(["house_id", "balance"])
        .from("prepaid")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("balance").gt(0))
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("house_id")?, r.get("balance")?))).collect()
}

/// A house's entries, newest first.
pub async fn entries(db: &Db, community_id: &str, house: Uuid) -> Result<Vec<EntryRow>> {
    let q = EntryRow::select_in(community_id)
        .and_where(Expr::col("house_id").eq(house))
        .order_by("created_at", Order::Desc)
        .to_owned();
    EntryRow::all(db, &q).await
}

/// The entry made with a key.
pub async fn entry_by_key(db: &Db, community_id: &str, key: &str) -> Result<Option<EntryRow>> {
    let q = EntryRow::select_in(community_id).and_where(Expr::col("idempotency_key").eq(key)).to_owned();
    EntryRow::one(db, &q).await
}

/// A deposit of a community by its receipt number.
pub async fn deposit_by_receipt(db: &Db, community_id: &str, receipt_no: &str) -> Result<Option<EntryRow>> {
    let q = EntryRow::select_in(community_id)
        .and_where(Expr::col("receipt_no").eq(receipt_no))
        .and_where(Expr::col("kind").eq("deposit"))
        .to_owned();
    EntryRow::one(db, &q).await
}

/// A community's entries of a kind between two instants (a day's deposits).
pub async fn entries_between(
    db: &Db,
    community_id: &str,
    kind: &str,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
) -> Result<Vec<EntryRow>> {
    let q = EntryRow::select_in(community_id)
        .and_where(Expr::col("kind").eq(kind))
        .and_where(Expr::col("created_at").gte(from))
        .and_where(Expr::col("created_at").lt(to))
        .to_owned();
    EntryRow::all(db, &q).await
}
