//! Fee items (收费项目) of a community: what is billed, at what price.

use sea_query::{OnConflict, Order};

use crate::row::row;
use crate::{Db, Result, Tx};

row! {
    table "fee_item";
    /// A fee item of a community.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct FeeItemRow {
        /// Community code.
        pub community_id: String,
        /// Code (WY 物业费, SF 水费 …).
        pub code: String,
        /// Name.
        pub name: String,
        /// area, metered or fixed.
        pub kind: String,
        /// Fen per m² per month, or per month.
        pub price: i64,
        /// Metered tiers, JSON.
        pub tiers: String,
        /// Unit of metered use.
        pub unit: String,
        /// Billed.
        pub active: bool,
        /// Days after a bill is issued before it counts as owing.
        pub grace_days: i64,
    }
}

/// A community's fee items, by code.
pub async fn fee_items(db: &Db, community_id: &str) -> Result<Vec<FeeItemRow>> {
    let q = FeeItemRow::select_in(community_id).order_by("code", Order::Asc).to_owned();
    FeeItemRow::all(db, &q).await
}

/// Adds a fee item or changes the one with its code.
pub async fn put_fee_item(tx: &mut Tx, f: &FeeItemRow) -> Result<()> {
    let q = FeeItemRow::insert()
        .values_panic(f.values())
        .on_conflict(
            OnConflict::columns(["community_id", "code"])
                .update_columns(["name", "kind", "price", "tiers", "unit", "active", "grace_days"])
                .to_owned(),
        )
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}
