//! An event's timeline: one step per transition, with who, when and why.

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Order};
use uuid::Uuid;

use crate::row::row;
use crate::{Db, Result, Tx};

row! {
    table "event_step";
    /// One step of an event's timeline.
    #[derive(Debug, Clone)]
    pub struct StepRow {
        /// Community code.
        pub community_id: String,
        /// Identifier (UUIDv7: in time order).
        pub id: Uuid,
        /// The event.
        pub event_id: Uuid,
        /// When.
        pub at: DateTime<Utc>,
        /// Who.
        pub actor: String,
        /// What (`report`, `accept`, `dispatch` …).
        pub action: String,
        /// State before.
        pub from_state: Option<String>,
        /// State after.
        pub to_state: String,
        /// Why, or what was done.
        pub note: Option<String>,
        /// Whether the reporter sees it.
        pub public: bool,
        /// Seconds since the step before (none for the report and for alerts).
        pub took_secs: Option<i64>,
    }
}

/// Appends a step to a timeline.
pub async fn add_step(tx: &mut Tx, s: &StepRow) -> Result<()> {
    add_steps(tx, std::slice::from_ref(s)).await
}

/// Appends steps to timelines, in one statement.
pub async fn add_steps(tx: &mut Tx, steps: &[StepRow]) -> Result<()> {
    if steps.is_empty() {
        return Ok(());
    }
    let mut q = StepRow::insert();
    for s in steps {
        q.values_panic(s.values());
    }
    tx.execute(&q).await?;
    Ok(())
}

/// An event's timeline, oldest first.
pub async fn steps(db: &Db, community_id: &str, event_id: Uuid) -> Result<Vec<StepRow>> {
    let q = StepRow::select_in(community_id)
        .and_where(Expr::col("event_id").eq(event_id))
        .order_by("id", Order::Asc)
        .to_owned();
    StepRow::all(db, &q).await
}
