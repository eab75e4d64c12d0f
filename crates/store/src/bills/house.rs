//! What billing reads of the registry: the houses to bill and their
//! buildings, the house a household lives in, and who in it can be reached.

use sea_query::{Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use crate::scope::{self, JoinPlace};
use crate::{Db, Result};

/// A house to bill: (house, area in hundredths of a m², building, unit, room).
pub type HouseToBill = (Uuid, i64, String, String, String);

/// The houses of a community, of one building, or one house.
pub async fn houses(
    db: &Db,
    community_id: &str,
    building: Option<Uuid>,
    house: Option<Uuid>,
) -> Result<Vec<HouseToBill>> {
    let mut q = Query::select()
        .expr_as(Expr::col(("house", "id")), "id")
        .column(("house", "area_cm2x100"))
        .expr_as(Expr::col(("building", "name")), "building")
        .column(("house", "unit"))
        .column(("house", "room"))
        .from("house")
        .join_building()
        .and_where(Expr::col(("house", "community_id")).eq(community_id))
        .to_owned();
    if let Some(b) = building {
        q.and_where(Expr::col(("house", "building_id")).eq(b));
    }
    if let Some(h) = house {
        q.and_where(Expr::col(("house", "id")).eq(h));
    }
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| Ok((r.get("id")?, r.get("area_cm2x100")?, r.get("building")?, r.get("unit")?, r.get("room")?)))
        .collect()
}

/// Whether a house of a community lies in the scope of `prefixes`.
pub async fn house_visible(db: &Db, prefixes: &[String], community_id: &str, house: Uuid) -> Result<bool> {
    if prefixes.is_empty() {
        return Ok(false);
    }
    let q = Query::select()
        .column(("house", "id"))
        .from("house")
        .join_building()
        .and_where(Expr::col(("house", "community_id")).eq(community_id))
        .and_where(Expr::col(("house", "id")).eq(house))
        .cond_where(scope::building(prefixes))
        .to_owned();
    Ok(db.fetch_optional(&q).await?.is_some())
}

/// A community's buildings, in the order people read them: (id, name).
pub async fn buildings(db: &Db, community_id: &str) -> Result<Vec<(Uuid, String)>> {
    let q = Query::select()
        .columns(["id", "name"])
        .from("building")
        .and_where(Expr::col("community_id").eq(community_id))
        .order_by("sort_key", Order::Asc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("id")?, r.get("name")?))).collect()
}

/// The house a household lives in.
pub async fn house_of_household(db: &Db, community_id: &str, household: Uuid) -> Result<Option<Uuid>> {
    let q = Query::select()
        .column("house_id")
        .from("household")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("id").eq(household))
        .to_owned();
    db.fetch_optional(&q).await?.map(|r| r.get("house_id")).transpose()
}

/// The active people of a community living in houses (chosen by
/// `houses`), with their households: what reminders and receipts read.
fn living_in(community_id: &str, houses: sea_query::SimpleExpr) -> sea_query::SelectStatement {
    Query::select()
        .expr_as(Expr::col(("household", "house_id")), "house_id")
        .expr_as(Expr::col(("person", "id")), "id")
        .expr_as(Expr::col(("person", "name")), "name")
        .from("person")
        .inner_join(
            "household",
            Expr::col(("household", "community_id"))
                .equals(("person", "community_id"))
                .and(Expr::col(("household", "id")).equals(("person", "household_id"))),
        )
        .and_where(Expr::col(("person", "community_id")).eq(community_id))
        .and_where(houses)
        .and_where(Expr::col(("person", "status")).eq("active"))
        .to_owned()
}

/// The people with a phone living in these houses, oldest first in each:
/// (house, person, name).
pub async fn reachable_in_houses(db: &Db, community_id: &str, houses: &[Uuid]) -> Result<Vec<(Uuid, Uuid, String)>> {
    let mut out = Vec::new();
    for chunk in houses.chunks(500) {
        let q = living_in(community_id, Expr::col(("household", "house_id")).is_in(chunk.iter().copied()))
            .and_where(Expr::col(("person", "phone_sealed")).is_not_null())
            .order_by(("household", "house_id"), Order::Asc)
            .order_by(("person", "birth_month"), Order::Asc)
            .order_by(("person", "id"), Order::Asc)
            .to_owned();
        for r in db.fetch_all(&q).await? {
            out.push((r.get("house_id")?, r.get("id")?, r.get("name")?));
        }
    }
    Ok(out)
}

/// Who pays for a house, as its receipts say: the head (本人) of a household
/// living in it, else its oldest active member.
pub async fn householder(db: &Db, community_id: &str, house: Uuid) -> Result<Option<String>> {
    let q = living_in(community_id, Expr::col(("household", "house_id")).eq(house))
        .order_by_expr(Expr::case(Expr::col(("person", "relation")).eq("本人"), 0i64).finally(1i64).into(), Order::Asc)
        .order_by(("person", "birth_month"), Order::Asc)
        .limit(1)
        .to_owned();
    db.fetch_optional(&q).await?.map(|r| r.get("name")).transpose()
}
