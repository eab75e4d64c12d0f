//! Fee items (收费项目) of a community: what is billed, at what price.

use sea_query::{Expr, ExprTrait, OnConflict, Order, Query};

use crate::{Db, Result, Tx};

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

const FEE_COLUMNS: [&str; 9] =
    ["community_id", "code", "name", "kind", "price", "tiers", "unit", "active", "grace_days"];

/// A community's fee items, by code.
pub async fn fee_items(db: &Db, community_id: &str) -> Result<Vec<FeeItemRow>> {
    let q = Query::select()
        .columns(FEE_COLUMNS)
        .from("fee_item")
        .and_where(Expr::col("community_id").eq(community_id))
        .order_by("code", Order::Asc)
        .to_owned();
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| {
            Ok(FeeItemRow {
                community_id: r.get("community_id")?,
                code: r.get("code")?,
                name: r.get("name")?,
                kind: r.get("kind")?,
                price: r.get("price")?,
                tiers: r.get("tiers")?,
                unit: r.get("unit")?,
                active: r.get("active")?,
                grace_days: r.get("grace_days")?,
            })
        })
        .collect()
}

/// Adds a fee item or changes the one with its code.
pub async fn put_fee_item(tx: &mut Tx, f: &FeeItemRow) -> Result<()> {
    let q = Query::insert()
        .into_table("fee_item")
        .columns(FEE_COLUMNS)
        .values_panic([
            f.community_id.clone().into(),
            f.code.clone().into(),
            f.name.clone().into(),
            f.kind.clone().into(),
            f.price.into(),
            f.tiers.clone().into(),
            f.unit.clone().into(),
            f.active.into(),
            f.grace_days.into(),
        ])
        .on_conflict(
            OnConflict::columns(["community_id", "code"])
                .update_columns(["name", "kind", "price", "tiers", "unit", "active", "grace_days"])
                .to_owned(),
        )
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}
