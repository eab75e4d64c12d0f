//! Arrears (欠费): the houses that owe money, and how much, counted in the
//! database.

use sea_query::{Expr, ExprTrait, Query};
use uuid::Uuid;

use crate::row::row;
use crate::scope::{self, JoinPlace};
use crate::{Db, Result};

row! {
    /// A house that owes money: its place and what it owes.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ArrearRow {
        /// The house.
        pub house_id: Uuid,
        /// Building name.
        pub building: String,
        /// The building's grid.
        pub grid_code: String,
        /// Unit.
        pub unit: String,
        /// Room.
        pub room: String,
        /// Owed in all, fen.
        pub owed: i64,
        /// Bills not settled.
        pub bills: i64,
        /// The oldest unsettled period.
        pub since: String,
    }
}

/// Houses of a community (under a grid, if given) with bills still owed,
/// most owed first.
pub async fn arrears(db: &Db, community_id: &str, grid: Option<&str>) -> Result<Vec<ArrearRow>> {
    let owed = Expr::col(("bill", "amount"))
        .sub(Expr::col(("bill", "waived")))
        .sub(Expr::col(("bill", "paid")))
        .add(Expr::col(("bill", "refunded")));
    let mut q = Query::select()
        .expr_as(Expr::col(("bill", "house_id")), "house_id")
        .expr_as(Expr::col(("building", "name")), "building")
        .expr_as(Expr::col(("building", "grid_code")), "grid_code")
        .expr_as(Expr::col(("house", "unit")), "unit")
        .expr_as(Expr::col(("house", "room")), "room")
        .expr_as(sea_query::Func::sum(owed.clone()).cast_as("BIGINT"), "owed")
        .expr_as(Expr::cust("COUNT(*)").cast_as("BIGINT"), "bills")
        .expr_as(Expr::col(("bill", "period")).min(), "since")
        .from("bill")
        .inner_join(
            "house",
            Expr::col(("house", "community_id"))
                .equals(("bill", "community_id"))
                .and(Expr::col(("house", "id")).equals(("bill", "house_id"))),
        )
        .join_building()
        .and_where(Expr::col(("bill", "community_id")).eq(community_id))
        .and_where(owed.gt(0))
        .group_by_col(("bill", "house_id"))
        .group_by_col(("building", "name"))
        .group_by_col(("building", "grid_code"))
        .group_by_col(("house", "unit"))
        .group_by_col(("house", "room"))
        .to_owned();
    if let Some(g) = grid {
        q.cond_where(scope::starts_with(("building", "grid_code"), g, false));
    }
    let mut rows = db.fetch_all(&q).await?.iter().map(ArrearRow::from_row).collect::<Result<Vec<_>>>()?;
    rows.sort_by(|a, b| b.owed.cmp(&a.owed).then_with(|| (&a.building, &a.room).cmp(&(&b.building, &b.room))));
    Ok(rows)
}
