//! An event's timeline: one step per transition, with who, when and why.

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use crate::{Db, Result, Tx};

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

const STEP_COLUMNS: [&str; 11] = [
    "community_id",
    "id",
    "event_id",
    "at",
    "actor",
    "action",
    "from_state",
    "to_state",
    "note",
    "public",
    "took_secs",
];

/// Appends a step to a timeline.
pub async fn add_step(tx: &mut Tx, s: &StepRow) -> Result<()> {
    add_steps(tx, std::slice::from_ref(s)).await
}

/// Appends steps to timelines, in one statement.
pub async fn add_steps(tx: &mut Tx, steps: &[StepRow]) -> Result<()> {
    if steps.is_empty() {
        return Ok(());
    }
    let mut q = Query::insert().into_table("event_step").columns(STEP_COLUMNS).to_owned();
    for s in steps {
        q.values_panic([
            s.community_id.clone().into(),
            s.id.into(),
            s.event_id.into(),
            s.at.into(),
            s.actor.clone().into(),
            s.action.clone().into(),
            s.from_state.clone().into(),
            s.to_state.clone().into(),
            s.note.clone().into(),
            s.public.into(),
            s.took_secs.into(),
        ]);
    }
    tx.execute(&q).await?;
    Ok(())
}

/// An event's timeline, oldest first.
pub async fn steps(db: &Db, community_id: &str, event_id: Uuid) -> Result<Vec<StepRow>> {
    let q = Query::select()
        .columns(STEP_COLUMNS)
        .from("event_step")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("event_id").eq(event_id))
        .order_by("id", Order::Asc)
        .to_owned();
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| {
            Ok(StepRow {
                community_id: r.get("community_id")?,
                id: r.get("id")?,
                event_id: r.get("event_id")?,
                at: r.get("at")?,
                actor: r.get("actor")?,
                action: r.get("action")?,
                from_state: r.get("from_state")?,
                to_state: r.get("to_state")?,
                note: r.get("note")?,
                public: r.get("public")?,
                took_secs: r.get("took_secs")?,
            })
        })
        .collect()
}
