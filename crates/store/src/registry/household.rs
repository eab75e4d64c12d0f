//! Houses and the households (户) living in them. Every read of households
//! takes the caller's scope into its WHERE clause.

use chrono::{DateTime, Utc};
use sea_query::{Cond, Expr, ExprTrait, Order, Query, SelectStatement};
use uuid::Uuid;

use crate::registry::load::BATCH;
use crate::row::row;
use crate::scope::{self, JoinPlace};
use crate::{Db, Result, Tx};

/// A house to insert.
#[derive(Debug, Clone)]
pub struct NewHouse {
    /// Community code.
    pub community_id: String,
    /// Identifier.
    pub id: Uuid,
    /// Its building.
    pub building_id: Uuid,
    /// Unit (单元).
    pub unit: String,
    /// Room number.
    pub room: String,
    /// Area in hundredths of m².
    pub area_centi_m2: i64,
    /// 自住, 出租, 空置 or 商铺.
    pub house_use: String,
}

/// Inserts a house with the household living in it.
pub async fn insert_house(tx: &mut Tx, h: &NewHouse, household: Uuid) -> Result<()> {
    insert_houses_with_households(tx, &[(h.clone(), household)]).await
}

/// Inserts many houses, each with its household: (house, household id).
pub async fn insert_houses_with_households(tx: &mut Tx, rows: &[(NewHouse, Uuid)]) -> Result<()> {
    let now = Utc::now();
    for chunk in rows.chunks(BATCH) {
        let houses = houses_insert(chunk.iter().map(|(h, _)| h));
        let mut households = Query::insert()
            .into_table("household")
            .columns(["community_id", "id", "house_id", "created_at"])
            .to_owned();
        for (h, household) in chunk {
            households.values_panic([h.community_id.clone().into(), (*household).into(), h.id.into(), now.into()]);
        }
        tx.bulk_insert(&houses).await?;
        tx.bulk_insert(&households).await?;
    }
    Ok(())
}

/// Registers a household in an existing house.
pub async fn insert_household(tx: &mut Tx, community_id: &str, household: Uuid, house: Uuid) -> Result<()> {
    let q = Query::insert()
        .into_table("household")
        .columns(["community_id", "id", "house_id", "created_at"])
        .values_panic([community_id.into(), household.into(), house.into(), Utc::now().into()])
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Inserts many houses with nobody registered in them (空置, 商铺).
pub async fn insert_houses(tx: &mut Tx, rows: &[NewHouse]) -> Result<()> {
    for chunk in rows.chunks(BATCH) {
        tx.bulk_insert(&houses_insert(chunk.iter())).await?;
    }
    Ok(())
}

fn houses_insert<'a>(houses: impl Iterator<Item = &'a NewHouse>) -> sea_query::InsertStatement {
    let mut q = Query::insert()
        .into_table("house")
        .columns(["community_id", "id", "building_id", "unit", "room", "area_cm2x100", "house_use"])
        .to_owned();
    for h in houses {
        q.values_panic([
            h.community_id.clone().into(),
            h.id.into(),
            h.building_id.into(),
            h.unit.clone().into(),
            h.room.clone().into(),
            h.area_centi_m2.into(),
            h.house_use.clone().into(),
        ]);
    }
    q
}

row! {
    /// A household as listed: where it is, and who lives there.
    #[derive(Debug, Clone)]
    pub struct HouseholdRow {
        /// Community code.
        pub community_id: String,
        /// Identifier.
        pub id: Uuid,
        /// Building name.
        pub building: String,
        /// The building's grid.
        pub grid_code: String,
        /// Unit.
        pub unit: String,
        /// Room.
        pub room: String,
        /// Since.
        pub created_at: DateTime<Utc>,
    }
}

fn households_query(prefixes: &[String]) -> SelectStatement {
    Query::select()
        .expr_as(Expr::col(("household", "community_id")), "community_id")
        .expr_as(Expr::col(("household", "id")), "id")
        .expr_as(Expr::col(("household", "created_at")), "created_at")
        .expr_as(Expr::col(("building", "name")), "building")
        .expr_as(Expr::col(("building", "grid_code")), "grid_code")
        .expr_as(Expr::col(("house", "unit")), "unit")
        .expr_as(Expr::col(("house", "room")), "room")
        .from("household")
        .to_owned()
        .join_place()
        .cond_where(scope::building(prefixes))
        .to_owned()
}

/// Households within scope, by building, unit and room.
pub async fn households(db: &Db, prefixes: &[String], limit: u64) -> Result<Vec<HouseholdRow>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let q = households_query(prefixes)
        .order_by(("building", "sort_key"), Order::Asc)
        .order_by(("house", "unit"), Order::Asc)
        .order_by(("house", "room"), Order::Asc)
        .limit(limit)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(HouseholdRow::from_row).collect()
}

/// One page of the households within scope, optionally under one region
/// (a grid, say), by building, unit and room; with the total count.
pub async fn households_page(
    db: &Db,
    prefixes: &[String],
    under: Option<&str>,
    offset: u64,
    limit: u64,
) -> Result<(Vec<HouseholdRow>, u64)> {
    if prefixes.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let mut base = households_query(prefixes);
    if let Some(u) = under {
        base.cond_where(scope::building(&[u.to_owned()]));
    }
    let count = Query::select()
        .expr_as(Expr::col(("household", "id")).count(), "n")
        .from("household")
        .join_place()
        .cond_where(scope::building(prefixes))
        .cond_where(under.map_or_else(Cond::all, |u| scope::building(&[u.to_owned()])))
        .to_owned();
    let total: i64 = db.fetch_optional(&count).await?.map_or(Ok(0), |r| r.get("n"))?;
    let q = base
        .order_by(("building", "grid_code"), Order::Asc)
        .order_by(("building", "sort_key"), Order::Asc)
        .order_by(("house", "unit"), Order::Asc)
        .order_by(("house", "room"), Order::Asc)
        .offset(offset)
        .limit(limit)
        .to_owned();
    Ok((db.fetch_all(&q).await?.iter().map(HouseholdRow::from_row).collect::<Result<_>>()?, total as u64))
}

/// The households of one building, within scope.
pub async fn households_in_building(db: &Db, prefixes: &[String], building: Uuid) -> Result<Vec<HouseholdRow>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let q = households_query(prefixes).and_where(Expr::col(("building", "id")).eq(building)).to_owned();
    db.fetch_all(&q).await?.iter().map(HouseholdRow::from_row).collect()
}

/// One household, only if it is within scope.
pub async fn household_in_scope(db: &Db, prefixes: &[String], id: Uuid) -> Result<Option<HouseholdRow>> {
    if prefixes.is_empty() {
        return Ok(None);
    }
    let q = households_query(prefixes).and_where(Expr::col(("household", "id")).eq(id)).to_owned();
    db.fetch_optional(&q).await?.as_ref().map(HouseholdRow::from_row).transpose()
}

/// A household by its key, without scope: only for a resident's own,
/// after [`crate::access::resident::linked_households`] said it is theirs.
pub async fn household_by_key(db: &Db, community_id: &str, id: Uuid) -> Result<Option<HouseholdRow>> {
    let q = households_query(&[community_id.to_owned()])
        .and_where(Expr::col(("household", "community_id")).eq(community_id))
        .and_where(Expr::col(("household", "id")).eq(id))
        .to_owned();
    db.fetch_optional(&q).await?.as_ref().map(HouseholdRow::from_row).transpose()
}

/// The households of a building by address: (unit, room, household id).
pub async fn households_of_building(
    db: &Db,
    community_id: &str,
    building: Uuid,
) -> Result<Vec<(String, String, Uuid)>> {
    let q = Query::select()
        .expr_as(Expr::col(("house", "unit")), "unit")
        .expr_as(Expr::col(("house", "room")), "room")
        .expr_as(Expr::col(("household", "id")), "household")
        .from("household")
        .join_house()
        .and_where(Expr::col(("house", "community_id")).eq(community_id))
        .and_where(Expr::col(("house", "building_id")).eq(building))
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("unit")?, r.get("room")?, r.get("household")?))).collect()
}
