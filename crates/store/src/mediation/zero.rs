//! Incidents recorded against 三零: criminal and public-order cases (by the
//! police office) and accidents (safety events that were one).

use chrono::{DateTime, NaiveDate, Utc};
use sea_query::{Expr, ExprTrait, Order};
use uuid::Uuid;

use crate::row::row;
use crate::scope;
use crate::{Db, Result, Tx};

row! {
    table "zero_incident";
    /// An incident.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct IncidentRow {
        /// Community.
        pub community_id: String,
        /// Identifier.
        pub id: Uuid,
        /// criminal, public_order or accident.
        pub kind: String,
        /// When it happened.
        pub occurred_on: NaiveDate,
        /// What happened, without names.
        pub summary: String,
        /// The safety event it was.
        pub event_id: Option<Uuid>,
        /// Who recorded it.
        pub recorded_by: String,
        /// When recorded.
        pub created_at: DateTime<Utc>,
    }
}

/// Records an incident.
pub async fn add(tx: &mut Tx, i: &IncidentRow) -> Result<()> {
    tx.execute(&IncidentRow::insert().values_panic(i.values()).to_owned()).await?;
    Ok(())
}

/// Whether an event is recorded as an accident already.
pub async fn of_event(db: &Db, community: &str, event: Uuid) -> Result<Option<IncidentRow>> {
    let q = IncidentRow::select_in(community).and_where(Expr::col("event_id").eq(event)).to_owned();
    IncidentRow::one(db, &q).await
}

/// The incidents of a region's communities between two days, newest first.
pub async fn between(db: &Db, region: &str, from: NaiveDate, to: NaiveDate) -> Result<Vec<IncidentRow>> {
    let q = IncidentRow::select()
        .cond_where(scope::starts_with(("zero_incident", "community_id"), region, true))
        .and_where(Expr::col("occurred_on").gte(from))
        .and_where(Expr::col("occurred_on").lt(to))
        .order_by("occurred_on", Order::Desc)
        .to_owned();
    IncidentRow::all(db, &q).await
}
