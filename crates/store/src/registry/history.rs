//! A person's history: moves, deaths, returns and changes, with who made
//! them and why.

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Order};
use uuid::Uuid;

use crate::row::row;
use crate::{Db, Result, Tx};

row! {
    table "person_history";
    /// One entry of a person's history.
    #[derive(Debug, Clone)]
    pub struct HistoryEntry {
        /// Community code.
        pub community_id: String,
        /// Identifier (UUIDv7: ordered by time).
        pub id: Uuid,
        /// The person.
        pub person_id: Uuid,
        /// Their household when it happened.
        pub household_id: Uuid,
        /// `move_out`, `move`, `death`, `update`, `return`.
        pub kind: String,
        /// When.
        pub at: DateTime<Utc>,
        /// Who (account name, or `cli`).
        pub actor: String,
        /// Why, when given.
        pub reason: Option<String>,
        /// JSON with `before` and `after`, personal values masked.
        pub detail: String,
    }
}

/// Appends to a person's history.
pub async fn add_history(tx: &mut Tx, e: &HistoryEntry) -> Result<()> {
    let q = HistoryEntry::insert().values_panic(e.values()).to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// The history of everyone who has lived in a household, newest first.
pub async fn household_history(db: &Db, community_id: &str, household_id: Uuid) -> Result<Vec<HistoryEntry>> {
    let q = HistoryEntry::select_in(community_id)
        .and_where(Expr::col("household_id").eq(household_id))
        .order_by("id", Order::Desc)
        .limit(200)
        .to_owned();
    HistoryEntry::all(db, &q).await
}

/// A person's history, newest first.
pub async fn history(db: &Db, community_id: &str, person_id: Uuid) -> Result<Vec<HistoryEntry>> {
    let q = HistoryEntry::select_in(community_id)
        .and_where(Expr::col("person_id").eq(person_id))
        .order_by("id", Order::Desc)
        .to_owned();
    HistoryEntry::all(db, &q).await
}
