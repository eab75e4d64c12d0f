//! Arrears (欠费): the houses that owe money, and how much, counted in the
//! database — only bills past their fee item's grace period, filtered by
//! building, months owed and amount, a page at a time.

use chrono::{DateTime, Utc};
use sea_query::{Cond, Expr, ExprTrait, Order, Query, SelectStatement};
use uuid::Uuid;

use crate::scope::{self, JoinPlace};
use crate::{Db, Result, Row};

/// A house that owes money: its place and what it owes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArrearRow {
    /// The house.
    pub house_id: Uuid,
    /// Its building.
    pub building_id: Uuid,
    /// Building name.
    pub building: String,
    /// The building's grid.
    pub grid_code: String,
    /// The grid's name.
    pub grid_name: String,
    /// Unit.
    pub unit: String,
    /// Room.
    pub room: String,
    /// Owed in all, fen.
    pub owed: i64,
    /// Bills not settled.
    pub bills: i64,
    /// Months (periods) with a bill not settled.
    pub months: i64,
    /// The oldest unsettled period.
    pub since: String,
}

/// Which houses in arrears are asked for.
#[derive(Debug, Clone)]
pub struct ArrearsFilter {
    /// The region (community, grid) the houses lie under.
    pub under: String,
    /// Only this building.
    pub building: Option<Uuid>,
    /// At least this many months owed.
    pub min_months: i64,
    /// At least this much owed in all, fen.
    pub min_owed: i64,
    /// Per fee item: a bill counts as owing when it was issued before this
    /// instant (its grace period is over). Fee items not named never do.
    pub owing_before: Vec<(String, DateTime<Utc>)>,
}

/// What the whole list (every page) comes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ArrearsTotal {
    /// Houses in arrears.
    pub houses: i64,
    /// Owed by them in all, fen.
    pub owed: i64,
}

fn owed() -> Expr {
    Expr::col(("bill", "amount"))
        .sub(Expr::col(("bill", "waived")))
        .sub(Expr::col(("bill", "paid")))
        .add(Expr::col(("bill", "refunded")))
}

/// One row a house, filtered, not yet ordered.
fn grouped(community_id: &str, f: &ArrearsFilter) -> SelectStatement {
    let past_grace = f.owing_before.iter().fold(Cond::any(), |c, (fee, before)| {
        c.add(Expr::col(("bill", "fee_code")).eq(fee.as_str()).and(Expr::col(("bill", "created_at")).lt(*before)))
    });
    let mut q = Query::select()
        .expr_as(Expr::col(("bill", "house_id")), "house_id")
        .expr_as(Expr::col(("building", "id")), "building_id")
        .expr_as(Expr::col(("building", "name")), "building")
        .expr_as(Expr::col(("building", "sort_key")), "building_key")
        .expr_as(Expr::col(("building", "grid_code")), "grid_code")
        .expr_as(Expr::col(("region", "name")), "grid_name")
        .expr_as(Expr::col(("house", "unit")), "unit")
        .expr_as(Expr::col(("house", "room")), "room")
        .expr_as(sea_query::Func::sum(owed()).cast_as("BIGINT"), "owed")
        .expr_as(Expr::cust("COUNT(*)").cast_as("BIGINT"), "bills")
        .expr_as(Expr::cust("COUNT(DISTINCT \"bill\".\"period\")").cast_as("BIGINT"), "months")
        .expr_as(Expr::col(("bill", "period")).min(), "since")
        .from("bill")
        .inner_join(
            "house",
            Expr::col(("house", "community_id"))
                .equals(("bill", "community_id"))
                .and(Expr::col(("house", "id")).equals(("bill", "house_id"))),
        )
        .join_building()
        .inner_join("region", Expr::col(("region", "code")).equals(("building", "grid_code")))
        .and_where(Expr::col(("bill", "community_id")).eq(community_id))
        .and_where(owed().gt(0))
        .cond_where(past_grace)
        .cond_where(scope::starts_with(("building", "grid_code"), &f.under, false))
        .group_by_col(("bill", "house_id"))
        .group_by_col(("building", "id"))
        .group_by_col(("building", "name"))
        .group_by_col(("building", "sort_key"))
        .group_by_col(("building", "grid_code"))
        .group_by_col(("region", "name"))
        .group_by_col(("house", "unit"))
        .group_by_col(("house", "room"))
        .to_owned();
    if let Some(b) = f.building {
        q.and_where(Expr::col(("building", "id")).eq(b));
    }
    if f.min_owed > 0 {
        q.and_having(sea_query::Func::sum(owed()).gte(f.min_owed));
    }
    if f.min_months > 1 {
        q.and_having(Expr::cust("COUNT(DISTINCT \"bill\".\"period\")").gte(f.min_months));
    }
    q
}

fn row(r: &Row) -> Result<ArrearRow> {
    Ok(ArrearRow {
        house_id: r.get("house_id")?,
        building_id: r.get("building_id")?,
        building: r.get("building")?,
        grid_code: r.get("grid_code")?,
        grid_name: r.get("grid_name")?,
        unit: r.get("unit")?,
        room: r.get("room")?,
        owed: r.get("owed")?,
        bills: r.get("bills")?,
        months: r.get("months")?,
        since: r.get("since")?,
    })
}

/// Houses in arrears, most owed first, then in building order; `offset`
/// and `limit` make the page (no limit: all of them).
pub async fn arrears(
    db: &Db,
    community_id: &str,
    f: &ArrearsFilter,
    (offset, limit): (u64, Option<u64>),
) -> Result<Vec<ArrearRow>> {
    if f.owing_before.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = grouped(community_id, f)
        .order_by_expr(sea_query::Func::sum(owed()).into(), Order::Desc)
        .order_by(("building", "sort_key"), Order::Asc)
        .order_by(("house", "unit"), Order::Asc)
        .order_by(("house", "room"), Order::Asc)
        .order_by(("bill", "house_id"), Order::Asc)
        .to_owned();
    if offset > 0 {
        q.offset(offset);
    }
    if let Some(l) = limit {
        q.limit(l);
    }
    db.fetch_all(&q).await?.iter().map(row).collect()
}

/// How many houses the filter finds, and what they owe in all.
pub async fn arrears_total(db: &Db, community_id: &str, f: &ArrearsFilter) -> Result<ArrearsTotal> {
    if f.owing_before.is_empty() {
        return Ok(ArrearsTotal::default());
    }
    let q = Query::select()
        .expr_as(Expr::cust("COUNT(*)").cast_as("BIGINT"), "houses")
        .expr_as(sea_query::Func::coalesce([Expr::col(("a", "owed")).sum(), Expr::val(0i64)]).cast_as("BIGINT"), "owed")
        .from_subquery(grouped(community_id, f), "a")
        .to_owned();
    let r = db.fetch_optional(&q).await?;
    Ok(match r {
        Some(r) => ArrearsTotal { houses: r.get("houses")?, owed: r.get("owed")? },
        None => ArrearsTotal::default(),
    })
}

/// A building with houses in arrears, and its grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArrearPlace {
    /// The building.
    pub building_id: Uuid,
    /// Its name.
    pub building: String,
    /// Its grid's code.
    pub grid_code: String,
    /// Its grid's name.
    pub grid_name: String,
}

/// The buildings with houses in arrears under the filter's region (other
/// filters aside), by grid and in building order: what the filters offer.
pub async fn arrears_places(db: &Db, community_id: &str, f: &ArrearsFilter) -> Result<Vec<ArrearPlace>> {
    if f.owing_before.is_empty() {
        return Ok(Vec::new());
    }
    let all = ArrearsFilter { building: None, min_months: 0, min_owed: 0, ..f.clone() };
    let q = Query::select()
        .distinct()
        .columns([
            ("a", "building_id"),
            ("a", "building"),
            ("a", "building_key"),
            ("a", "grid_code"),
            ("a", "grid_name"),
        ])
        .from_subquery(grouped(community_id, &all), "a")
        .order_by(("a", "grid_code"), Order::Asc)
        .order_by(("a", "building_key"), Order::Asc)
        .to_owned();
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| {
            Ok(ArrearPlace {
                building_id: r.get("building_id")?,
                building: r.get("building")?,
                grid_code: r.get("grid_code")?,
                grid_name: r.get("grid_name")?,
            })
        })
        .collect()
}
