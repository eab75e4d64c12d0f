//! Events (诉求/事件) as stored. Reads take the caller's scope (region-code
//! prefixes) into the WHERE clause, on the event's community or grid.

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use crate::row::row;
use crate::scope;
use crate::{Db, Result, Tx};

row! {
    table "event";
    /// An event as stored.
    #[derive(Debug, Clone)]
    pub struct EventRow {
        /// Community code.
        pub community_id: String,
        /// Identifier.
        pub id: Uuid,
        /// Tracking code.
        pub code: String,
        /// Category code.
        pub category_code: String,
        /// Stored state (see `domain::events::event::State::as_str`).
        pub state: String,
        /// Channel it came from.
        pub source: String,
        /// Grid, when known (from the building, or the reporter's household).
        pub grid_code: Option<String>,
        /// Building, when reported there.
        pub building_id: Option<Uuid>,
        /// What the reporter wrote.
        pub text: String,
        /// Reporter's name (or 匿名).
        pub reporter_name: String,
        /// Reporter's phone, sealed.
        pub reporter_phone_sealed: Option<String>,
        /// Reporter's account, when signed in.
        pub reporter_account: Option<Uuid>,
        /// Handler (person or department) while dispatched.
        pub handler: Option<String>,
        /// When the running deadline started.
        pub deadline_from: Option<DateTime<Utc>>,
        /// Its hours.
        pub deadline_hours: Option<i64>,
        /// Times it went back to work (返工).
        pub rework: i64,
        /// Reported at.
        pub created_at: DateTime<Utc>,
        /// Last changed.
        pub updated_at: DateTime<Utc>,
        /// Where, in words (the building, or an Open311 client's address).
        pub address: Option<String>,
        /// Latitude, when the client sent one.
        pub lat: Option<f64>,
        /// Longitude.
        pub lon: Option<f64>,
        /// Reporter's e-mail, sealed.
        pub reporter_email_sealed: Option<String>,
        /// Whether it ever ran past a deadline (for 按期结案率).
        pub late: bool,
        /// When it was closed (结案), while it is.
        pub closed_at: Option<DateTime<Utc>>,
        /// The handler unit it is dispatched to.
        pub unit_id: Option<Uuid>,
        /// The person (account) it is assigned to, of that unit or of the community.
        pub assignee_id: Option<Uuid>,
        /// The unit routing suggested when it came in.
        pub suggested_unit_id: Option<Uuid>,
        /// The reporter's one-time 回访 link, hashed, while it may be used.
        pub rating_token_hash: Option<String>,
        /// Who said how it went: `reporter` (by the link) or `staff` (by phone).
        pub rating_source: Option<String>,
        /// The values of its category's extra fields, as JSON.
        pub attributes: Option<String>,
    }
}

/// Stores new events, in one statement, and indexes their words.
pub async fn insert(tx: &mut Tx, events: &[EventRow]) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let mut q = EventRow::insert();
    for e in events {
        q.values_panic(e.values());
    }
    tx.execute(&q).await?;
    crate::events::term::index(tx, events).await
}

/// Writes an event's workflow fields, only if it is still in `from_state`
/// (two people acting at once: the second is refused, not applied twice).
pub async fn update_state(tx: &mut Tx, e: &EventRow, from_state: &str) -> Result<bool> {
    let q = Query::update()
        .table("event")
        .values([
            ("state", e.state.clone().into()),
            ("handler", e.handler.clone().into()),
            ("deadline_from", e.deadline_from.into()),
            ("deadline_hours", e.deadline_hours.into()),
            ("rework", e.rework.into()),
            ("updated_at", e.updated_at.into()),
            ("late", e.late.into()),
            ("closed_at", e.closed_at.into()),
            ("unit_id", e.unit_id.into()),
            ("assignee_id", e.assignee_id.into()),
            ("rating_token_hash", e.rating_token_hash.clone().into()),
            ("rating_source", e.rating_source.clone().into()),
        ])
        .and_where(Expr::col("community_id").eq(e.community_id.as_str()))
        .and_where(Expr::col("id").eq(e.id))
        .and_where(Expr::col("state").eq(from_state))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// One event within scope.
pub async fn in_scope_by_id(db: &Db, prefixes: &[String], id: Uuid) -> Result<Option<EventRow>> {
    if prefixes.is_empty() {
        return Ok(None);
    }
    let q = EventRow::select()
        .cond_where(scope::community_or_grid("event", prefixes))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    EventRow::one(db, &q).await
}

/// One event dispatched to one of `units` or assigned to `account`: what a
/// handler unit's member may open (the unit is their scope).
pub async fn tasked_by_id(db: &Db, account: Uuid, units: &[Uuid], id: Uuid) -> Result<Option<EventRow>> {
    let q = EventRow::select().cond_where(tasked(account, units)).and_where(Expr::col("id").eq(id)).to_owned();
    EventRow::one(db, &q).await
}

fn tasked(account: Uuid, units: &[Uuid]) -> sea_query::Condition {
    let mut c = sea_query::Condition::any().add(Expr::col("assignee_id").eq(account));
    if !units.is_empty() {
        c = c.add(Expr::col("unit_id").is_in(units.iter().copied()));
    }
    c
}

/// Whose tasks: a person's, with the units they belong to and those of
/// them they dispatch for.
#[derive(Debug, Clone, Default)]
pub struct Tasked {
    /// The person (account).
    pub account: Uuid,
    /// Their units.
    pub units: Vec<Uuid>,
    /// The units they dispatch for (a subset of `units`).
    pub dispatching: Vec<Uuid>,
}

impl Tasked {
    /// Assigned to them; or dispatched to one of their units and given to
    /// nobody yet (to somebody: in their dispatchers' tasks only).
    fn cond(&self) -> sea_query::Condition {
        let mut c = sea_query::Condition::any().add(Expr::col("assignee_id").eq(self.account));
        if !self.units.is_empty() {
            let unit = Expr::col("unit_id").is_in(self.units.iter().copied());
            let open = sea_query::Condition::any()
                .add(Expr::col("assignee_id").is_null())
                .add(Expr::col("unit_id").is_in(self.dispatching.iter().copied()));
            c = c.add(sea_query::Condition::all().add(unit).add(open));
        }
        c
    }
}

/// Someone's tasks that match `f` (its states, filters and cursor), newest
/// first, at most `limit`.
pub async fn tasks(db: &Db, who: &Tasked, f: &Find, limit: u64) -> Result<Vec<EventRow>> {
    let mut q = filtered(EventRow::select().cond_where(who.cond()).to_owned(), f);
    if !f.states.is_empty() {
        q.and_where(Expr::col("state").is_in(f.states.iter().cloned()));
    }
    q.order_by("id", Order::Desc).limit(limit);
    EventRow::all(db, &q).await
}

/// How many tasks someone has in `states`.
pub async fn count_tasks(db: &Db, who: &Tasked, states: &[String]) -> Result<i64> {
    let q = Query::select()
        .expr_as(Expr::cust("COUNT(*)").cast_as("BIGINT"), "n")
        .from("event")
        .cond_where(who.cond())
        .and_where(Expr::col("state").is_in(states.iter().cloned()))
        .to_owned();
    Ok(match db.fetch_optional(&q).await? {
        Some(r) => r.get("n")?,
        None => 0,
    })
}

/// One event of a community by id (for steps no signed-in person takes).
pub async fn by_id(db: &Db, community_id: &str, id: Uuid) -> Result<Option<EventRow>> {
    let q = EventRow::select_in(community_id).and_where(Expr::col("id").eq(id)).to_owned();
    EventRow::one(db, &q).await
}

/// An event by the hash of its reporter's 回访 link.
pub async fn by_rating_token(db: &Db, code: &str, hash: &str) -> Result<Option<EventRow>> {
    let q = EventRow::select()
        .and_where(Expr::col("code").eq(code))
        .and_where(Expr::col("rating_token_hash").eq(hash))
        .to_owned();
    EventRow::one(db, &q).await
}

/// An event by its tracking code (for its reporter).
pub async fn by_code(db: &Db, code: &str) -> Result<Option<EventRow>> {
    let q = EventRow::select().and_where(Expr::col("code").eq(code)).to_owned();
    EventRow::one(db, &q).await
}

/// What to look for among the events in scope.
#[derive(Debug, Clone, Default)]
pub struct Find {
    /// Only these tracking codes.
    pub codes: Vec<String>,
    /// Only these states.
    pub states: Vec<String>,
    /// Only this category.
    pub category: Option<String>,
    /// Only these categories (none: any).
    pub categories: Vec<String>,
    /// Reported at or after.
    pub from: Option<DateTime<Utc>>,
    /// Reported before.
    pub to: Option<DateTime<Utc>>,
    /// Only those that ran past a deadline.
    pub late: bool,
    /// Only those sent back to work at least once.
    pub reworked: bool,
    /// Only those under this region: a community's or street's by their
    /// community, a grid's by their grid.
    pub grid: Option<String>,
    /// Only those dispatched to this unit.
    pub unit: Option<Uuid>,
    /// Only those older than this one (the cursor of a list read in pages).
    pub before: Option<Uuid>,
}

/// Events within scope, newest first, optionally in one state.
pub async fn list(db: &Db, prefixes: &[String], state: Option<&str>, limit: u64) -> Result<Vec<EventRow>> {
    let find = Find { states: state.into_iter().map(str::to_owned).collect(), ..Find::default() };
    self::find(db, prefixes, &find, limit).await
}

/// The select of events in scope that match `f` in all but its states.
pub(crate) fn find_where(prefixes: &[String], f: &Find) -> sea_query::SelectStatement {
    filtered(EventRow::select().cond_where(scope::community_or_grid("event", prefixes)).to_owned(), f)
}

/// `q` narrowed by everything `f` asks but its states.
fn filtered(mut q: sea_query::SelectStatement, f: &Find) -> sea_query::SelectStatement {
    if !f.codes.is_empty() {
        q.and_where(Expr::col("code").is_in(f.codes.iter().cloned()));
    }
    if let Some(c) = &f.category {
        q.and_where(Expr::col("category_code").eq(c.as_str()));
    }
    if !f.categories.is_empty() {
        q.and_where(Expr::col("category_code").is_in(f.categories.iter().cloned()));
    }
    if let Some(g) = &f.grid {
        // A community's or street's code takes its events by community (those
        // not placed in a grid too); a grid's by grid.
        let column = if g.len() <= 12 { "community_id" } else { "grid_code" };
        q.cond_where(scope::starts_with(("event", column), g, column == "community_id"));
    }
    if let Some(u) = f.unit {
        q.and_where(Expr::col("unit_id").eq(u));
    }
    if let Some(from) = f.from {
        q.and_where(Expr::col("created_at").gte(from));
    }
    if let Some(to) = f.to {
        q.and_where(Expr::col("created_at").lt(to));
    }
    if f.late {
        q.and_where(Expr::col("late").eq(true));
    }
    if f.reworked {
        q.and_where(Expr::col("rework").gt(0));
    }
    if let Some(b) = f.before {
        q.and_where(Expr::col("id").lt(b));
    }
    q
}

/// Events within scope that match, newest first.
///
/// With states asked for, each state is read on its own and the answers
/// merged: `community = ? AND state = ? ORDER BY id DESC` is served by an
/// index in order, whereas for `state IN (…)` SQLite's planner, which knows
/// only averages, walks every event of the community when the states asked
/// for are rare (as the dispatch board's are among a year of closed events).
pub async fn find(db: &Db, prefixes: &[String], f: &Find, limit: u64) -> Result<Vec<EventRow>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = find_where(prefixes, f);
    q.order_by("id", Order::Desc).limit(limit);
    // Late events are few: their own index, in order, serves the states as a filter.
    if f.states.is_empty() || f.late {
        if !f.states.is_empty() {
            q.and_where(Expr::col("state").is_in(f.states.iter().cloned()));
        }
        return EventRow::all(db, &q).await;
    }
    let mut rows = Vec::new();
    for state in &f.states {
        let mut one = q.clone();
        one.and_where(Expr::col("state").eq(state.as_str()));
        for r in db.fetch_all(&one).await? {
            rows.push(EventRow::from_row(&r)?);
        }
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.id));
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(rows)
}

/// How many events within scope are at each state (open ones only when
/// `late`: those past a deadline), for the workbench's counts.
pub async fn count_by_state(db: &Db, prefixes: &[String], late: bool) -> Result<Vec<(String, i64)>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Query::select()
        .column("state")
        .expr_as(Expr::cust("COUNT(*)").cast_as("BIGINT"), "n")
        .from("event")
        .cond_where(scope::community_or_grid("event", prefixes))
        .group_by_col("state")
        .to_owned();
    if late {
        q.and_where(Expr::col("late").eq(true));
    }
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("state")?, r.get("n")?))).collect()
}

/// The events a signed-in resident reported, newest first.
pub async fn by_reporter(db: &Db, account: Uuid, limit: u64) -> Result<Vec<EventRow>> {
    let q = EventRow::select()
        .and_where(Expr::col("reporter_account").eq(account))
        .order_by("created_at", Order::Desc)
        .limit(limit)
        .to_owned();
    EventRow::all(db, &q).await
}

/// One event a signed-in resident reported: what she may follow (on its
/// tracking page), found by its id as her inbox links it.
pub async fn reported_by(db: &Db, account: Uuid, id: Uuid) -> Result<Option<EventRow>> {
    let q = EventRow::select()
        .and_where(Expr::col("reporter_account").eq(account))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    EventRow::one(db, &q).await
}

/// Open events of a community reported since a moment, other than one: the
/// candidates a new report may repeat.
pub async fn recent_open(
    db: &Db,
    community_id: &str,
    since: DateTime<Utc>,
    closed: &[&str],
    except: Uuid,
) -> Result<Vec<EventRow>> {
    let q = EventRow::select_in(community_id)
        .and_where(Expr::col("created_at").gte(since))
        .and_where(Expr::col("state").is_not_in(closed.iter().copied()))
        .and_where(Expr::col("id").ne(except))
        .order_by("created_at", Order::Desc)
        .limit(500)
        .to_owned();
    EventRow::all(db, &q).await
}

/// Events whose deadline is running (dispatched or in progress), everywhere:
/// for the deadline task.
pub async fn on_the_clock(db: &Db, states: &[&str]) -> Result<Vec<EventRow>> {
    let q = EventRow::select()
        .and_where(Expr::col("state").is_in(states.iter().copied()))
        .and_where(Expr::col("deadline_from").is_not_null())
        .to_owned();
    EventRow::all(db, &q).await
}

/// Marks an event as having run past its deadline.
pub async fn mark_late(tx: &mut Tx, community_id: &str, id: Uuid) -> Result<()> {
    let q = Query::update()
        .table("event")
        .values([("late", true.into())])
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Claims an alert: true when this call recorded it, false when it was
/// recorded already (by an earlier run or another server).
pub async fn claim_alert(
    tx: &mut Tx,
    e: &EventRow,
    kind: &str,
    deadline_from: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let q = Query::insert()
        .into_table("event_alert")
        .columns(["community_id", "event_id", "kind", "deadline_from", "sent_at"])
        .values_panic([e.community_id.clone().into(), e.id.into(), kind.into(), deadline_from.into(), now.into()])
        .on_conflict(
            sea_query::OnConflict::columns(["community_id", "event_id", "kind", "deadline_from"])
                .do_nothing()
                .to_owned(),
        )
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}
