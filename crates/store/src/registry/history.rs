//! A person's history: moves, deaths, returns and changes, with who made
//! them and why.

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use crate::{Db, Result, Row, Tx};

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

const HISTORY_COLUMNS: [&str; 9] =
    ["community_id", "id", "person_id", "household_id", "kind", "at", "actor", "reason", "detail"];

/// Appends to a person's history.
pub async fn add_history(tx: &mut Tx, e: &HistoryEntry) -> Result<()> {
    let q = Query::insert()
        .into_table("person_history")
        .columns(HISTORY_COLUMNS)
        .values_panic([
            e.community_id.clone().into(),
            e.id.into(),
            e.person_id.into(),
            e.household_id.into(),
            e.kind.clone().into(),
            e.at.into(),
            e.actor.clone().into(),
            e.reason.clone().into(),
            e.detail.clone().into(),
        ])
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// The history of everyone who has lived in a household, newest first.
pub async fn household_history(db: &Db, community_id: &str, household_id: Uuid) -> Result<Vec<HistoryEntry>> {
    let q = Query::select()
        .columns(HISTORY_COLUMNS)
        .from("person_history")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("household_id").eq(household_id))
        .order_by("id", Order::Desc)
        .limit(200)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(history_entry).collect()
}

/// A person's history, newest first.
pub async fn history(db: &Db, community_id: &str, person_id: Uuid) -> Result<Vec<HistoryEntry>> {
    let q = Query::select()
        .columns(HISTORY_COLUMNS)
        .from("person_history")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("person_id").eq(person_id))
        .order_by("id", Order::Desc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(history_entry).collect()
}

fn history_entry(r: &Row) -> Result<HistoryEntry> {
    Ok(HistoryEntry {
        community_id: r.get("community_id")?,
        id: r.get("id")?,
        person_id: r.get("person_id")?,
        household_id: r.get("household_id")?,
        kind: r.get("kind")?,
        at: r.get("at")?,
        actor: r.get("actor")?,
        reason: r.get("reason")?,
        detail: r.get("detail")?,
    })
}
