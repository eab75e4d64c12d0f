//! Measures of events (考核): counts by grid, community, street, handler or
//! category, and the time each step took, counted in the database.

use chrono::{DateTime, Utc};
use sea_query::{Cond, Expr, ExprTrait, Func, Query};

use crate::scope;
use crate::{Db, Result};

/// How measures group events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// By grid (events without one count under none).
    Grid,
    /// By community.
    Community,
    /// By street (the community code's first 9 digits).
    Street,
    /// By handler: the person or department dispatched to.
    Handler,
    /// By category.
    Category,
}

/// Which stored states count as what, for [`tally`] (the store does not
/// know the workflow).
#[derive(Debug, Clone, Default)]
pub struct Counted {
    /// Taken on: neither waiting, refused nor a duplicate.
    pub accepted: Vec<String>,
    /// Closed (结案), visited or not.
    pub closed: Vec<String>,
    /// Visited (回访).
    pub visited: Vec<String>,
    /// Visited and satisfied or fairly so.
    pub satisfied: Vec<String>,
}

/// One group's counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// The group's key (grid, community or street code, handler, category code).
    pub key: Option<String>,
    /// Events reported.
    pub total: i64,
    /// Taken on.
    pub accepted: i64,
    /// Closed.
    pub closed: i64,
    /// Closed without ever being late.
    pub closed_on_time: i64,
    /// Ever late, open or closed.
    pub late: i64,
    /// Sent back to work at least once.
    pub reworked: i64,
    /// Visited.
    pub visited: i64,
    /// Visited and satisfied or fairly so.
    pub satisfied: i64,
}

impl Tally {
    /// The counts of two groups together (keyless).
    pub fn plus(self, o: &Tally) -> Tally {
        Tally {
            key: None,
            total: self.total + o.total,
            accepted: self.accepted + o.accepted,
            closed: self.closed + o.closed,
            closed_on_time: self.closed_on_time + o.closed_on_time,
            late: self.late + o.late,
            reworked: self.reworked + o.reworked,
            visited: self.visited + o.visited,
            satisfied: self.satisfied + o.satisfied,
        }
    }
}

fn count_where(cond: Cond) -> Expr {
    Expr::expr(Func::sum(Expr::case(cond, 1).finally(0))).cast_as("BIGINT")
}

fn state_in(states: &[String]) -> Cond {
    Cond::all().add(Expr::col("state").is_in(states.iter().cloned()))
}

/// Counts the events in scope reported in `[from, to)`, by group: one query,
/// the counting in the database.
pub async fn tally(
    db: &Db,
    prefixes: &[String],
    by: By,
    period: (DateTime<Utc>, DateTime<Utc>),
    counted: &Counted,
) -> Result<Vec<Tally>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let key: Expr = match by {
        By::Grid => Expr::col("grid_code"),
        By::Community => Expr::col("community_id"),
        By::Street => Func::cust("SUBSTR").arg(Expr::col("community_id")).arg(1).arg(9).into(),
        By::Handler => Expr::col("handler"),
        By::Category => Expr::col("category_code"),
    };
    let q = tally_select(prefixes, key, period, counted);
    db.fetch_all(&q).await?.iter().map(|r| tally_row(r, r.get("k")?)).collect()
}

/// Counts the events in scope reported in `[from, to)` that were dispatched
/// to a handler unit, by unit (its id).
pub async fn tally_by_unit(
    db: &Db,
    prefixes: &[String],
    period: (DateTime<Utc>, DateTime<Utc>),
    counted: &Counted,
) -> Result<Vec<(uuid::Uuid, Tally)>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = tally_select(prefixes, Expr::col("unit_id"), period, counted);
    q.and_where(Expr::col("unit_id").is_not_null());
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("k")?, tally_row(r, None)?))).collect()
}

/// Of the events in scope reported in `[from, to)` for which routing
/// suggested a unit and that were dispatched: how many, and how many went
/// to the unit suggested (智能分拨's hit rate).
pub async fn suggestions_kept(
    db: &Db,
    prefixes: &[String],
    period: (DateTime<Utc>, DateTime<Utc>),
) -> Result<(i64, i64)> {
    if prefixes.is_empty() {
        return Ok((0, 0));
    }
    let q = Query::select()
        .expr_as(Expr::cust("COUNT(*)").cast_as("BIGINT"), "n")
        .expr_as(count_where(Cond::all().add(Expr::col("unit_id").equals("suggested_unit_id"))), "kept")
        .from("event")
        .cond_where(scope::community_or_grid("event", prefixes))
        .and_where(Expr::col("suggested_unit_id").is_not_null())
        .and_where(Expr::col("unit_id").is_not_null())
        .and_where(Expr::col("created_at").gte(period.0))
        .and_where(Expr::col("created_at").lt(period.1))
        .to_owned();
    let row = db.fetch_optional(&q).await?;
    match row {
        Some(r) => Ok((r.get("n")?, r.get::<Option<i64>>("kept")?.unwrap_or(0))),
        None => Ok((0, 0)),
    }
}

fn tally_select(
    prefixes: &[String],
    key: Expr,
    period: (DateTime<Utc>, DateTime<Utc>),
    counted: &Counted,
) -> sea_query::SelectStatement {
    Query::select()
        .expr_as(key, "k")
        .expr_as(Expr::cust("COUNT(*)").cast_as("BIGINT"), "total")
        .expr_as(count_where(state_in(&counted.accepted)), "accepted")
        .expr_as(count_where(state_in(&counted.closed)), "closed")
        .expr_as(count_where(state_in(&counted.closed).add(Expr::col("late").eq(false))), "on_time")
        .expr_as(count_where(Cond::all().add(Expr::col("late").eq(true))), "late")
        .expr_as(count_where(Cond::all().add(Expr::col("rework").gt(0))), "reworked")
        .expr_as(count_where(state_in(&counted.visited)), "visited")
        .expr_as(count_where(state_in(&counted.satisfied)), "satisfied")
        .from("event")
        .cond_where(scope::community_or_grid("event", prefixes))
        .and_where(Expr::col("created_at").gte(period.0))
        .and_where(Expr::col("created_at").lt(period.1))
        .group_by_col("k")
        .to_owned()
}

fn tally_row(r: &crate::row::Row, key: Option<String>) -> Result<Tally> {
    Ok(Tally {
        key,
        total: r.get("total")?,
        accepted: r.get("accepted")?,
        closed: r.get("closed")?,
        closed_on_time: r.get("on_time")?,
        late: r.get("late")?,
        reworked: r.get("reworked")?,
        visited: r.get("visited")?,
        satisfied: r.get("satisfied")?,
    })
}

/// The average seconds each unit took to start and to feed back (from the
/// step before each), over those steps taken in `[from, to)` on events in
/// scope: (unit, steps, average seconds) per unit and action.
pub async fn unit_step_times(
    db: &Db,
    prefixes: &[String],
    period: (DateTime<Utc>, DateTime<Utc>),
) -> Result<Vec<(uuid::Uuid, String, i64)>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let q = Query::select()
        .expr_as(Expr::col(("event", "unit_id")), "unit")
        .expr_as(Expr::col(("event_step", "action")), "action")
        .expr_as(Expr::expr(Func::avg(Expr::col(("event_step", "took_secs")))).cast_as("BIGINT"), "avg")
        .from("event_step")
        .inner_join(
            "event",
            Cond::all()
                .add(Expr::col(("event", "community_id")).equals(("event_step", "community_id")))
                .add(Expr::col(("event", "id")).equals(("event_step", "event_id"))),
        )
        .cond_where(scope::community_or_grid("event", prefixes))
        .and_where(Expr::col(("event", "unit_id")).is_not_null())
        .and_where(Expr::col(("event_step", "action")).is_in(["start", "feedback"]))
        .and_where(Expr::col(("event_step", "took_secs")).is_not_null())
        .and_where(Expr::col(("event_step", "at")).gte(period.0))
        .and_where(Expr::col(("event_step", "at")).lt(period.1))
        .group_by_col(("event", "unit_id"))
        .group_by_col(("event_step", "action"))
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("unit")?, r.get("action")?, r.get("avg")?))).collect()
}

/// The average seconds each action took since the step before, over the
/// steps taken in `[from, to)` on events in scope: (action, steps, average).
pub async fn step_times(
    db: &Db,
    prefixes: &[String],
    period: (DateTime<Utc>, DateTime<Utc>),
) -> Result<Vec<(String, i64, i64)>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let scope = scope::community_or_grid("event", prefixes);
    let q = Query::select()
        .expr_as(Expr::col(("event_step", "action")), "action")
        .expr_as(Expr::col(("event_step", "took_secs")).count().cast_as("BIGINT"), "n")
        .expr_as(Expr::expr(Func::avg(Expr::col(("event_step", "took_secs")))).cast_as("BIGINT"), "avg")
        .from("event_step")
        .inner_join(
            "event",
            Cond::all()
                .add(Expr::col(("event", "community_id")).equals(("event_step", "community_id")))
                .add(Expr::col(("event", "id")).equals(("event_step", "event_id"))),
        )
        .cond_where(scope)
        .and_where(Expr::col(("event_step", "took_secs")).is_not_null())
        .and_where(Expr::col(("event_step", "at")).gte(period.0))
        .and_where(Expr::col(("event_step", "at")).lt(period.1))
        .group_by_col(("event_step", "action"))
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("action")?, r.get("n")?, r.get("avg")?))).collect()
}
