//! Buildings (楼栋): added one at a time or in bulk, and read by the token
//! in their QR code, by community or by grid.

use chrono::Utc;
use linli_codes::{CommunityCode, GridCode};
use sea_query::{Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use crate::registry::load::BATCH;
use crate::row::row;
use crate::{Db, Result, Tx};

/// A building to insert.
#[derive(Debug, Clone)]
pub struct NewBuilding {
    /// Community code.
    pub community_id: String,
    /// Identifier.
    pub id: Uuid,
    /// Grid (or sub-grid) code it belongs to.
    pub grid_code: String,
    /// Name, e.g. 交通路小区 3号楼.
    pub name: String,
    /// Token printed in its QR code.
    pub qr_token: String,
    /// The key it is listed by (`domain::registry::building::sort_key` of its name).
    pub sort_key: String,
}

/// Inserts a building.
pub async fn insert_building(tx: &mut Tx, b: &NewBuilding) -> Result<()> {
    insert_buildings(tx, std::slice::from_ref(b)).await
}

/// Inserts many buildings.
pub async fn insert_buildings(tx: &mut Tx, rows: &[NewBuilding]) -> Result<()> {
    let now = Utc::now();
    for chunk in rows.chunks(BATCH) {
        let mut q = Query::insert()
            .into_table("building")
            .columns(["community_id", "id", "grid_code", "name", "qr_token", "sort_key", "created_at"])
            .to_owned();
        for b in chunk {
            q.values_panic([
                b.community_id.clone().into(),
                b.id.into(),
                b.grid_code.clone().into(),
                b.name.clone().into(),
                b.qr_token.clone().into(),
                b.sort_key.clone().into(),
                now.into(),
            ]);
        }
        tx.bulk_insert(&q).await?;
    }
    Ok(())
}

/// Buildings made before they had a sort key: (community, id, name), at most `limit`.
pub async fn missing_sort_keys(db: &Db, limit: u64) -> Result<Vec<(String, Uuid, String)>> {
    let q = Query::select()
        .columns(["community_id", "id", "name"])
        .from("building")
        .and_where(Expr::col("sort_key").eq(""))
        .limit(limit)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("community_id")?, r.get("id")?, r.get("name")?))).collect()
}

/// Sets a building's sort key.
pub async fn set_sort_key(tx: &mut Tx, community_id: &str, id: Uuid, key: &str) -> Result<()> {
    let q = Query::update()
        .table("building")
        .value("sort_key", key)
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Whether any building exists (the demo fills an empty registry).
pub async fn any_building(db: &Db) -> Result<bool> {
    let q = Query::select().column("id").from("building").limit(1).to_owned();
    Ok(db.fetch_optional(&q).await?.is_some())
}

row! {
    table "building";
    /// A building as its QR code's page shows it.
    #[derive(Debug, Clone)]
    pub struct BuildingCard {
        /// Identifier.
        pub id: Uuid,
        /// Community code.
        pub community_id: String,
        /// Building name.
        pub name: String,
        /// Its grid.
        pub grid_code: String,
        /// The token in its QR code.
        pub qr_token: String,
    }
}

/// A building by its community and QR token (the unique key).
pub async fn building_by_token(db: &Db, community: &CommunityCode, token: &str) -> Result<Option<BuildingCard>> {
    let q = BuildingCard::select_in(community.as_str()).and_where(Expr::col("qr_token").eq(token)).to_owned();
    BuildingCard::one(db, &q).await
}

/// A building of a community by id.
pub async fn building_card(db: &Db, community_id: &str, id: Uuid) -> Result<Option<BuildingCard>> {
    let q = BuildingCard::select_in(community_id).and_where(Expr::col("id").eq(id)).to_owned();
    BuildingCard::one(db, &q).await
}

/// The buildings of a community, by grid and in the order people read them.
pub async fn buildings_of_community(db: &Db, community: &CommunityCode) -> Result<Vec<BuildingCard>> {
    let q = BuildingCard::select_in(community.as_str())
        .order_by("grid_code", Order::Asc)
        .order_by("sort_key", Order::Asc)
        .to_owned();
    BuildingCard::all(db, &q).await
}

/// The buildings of a grid, in the order people read them: (id, name).
pub async fn buildings_of_grid(db: &Db, grid: &GridCode) -> Result<Vec<(Uuid, String)>> {
    let q = Query::select()
        .columns(["id", "name"])
        .from("building")
        .and_where(Expr::col("grid_code").eq(grid.as_str()))
        .order_by("sort_key", Order::Asc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("id")?, r.get("name")?))).collect()
}
